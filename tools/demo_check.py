"""`make demo-check`: the issue's "done" check against a running `make demo`.

Headless Chromium (offline: only the hub is reachable) opens GraphiQL, enters
the demo's regulator key, runs the README's recall query and waits for its
result; opens /ui/recalls/RC000002 and checks that the drawn counts equal the
GraphQL totals; then checks that the demo's partner key sees the partner's
share (recalls, enterprises, recognitions; no parcels). Screenshots go to
var/screenshots/demo-*.png. Prints a summary; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from tools.browser_check import ROOT, chromium, draw_recall, readme_recall_query, run_in_graphiql, session

TOTALS = "query($id: ID!) { recall(id: $id) { impact { totals { shipments units deliveredUnits } } } }"
PARTNER = "{ recalls(first: 1) { totalCount } enterprises(first: 1) { totalCount } }"
PARCELS = '{ recall(id: "RC000002") { impact { totals { shipments } } } }'


def _gql(base: str, key: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    reply = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
    )
    body: dict[str, Any] = reply.json()
    if body.get("errors"):
        raise RuntimeError(f"GraphQL errors: {body['errors']}")
    return body["data"]  # type: ignore[no-any-return]


def _key(keys: dict[str, dict[str, str]], role: str) -> str:
    return next(key for key, spec in keys.items() if spec["role"] == role)


async def check(base: str, keys: dict[str, dict[str, str]], recall_id: str) -> list[str]:
    failures: list[str] = []
    regulator, partner = _key(keys, "regulator"), _key(keys, "partner")
    totals = _gql(base, regulator, TOTALS, {"id": recall_id})["recall"]["impact"]["totals"]
    print(f"graphql: {recall_id} reaches {totals['shipments']} shipments, {totals['units']} units")
    async with chromium() as browser:
        async with session(browser, base) as s:
            query = readme_recall_query().replace('"RC000002"', json.dumps(recall_id))
            started = time.perf_counter()
            result = await run_in_graphiql(
                s, base, regulator, query, f'"deliveredUnits": {totals["deliveredUnits"]}'
            )
            took = time.perf_counter() - started
            print(
                f"graphiql: README recall query answered ({len(result)} characters shown, {took:.1f} s from page open)"
            )
            print(f"  screenshot {await s.shot('demo-graphiql')}")
            if s.blocked or s.errors:
                failures.append(f"graphiql: blocked {s.blocked}, errors {s.errors}")
        async with session(browser, base) as s:
            started = time.perf_counter()
            drawn = await draw_recall(s, base, regulator, recall_id)
            took = time.perf_counter() - started
            print(f"  screenshot {await s.shot('demo-recall-' + recall_id)}")
            if "error" in drawn:
                failures.append(f"recall picture: {drawn['error']}")
            else:
                print(
                    f"recall picture: {drawn['nodes']} nodes in {took:.1f} s from page open; "
                    f"shipments drawn per kind {drawn['fromNodes']}"
                )
                wrong = {k: v for k, v in drawn["fromNodes"].items() if v != totals["shipments"]}
                if wrong or drawn["shown"]["shipments"] != totals["shipments"]:
                    failures.append(f"recall picture: drawn {drawn['fromNodes']} != {totals['shipments']}")
            if s.blocked or s.errors:
                failures.append(f"recall picture: blocked {s.blocked}, errors {s.errors}")
    share = _gql(base, partner, PARTNER)
    try:
        _gql(base, partner, PARCELS)
        parcels = "answered (a leak)"
        failures.append("partner key sees parcel-level impact")
    except RuntimeError:
        parcels = "refused"
    print(
        f"partner ({keys[partner]['agency']}): {share['recalls']['totalCount']} recalls, "
        f"{share['enterprises']['totalCount']} enterprises; parcel-level impact {parcels}"
    )
    if not share["recalls"]["totalCount"] or not share["enterprises"]["totalCount"]:
        failures.append("partner key sees nothing")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--keys", type=Path, default=ROOT / "var" / "demo-keys.json")
    parser.add_argument("--recall", default="RC000002")
    args = parser.parse_args(argv)
    failures = asyncio.run(check(args.url.rstrip("/"), json.loads(args.keys.read_text()), args.recall))
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print("demo-check: " + ("ok" if not failures else f"{len(failures)} failure(s)"))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
