"""The four workloads of bench/peer/run.py: the hub's query, the peer's equivalent, one normal form.

Each workload names a GraphQL document per side and how to build the
variables of the i-th request from a fixed, deterministic list of keys
(offsets, shipment ids, recall ids), so that both sides read the same rows in
the same order. `normalise` turns either side's `data` into one shape (field
names, connections flattened, enum values lower case, carried batches sorted)
so that the runner can compare the answers exactly.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

PAGE: Final = 20  # a and d: enterprises per request
IMPACT_PAGE: Final = 100  # c': shipments per request
LATEST: Final = 10  # d: shipments per enterprise

_PARTY: Final = "{ id name }"
_PEER_PARTY: Final = "{ enterpriseId name }"

HUB_A: Final = """query($after: String) { enterprises(first: 20, after: $after, sort: NAME) {
  edges { node { id name kind country region uscc eori gln } } } }"""
PEER_A: Final = """query($offset: Int) {
  enterprises(limit: 20, offset: $offset, sort: [{name: ASC}, {enterpriseId: ASC}]) {
    enterpriseId name kind country region uscc eori gln } }"""

HUB_B: Final = f"""query($id: ID!) {{ shipment(id: $id) {{
  id waybill direction mode status port originCountry consigneeRegion declaredOn releasedOn deliveredOn
  seller {_PARTY} platform {_PARTY} importer {_PARTY} logistics {_PARTY} warehouse {_PARTY}
  declaration {{ id number declaredOn }}
  carried {{ quantity unit batch {{ id lotCode product {{ id name gtin }} }} }} }} }}"""
PEER_B: Final = f"""query($id: ID!) {{ shipments(where: {{shipmentId: {{eq: $id}}}}) {{
  shipmentId waybill direction mode status port originCountry consigneeRegion declaredOn releasedOn
  deliveredOn
  seller {_PEER_PARTY} platform {_PEER_PARTY} importer {_PEER_PARTY} logistics {_PEER_PARTY}
  warehouse {_PEER_PARTY}
  declaration {{ declarationId number declaredOn }}
  carriesConnection {{ edges {{ properties {{ quantity unit }}
    node {{ batchId lotCode product {{ productId name gtin }} }} }} }} }} }}"""

HUB_C: Final = f"""query($id: ID!) {{ recall(id: $id) {{ id impact {{ shipments(first: 100) {{ edges {{ node {{
  id declaredOn status port
  seller {_PARTY} platform {_PARTY} importer {_PARTY} logistics {_PARTY} warehouse {_PARTY} }} }} }} }} }} }}"""
PEER_C: Final = f"""query($id: ID!) {{ recalls(where: {{recallId: {{eq: $id}}}}) {{
  recallId affectedShipments(first: 100) {{ shipmentId declaredOn status port
  seller {_PEER_PARTY} platform {_PEER_PARTY} importer {_PEER_PARTY} logistics {_PEER_PARTY}
  warehouse {_PEER_PARTY} }} }} }}"""

HUB_D: Final = """query($after: String) {
  enterprises(first: 20, after: $after, sort: NAME, filter: {kind: SELLER}) { edges { node { id name
    shipments(role: SELLER, first: 10) { edges { node { id declaredOn status
      carried { quantity unit batch { id lotCode } } } } } } } } }"""
PEER_D: Final = """query($offset: Int) {
  enterprises(where: {kind: {eq: "seller"}}, limit: 20, offset: $offset,
              sort: [{name: ASC}, {enterpriseId: ASC}]) { enterpriseId name
    sold(limit: 10, sort: [{declaredOn: DESC}, {shipmentId: ASC}]) { shipmentId declaredOn status
      carriesConnection { edges { properties { quantity unit } node { batchId lotCode } } } } } }"""


def hub_cursor(offset: int) -> str | None:
    """The hub's `after` for a page starting at `offset` (hub/data/paging.py: after = last row seen)."""
    if offset == 0:
        return None
    return base64.urlsafe_b64encode(f"cursor:v1:{offset - 1}".encode()).decode()


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    hub_query: str
    peer_query: str
    hub_vars: Callable[[Any], dict[str, Any]]
    peer_vars: Callable[[Any], dict[str, Any]]


def _by_offset(key: str, title: str, hub: str, peer: str) -> Workload:
    return Workload(key, title, hub, peer, lambda o: {"after": hub_cursor(o)}, lambda o: {"offset": o})


def _by_id(key: str, title: str, hub: str, peer: str) -> Workload:
    return Workload(key, title, hub, peer, lambda i: {"id": i}, lambda i: {"id": i})


WORKLOADS: Final = (
    _by_offset("a", "enterprises(first: 20) by name", HUB_A, PEER_A),
    _by_id("b", "shipment by id + parties + batches", HUB_B, PEER_B),
    _by_id("c'", "recall impact, 100 shipments + parties", HUB_C, PEER_C),
    _by_offset("d", "20 sellers x 10 latest shipments x batches", HUB_D, PEER_D),
)

# Field names of the peer (stored property names) -> the hub's.
_RENAME: Final = {
    "enterpriseId": "id",
    "shipmentId": "id",
    "batchId": "id",
    "productId": "id",
    "declarationId": "id",
    "recallId": "id",
    "sold": "shipments",
    "carriesConnection": "carried",
    "affectedShipments": "shipments",
}
# Enum-valued fields: the hub answers SELLER where the graph (and the peer) hold "seller".
_ENUMS: Final = frozenset({"kind", "direction", "mode", "status"})


def _flatten(value: Any) -> Any:
    """A connection ({edges: [{node, properties?}]}) becomes the list of its nodes."""
    if isinstance(value, dict) and set(value) == {"edges"}:
        rows = []
        for edge in value["edges"]:
            node = _norm(edge["node"])
            if "properties" in edge:  # a relationship connection: CARRIES {quantity, unit} -> batch
                rows.append({**_norm(edge["properties"]), "batch": node})
            else:
                rows.append(node)
        return rows
    return _norm(value)


def _norm(value: Any) -> Any:
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, raw in value.items():
        name = _RENAME.get(key, key)
        item = _flatten(raw)
        if name in _ENUMS and isinstance(item, str):
            item = item.lower()
        if name == "carried" and isinstance(item, list):
            item = sorted(item, key=lambda c: (c["batch"]["id"], c["quantity"]))
        out[name] = item
    return out


def normalise(key: str, data: dict[str, Any]) -> Any:
    """One side's `data` for workload `key` in the common form (a list of rows)."""
    if key == "a" or key == "d":
        return _flatten(data["enterprises"])
    if key == "b":
        if "shipment" in data:
            found = data["shipment"]
            return [_norm(found)] if found is not None else []
        return _norm(data["shipments"])
    if key == "c'":
        if "recall" in data:
            recall = data["recall"]
            return [] if recall is None else _flatten(recall["impact"]["shipments"])
        recalls = data["recalls"]
        return [] if not recalls else _norm(recalls[0])["shipments"]
    raise KeyError(key)


def difference(left: Any, right: Any, path: str = "") -> str | None:
    """Where two normal forms first differ (a path and both values), or None when equal."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            if key not in left or key not in right:
                return f"{path}.{key}: only on the {'hub' if key in left else 'peer'}"
            found = difference(left[key], right[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return f"{path}: {len(left)} rows on the hub, {len(right)} on the peer"
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            found = difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if left == right else f"{path}: hub {left!r}, peer {right!r}"
