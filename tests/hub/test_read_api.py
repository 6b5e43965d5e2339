"""The first-cut read API through the real HTTP app on a real Neo4j."""

from neo4j import AsyncDriver

from tests.factories import many_shipments, small_graph
from tests.http import ANALYST, PARTNER_NZ, PARTNER_SG, Hub

ENTERPRISES = """
query($first: Int!, $after: String, $filter: EnterpriseFilterInput) {
  enterprises(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id name kind uscc } }
  }
}"""


async def test_enterprises_pages_cover_all_rows_once(graph: AsyncDriver, hub: Hub) -> None:
    await small_graph(graph)
    seen: list[str] = []
    after = None
    while True:
        reply = hub.gql(ENTERPRISES, {"first": 2, "after": after})
        page = reply.data["enterprises"]
        assert page["totalCount"] == 6
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # ordered by name, every enterprise exactly once
    assert seen == ["E-SELL", "E-WH", "E-IMP", "E-MAKER", "E-LOG", "E-PLAT"]


async def test_filters_and_identifier_lookup(graph: AsyncDriver, hub: Hub) -> None:
    await small_graph(graph)
    reply = hub.gql(ENTERPRISES, {"first": 10, "filter": {"identifier": "91350100M000100Y43"}})
    assert [e["node"]["id"] for e in reply.data["enterprises"]["edges"]] == ["E-SELL"]
    reply = hub.gql(ENTERPRISES, {"first": 10, "filter": {"kind": "PLATFORM", "nameContains": "tmall"}})
    assert [e["node"]["name"] for e in reply.data["enterprises"]["edges"]] == ["Tmall Global"]


async def test_links_between_types(graph: AsyncDriver, hub: Hub) -> None:
    await small_graph(graph)
    reply = hub.gql("""{
      shipment(id: "S2") {
        status consigneeRegion declaredOn
        seller { name } platform { name } importer { name } logistics { name } warehouse { name }
        declaration { number shipmentCount agency { id } declarant { id } }
        carried { quantity batch { lotCode product { name maker { name } } } }
      }
      recall(id: "R1") { measure riskLevel issuedOn issuer { id } targetBatches { id } targetProducts { id } }
      product(id: "P-CREAM") { batches(first: 5) { totalCount edges { node { id traceCodes(first: 5) { edges { node { code } } } } } } }
    }""")
    shipment = reply.data["shipment"]
    assert shipment["status"] == "DELIVERED" and shipment["declaredOn"] == "2026-03-02"
    assert shipment["seller"]["name"] == "Blue Harbor Trading"
    assert shipment["warehouse"]["name"] == "Ningbo Bonded Warehouse 3"
    assert shipment["declaration"] == {
        "number": "CEB2026000001",
        "shipmentCount": 3,
        "agency": {"id": "AG-CN-GACC"},
        "declarant": {"id": "E-IMP"},
    }
    assert sorted((c["batch"]["lotCode"], c["quantity"]) for c in shipment["carried"]) == [
        ("L2026A", 5),
        ("L2026B", 7),
    ]
    assert {c["batch"]["product"]["maker"]["name"] for c in shipment["carried"]} == {"Osaka Cosmetics KK"}
    recall = reply.data["recall"]
    assert recall == {
        "measure": "MANDATORY_RECALL",
        "riskLevel": "HIGH",
        "issuedOn": "2026-04-01",
        "issuer": {"id": "AG-CN-GACC"},
        "targetBatches": [{"id": "B1"}],
        "targetProducts": [],
    }
    batches = reply.data["product"]["batches"]
    assert batches["totalCount"] == 2
    assert [e["node"]["id"] for e in batches["edges"]] == ["B2", "B1"]  # newest production first
    assert batches["edges"][1]["node"]["traceCodes"]["edges"] == [{"node": {"code": "QR-0001"}}]


async def test_statements_do_not_grow_with_rows(graph: AsyncDriver, hub: Hub) -> None:
    await small_graph(graph)
    await many_shipments(graph, 60)
    query = """query($n: Int!) { shipments(first: $n) { totalCount edges { node {
        id seller { name } platform { name } importer { name } declaration { number agency { name } }
        carried { quantity batch { lotCode product { name maker { name } } } } } } } }"""
    counts = {}
    for n in (1, 10, 50):
        reply = hub.gql(query, {"n": n})
        assert len(reply.data["shipments"]["edges"]) == n
        counts[n] = reply.statements
    assert counts[1] == counts[10] == counts[50]
    # the list; then per level: enterprises, declarations, batches; agencies, products; makers
    assert counts[50] == 7


async def test_unknown_ids_are_null_and_bad_arguments_are_named(graph: AsyncDriver, hub: Hub) -> None:
    await small_graph(graph)
    reply = hub.gql('{ enterprise(id: "nope") { id } product(id: "nope") { id } }')
    assert reply.data == {"enterprise": None, "product": None}
    reply = hub.gql("{ enterprises(first: 0) { totalCount } }")
    assert reply.error_messages == ["argument first: must be between 1 and 100, got 0"]
    reply = hub.gql('{ enterprises(first: 5, after: "bogus") { totalCount } }')
    assert reply.error_messages == ["argument after: is not a cursor issued by this API"]


async def test_partner_sees_only_what_its_arrangement_grants(graph: AsyncDriver, hub: Hub) -> None:
    await small_graph(graph)
    query = "{ enterprises(first: 50) { totalCount edges { node { id } } } recalls(first: 5) { totalCount } }"
    sg = hub.gql(query, key=PARTNER_SG).data
    assert [e["node"]["id"] for e in sg["enterprises"]["edges"]] == ["E-SELL"]  # rated by GACC, MRA grants it
    assert sg["recalls"]["totalCount"] == 1
    nz = hub.gql(query, key=PARTNER_NZ).data
    assert nz["enterprises"]["totalCount"] == 0 and nz["recalls"]["totalCount"] == 0
    # parcel-level data is never shared: the partner schema has no shipments
    parcels = "{ shipments(first: 5) { totalCount } }"
    assert hub.gql(parcels, key=PARTNER_SG).error_messages == [
        "Cannot query field 'shipments' on type 'Query'."
    ]
    analyst = hub.gql(query[:-1] + parcels[1:], key=ANALYST).data
    assert analyst["enterprises"]["totalCount"] == 6 and analyst["shipments"]["totalCount"] == 3


def test_no_key_or_wrong_key_is_401(hub: Hub) -> None:
    missing = hub.client.post("/graphql", json={"query": "{ agencies(first: 1) { totalCount } }"})
    assert missing.status_code == 401
    assert "missing Authorization header" in missing.json()["errors"][0]["message"]
    wrong = hub.gql("{ agencies(first: 1) { totalCount } }", key="not-a-real-key")
    assert wrong.status == 401 and wrong.error_messages == ["unknown API key"]
    assert hub.client.get("/healthz").json() == {"status": "ok"}
    page = hub.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    via_get = hub.client.get("/graphql", params={"query": "{ agencies(first: 1) { totalCount } }"})
    assert via_get.status_code == 401
    assert hub.client.get("/readyz").json() == {"status": "ready", "neo4j": "ok"}


def test_query_limits_refuse_deep_or_wide_queries(hub: Hub) -> None:
    deep = """{ enterprise(id: "E-SELL") { products { edges { node { batches { edges { node {
        shipments { edges { node { seller { products { edges { node { id } } } } } } } } } } } } } } }"""
    reply = hub.gql(deep)
    assert reply.body["data"] is None
    assert reply.error_messages == ["the depth is 13, above the limit of 12; nest fewer selections"]
    assert reply.body["errors"][0]["extensions"] == {
        "code": "COST_LIMIT",
        "limit": 12,
        "value": 13,
        "limitName": "depth",
    }
    assert reply.statements == 0
    wide = "{ " + " ".join(f"a{i}: agencies(first: 1) {{ totalCount }}" for i in range(31)) + " }"
    reply = hub.gql(wide)
    assert reply.error_messages and "aliases" in reply.error_messages[0].lower()
    # the same query twice: the cached validation still enforces the limit
    assert hub.gql(deep).error_messages == hub.gql(deep).error_messages
