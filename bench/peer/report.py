"""The table bench/peer/run.py prints (see bench/peer/README.md, "Reading the table")."""

from __future__ import annotations

from typing import Any

from workloads import WORKLOADS

BASE = "hub base"  # run.py --hub-base


def _cpu(cell: dict[str, Any]) -> str:
    return f"{cell['cpu_ms_per_request']:.1f}+{cell['neo4j_cpu_ms_per_request']:.1f}"


def text(results: dict[str, Any], sides: list[str], clients: list[int]) -> str:
    """The table; also records each cell's best peer and ratios in `results`."""
    peers = [s for s in sides if s not in ("hub", BASE)]
    lines = [
        results["setup"],
        f"{'workload':<44}{'cl':>3} |{'hub p50':>8}{'p99':>8}{'req/s':>7}{'cpu ms':>10} |"
        f" {'peer best':<8}{'p50':>7}{'p99':>8}{'req/s':>7}{'cpu ms':>10} | {'req/s':>6} {'cpu':>5} |"
        + "".join(f"{p:>9}" for p in peers),
        f"{'':<44}{'':>3} |{'':>8}{'':>8}{'':>7}{'':>10} | {'':<8}{'':>7}{'':>8}{'':>7}{'':>10} |"
        f" {'hub/peer':>6} {'':>5} |" + "".join(f"{'req/s':>9}" for _ in peers),
    ]
    for w in WORKLOADS:
        if f"{w.key}@{clients[0]}" not in results["cells"]:
            continue  # not measured (--workloads)
        for c in clients:
            cell = results["cells"][f"{w.key}@{c}"]
            hub = cell["hub"]
            best = max(peers, key=lambda p: cell[p]["per_s"])
            peer = cell[best]
            ratio = hub["per_s"] / peer["per_s"]
            hub_cpu = hub["cpu_ms_per_request"] + hub["neo4j_cpu_ms_per_request"]
            peer_cpu = peer["cpu_ms_per_request"] + peer["neo4j_cpu_ms_per_request"]
            cpu_ratio = peer_cpu / hub_cpu if hub_cpu else 0.0
            cell["best_peer"], cell["ratio"], cell["cpu_ratio"] = best, round(ratio, 2), round(cpu_ratio, 2)
            lines.append(
                f"{w.key + '. ' + w.title:<44}{c:>3} |{hub['p50_ms']:>8}{hub['p99_ms']:>8}{hub['per_s']:>7}"
                f"{_cpu(hub):>10} | {best:<8}{peer['p50_ms']:>7}{peer['p99_ms']:>8}{peer['per_s']:>7}"
                f"{_cpu(peer):>10} | {ratio:>5.2f}x {cpu_ratio:>4.2f}x |"
                + "".join(f"{cell[p]['per_s']:>9}" for p in peers)
            )
    if BASE in sides:
        lines.append(f"{BASE} (--hub-base), the same cells: this hub against it")
        for w in WORKLOADS:
            for c in clients:
                cell = results["cells"].get(f"{w.key}@{c}")
                if cell is None:
                    continue
                hub, base = cell["hub"], cell[BASE]
                hub_cpu = hub["cpu_ms_per_request"] + hub["neo4j_cpu_ms_per_request"]
                base_cpu = base["cpu_ms_per_request"] + base["neo4j_cpu_ms_per_request"]
                cell["base_ratio"] = round(hub["per_s"] / base["per_s"], 2)
                cell["base_cpu_ratio"] = round(base_cpu / hub_cpu, 2) if hub_cpu else 0.0
                lines.append(
                    f"{w.key + '. ' + w.title:<44}{c:>3} | base p50 {base['p50_ms']} p99 {base['p99_ms']}"
                    f" req/s {base['per_s']} cpu ms {_cpu(base)} | hub/base req/s {cell['base_ratio']:.2f}x,"
                    f" cpu base/hub {cell['base_cpu_ratio']:.2f}x"
                )
    lines += [
        "req/s hub/peer: the hub's requests/s over the best peer's (target: 1.5x or more);"
        " cpu: CPU ms per request of the server's processes + Neo4j's; cpu hub/peer: the peer's"
        " total over the hub's (above 1: the hub spends less per request)",
        "Cypher statements per hub request (X-Hub-Statements): "
        + ", ".join(f"{k} {n}" for k, n in results["hub_statements"].items()),
        f"driver CPU per request {results['driver_cpu_us_per_request']} us; answers checked: the same",
        f"uptime before: {results['uptime_before']}",
        f"uptime after:  {results['uptime_after']}",
    ]
    return "\n".join(lines)
