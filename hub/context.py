"""The per-request context: who asks, the Cypher runner, and batching loaders.

Loaders batch every `load` made while resolving one level of the response
into one statement, so the number of statements depends on the shape of the
query, never on the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from hub.auth import Principal
from hub.data import products, recalls, shipments
from hub.data.enterprises import BY_IDS as ENTERPRISES_BY_IDS
from runtime.db import Cypher
from runtime.settings import Settings

Row = dict[str, Any]
ChildKey = tuple[str, int, int]  # (parent id, skip, limit)


@dataclass(frozen=True)
class ChildPage:
    rows: list[Row]
    total: int


class Loaders:
    def __init__(self, cy: Cypher, who: Principal) -> None:
        self._cy = cy
        self._who = who
        self._by_ids: dict[str, DataLoader[str, Row | None]] = {}
        self._children: dict[str, DataLoader[ChildKey, ChildPage]] = {}

    def _rows_by_id(self, statement: LiteralString) -> Callable[[Sequence[str]], Awaitable[list[Row | None]]]:
        async def load(ids: Sequence[str]) -> list[Row | None]:
            records = await self._cy.read(statement, {"ids": list(ids), **self._who.cypher_params()})
            found = {r["id"]: r["row"] for r in records}
            return [found.get(i) for i in ids]

        return load

    def _pages(self, statement: LiteralString) -> Callable[[Sequence[ChildKey]], Awaitable[list[ChildPage]]]:
        async def load(keys: Sequence[ChildKey]) -> list[ChildPage]:
            groups: dict[tuple[int, int], list[str]] = defaultdict(list)
            for parent, skip, limit in keys:
                groups[(skip, limit)].append(parent)
            found: dict[ChildKey, ChildPage] = {}
            for (skip, limit), parents in groups.items():
                records = await self._cy.read(
                    statement,
                    {"ids": parents, "skip": skip, "limit": limit, **self._who.cypher_params()},
                )
                for r in records:
                    found[(r["id"], skip, limit)] = ChildPage(r["rows"], r["total"])
            return [found.get(k, ChildPage([], 0)) for k in keys]

        return load

    def by_id(self, statement: LiteralString) -> DataLoader[str, Row | None]:
        if statement not in self._by_ids:
            self._by_ids[statement] = DataLoader(load_fn=self._rows_by_id(statement))
        return self._by_ids[statement]

    def children(self, statement: LiteralString) -> DataLoader[ChildKey, ChildPage]:
        if statement not in self._children:
            self._children[statement] = DataLoader(load_fn=self._pages(statement))
        return self._children[statement]

    async def enterprise(self, enterprise_id: str | None) -> Row | None:
        return await self.by_id(ENTERPRISES_BY_IDS).load(enterprise_id) if enterprise_id else None

    async def product(self, product_id: str | None) -> Row | None:
        return await self.by_id(products.PRODUCTS_BY_IDS).load(product_id) if product_id else None

    async def batch(self, batch_id: str | None) -> Row | None:
        return await self.by_id(products.BATCHES_BY_IDS).load(batch_id) if batch_id else None

    async def agency(self, agency_id: str | None) -> Row | None:
        return await self.by_id(recalls.AGENCIES_BY_IDS).load(agency_id) if agency_id else None

    async def declaration(self, declaration_id: str | None) -> Row | None:
        if not declaration_id:
            return None
        return await self.by_id(shipments.DECLARATIONS_BY_IDS).load(declaration_id)


@dataclass
class Context:
    settings: Settings
    principal: Principal
    cypher: Cypher
    loaders: Loaders
    response_headers: MutableHeaders | dict[str, str] = field(default_factory=dict)
    response: Response | None = None  # to set the HTTP status (503, 504)


Info = StrawberryInfo[Context, None]
