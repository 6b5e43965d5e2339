"""Generate a realistic, deterministic load folder (docs/data-format.md) of any size.

`scale` is the number of shipments; every other table grows with it in
sensible proportions. The same seed and scale give byte-identical files: all
randomness comes from seeded `random.Random` instances, nothing reads the
clock or iterates over string sets. Shipments are streamed, never held.
"""

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from random import Random
from typing import Any, TextIO

from loaders.gen_codes import DAYS, day
from loaders.gen_credit import write_aeo_numbers, write_filings, write_ratings, write_reference
from loaders.gen_goods import build_goods, label_code
from loaders.gen_output import HEADERS, Sink
from loaders.gen_parties import build_parties
from loaders.gen_recalls import write_recalls
from loaders.gen_reference import END, START
from loaders.gen_screening import write_examples
from loaders.gen_shipments import write_shipments

MANIFEST = "manifest.json"


@dataclass
class GenerateSummary:
    scale: int
    seed: int
    out: str
    rows: dict[str, int]
    bytes: int
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def describe(self) -> str:
        lines = [f"generated {self.scale:,} shipments (seed {self.seed}) into {self.out}"]
        lines += [f"  {name + '.csv':<28}{count:>12,}" for name, count in self.rows.items()]
        lines.append(
            f"  {sum(self.rows.values()):,} rows, {self.bytes / 1e6:,.1f} MB in {self.seconds:.1f} s"
        )
        for key in ("recall_small", "recall_medium", "recall_large"):
            r = self.manifest.get(key, {})
            lines.append(f"  {key}: {r.get('recall_id')} reaches {r.get('expected_shipments'):,}")
        return "\n".join(lines)


class _Progress:
    """One updating line on stderr; silent unless enabled."""

    def __init__(self, enabled: bool, total: int, stream: TextIO) -> None:
        self.enabled = enabled
        self.total = total
        self.stream = stream
        self.start = time.perf_counter()
        self.phase = ""

    def show(self, phase: str, done: int = 0) -> None:
        if not self.enabled:
            return
        self.phase = phase
        elapsed = time.perf_counter() - self.start
        pct = f" {done:,}/{self.total:,} ({100 * done // max(1, self.total)}%)" if done else ""
        self.stream.write(f"\rgenerate: {phase}{pct} {elapsed:5.1f}s\033[K")
        self.stream.flush()

    def shipments(self, done: int) -> None:
        self.show("shipments", done)

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def generate(scale: int, out: Path, *, seed: int = 7, progress: bool | None = None) -> GenerateSummary:
    """Write a load folder of `scale` shipments into `out`, plus manifest.json."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, got {scale}")
    show = sys.stderr.isatty() if progress is None else progress
    bar = _Progress(show, scale, sys.stderr)
    started = time.perf_counter()
    phases: dict[str, float] = {}

    def rng(phase: str) -> Random:
        # One stream per phase: changing one phase leaves the others' data alone.
        # A str seed goes through SHA-512, not hash(), so it is stable across runs.
        return Random(f"{seed}:{phase}")

    def lap(name: str) -> None:
        phases[name] = round(time.perf_counter() - started - sum(phases.values()), 3)

    with Sink(out) as sink:
        bar.show("reference data")
        write_reference(sink)
        bar.show("parties")
        parties = build_parties(rng("parties"), sink, scale)
        ranks = write_ratings(rng("ratings"), sink, parties, rng("suspensions"))
        write_aeo_numbers(rng("aeo-numbers"), sink, parties, ranks)
        lap("parties")
        bar.show("goods")
        goods = build_goods(rng("goods"), sink, scale, parties)
        write_filings(rng("filings"), sink, parties, goods)
        recalls = write_recalls(rng("recalls"), sink, scale, goods)
        lap("goods")
        bar.show("shipments")
        reached = write_shipments(
            rng("shipments"), sink, scale, parties, goods, ranks, recalls,
            bar.shipments if show else None,
        )  # fmt: skip
        lap("shipments")
        rows = dict(sink.counts)

    manifest: dict[str, Any] = {
        "scale": scale,
        "seed": seed,
        "period": {"from": START, "to": END},
        "rows": rows,
    }
    for r, count in zip(recalls.planned, reached, strict=True):
        manifest[r.key] = {
            "recall_id": r.recall_id,
            "expected_shipments": count,
            "share": round(count / scale, 5),
            "target_products": [goods.ids[p] for p in r.products],
            "target_batches": [goods.batch_ids[b] for b in r.batches],
        }
    medium = recalls.planned[1]
    sample = medium.batches[0] if medium.batches else goods.first_batch[medium.products[0]]
    manifest["trace_code"] = label_code(sample)
    manifest["trace_code_batch_id"] = goods.batch_ids[sample]
    ids = parties.ids
    manifest["suspect_seller"] = {
        "enterprise_id": ids[parties.suspect],
        "prohibited_product_id": goods.ids[goods.prohibited[0]],
        "shell_ring": [ids[i] for i in parties.ring],
    }
    manifest["related_enterprises"] = {
        "enterprise_ids": [ids[parties.suspect], ids[parties.nominee_firms[0]]],
        "via": f"person {parties.nominee} is legal representative of both",
    }
    manifest["ownership_chain"] = [ids[i] for i in parties.chain]
    manifest["ownership_cycle"] = [ids[i] for i in parties.cycle]
    manifest["many_firm_person"] = {
        "person_id": parties.nominee,
        "legal_representative_of": len(parties.ring) + len(parties.nominee_firms),
    }
    manifest["aeo_advanced_enterprise"] = ids[parties.chain[0]]
    manifest["as_of"] = day(DAYS - 1)
    manifest["screen_examples"] = write_examples(out, manifest["as_of"])
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    lap("manifest")
    bar.close()
    size = sum((out / f"{name}.csv").stat().st_size for name in HEADERS)
    return GenerateSummary(
        scale, seed, str(out), rows, size, round(time.perf_counter() - started, 2), phases,
        manifest,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hub generate", description="Generate a load folder.")
    parser.add_argument("--scale", type=int, required=True, help="number of shipments")
    parser.add_argument("--out", type=Path, required=True, help="folder to write")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    summary = generate(args.scale, args.out, seed=args.seed)
    print(summary.to_json() if args.json else summary.describe())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
