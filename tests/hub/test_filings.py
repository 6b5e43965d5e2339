"""Filings: fileEnterprise / fileProduct, status changes, history, and the status on a date."""

from typing import Any

from neo4j import AsyncDriver

from tests.factories_supervision import count, supervision_graph
from tests.http import ADMIN, ANALYST, PARTNER_NZ, PARTNER_SG, Hub

FILE = """
mutation($input: FileInput!) {
  fileEnterprise(input: $input) {
    __typename
    ... on FileSuccess { created filing { id kind status filedOn validUntil enterpriseId agencyId productId } }
    ... on InvalidInput { field message }
    ... on Forbidden { message }
  }
}"""
FILE_PRODUCT = """
mutation($input: FileProductInput!) {
  fileProduct(input: $input) {
    __typename
    ... on FileSuccess { created filing { id kind status enterpriseId productId } }
    ... on InvalidInput { field message }
  }
}"""
CHANGE = """
mutation($input: ChangeStatusInput!) {
  changeStatus(input: $input) {
    __typename
    ... on StatusChanged { created change { id recordKind recordId fromStatus toStatus effectiveOn agencyId byKey reason } }
    ... on InvalidInput { field message }
    ... on Forbidden { message }
    ... on NotFound { field message }
    ... on Conflict { field message currentStatus }
  }
}"""
STATUS = """
query($e: ID!, $d: Date!, $p: ID) { filingStatus(enterpriseId: $e, asOf: $d, productId: $p) { asOf status filingId } }
"""


def _file(**changes: Any) -> dict[str, Any]:
    base = {
        "clientRequestId": "file-1",
        "enterpriseId": "E-SELL",
        "filedOn": "2026-01-10",
        "reason": "new cross-border seller",
    }
    return {**base, **changes}


def change(
    hub: Hub, crid: str, kind: str, rid: str, frm: str, to: str, on: str, key: str | None = None
) -> Any:
    variables = {
        "input": {
            "clientRequestId": crid,
            "recordKind": kind,
            "recordId": rid,
            "expectedStatus": frm,
            "status": to,
            "effectiveOn": on,
            "reason": f"{frm} to {to}",
        }
    }
    reply = hub.gql(CHANGE, variables, key=key) if key else hub.gql(CHANGE, variables)
    return reply.data["changeStatus"]


async def test_filing_suspended_between_two_dates(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    made = hub.gql(FILE, {"input": _file(validUntil="2026-09-30")}).data["fileEnterprise"]
    assert made["__typename"] == "FileSuccess" and made["created"] is True
    filing = made["filing"]
    fid = filing["id"]
    assert filing == {
        "id": fid, "kind": "enterprise", "status": "PENDING", "filedOn": "2026-01-10",
        "validUntil": "2026-09-30", "enterpriseId": "E-SELL", "agencyId": "AG-CN-GACC", "productId": None,
    }  # fmt: skip
    steps = [
        ("pending", "filed", "2026-02-01"),
        ("filed", "suspended", "2026-05-01"),
        ("suspended", "filed", "2026-06-15"),
    ]
    for i, (frm, to, on) in enumerate(steps):
        done = change(hub, f"chg-{i}", "FILING", fid, frm, to, on)
        assert done["__typename"] == "StatusChanged", done
        assert (done["change"]["fromStatus"], done["change"]["toStatus"], done["change"]["effectiveOn"]) == (
            frm,
            to,
            on,
        )
    expected = {
        "2026-01-09": None,  # before the filing date: nothing filed
        "2026-01-10": "PENDING",  # the filing date itself (inclusive)
        "2026-01-31": "PENDING",
        "2026-02-01": "FILED",
        "2026-04-30": "FILED",  # the day before the suspension
        "2026-05-01": "SUSPENDED",  # the suspension's own date (inclusive)
        "2026-06-14": "SUSPENDED",
        "2026-06-15": "FILED",  # reinstated
        "2026-09-30": "FILED",  # last valid day (inclusive)
        "2026-10-01": "EXPIRED",  # the day after validUntil
    }
    for day, status in expected.items():
        got = hub.gql(STATUS, {"e": "E-SELL", "d": day}).data["filingStatus"]
        assert got == {"asOf": day, "status": status, "filingId": fid if status else None}, day
    # the history is kept, oldest first, and the enterprise's own status follows the filing
    data = hub.gql(
        """query($id: ID!) { filing(id: $id) { status timeline { fromStatus toStatus effectiveOn agencyId byKey } }
             enterprise(id: "E-SELL") { filingStatus filings(first: 5) { totalCount edges { node { id } } } } }""",
        {"id": fid},
    ).data
    assert [(c["fromStatus"], c["toStatus"], c["effectiveOn"]) for c in data["filing"]["timeline"]] == [
        (None, "pending", "2026-01-10"),
        *steps,
    ]
    assert {c["agencyId"] for c in data["filing"]["timeline"]} == {"AG-CN-GACC"}
    assert {c["byKey"] for c in data["filing"]["timeline"]} == {"regulator"}
    assert data["enterprise"]["filingStatus"] == "FILED" and data["filing"]["status"] == "FILED"
    assert data["enterprise"]["filings"] == {"totalCount": 1, "edges": [{"node": {"id": fid}}]}
    # a change dated before the last one would rewrite history: refused
    early = change(hub, "chg-early", "FILING", fid, "filed", "revoked", "2026-06-01")
    assert early == {
        "__typename": "InvalidInput", "field": "input.effectiveOn",
        "message": "must not be before the record's last change (2026-06-15)",
    }  # fmt: skip
    assert await count(graph, "MATCH (c:StatusChange {recordId: $id}) RETURN count(c)", id=fid) == 4


async def test_file_product_and_retry(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    given = {"input": {**_file(clientRequestId="prod-1", status="FILED"), "productId": "P-CREAM"}}
    first = hub.gql(FILE_PRODUCT, given).data["fileProduct"]
    assert first["created"] is True and first["filing"]["kind"] == "product"
    assert first["filing"]["status"] == "FILED" and first["filing"]["productId"] == "P-CREAM"
    retry = hub.gql(FILE_PRODUCT, given).data["fileProduct"]
    assert retry == {**first, "created": False}
    assert await count(graph, "MATCH (f:Filing {kind: 'product'}) RETURN count(f)") == 1
    got = hub.gql(STATUS, {"e": "E-SELL", "d": "2026-03-01", "p": "P-CREAM"}).data["filingStatus"]
    assert got["status"] == "FILED"
    # the enterprise itself has no enterprise filing
    assert hub.gql(STATUS, {"e": "E-SELL", "d": "2026-03-01"}).data["filingStatus"]["status"] is None
    listed = hub.gql('{ product(id: "P-CREAM") { filings(first: 5) { totalCount } } }').data
    assert listed["product"]["filings"]["totalCount"] == 1
    changed = hub.gql(FILE_PRODUCT, {"input": {**given["input"], "reason": "other"}}).data["fileProduct"]
    assert changed == {
        "__typename": "InvalidInput", "field": "input.clientRequestId",
        "message": "already used for a different filing; use a new id for a new request",
    }  # fmt: skip
    bad = hub.gql(FILE_PRODUCT, {"input": {**_file(clientRequestId="p2"), "productId": "NOPE"}}).data[
        "fileProduct"
    ]
    assert bad == {"__typename": "InvalidInput", "field": "input.productId", "message": "no product 'NOPE'"}


async def test_filing_refusals(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    refused = hub.gql(FILE, {"input": _file()}, key=ANALYST).data["fileEnterprise"]
    assert refused == {
        "__typename": "Forbidden",
        "message": "only regulators and administrators may change supervision records",
    }

    # a partner agency's schema has only its own mutation (submitPartnerRating): refused at
    # validation, before any resolver runs
    partner = hub.gql(FILE, {"input": _file()}, key=PARTNER_SG)
    assert partner.body.get("data") is None
    assert "Cannot query field 'fileEnterprise' on type 'Mutation'." in partner.error_messages
    other = hub.gql(FILE, {"input": _file(agencyId="AG-CN-SAMR")}).data["fileEnterprise"]
    assert other["__typename"] == "Forbidden"
    cases = [
        (_file(enterpriseId="E-NOPE"), "input.enterpriseId", "no enterprise 'E-NOPE'"),
        (_file(reason=" "), "input.reason", "must not be empty"),
        (_file(validUntil="2026-01-01"), "input.validUntil", "must not be before filedOn"),
        (_file(filedOn="2099-01-01"), "input.filedOn", "must not be in the future"),
    ]
    for given, field, message in cases:
        got = hub.gql(FILE, {"input": given}).data["fileEnterprise"]
        assert got == {"__typename": "InvalidInput", "field": field, "message": message}
    assert await count(graph, "MATCH (f:Filing) RETURN count(f)") == 1  # only the lab's
    # an admin files with another agency, whose regulator alone may then change it
    admin = hub.gql(FILE, {"input": _file(agencyId="AG-CN-SAMR")}, key=ADMIN).data["fileEnterprise"]
    fid = admin["filing"]["id"]
    denied = change(hub, "c-1", "FILING", fid, "pending", "filed", "2026-02-01")
    assert denied == {
        "__typename": "Forbidden",
        "message": f"the filing '{fid}' belongs to agency AG-CN-SAMR",
    }
    # partners see no filing without a `filing` grant (the SG arrangement grants none)
    seen = hub.gql("query($id: ID!) { filing(id: $id) { id } }", {"id": fid}, key=PARTNER_SG).data
    assert seen == {"filing": None}
    assert hub.gql(STATUS, {"e": "E-SELL", "d": "2026-03-01"}, key=PARTNER_SG).data == {"filingStatus": None}


async def test_a_partner_sees_filings_only_under_a_filing_grant(graph: AsyncDriver, hub: Hub) -> None:
    await supervision_graph(graph)
    fid = hub.gql(FILE, {"input": _file()}).data["fileEnterprise"]["filing"]["id"]
    query = """query($id: ID!) { filing(id: $id) { id status timeline { toStatus } }
                 filingStatus(enterpriseId: "E-SELL", asOf: "2026-02-01") { status } }"""
    assert hub.gql(query, {"id": fid}, key=PARTNER_SG).data == {"filing": None, "filingStatus": None}
    await graph.execute_query(
        "MATCH (a:Arrangement {arrangementId: 'ARR-CN-SG'}) SET a.grants = a.grants + 'filing'",
        database_="neo4j",
    )
    seen = hub.gql(query, {"id": fid}, key=PARTNER_SG).data
    assert seen == {
        "filing": {"id": fid, "status": "PENDING", "timeline": [{"toStatus": "pending"}]},
        "filingStatus": {"status": "PENDING"},
    }
    # who made a change (the API key's name) stays domestic: not in the partner schema
    hidden = hub.gql(
        "query($id: ID!) { filing(id: $id) { timeline { byKey } } }", {"id": fid}, key=PARTNER_SG
    )
    assert hidden.error_messages and "byKey" in hidden.error_messages[0]
    # NZ is party to no arrangement: nothing
    assert hub.gql(query, {"id": fid}, key=PARTNER_NZ).data == {"filing": None, "filingStatus": None}
