"""Writes: `issueRecall` for regulators (products, batches or shipments). Expected failures are result types, not errors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from hub import policy
from hub.auth import Role
from hub.context import Info
from hub.data import orders as data
from hub.errors import show
from hub.schema.common import Measure, RiskLevel
from hub.schema.recalls import Recall
from hub.schema.results import Forbidden, InvalidInput

LIMITS = {"clientRequestId": 100, "title": 200, "hazard": 200, "reason": 2000}


@strawberry.type(description="The recall exists: created now, or by an earlier try of the same request.")
class IssueRecallSuccess:
    recall: Recall = strawberry.field(description="The recall.")
    created: bool = strawberry.field(
        description="False when a retry of the same client request id found the recall already made."
    )


IssueRecallResult = Annotated[
    IssueRecallSuccess | InvalidInput | Forbidden,
    strawberry.union("IssueRecallResult", description="The recall, or why it was not issued."),
]


@strawberry.input(
    description=(
        "What a recall targets: one product (all its batches) or listed batches, and/or listed "
        "shipments (the batches each carried, on that shipment only)."
    )
)
class RecallTargetsInput:
    product_id: strawberry.ID | None = strawberry.field(
        default=None, description="A product: every batch of it is covered."
    )
    batch_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description=f"Listed batches only (1 to {data.MAX_BATCHES})."
    )
    shipment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description=f"Listed shipments (1 to {data.MAX_BATCHES}), alone or with a product or batches.",
    )


@strawberry.input(description="A recall or other disposal order to issue.")
class IssueRecallInput:
    client_request_id: str = strawberry.field(
        description=(
            "The client's id for this request (1 to 100 characters). Retrying with the same id "
            "returns the recall made the first time instead of making another."
        )
    )
    targets: RecallTargetsInput = strawberry.field(description="A product, or listed batches.")
    measure: Measure = strawberry.field(description="The disposal measure ordered.")
    risk_level: RiskLevel = strawberry.field(description="Assessed risk level.")
    title: str = strawberry.field(description="Title of the order (1 to 200 characters).")
    hazard: str = strawberry.field(description="The hazard found (1 to 200 characters).")
    reason: str = strawberry.field(description="Why the order is issued (1 to 2000 characters).")
    issuer_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Issuing agency; default and only choice for a regulator: its own agency.",
    )
    issued_on: dt.date | None = strawberry.field(
        default=None, description="Date of issue; default today (UTC)."
    )


def _validate(info: Info, given: IssueRecallInput) -> data.RecallOrder | InvalidInput | Forbidden:
    who = info.context.principal
    texts = {
        "clientRequestId": given.client_request_id.strip(),
        "title": given.title.strip(),
        "hazard": given.hazard.strip(),
        "reason": given.reason.strip(),
    }
    for name, value in texts.items():
        if not value:
            return InvalidInput(field=name, message="must not be empty")
        if len(value) > LIMITS[name]:
            return InvalidInput(field=name, message=f"must be at most {LIMITS[name]} characters")
    issuer = str(given.issuer_id).strip() if given.issuer_id is not None else who.agency_id
    if issuer != who.agency_id and who.role is not Role.ADMIN:
        return Forbidden(message=f"a regulator issues orders only for its own agency ({who.agency_id})")
    product = str(given.targets.product_id).strip() if given.targets.product_id is not None else None
    batches = [str(b).strip() for b in given.targets.batch_ids or []]
    if product is not None and batches:
        return InvalidInput(field="targets", message="give either productId or batchIds, not both")
    shipments = [str(s).strip() for s in given.targets.shipment_ids or []]
    if given.targets.shipment_ids is not None and not shipments:
        return InvalidInput(field="targets.shipmentIds", message="must list at least one shipment")
    if product is None and given.targets.batch_ids is None and not shipments:
        return InvalidInput(field="targets", message="give a productId, batchIds or shipmentIds")
    if product == "":
        return InvalidInput(field="targets.productId", message="must not be empty")
    if product is None and given.targets.batch_ids is not None and not batches:
        return InvalidInput(field="targets.batchIds", message="must list at least one batch")
    if len(shipments) > data.MAX_BATCHES:
        return InvalidInput(
            field="targets.shipmentIds", message=f"must list at most {data.MAX_BATCHES} shipments"
        )
    listed: dict[str, int] = {}
    for i, shipment in enumerate(shipments):
        if not shipment:
            return InvalidInput(field=f"targets.shipmentIds[{i}]", message="must not be empty")
        if shipment in listed:
            return InvalidInput(
                field=f"targets.shipmentIds[{i}]", message=f"repeats targets.shipmentIds[{listed[shipment]}]"
            )
        listed[shipment] = i
    if len(batches) > data.MAX_BATCHES:
        return InvalidInput(field="targets.batchIds", message=f"must list at most {data.MAX_BATCHES} batches")
    seen: dict[str, int] = {}
    for i, batch in enumerate(batches):
        if not batch:
            return InvalidInput(field=f"targets.batchIds[{i}]", message="must not be empty")
        if batch in seen:
            return InvalidInput(
                field=f"targets.batchIds[{i}]", message=f"repeats targets.batchIds[{seen[batch]}]"
            )
        seen[batch] = i
    return data.RecallOrder(
        client_request_id=texts["clientRequestId"],
        issuer_id=issuer,
        measure=given.measure.value,
        risk_level=given.risk_level.value,
        title=texts["title"],
        hazard=texts["hazard"],
        reason=texts["reason"],
        issued_on=given.issued_on or dt.datetime.now(dt.UTC).date(),
        product_id=product,
        batch_ids=tuple(batches),
        shipment_ids=tuple(shipments),
    )


@strawberry.type
class RecallMutation:
    @strawberry.mutation(
        description=(
            "Issue a recall or other disposal order (regulators and administrators). Idempotent "
            "per client request id: a retry returns the same recall and creates nothing."
        )
    )
    async def issue_recall(
        self,
        info: Info,
        input: Annotated[IssueRecallInput, strawberry.argument(description="The order.")],
    ) -> IssueRecallResult:
        if not policy.allows(info.context.principal.role, "Mutation", "issueRecall"):
            return Forbidden(message="only regulators and administrators may issue recalls")
        order = _validate(info, input)
        if not isinstance(order, data.RecallOrder):
            return order
        issued = await data.issue_recall(info.context.cypher, order)
        found = issued.found  # when a reference is missing, nothing was written
        if not found["agency"]:
            return InvalidInput(field="issuerId", message=f"no agency {show(order.issuer_id)}")
        if not found["product"]:
            return InvalidInput(field="targets.productId", message=f"no product {show(order.product_id)}")
        if found["missing"]:
            first = found["missing"][0]
            return InvalidInput(
                field=f"targets.batchIds[{first}]",
                message=f"no batch {show(order.batch_ids[first])} ({len(found['missing'])} unknown in all)",
            )
        if found["missingShipments"]:
            first = found["missingShipments"][0]
            return InvalidInput(
                field=f"targets.shipmentIds[{first}]",
                message=(
                    f"no shipment {show(order.shipment_ids[first])} "
                    f"({len(found['missingShipments'])} unknown in all)"
                ),
            )
        assert issued.row is not None  # every reference exists, so the recall was merged
        if not issued.same_request:
            return InvalidInput(
                field="clientRequestId",
                message="already used for a different recall; use a new id for a new request",
            )
        return IssueRecallSuccess(recall=Recall.from_row(issued.row), created=issued.created)
