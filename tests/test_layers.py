"""The import graph of the project's packages: no cycle, and nothing imports up a floor.

Floors, lowest first: `runtime` (settings, the driver, the Cypher runner),
`graph_schema` (the graph's names, migrations and write statements),
`loaders` (files into the graph), `hub` (the GraphQL service). A package may
import only packages on lower floors. `tools` (developer tools such as the
local Neo4j) stands beside the service on `runtime`; only the `hub neo4j`
command reaches it. Imports under `if TYPE_CHECKING:` never run, so they are
left out; imports inside functions count like any other.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = {"runtime": 0, "graph_schema": 1, "loaders": 2, "hub": 3, "tools": 1}
# Allowed beyond the floors: the CLI's `hub neo4j` command runs the developer tool.
EXCEPTIONS = {
    ("hub.cli", "tools.neo4j_local"),
    ("hub.bulk_cli", "tools.neo4j_local"),
    ("hub.bulk_cli", "tools.neo4j_import"),
}
# Web and GraphQL libraries belong to the service only.
SERVICE_ONLY = ("strawberry", "starlette", "uvicorn", "graphql")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, modules: set[str], here: str) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                package = (
                    here.split(".")[: -node.level] if not _is_package(here, modules) else here.split(".")
                )
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _is_package(name: str, modules: set[str]) -> bool:
    return any(m.startswith(name + ".") for m in modules)


def import_graph() -> dict[str, set[str]]:
    """Each project module with the project modules it imports."""
    files = [p for package in FLOORS for p in (ROOT / package).rglob("*.py")]
    modules = {_module_name(p) for p in files}
    graph: dict[str, set[str]] = {}
    for path in files:
        name = _module_name(path)
        tree = ast.parse(path.read_text(), str(path))
        graph[name] = _imports(tree, modules, name)
    return graph


def _package(module: str) -> str:
    return module.split(".")[0]


def test_no_import_runs_up_a_floor() -> None:
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if _package(target) in FLOORS
        and _package(target) != _package(module)
        and FLOORS[_package(target)] >= FLOORS[_package(module)]
        and (module, target) not in EXCEPTIONS
    )
    assert upward == []


def test_service_libraries_stay_in_the_service() -> None:
    misplaced = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if _package(module) != "hub" and _package(target) in SERVICE_ONLY
    )
    assert misplaced == []


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph (its modules in order, first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in graph:
                continue
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_the_import_graph_has_no_cycle() -> None:
    assert find_cycle(import_graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    """The check above can fail: a loop like the schema's old one is reported."""
    loop = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(loop) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
