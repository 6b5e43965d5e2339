"""Related parties: enterprises linked through shared owners, officers, addresses, contacts.

A *hop* goes from one enterprise to another either directly (one owns or
hosts the other) or through one shared party: a person (owner, director,
supervisor, legal representative), an address or a contact. An enterprise
that owns two firms is itself a stop: its subsidiaries are one hop from it
and two hops from each other.

The search is a breadth-first expansion run one hop at a time: one constant
statement per hop, whose parameters are the frontier and the enterprises
already reached, so every enterprise gets its true hop distance and the
links to all enterprises one hop closer (its predecessors). Shortest paths
are read back from those predecessors. The number of enterprises reached is
capped; a capped search says so (`truncated`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final, LiteralString

from hub.auth import Principal
from hub.errors import Forbidden, HubError, InvalidArgument, show
from runtime.db import Cypher

MAX_HOPS: Final = 6
DEFAULT_HOPS: Final = 3
RELATED_CAP: Final = 500  # enterprises a relatedParties search keeps
CONNECTION_CAP: Final = 5000  # enterprises each side of a connection search keeps
PATHS_PER_RESULT: Final = 3
CONNECTION_PATHS: Final = 10


class LinkKind(Enum):
    OWNERSHIP = "OWNERSHIP"
    DIRECTORSHIP = "DIRECTORSHIP"
    LEGAL_REPRESENTATIVE = "LEGAL_REPRESENTATIVE"
    ADDRESS = "ADDRESS"
    CONTACT = "CONTACT"
    HOSTING = "HOSTING"


# Platforms host tens of thousands of sellers: hosting is opt-in.
DEFAULT_VIA: Final = (
    LinkKind.OWNERSHIP,
    LinkKind.DIRECTORSHIP,
    LinkKind.LEGAL_REPRESENTATIVE,
    LinkKind.ADDRESS,
    LinkKind.CONTACT,
)


class UnknownEnterprise(HubError):
    code = "NOT_FOUND"

    def __init__(self, argument: str, enterprise_id: str) -> None:
        super().__init__(
            f"argument {argument}: no enterprise with id {show(enterprise_id)}", argument=argument
        )
        self.argument = argument


def _valid(r: LiteralString) -> LiteralString:
    """A dated link counts at $asOf when it had started and had not yet ended."""
    return (
        "(" + r + ".since IS NULL OR " + r + ".since <= $asOf) AND "
        "(" + r + ".until IS NULL OR " + r + ".until > $asOf)"
    )


def _kind(r: LiteralString) -> LiteralString:
    return (
        "CASE type(" + r + ") WHEN 'OWNS' THEN 'OWNERSHIP' WHEN 'DIRECTS' THEN CASE " + r + ".role"
        " WHEN 'legal_representative' THEN 'LEGAL_REPRESENTATIVE' ELSE 'DIRECTORSHIP' END"
        " WHEN 'LOCATED_AT' THEN 'ADDRESS' WHEN 'REACHABLE_AT' THEN 'CONTACT' ELSE 'HOSTING' END"
    )


def _link(r: LiteralString) -> LiteralString:
    return (
        "CASE WHEN " + r + " IS NULL THEN null ELSE {kind: " + _kind(r) + ", rel: type(" + r + "),"
        " role: " + r + ".role, share: " + r + ".share, since: " + r + ".since, until: " + r + ".until,"
        " start: startNode(" + r + ") = f} END"
    )


PARTY: Final[LiteralString] = (
    "CASE WHEN x IS NULL THEN null WHEN x:Person THEN {kind: 'PERSON', id: x.personId, name: x.name}"
    " WHEN x:Address THEN {kind: 'ADDRESS', id: x.addressId,"
    " name: x.line + coalesce(', ' + x.city, '') + coalesce(', ' + x.country, '')}"
    " ELSE {kind: 'CONTACT', id: x.contactId, name: x.value} END"
)
NODE: Final[LiteralString] = "{kind: 'ENTERPRISE', id: e.enterpriseId, name: e.name, type: e.kind}"

# One hop out of the frontier: every enterprise not yet reached, with all its
# links to the frontier. Each branch is guarded by a parameter so that the
# kinds not asked for are never expanded (a platform's HOSTS fan-out above all).
EXPAND: Final[LiteralString] = (
    "UNWIND $frontier AS fid MATCH (f:Enterprise {enterpriseId: fid})"
    " CALL (f) {"
    " WITH f WHERE 'HOSTING' IN $kinds MATCH (f)-[a:HOSTS]-(e:Enterprise)"
    " WHERE e <> f AND " + _valid("a") + " RETURN e, null AS x, a, null AS b"
    " UNION ALL"
    " WITH f WHERE 'OWNERSHIP' IN $kinds MATCH (f)-[a:OWNS]-(e:Enterprise)"
    " WHERE e <> f AND " + _valid("a") + " RETURN e, null AS x, a, null AS b"
    " UNION ALL"
    " WITH f WHERE $viaPerson MATCH (f)<-[a:OWNS|DIRECTS]-(x:Person)-[b:OWNS|DIRECTS]->(e:Enterprise)"
    " WHERE e <> f AND " + _valid("a") + " AND " + _valid("b") + " AND " + _kind("a") + " IN $kinds"
    " AND " + _kind("b") + " IN $kinds RETURN e, x, a, b"
    " UNION ALL"
    " WITH f WHERE 'ADDRESS' IN $kinds MATCH (f)-[a:LOCATED_AT]->(x:Address)<-[b:LOCATED_AT]-(e:Enterprise)"
    " WHERE e <> f AND " + _valid("a") + " AND " + _valid("b") + " RETURN e, x, a, b"
    " UNION ALL"
    " WITH f WHERE 'CONTACT' IN $kinds MATCH (f)-[a:REACHABLE_AT]->(x:Contact)<-[b:REACHABLE_AT]-(e:Enterprise)"
    " WHERE e <> f AND " + _valid("a") + " AND " + _valid("b") + " RETURN e, x, a, b"
    " }"
    " WITH f, e, x, a, b WHERE NOT e.enterpriseId IN $seen"
    " WITH e, collect({from: f.enterpriseId, party: " + PARTY + ", a: " + _link("a") + ","
    " b: " + _link("b") + "}) AS links,"
    " count(DISTINCT [f.enterpriseId, coalesce(elementId(x), type(a))]) AS strength"
    " ORDER BY strength DESC, e.enterpriseId LIMIT toInteger($limit)"
    " RETURN " + NODE + " AS node, links, strength"
)

ORIGINS: Final[LiteralString] = (
    "UNWIND $ids AS id MATCH (e:Enterprise {enterpriseId: id}) RETURN " + NODE + " AS node"
)


@dataclass(frozen=True)
class Search:
    """What to follow: link kinds, the date links must hold on, and how far."""

    kinds: tuple[LinkKind, ...]
    as_of: dt.date
    max_hops: int

    @classmethod
    def of(cls, max_hops: int, via: Sequence[LinkKind] | None, as_of: dt.date | None) -> Search:
        if not 1 <= max_hops <= MAX_HOPS:
            raise InvalidArgument("maxHops", f"must be between 1 and {MAX_HOPS}, got {max_hops}")
        kinds = tuple(dict.fromkeys(DEFAULT_VIA if via is None else via))
        if not kinds:
            raise InvalidArgument("via", "must name at least one link kind")
        return cls(kinds, as_of or dt.date.today(), max_hops)

    def params(self) -> dict[str, Any]:
        names = [k.value for k in self.kinds]
        person = {"OWNERSHIP", "DIRECTORSHIP", "LEGAL_REPRESENTATIVE"}
        return {"kinds": names, "viaPerson": bool(person & set(names)), "asOf": self.as_of}


def require_domestic(who: Principal) -> None:
    """Related-party data names persons: partner agencies get none of it."""
    if not who.sees_everything:
        raise Forbidden("related-party queries are not available to partner agencies")


@dataclass
class Reached:
    node: dict[str, Any]
    distance: int
    strength: int
    links: list[dict[str, Any]]  # to enterprises one hop closer to the origins


@dataclass
class Reach:
    """The outcome of one breadth-first search from one or more origins."""

    origins: dict[str, dict[str, Any]]
    reached: dict[str, Reached] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # by distance, strength desc, id
    truncated: bool = False
    hops_done: int = 0
    # Each enterprise's links in path order, sorted once: the paths of a page walk the
    # same predecessors again and again.
    _sorted: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def node(self, enterprise_id: str) -> dict[str, Any]:
        if enterprise_id in self.origins:
            return self.origins[enterprise_id]
        return self.reached[enterprise_id].node

    def distance(self, enterprise_id: str) -> int:
        return 0 if enterprise_id in self.origins else self.reached[enterprise_id].distance

    def paths(self, target: str, limit: int) -> list[list[tuple[str, dict[str, Any]]]]:
        """Up to `limit` shortest paths from an origin: (enterprise, link into it) steps."""
        return list(_take(self._walk(target), limit))

    def _walk(self, target: str) -> Iterator[list[tuple[str, dict[str, Any]]]]:
        if target in self.origins:
            yield []
            return
        links = self._sorted.get(target)
        if links is None:
            links = self._sorted[target] = sorted(self.reached[target].links, key=_link_key)
        for link in links:
            for head in self._walk(link["from"]):
                yield [*head, (target, link)]


def _link_key(link: dict[str, Any]) -> tuple[str, str, str, str]:
    party = link["party"] or {}
    b = link["b"] or {}
    return (link["from"], party.get("id", ""), link["a"]["kind"], b.get("kind", ""))


def _take(items: Iterator[Any], limit: int) -> Iterator[Any]:
    for n, item in enumerate(items):
        if n >= limit:
            return
        yield item


async def load_origins(cy: Cypher, ids: list[str]) -> dict[str, dict[str, Any]]:
    records = await cy.read_maps(ORIGINS, {"ids": ids})  # maps only: no Record.data() walk
    return {r["node"]["id"]: r["node"] for r in records}


async def _hop(
    cy: Cypher, params: dict[str, Any], reach: Reach, frontier: list[str], hop: int, cap: int
) -> list[str] | None:
    """One breadth-first hop: the enterprises linked to `frontier` and not yet reached.

    They are recorded in `reach` at distance `hop` and returned as the next
    frontier; None when the cap is already full (enterprises may lie beyond:
    `reach.truncated` says so).
    """
    room = cap - len(reach.reached)
    if room <= 0:
        reach.truncated = True
        return None
    seen = set(reach.origins) | set(reach.reached)
    # maps, lists and scalars only: read_maps skips Record.data()'s walk of every nested value
    records = await cy.read_maps(
        EXPAND, {**params, "frontier": frontier, "seen": sorted(seen), "limit": room + 1}
    )
    reach.hops_done = hop
    if len(records) > room:
        reach.truncated = True
        records = records[:room]
    found = []
    for r in records:
        eid = r["node"]["id"]
        reach.reached[eid] = Reached(r["node"], hop, r["strength"], r["links"])
        reach.order.append(eid)
        found.append(eid)
    return found


async def expand(cy: Cypher, search: Search, reach: Reach, cap: int) -> Reach:
    """Breadth-first from `reach.origins` up to `search.max_hops` or `cap` enterprises."""
    frontier: list[str] | None = list(reach.origins)
    params = search.params()
    for hop in range(1, search.max_hops + 1):
        if not frontier:
            break
        frontier = await _hop(cy, params, reach, frontier, hop, cap)
    return reach


async def related(cy: Cypher, who: Principal, enterprise_id: str, search: Search) -> Reach:
    require_domestic(who)
    origins = await load_origins(cy, [enterprise_id])
    if not origins:
        raise UnknownEnterprise("enterpriseId", enterprise_id)
    return await expand(cy, search, Reach(origins), RELATED_CAP)


@dataclass
class Linked:
    """The shortest paths between two enterprises, or none within the hops searched."""

    source: dict[str, Any]
    target: dict[str, Any]
    distance: int | None
    paths: list[list[tuple[str, dict[str, Any]]]]
    truncated: bool
    max_hops: int
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def node(self, enterprise_id: str) -> dict[str, Any]:
        return self.nodes[enterprise_id]


async def connection(cy: Cypher, who: Principal, source_id: str, target_id: str, search: Search) -> Linked:
    """Bidirectional breadth-first search: the smaller frontier grows one hop (`_hop`) at a time."""
    require_domestic(who)
    if source_id == target_id:
        raise InvalidArgument("toEnterpriseId", "must differ from fromEnterpriseId")
    origins = await load_origins(cy, [source_id, target_id])
    for argument, eid in (("fromEnterpriseId", source_id), ("toEnterpriseId", target_id)):
        if eid not in origins:
            raise UnknownEnterprise(argument, eid)
    sides = [Reach({source_id: origins[source_id]}), Reach({target_id: origins[target_id]})]
    frontiers: list[list[str]] = [[source_id], [target_id]]
    params = search.params()
    hops = [0, 0]
    while hops[0] + hops[1] < search.max_hops and frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        grow, other = sides[side], sides[1 - side]
        found = await _hop(cy, params, grow, frontiers[side], hops[side] + 1, CONNECTION_CAP)
        if found is None:
            break
        hops[side] += 1
        frontiers[side] = found
        meet = sorted(m for m in frontiers[side] if m in other.origins or m in other.reached)
        if meet:
            nodes = dict(origins)
            for reach in sides:
                nodes.update((eid, r.node) for eid, r in reach.reached.items())
            return Linked(
                origins[source_id], origins[target_id], hops[0] + hops[1],
                _joined(sides[0], sides[1], meet), False, search.max_hops, nodes,
            )  # fmt: skip
    truncated = sides[0].truncated or sides[1].truncated
    return Linked(origins[source_id], origins[target_id], None, [], truncated, search.max_hops)


def _joined(ahead: Reach, back: Reach, meet: list[str]) -> list[list[tuple[str, dict[str, Any]]]]:
    """Paths source -> meeting enterprise -> target, the second half turned around."""
    out: list[list[tuple[str, dict[str, Any]]]] = []
    for m in meet:
        for first in ahead.paths(m, CONNECTION_PATHS):
            for second in back.paths(m, CONNECTION_PATHS):
                out.append(first + _reversed(second))
                if len(out) >= CONNECTION_PATHS:
                    return out
    return out


def _reversed(path: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """A path origin -> m read from m back to the origin, each link flipped."""
    out = []
    for into, link in reversed(path):
        flipped = {"from": into, "party": link["party"], "a": link["b"] or _flip(link["a"]), "b": None}
        if link["b"] is not None:
            flipped["b"] = link["a"]
        out.append((link["from"], flipped))
    return out


def _flip(direct: dict[str, Any]) -> dict[str, Any]:
    return {**direct, "start": not direct["start"]}
