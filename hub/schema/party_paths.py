"""The readable pieces of related-party answers: nodes, links and paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any

import strawberry

from hub.data.parties import LinkKind as LinkKindData
from hub.schema.common import EnterpriseKind, date, enum_or_none

strawberry.enum(
    LinkKindData,
    name="LinkKind",
    description=(
        "A kind of link between parties. OWNERSHIP: OWNS (a person or enterprise owns a share "
        "of an enterprise); DIRECTORSHIP: DIRECTS as director or supervisor; "
        "LEGAL_REPRESENTATIVE: DIRECTS as legal representative; ADDRESS: LOCATED_AT; "
        "CONTACT: REACHABLE_AT (phone, e-mail); HOSTING: a platform HOSTS a seller."
    ),
)
LinkKind = LinkKindData  # registered with strawberry above


@strawberry.enum(description="What a node of a related-party path is.")
class PartyKind(Enum):
    ENTERPRISE = "ENTERPRISE"
    PERSON = "PERSON"
    ADDRESS = "ADDRESS"
    CONTACT = "CONTACT"


@strawberry.type(
    description="An enterprise, person, address or contact on a path. Persons carry id and name only."
)
class PartyNode:
    kind: PartyKind = strawberry.field(description="What the node is.")
    id: strawberry.ID = strawberry.field(description="Its id: enterprise, person, address or contact id.")
    name: str | None = strawberry.field(
        description="Enterprise or person name, address line, or contact value."
    )
    enterprise_kind: EnterpriseKind | None = strawberry.field(
        description="For an enterprise, its main trade role."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PartyNode:
        return cls(
            kind=PartyKind(row["kind"]),
            id=strawberry.ID(row["id"]),
            name=row.get("name"),
            enterprise_kind=enum_or_none(EnterpriseKind, row.get("type")),
        )

    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else str(self.id)


_VERB = {"LOCATED_AT": "located at", "REACHABLE_AT": "reachable at", "HOSTS": "hosts"}


@strawberry.type(description="One link of a path, as stored in the graph, with its dates.")
class PathLink:
    kind: LinkKind = strawberry.field(description="The kind of link.")
    relationship: str = strawberry.field(
        description="The stored relationship type: OWNS, DIRECTS, LOCATED_AT, REACHABLE_AT or HOSTS."
    )
    role: str | None = strawberry.field(
        description="For DIRECTS: director, legal_representative or supervisor."
    )
    share: float | None = strawberry.field(description="For OWNS: the share owned, 0 to 1.")
    since: dt.date | None = strawberry.field(description="When the link began, if known.")
    until: dt.date | None = strawberry.field(description="When the link ended, if it has.")
    forward: bool = strawberry.field(
        description="True when the relationship points from the node before it on the path to "
        "the node after it (e.g. owner -> owned); false when it points back."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any], forward: bool) -> PathLink:
        return cls(
            kind=LinkKindData(row["kind"]),
            relationship=row["rel"],
            role=row.get("role"),
            share=None if row.get("share") is None else float(row["share"]),
            since=date(row.get("since")),
            until=date(row.get("until")),
            forward=forward,
        )

    def label(self) -> str:
        if self.relationship == "OWNS":
            verb = "owns" if self.share is None else f"owns {self.share * 100:.4g}%"
        elif self.relationship == "DIRECTS":
            verb = (self.role or "officer").replace("_", " ")
        else:
            verb = _VERB.get(self.relationship, self.relationship.lower())
        if self.since:
            verb += f" since {self.since.isoformat()}"
        if self.until:
            verb += f" until {self.until.isoformat()}"
        return f" -[{verb}]-> " if self.forward else f" <-[{verb}]- "


@strawberry.type(description="A path that links parties: nodes[i] and nodes[i+1] are joined by links[i].")
class PartyPath:
    nodes: list[PartyNode] = strawberry.field(description="The nodes, in order along the path.")
    links: list[PathLink] = strawberry.field(
        description="The links, one fewer than the nodes; links[i] joins nodes[i] and nodes[i+1]."
    )

    @strawberry.field(description="The path as one line of text, arrows in stored direction.")
    def text(self) -> str:
        parts = [self.nodes[0].label()] if self.nodes else []
        for link, node in zip(self.links, self.nodes[1:], strict=True):
            parts += [link.label(), node.label()]
        return "".join(parts)

    @strawberry.field(description="How many enterprise-to-enterprise hops the path makes.")
    def hops(self) -> int:
        return sum(1 for n in self.nodes[1:] if n.kind is PartyKind.ENTERPRISE)


# Which end a stored relationship starts at: persons own and direct; enterprises
# are located at addresses and reachable at contacts.
_FROM_PARTY = frozenset({"OWNS", "DIRECTS"})

Step = tuple[str, dict[str, Any]]


def node_of(row: dict[str, Any], made: dict[Any, Any]) -> PartyNode:
    """The PartyNode of `row`, built once per answer (`made`: see path_of)."""
    found: PartyNode | None = made.get(id(row))
    if found is None:
        found = made[id(row)] = PartyNode.from_row(row)
    return found


def path_of(
    steps: list[Step], node: Callable[[str], dict[str, Any]], made: dict[Any, Any] | None = None
) -> PartyPath:
    """A path from search steps: (enterprise reached, link from the enterprise before it).

    `made` shares the PartyNode of each row, and the PathLink of each link row
    and direction, among the paths of one answer (the same enterprises,
    parties and links recur on most of them; the fast path renders a shared
    object once, hub/schema/fast_parties.py). It is keyed by the row's
    identity (a node by `id(row)`, a link by `(id(row), forward)`), so it must
    not outlive the rows.
    """
    made = {} if made is None else made

    def of(row: dict[str, Any]) -> PartyNode:
        return node_of(row, made)

    def link_of(row: dict[str, Any], forward: bool) -> PathLink:
        key = (id(row), forward)
        found: PathLink | None = made.get(key)
        if found is None:
            found = made[key] = PathLink.from_row(row, forward)
        return found

    nodes = [of(node(steps[0][1]["from"]))] if steps else []
    links: list[PathLink] = []
    for into, link in steps:
        a, b, party = link["a"], link["b"], link["party"]
        if party is None:
            links.append(link_of(a, bool(a["start"])))
        else:
            nodes.append(of(party))
            links.append(link_of(a, a["rel"] not in _FROM_PARTY))
            links.append(link_of(b, b["rel"] in _FROM_PARTY))
        nodes.append(of(node(into)))
    return PartyPath(nodes=nodes, links=links)


def chain_of(row: dict[str, Any]) -> PartyPath:
    """An ownership chain from the top owner down, every link pointing forward."""
    return PartyPath(
        nodes=[PartyNode.from_row(n) for n in row["nodes"]],
        links=[PathLink.from_row(r, forward=True) for r in row["links"]],
    )
