"""Related parties: who stands behind a firm, who else they run, and what those firms have done.

Only domestic roles (regulator, analyst, administrator) may ask: the answers
name persons, so partner agencies get a FORBIDDEN error.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry

from hub.context import Context, Info
from hub.data import owners as owner_data
from hub.data import parties as data
from hub.data import party_risk as risk_data
from hub.data.paging import PageRequest, encode_cursor
from hub.schema.common import After, Edge, First, PageInfo, page_request
from hub.schema.party_paths import LinkKind, PartyNode, PartyPath, chain_of, node_of, path_of
from hub.schema.party_risk import BlastRadius, BlastRadiusParty, RiskNeighbourhood, RiskyParty

MAX_HOPS_DOC = (
    f"How many enterprise-to-enterprise hops to follow, 1 to {data.MAX_HOPS}. A hop joins two "
    "enterprises directly (one owns or hosts the other) or through one shared person, address "
    "or contact."
)
VIA_DOC = (
    "The link kinds to follow (every link of a path must be one of them). Default: all but "
    "HOSTING, since a platform hosts thousands of sellers."
)
AS_OF_DOC = (
    "Follow only links in force on this date: begun on or before it and not ended by it. "
    "Default: today, i.e. current links only."
)


MaxHops = Annotated[int, strawberry.argument(description=MAX_HOPS_DOC)]
Via = Annotated[list[LinkKind] | None, strawberry.argument(description=VIA_DOC)]
AsOf = Annotated[dt.date | None, strawberry.argument(description=AS_OF_DOC)]
EnterpriseArg = Annotated[strawberry.ID, strawberry.argument(description="Enterprise id.")]


@strawberry.type(description="One thing that links an enterprise to one a hop closer to the origin.")
class LinkSignal:
    linked_to: PartyNode = strawberry.field(
        description="The enterprise one hop closer to the origin (the origin itself at distance 1)."
    )
    via: PartyNode | None = strawberry.field(
        description="The shared person, address or contact; null when the two are linked directly."
    )
    kinds: list[LinkKind] = strawberry.field(
        description="The kinds of the links through it, e.g. [OWNERSHIP, DIRECTORSHIP]."
    )


def _signals(reach: data.Reach, reached: data.Reached, made: dict[Any, Any]) -> list[LinkSignal]:
    grouped: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any] | None, list[str]]] = {}
    for link in reached.links:
        party = link["party"]
        key = (link["from"], party["id"] if party else "direct:" + link["a"]["rel"])
        kinds = grouped.setdefault(key, (reach.node(link["from"]), party, []))[2]
        for side in (link["a"], link["b"]):
            if side is not None and side["kind"] not in kinds:
                kinds.append(side["kind"])
    return [
        LinkSignal(
            linked_to=node_of(node, made),
            via=node_of(party, made) if party else None,
            kinds=[data.LinkKind(k) for k in sorted(kinds)],
        )
        for _, (node, party, kinds) in sorted(grouped.items())
    ]


@strawberry.type(description="An enterprise related to the origin, and why.")
class RelatedParty:
    enterprise: PartyNode = strawberry.field(description="The related enterprise.")
    distance: int = strawberry.field(description="Hops from the origin (1 = directly linked).")
    strength: int = strawberry.field(
        description="How many distinct signals link it to enterprises one hop closer: shared "
        "persons, addresses, contacts and direct links."
    )
    signals: list[LinkSignal] = strawberry.field(description="The signals, by linked enterprise.")
    paths: list[PartyPath] = strawberry.field(
        description=f"Shortest paths from the origin (at most {data.PATHS_PER_RESULT}), in a stable order."
    )

    @classmethod
    def of(cls, reach: data.Reach, enterprise_id: str, made: dict[Any, Any] | None = None) -> RelatedParty:
        """`made`: the PartyNodes and PathLinks already built for rows of `reach` (party_paths.path_of)."""
        reached = reach.reached[enterprise_id]
        made = {} if made is None else made
        return cls(
            enterprise=node_of(reached.node, made),
            distance=reached.distance,
            strength=reached.strength,
            signals=_signals(reach, reached, made),
            paths=[path_of(p, reach.node, made) for p in reach.paths(enterprise_id, data.PATHS_PER_RESULT)],
        )


@strawberry.type(description="Related enterprises of one origin, nearest and strongest first.")
class RelatedParties:
    origin: PartyNode = strawberry.field(description="The enterprise asked about.")
    as_of: dt.date = strawberry.field(description="The date links had to hold on.")
    max_hops: int = strawberry.field(description="The hops followed.")
    via: list[LinkKind] = strawberry.field(description="The link kinds followed.")
    truncated: bool = strawberry.field(
        description=f"True when more than {data.RELATED_CAP} enterprises were in reach and only "
        "the nearest and strongest were kept."
    )
    total_count: int = strawberry.field(description="How many related enterprises were found.")
    edges: list[Edge[RelatedParty]] = strawberry.field(
        description="This page: by distance, then strength (strongest first), then id."
    )
    page_info: PageInfo = strawberry.field(description="Where this page stands in the list.")


@strawberry.type(description="The shortest paths between two enterprises, or why there are none.")
class PartyLinks:
    source: PartyNode = strawberry.field(name="from", description="The first enterprise.")
    target: PartyNode = strawberry.field(name="to", description="The second enterprise.")
    found: bool = strawberry.field(description="True when a link within maxHops exists.")
    distance: int | None = strawberry.field(description="Hops of the shortest paths, if found.")
    paths: list[PartyPath] = strawberry.field(
        description=f"The shortest paths (at most {data.CONNECTION_PATHS}), in a stable order."
    )
    truncated: bool = strawberry.field(
        description="True when the search gave up because too many enterprises were in reach."
    )
    message: str = strawberry.field(description="The answer in words.")


def _page(items: list[Any], page: PageRequest) -> tuple[list[Edge[Any]], PageInfo]:
    """Slice a list computed whole (a capped search) into a cursor page."""
    rows = items[page.skip : page.skip + page.limit]
    edges = [Edge(cursor=encode_cursor(page.skip + i), node=row) for i, row in enumerate(rows)]
    info = PageInfo(
        has_next_page=page.skip + page.limit < len(items),
        has_previous_page=page.skip > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return edges, info


@strawberry.type(description="An owner at the top of one or more ownership chains above an enterprise.")
class UltimateOwner:
    owner: PartyNode = strawberry.field(description="The person or enterprise at the top.")
    effective_share: float = strawberry.field(
        description="Product of the shares along each chain, summed over its chains (0 to 1)."
    )
    chain_count: int = strawberry.field(description="How many distinct chains lead down from it.")
    circular: bool = strawberry.field(
        description="True when this owner is itself owned only by enterprises already on the "
        "chain: the chain closes a ring of cross-ownership with no owner outside it."
    )
    chains: list[PartyPath] = strawberry.field(
        description=f"The chains from the owner down, largest share first (at most {owner_data.CHAINS_SHOWN})."
    )


async def related_answer(
    ctx: Context,
    enterprise_id: str,
    max_hops: int,
    via: list[data.LinkKind] | None,
    as_of: dt.date | None,
    first: int,
    after: str | None,
) -> RelatedParties:
    """`relatedParties`, for its resolver and for the fast path (hub/schema/fast_parties.py)."""
    page = PageRequest.of(first, after, ctx.settings.max_page_size)
    search = data.Search.of(max_hops, via, as_of)
    reach = await data.related(ctx.cypher, ctx.principal, enterprise_id, search)
    edges, page_info = _page(reach.order, page)
    made: dict[Any, Any] = {}  # one PartyNode / PathLink per row of `reach`, shared by the paths
    return RelatedParties(
        origin=PartyNode.from_row(reach.origins[enterprise_id]),
        as_of=search.as_of,
        max_hops=search.max_hops,
        via=list(search.kinds),
        truncated=reach.truncated,
        total_count=len(reach.order),
        edges=[Edge(cursor=e.cursor, node=RelatedParty.of(reach, e.node, made)) for e in edges],
        page_info=page_info,
    )


async def connection_answer(
    ctx: Context,
    from_enterprise_id: str,
    to_enterprise_id: str,
    max_hops: int,
    via: list[data.LinkKind] | None,
    as_of: dt.date | None,
) -> PartyLinks:
    """`connection`, for its resolver and for the fast path (hub/schema/fast_parties.py)."""
    search = data.Search.of(max_hops, via, as_of)
    linked = await data.connection(ctx.cypher, ctx.principal, from_enterprise_id, to_enterprise_id, search)
    source, target = PartyNode.from_row(linked.source), PartyNode.from_row(linked.target)
    made: dict[Any, Any] = {}  # one PartyNode / PathLink per row of `linked`, shared by the paths
    if linked.distance is None:
        hop = "hop" if search.max_hops == 1 else "hops"
        message = f"no link within {search.max_hops} {hop} between {source.id} and {target.id}"
        if linked.truncated:
            message += " (search stopped early: too many enterprises in reach)"
    else:
        count = len(linked.paths)
        message = (
            f"{source.id} and {target.id} are linked in {linked.distance} "
            f"{'hop' if linked.distance == 1 else 'hops'} ({count} shortest "
            f"{'path' if count == 1 else 'paths'} shown)"
        )
    return PartyLinks(
        source=source,
        target=target,
        found=linked.distance is not None,
        distance=linked.distance,
        paths=[path_of(p, linked.node, made) for p in linked.paths],
        truncated=linked.truncated,
        message=message,
    )


@strawberry.type
class PartyQuery:
    @strawberry.field(
        description="Enterprises related to one enterprise through shared owners, directors, "
        "legal representatives, addresses, contacts, ownership or hosting, with distances, "
        "signals and shortest paths. Regulators, analysts and administrators only."
    )
    async def related_parties(
        self,
        info: Info,
        enterprise_id: EnterpriseArg,
        max_hops: MaxHops = data.DEFAULT_HOPS,
        via: Via = None,
        as_of: AsOf = None,
        first: First = 20,
        after: After = None,
    ) -> RelatedParties:
        return await related_answer(info.context, str(enterprise_id), max_hops, via, as_of, first, after)

    @strawberry.field(
        description="The shortest paths linking two enterprises within maxHops, or a clear "
        "'no link' answer. Regulators, analysts and administrators only."
    )
    async def connection(
        self,
        info: Info,
        from_enterprise_id: EnterpriseArg,
        to_enterprise_id: EnterpriseArg,
        max_hops: MaxHops = data.DEFAULT_HOPS,
        via: Via = None,
        as_of: AsOf = None,
    ) -> PartyLinks:
        return await connection_answer(
            info.context, str(from_enterprise_id), str(to_enterprise_id), max_hops, via, as_of
        )

    @strawberry.field(
        description="The owners at the top of every ownership chain above an enterprise, with "
        "their effective share; cycle-safe. Regulators, analysts and administrators only."
    )
    async def ultimate_owners(
        self, info: Info, enterprise_id: EnterpriseArg, as_of: AsOf = None
    ) -> list[UltimateOwner]:
        ctx = info.context
        rows = await owner_data.ultimate_owners(ctx.cypher, ctx.principal, str(enterprise_id), as_of)
        return [
            UltimateOwner(
                owner=PartyNode.from_row(r["owner"]),
                effective_share=round(r["effective"], 10),
                chain_count=r["chains"],
                circular=r["circular"],
                chains=[chain_of(c) for c in r["sample"]],
            )
            for r in rows
        ]

    @strawberry.field(
        description="Related enterprises that have recalls, failed inspections, disposal orders "
        "or a dishonest credit level, with what each has. Regulators, analysts and "
        "administrators only."
    )
    async def risk_neighbourhood(
        self,
        info: Info,
        enterprise_id: EnterpriseArg,
        max_hops: MaxHops = 2,
        via: Via = None,
        as_of: AsOf = None,
    ) -> RiskNeighbourhood:
        search = data.Search.of(max_hops, via, as_of)
        ctx = info.context
        reach, rows = await risk_data.risk_neighbourhood(
            ctx.cypher, ctx.principal, str(enterprise_id), search
        )
        return RiskNeighbourhood(
            origin=PartyNode.from_row(reach.origins[str(enterprise_id)]),
            max_hops=search.max_hops,
            as_of=search.as_of,
            searched=len(reach.order),
            truncated=reach.truncated,
            parties=[RiskyParty.of(reach, r) for r in rows],
        )

    @strawberry.field(
        description="A recall's blast radius: makers and sellers related (within maxHops) to "
        "the recalled goods' makers and sellers that make or sold the same product or "
        "another under the same HS heading. Regulators, analysts and administrators only."
    )
    async def recall_blast_radius(
        self,
        info: Info,
        recall_id: Annotated[strawberry.ID, strawberry.argument(description="Recall id.")],
        max_hops: MaxHops = 2,
        via: Via = None,
        as_of: AsOf = None,
        first: First = 20,
        after: After = None,
    ) -> BlastRadius:
        page = page_request(info, first, after)
        search = data.Search.of(max_hops, via, as_of)
        ctx = info.context
        found = await risk_data.blast_radius(ctx.cypher, ctx.principal, str(recall_id), search)
        reach, recalled = found.reach, set(found.products)
        edges, page_info = _page(found.rows, page)
        return BlastRadius(
            recall_id=strawberry.ID(found.recall_id),
            product_ids=[strawberry.ID(p) for p in found.products],
            hs_headings=found.headings,
            makers=[PartyNode.from_row(reach.node(m)) for m in found.makers if m in reach.origins],
            sellers=[PartyNode.from_row(reach.node(s)) for s in found.sellers if s in reach.origins],
            truncated=reach.truncated,
            total_count=len(found.rows),
            edges=[Edge(cursor=e.cursor, node=BlastRadiusParty.of(reach, recalled, e.node)) for e in edges],
            page_info=page_info,
        )
