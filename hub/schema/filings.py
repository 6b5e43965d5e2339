"""Filings of enterprises and products: `fileEnterprise`, `fileProduct`, reads and status on a date."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

import strawberry

from graph_schema.lifecycle import RecordKind
from hub.context import Info
from hub.data import filings as data
from hub.schema.common import FilingStatus, date, enum_or_none
from hub.schema.results import Forbidden, InvalidInput
from hub.schema.status_change import StatusChange, acting_agency, check_texts, may_write, timeline, today


@strawberry.type(description="A filing (registration) of an enterprise, or of a product by an enterprise.")
class Filing:
    id: strawberry.ID = strawberry.field(description="The filing id.")
    kind: str = strawberry.field(description="enterprise or product.")
    status: FilingStatus | None = strawberry.field(description="Status now (the latest change's).")
    filed_on: dt.date | None = strawberry.field(description="Date the filing was made (its status starts).")
    valid_until: dt.date | None = strawberry.field(
        description="Last day of validity (inclusive); a `filed` filing counts as expired after it."
    )
    reference: str | None = strawberry.field(description="The authority's reference number, if any.")
    enterprise_id: str | None = strawberry.field(description="The enterprise that filed.")
    product_id: str | None = strawberry.field(description="The product filed (product filings).")
    agency_id: str | None = strawberry.field(description="The agency the filing is lodged with.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Filing:
        return cls(
            id=strawberry.ID(row["filingId"]),
            kind=row.get("kind") or "enterprise",
            status=enum_or_none(FilingStatus, row.get("status")),
            filed_on=date(row.get("filedOn")),
            valid_until=date(row.get("validUntil")),
            reference=row.get("reference"),
            enterprise_id=row.get("enterpriseId"),
            product_id=row.get("productId"),
            agency_id=row.get("agencyId"),
        )

    @strawberry.field(description="Every status change, oldest first (at most 200): who, when, why.")
    async def timeline(self, info: Info) -> list[StatusChange]:
        return await timeline(info, RecordKind.FILING, str(self.id))


@strawberry.type(description="A filing answer for one date.")
class FilingStatusOn:
    as_of: dt.date = strawberry.field(description="The date asked about.")
    status: FilingStatus | None = strawberry.field(
        description="Status on that date; null when nothing was filed on or before it."
    )
    filing_id: str | None = strawberry.field(
        description="The filing that answers (newest filed on or before)."
    )


@strawberry.type(description="The filing exists: made now, or by an earlier try of the same request.")
class FileSuccess:
    filing: Filing = strawberry.field(description="The filing.")
    created: bool = strawberry.field(description="False when a retry found the filing already made.")


FileResult = Annotated[
    FileSuccess | InvalidInput | Forbidden,
    strawberry.union("FileResult", description="The filing, or why it was not made."),
]


@strawberry.enum(description="Status a new filing starts with.")
class InitialFilingStatus(Enum):
    PENDING = "pending"
    FILED = "filed"


@strawberry.input(description="A filing to record.")
class FileInput:
    client_request_id: str = strawberry.field(
        description="The client's id for this request (1 to 100 characters); a retry returns the first filing."
    )
    enterprise_id: strawberry.ID = strawberry.field(description="The enterprise that files.")
    filed_on: dt.date = strawberry.field(description="Date of filing: the first status holds from it.")
    reason: str = strawberry.field(description="Note on the filing (1 to 2000 characters).")
    status: InitialFilingStatus = strawberry.field(
        default=InitialFilingStatus.PENDING, description="First status: PENDING (default) or FILED."
    )
    valid_until: dt.date | None = strawberry.field(
        default=None, description="Last day of validity (inclusive)."
    )
    reference: str | None = strawberry.field(default=None, description="The authority's reference number.")
    agency_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Agency the filing is lodged with; default and only choice for a regulator: its own.",
    )


@strawberry.input(description="A product filing: a product filed by an enterprise.")
class FileProductInput(FileInput):
    product_id: strawberry.ID = strawberry.field(description="The product filed.")


def _validate(
    info: Info, given: FileInput, kind: str, product: str | None
) -> data.NewFiling | InvalidInput | Forbidden:
    texts = {
        "clientRequestId": given.client_request_id.strip(),
        "reason": given.reason.strip(),
        "enterpriseId": str(given.enterprise_id).strip(),
    }
    bad = check_texts(texts, {"clientRequestId": 100, "reason": 2000, "enterpriseId": 200})
    if bad:
        return bad
    if product is not None and not product:
        return InvalidInput(field="input.productId", message="must not be empty")
    agency = acting_agency(info, given.agency_id, "input.agencyId")
    if isinstance(agency, Forbidden):
        return agency
    if given.filed_on > today():
        return InvalidInput(field="input.filedOn", message="must not be in the future")
    if given.valid_until is not None and given.valid_until < given.filed_on:
        return InvalidInput(field="input.validUntil", message="must not be before filedOn")
    reference = given.reference.strip() if given.reference else None
    if reference is not None and len(reference) > 100:
        return InvalidInput(field="input.reference", message="must be at most 100 characters")
    return data.NewFiling(
        client_request_id=texts["clientRequestId"],
        kind=kind,
        enterprise_id=texts["enterpriseId"],
        product_id=product,
        agency_id=agency,
        status=given.status.value,
        filed_on=given.filed_on,
        valid_until=given.valid_until,
        reference=reference or None,
        reason=texts["reason"],
    )


async def _file(info: Info, given: FileInput, kind: str, product: str | None) -> FileResult:
    denied = may_write(info)
    if denied:
        return denied
    new = _validate(info, given, kind, product)
    if not isinstance(new, data.NewFiling):
        return new
    cy = info.context.cypher
    found = await data.check(cy, new)
    if found["enterpriseKind"] is None:
        return InvalidInput(field="input.enterpriseId", message=f"no enterprise {new.enterprise_id!r}")
    if not found["agency"]:
        return InvalidInput(field="input.agencyId", message=f"no agency {new.agency_id!r}")
    if not found["product"]:
        return InvalidInput(field="input.productId", message=f"no product {new.product_id!r}")
    made = await data.create(cy, new, info.context.principal.key_id)
    if made is None:
        return InvalidInput(field="input.enterpriseId", message="changed while filing; nothing was written")
    if not made.same_request:
        return InvalidInput(
            field="input.clientRequestId",
            message="already used for a different filing; use a new id for a new request",
        )
    return FileSuccess(filing=Filing.from_row(made.row), created=made.created)


@strawberry.type
class FilingMutation:
    @strawberry.mutation(
        description="File (register) an enterprise (regulators and administrators); idempotent."
    )
    async def file_enterprise(
        self, info: Info, input: Annotated[FileInput, strawberry.argument(description="The filing.")]
    ) -> FileResult:
        return await _file(info, input, "enterprise", None)

    @strawberry.mutation(
        description="File a product for an enterprise (regulators and administrators); idempotent."
    )
    async def file_product(
        self, info: Info, input: Annotated[FileProductInput, strawberry.argument(description="The filing.")]
    ) -> FileResult:
        return await _file(info, input, "product", str(input.product_id).strip())


@strawberry.type
class FilingQuery:
    @strawberry.field(description="One filing by id, or null when unknown or not visible to the caller.")
    async def filing(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Filing id.")]
    ) -> Filing | None:
        row = await info.context.loaders.by_id(data.FILINGS_BY_IDS).load(str(id))
        return Filing.from_row(row) if row else None

    @strawberry.field(
        description=(
            "What filing status held on a date for an enterprise (its newest enterprise filing filed on "
            "or before that date) or, with productId, for its filing of that product. Null when the "
            "enterprise is unknown or not visible."
        )
    )
    async def filing_status(
        self,
        info: Info,
        enterprise_id: Annotated[strawberry.ID, strawberry.argument(description="The enterprise.")],
        as_of: Annotated[
            dt.date, strawberry.argument(description="The date (the status that held that day).")
        ],
        product_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="A product the enterprise filed.")
        ] = None,
    ) -> FilingStatusOn | None:
        seen, found = await data.status_as_of(
            info.context.cypher,
            info.context.principal,
            str(enterprise_id),
            str(product_id) if product_id is not None else None,
            as_of,
        )
        if not seen:
            return None
        return FilingStatusOn(
            as_of=as_of,
            status=enum_or_none(FilingStatus, found and found["status"]),
            filing_id=found["filingId"] if found else None,
        )
