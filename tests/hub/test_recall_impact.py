"""A recall's impact: affected shipments, totals and groups, on the hand-built trace graph.

Expected answers are worked out by hand in tests/factories_trace.py.
"""

from typing import Any

from neo4j import AsyncDriver

from tests.factories_trace import trace_graph
from tests.http import PARTNER_SG, Hub

PAGE = """
query($id: ID!, $first: Int!, $after: String, $sort: ImpactSort, $filter: ImpactShipmentFilter,
      $asOf: Date, $from: Date, $to: Date) {
  recall(id: $id) {
    impact(asOf: $asOf, declaredFrom: $from, declaredTo: $to) {
      shipments(first: $first, after: $after, sort: $sort, filter: $filter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id units stage status recalledBatches { quantity batch { id } } } }
      }
    }
  }
}"""

TOTALS = """
query($id: ID!, $asOf: Date) {
  recall(id: $id) {
    impact(asOf: $asOf) {
      totals {
        batches shipments units declarations
        underControlShipments underControlUnits inTransitShipments inTransitUnits
        deliveredShipments deliveredUnits returnedShipments returnedUnits
        byRegion { key shipments units }
        byPort { key shipments units }
        bySeller { key name shipments units }
        byPlatform { key shipments units }
        byImporter { key shipments units }
        byWarehouse { key name shipments units }
      }
    }
  }
}"""


def _page(hub: Hub, recall: str, first: int = 20, **variables: Any) -> dict[str, Any]:
    reply = hub.gql(PAGE, {"id": recall, "first": first, **variables})
    return reply.data["recall"]["impact"]["shipments"]  # type: ignore[no-any-return]


def _ids(page: dict[str, Any]) -> list[str]:
    return [e["node"]["id"] for e in page["edges"]]


async def test_product_recall_covers_every_batch_of_the_product(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    page = _page(hub, "R-PROD", sort="ID")
    # S08 carries only B1 (another product), S10 only C1: not affected.
    assert _ids(page) == ["S01", "S02", "S03", "S04", "S05", "S06", "S07", "S09"]
    assert page["totalCount"] == 8
    units = {e["node"]["id"]: e["node"]["units"] for e in page["edges"]}
    assert units == {"S01": 10, "S02": 10, "S03": 20, "S04": 3, "S05": 5, "S06": 1, "S07": 8, "S09": 2}
    # S02 carried two recalled batches: one row, both batches listed, B1 in S05 is not recalled here.
    nodes = {e["node"]["id"]: e["node"] for e in page["edges"]}
    assert nodes["S02"]["recalledBatches"] == [
        {"quantity": 4, "batch": {"id": "A1"}},
        {"quantity": 6, "batch": {"id": "A2"}},
    ]
    assert nodes["S05"]["recalledBatches"] == [{"quantity": 5, "batch": {"id": "A2"}}]


async def test_batch_recall_covers_only_listed_batches(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    page = _page(hub, "R-BATCH", sort="ID")
    assert _ids(page) == ["S02", "S03", "S05", "S07", "S08"]
    nodes = {e["node"]["id"]: e["node"] for e in page["edges"]}
    assert nodes["S02"]["units"] == 6  # A1 x4 in S02 is not recalled
    assert nodes["S05"]["units"] == 7  # A2 x5 + B1 x2, counted once
    assert nodes["S05"]["recalledBatches"] == [
        {"quantity": 5, "batch": {"id": "A2"}},
        {"quantity": 2, "batch": {"id": "B1"}},
    ]
    totals = hub.gql(TOTALS, {"id": "R-BATCH"}).data["recall"]["impact"]["totals"]
    assert (totals["batches"], totals["shipments"], totals["units"], totals["declarations"]) == (2, 5, 91, 2)


async def test_recall_of_a_batch_never_shipped(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    page = _page(hub, "R-NONE")
    assert page == {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}, "edges": []}
    reply = hub.gql(
        '{ recall(id: "R-NONE") { impact { batches { batch { id } product { id } } totals { batches shipments units underControlUnits byRegion { key } } } } }'
    )
    impact = reply.data["recall"]["impact"]
    assert impact["batches"] == [{"batch": {"id": "A3"}, "product": {"id": "PA"}}]
    assert impact["totals"] == {
        "batches": 1,
        "shipments": 0,
        "units": 0,
        "underControlUnits": 0,
        "byRegion": [],
    }


async def test_pages_cover_every_shipment_once_in_stable_order(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    seen: list[str] = []
    sizes: list[int] = []
    after = None
    while True:
        page = _page(hub, "R-PROD", first=3, after=after, sort="QUANTITY_DESC")
        assert page["totalCount"] == 8
        seen += _ids(page)
        sizes.append(len(page["edges"]))
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # quantity desc, ties (S01 and S02 both 10) broken by shipment id
    assert seen == ["S03", "S01", "S02", "S07", "S05", "S04", "S09", "S06"]
    assert sizes == [3, 3, 2]
    newest = _ids(_page(hub, "R-PROD"))  # default: declared on, newest first
    assert newest == ["S07", "S06", "S05", "S04", "S03", "S02", "S01", "S09"]


async def test_totals_and_grouped_counts(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    totals = hub.gql(TOTALS, {"id": "R-PROD"}).data["recall"]["impact"]["totals"]
    assert {k: v for k, v in totals.items() if not k.startswith("by")} == {
        "batches": 3, "shipments": 8, "units": 59, "declarations": 2,
        # under control: S01 declared 10, S02 held 10, S03 and S05 bonded at a warehouse 20 + 5
        "underControlShipments": 4, "underControlUnits": 45,
        "inTransitShipments": 1, "inTransitUnits": 8,  # S07: express, released
        "deliveredShipments": 2, "deliveredUnits": 5,  # S04 3, S09 2
        "returnedShipments": 1, "returnedUnits": 1,  # S06
    }  # fmt: skip
    # groups: most shipments first, then most units, then key
    assert totals["byRegion"] == [
        {"key": "CN-GD", "shipments": 2, "units": 23},
        {"key": "CN-ZJ", "shipments": 2, "units": 20},
        {"key": "CN-SH", "shipments": 2, "units": 9},
        {"key": "CN-BJ", "shipments": 1, "units": 5},
        {"key": "SG-01", "shipments": 1, "units": 2},
    ]
    assert totals["byPort"] == [
        {"key": "CNSHA", "shipments": 4, "units": 26},
        {"key": "CNNGB", "shipments": 3, "units": 25},
        {"key": "CNPVG", "shipments": 1, "units": 8},
    ]
    assert totals["bySeller"] == [
        {"key": "SE1", "name": "Blue Harbor Trading", "shipments": 5, "units": 35},
        {"key": "SE2", "name": "Red Lantern Store", "shipments": 3, "units": 24},
    ]
    assert totals["byPlatform"] == [
        {"key": "PL1", "shipments": 5, "units": 28},
        {"key": "PL2", "shipments": 3, "units": 31},
    ]
    assert totals["byImporter"] == [
        {"key": "IM1", "shipments": 5, "units": 35},
        {"key": "IM2", "shipments": 3, "units": 24},
    ]
    assert totals["byWarehouse"] == [
        {"key": None, "name": None, "shipments": 4, "units": 14},  # S04, S06, S07, S09
        {"key": "WH1", "name": "Ningbo Bonded Warehouse", "shipments": 3, "units": 25},
        {"key": "WH2", "name": "Nansha Bonded Warehouse", "shipments": 1, "units": 20},
    ]
    for group in ("byRegion", "byPort", "bySeller", "byPlatform", "byImporter", "byWarehouse"):
        assert sum(g["shipments"] for g in totals[group]) == 8
        assert sum(g["units"] for g in totals[group]) == 59


async def test_stages_per_shipment(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    page = _page(hub, "R-PROD", sort="ID")
    stages = {e["node"]["id"]: e["node"]["stage"] for e in page["edges"]}
    assert stages == {
        "S01": "UNDER_CONTROL", "S02": "UNDER_CONTROL", "S03": "UNDER_CONTROL", "S04": "DELIVERED",
        "S05": "UNDER_CONTROL", "S06": "RETURNED", "S07": "IN_TRANSIT", "S09": "DELIVERED",
    }  # fmt: skip


async def test_filters_and_time_window(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)

    def ids(**variables: Any) -> list[str]:
        return _ids(_page(hub, "R-PROD", sort="ID", **variables))

    assert ids(filter={"status": ["HELD", "DECLARED"]}) == ["S01", "S02"]
    assert ids(filter={"direction": "OUTBOUND"}) == ["S09"]
    assert ids(filter={"port": "CNSHA"}) == ["S03", "S04", "S06", "S09"]
    assert ids(filter={"consigneeRegion": "CN-SH"}) == ["S06", "S07"]
    assert ids(filter={"platformId": "PL2"}) == ["S03", "S04", "S07"]
    assert ids(filter={"sellerId": "SE2", "port": "CNSHA"}) == ["S03", "S04", "S06"]
    assert ids(filter={"declaredFrom": "2026-03-03", "declaredTo": "2026-03-05"}) == ["S03", "S04", "S05"]
    # as of 2026-03-04: shipments declared later do not exist yet
    assert ids(asOf="2026-03-04") == ["S01", "S02", "S03", "S04", "S09"]
    assert ids(**{"from": "2026-03-01", "to": "2026-03-02"}) == ["S01", "S02"]
    totals = hub.gql(TOTALS, {"id": "R-PROD", "asOf": "2026-03-04"}).data["recall"]["impact"]["totals"]
    assert (totals["shipments"], totals["units"], totals["underControlUnits"], totals["deliveredUnits"]) == (
        5, 45, 40, 5,
    )  # fmt: skip
    reply = hub.gql(
        PAGE,
        {"id": "R-PROD", "first": 5, "filter": {"declaredFrom": "2026-03-05", "declaredTo": "2026-03-01"}},
    )
    assert reply.error_messages == ["argument filter.declaredFrom: must not be after filter.declaredTo"]


async def test_nested_parties_come_from_the_row(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    reply = hub.gql("""{ recall(id: "R-PROD") { impact { shipments(first: 1, filter: {status: [HELD]}) { edges { node {
        id waybill direction mode port originCountry consigneeRegion declaredOn
        seller { id name } platform { id } importer { id } logistics { name } warehouse { id kind }
        declaration { number shipmentCount }
        recalledBatches { quantity unit batch { lotCode } product { name gtin } } } } } } } }""")
    node = reply.data["recall"]["impact"]["shipments"]["edges"][0]["node"]
    assert node == {
        "id": "S02", "waybill": "WB-S02", "direction": "INBOUND", "mode": "BONDED", "port": "CNNGB",
        "originCountry": "JP", "consigneeRegion": "CN-ZJ", "declaredOn": "2026-03-02",
        "seller": {"id": "SE1", "name": "Blue Harbor Trading"}, "platform": {"id": "PL1"},
        "importer": {"id": "IM1"}, "logistics": {"name": "Swift Logistics"},
        "warehouse": {"id": "WH1", "kind": "WAREHOUSE"},
        "declaration": {"number": "CEB-0001", "shipmentCount": 6},  # S01, S02, S05, S07, S09, S10
        "recalledBatches": [
            {"quantity": 4, "unit": "pcs", "batch": {"lotCode": "LA1"}, "product": {"name": "Hydra Face Cream", "gtin": "4901234567894"}},
            {"quantity": 6, "unit": "pcs", "batch": {"lotCode": "LA2"}, "product": {"name": "Hydra Face Cream", "gtin": "4901234567894"}},
        ],
    }  # fmt: skip


async def test_statements_do_not_grow_with_page_size_or_depth(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    shallow = 'query($n: Int!) { recall(id: "R-PROD") { impact { shipments(first: $n) { totalCount edges { node { id } } } totals { units } } } }'
    deep = """query($n: Int!) { recall(id: "R-PROD") { impact {
      shipments(first: $n) { totalCount edges { node { id seller { name } platform { name } importer { name }
        logistics { name } warehouse { name } declaration { number }
        recalledBatches { quantity batch { lotCode } product { name gtin } } } } }
      totals { units byRegion { key } bySeller { key } byWarehouse { key } } } } }"""
    counts = set()
    for query in (shallow, deep):
        for n in (1, 3, 8):
            reply = hub.gql(query, {"n": n})
            assert len(reply.data["recall"]["impact"]["shipments"]["edges"]) == n
            counts.add(reply.statements)
    # the page (with its count; on the fast path it also returns the recall), the totals
    assert counts == {2}


async def test_unknown_recall_and_partner_visibility(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    assert hub.gql('{ recall(id: "R-NOPE") { impact { totals { shipments } } } }').data == {"recall": None}
    unknown = hub.gql(
        '{ product(id: "P-NOPE") { forwardTrace { totals { shipments } } } batch(id: "B-NOPE") { id } }'
    )
    assert unknown.data == {"product": None, "batch": None}
    # SG's arrangement grants recalls, but parcel-level data is never shared with a partner:
    # the partner schema has no `impact` (nor any shipment type)
    reply = hub.gql(TOTALS, {"id": "R-PROD"}, key=PARTNER_SG)
    assert reply.error_messages == ["Cannot query field 'impact' on type 'Recall'."]
    assert hub.gql('{ recall(id: "R-PROD") { id } }', key=PARTNER_SG).data == {"recall": {"id": "R-PROD"}}


def _page_as(hub: Hub, key: str) -> dict[str, Any]:
    reply = hub.gql(PAGE, {"id": "R-PROD", "first": 5}, key=key)
    return reply.data["recall"]["impact"]["shipments"]  # type: ignore[no-any-return]


async def test_product_and_batch_expose_the_same_forward_trace(graph: AsyncDriver, hub: Hub) -> None:
    await trace_graph(graph)
    reply = hub.gql("""{
      product(id: "PA") { forwardTrace { shipments(first: 20, sort: ID) { totalCount edges { node { id units } } } totals { units } } }
      batch(id: "B1") { forwardTrace { shipments(first: 20, sort: ID) { edges { node { id units } } } totals { shipments units byRegion { key units } } } }
    }""")
    product = reply.data["product"]["forwardTrace"]
    recall = _page(hub, "R-PROD", sort="ID")
    assert product["shipments"]["totalCount"] == 8
    assert [e["node"] for e in product["shipments"]["edges"]] == [
        {"id": e["node"]["id"], "units": e["node"]["units"]} for e in recall["edges"]
    ]
    assert product["totals"] == {"units": 59}
    batch = reply.data["batch"]["forwardTrace"]
    assert [e["node"] for e in batch["shipments"]["edges"]] == [
        {"id": "S05", "units": 2},
        {"id": "S08", "units": 50},
    ]
    assert batch["totals"] == {
        "shipments": 2, "units": 52, "byRegion": [{"key": "CN-ZJ", "units": 50}, {"key": "CN-BJ", "units": 2}]
    }  # fmt: skip
