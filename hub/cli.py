"""`hub`: the command line of the hub (Neo4j, schema, data, server)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from runtime.settings import Settings

# Each command imports what it runs inside its own function: `hub neo4j` needs
# the developer tools (tools/), which the service's image does not ship, and
# the other commands start without loading the server, schema or loaders.


def _neo4j(args: argparse.Namespace, settings: Settings) -> int:
    from tools import neo4j_local  # a checkout's tool, absent from the image (see above)

    home = settings.neo4j_home
    if args.action == "start":
        if settings.neo4j_uri:
            print(f"NEO4J_URI is set ({settings.neo4j_uri}); nothing to start", file=sys.stderr)
            return 0
        info = neo4j_local.start(
            home,
            heap_mb=settings.neo4j_heap_mb,
            pagecache_mb=settings.neo4j_pagecache_mb,
            tx_timeout_s=settings.query_timeout_s,
            tx_memory_mb=settings.neo4j_tx_memory_mb,
        )
        print(f"neo4j: running at {info.uri} (pid {info.pid}, data {home})")
    elif args.action == "stop":
        stopped = neo4j_local.stop(home)
        print("neo4j: stopped" if stopped else "neo4j: was not running")
    else:
        running = neo4j_local.status(home)
        if running is None:
            print(f"neo4j: not running (data {home})")
            return 3
        print(f"neo4j: running at {running.uri} (pid {running.pid}, data {home})")
    return 0


async def _migrate(settings: Settings) -> list[str]:
    from graph_schema.migrate import migrate
    from runtime.db import open_driver, resolve_uri

    driver = open_driver(settings, resolve_uri(settings))
    try:
        return await migrate(driver, settings.neo4j_database)
    finally:
        await driver.close()


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "migrate":
        applied = asyncio.run(_migrate(settings))
        print("schema: applied " + ", ".join(applied) if applied else "schema: up to date")
    else:
        from hub.auth import Role
        from hub.schema import build_schema

        print(str(build_schema(Role(args.role))))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import os
    import tempfile

    from hub import serving
    from hub.observability import configure_logging, log_config
    from runtime.db import resolve_uri

    configure_logging()
    resolve_uri(settings)  # fail here, once, when no Neo4j is configured or running
    host, port = args.host or settings.host, args.port or settings.port
    workers = args.workers or settings.workers or serving.default_workers()
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its samples there and /metrics adds them up (hub/metrics.py);
        # the workers inherit the variable.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="hub-metrics-")
    print(
        f"hub: GraphiQL at http://{host}:{port}/graphql ({workers} worker(s), "
        f"{settings.limit_concurrency} concurrent connections per worker, "
        f"request deadline {settings.request_timeout_s:g} s)",
        flush=True,
    )
    serving.run(serving.config(settings, host, port, workers, log_config=log_config()))
    return 0


def _load(argv: list[str]) -> int:
    from loaders import cli

    return int(cli.main(argv))


def _generate(argv: list[str]) -> int:
    from loaders import generate

    return int(generate.main(argv))


def _import(argv: list[str]) -> int:
    from hub import bulk_cli

    return int(bulk_cli.main(argv))


# Commands with parsers of their own: everything after the name is theirs.
DELEGATED = {"load": _load, "generate": _generate, "import": _import}


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from hub.export_cli import run_cli

    return run_cli(args, settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hub", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    neo = sub.add_parser("neo4j", help="start, stop or show the local Neo4j")
    neo.add_argument("action", choices=["start", "stop", "status"])
    neo.set_defaults(run=_neo4j)
    schema = sub.add_parser("schema", help="apply migrations, or print the GraphQL schema")
    schema.add_argument("action", choices=["migrate", "print"])
    schema.add_argument(
        "--role", choices=["regulator", "partner"], default="regulator",
        help="print: the schema this role's audience gets (domestic roles share one)",
    )  # fmt: skip
    schema.set_defaults(run=_schema)
    serve = sub.add_parser("serve", help="run the GraphQL hub")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--workers", type=int, help="worker processes (default HUB_WORKERS, else one per core)"
    )
    serve.set_defaults(run=_serve)
    sub.add_parser("load", help="load a folder of CSV files (docs/data-format.md); `hub load -h` for options")
    sub.add_parser(
        "import", help="first load of a folder into an EMPTY database (offline importer); `hub import -h`"
    )
    sub.add_parser("generate", help="generate realistic demo data; `hub generate -h` for options")
    export = sub.add_parser("export", help="export a recall's affected shipments as CSV")
    export.add_argument("what", choices=["recall"], help="what to export")
    export.add_argument("id", help="the recall id")
    export.add_argument("--out", type=Path, help="write to FILE instead of stdout")
    export.add_argument(
        "--sort",
        choices=["declaredOn", "declaredOnDesc", "region", "port", "seller", "id"],
        default="declaredOn",
        help="row order (ties: shipment id, batch id)",
    )
    export.set_defaults(run=_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words and words[0] in DELEGATED:
        return DELEGATED[words[0]](words[1:])
    args = build_parser().parse_args(words)
    try:
        settings = Settings.from_env()
        return int(args.run(args, settings))
    except KeyboardInterrupt:
        return 130
    except (ValueError, RuntimeError) as exc:  # Neo4jLocalError is a RuntimeError
        print(f"hub: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
