"""The fast path's renderer for slim rows (hub/data/compiled_slim.py): values by position.

The plan (hub/schema/fast.py) notes, for each selected scalar field, the stored
property it reads in its row's family (`want`: an ordered list per family,
shared by every root field of the request); the statement returns those
properties as the list `v` of each row, and this renderer reads each field at
its position. Conversions, non-null checks and everything else are those of
hub/schema/fast_render.py Renderer (same tables, same NotFast cases).
"""

from __future__ import annotations

from typing import Any, Final

from graphql import FieldNode, FragmentDefinitionNode, GraphQLObjectType
from graphql.execution.values import VariableValues

from hub.schema.fast_render import (
    _AT,
    _LIST,
    _NESTED,
    _OBJECT,
    _OTHER,
    _SCALAR,
    _TYPENAME,
    OBJECTS,
    SCALARS,
    NotFast,
    Renderer,
    Scalar,
    Step,
    _date,
    _id,
    _same,
)

# The renderer's tables plus what only slim rows carry: a shipment's declaration (its scalar fields;
# `declarant` and `agency` stay with the general path). Not added to fast_render's tables, which the
# recall-impact renderer shares and whose rows hold no declaration.
SLIM_SCALARS: Final[dict[str, dict[str, Scalar]]] = {
    **SCALARS,
    "Declaration": {
        "id": ("declarationId", _id, True),
        "number": ("number", _same, True),
        "declaredOn": ("declaredOn", _date, True),
        "status": ("status", _same, False),
        "shipmentCount": ("shipmentCount", _same, True),
    },
}
SLIM_OBJECTS: Final[dict[str, dict[str, tuple[str, bool]]]] = {
    **OBJECTS,
    "Shipment": {**OBJECTS["Shipment"], "declaration": ("declaration", False)},
}

# The family of a row of each type at the top of a connection or root field ...
ROOT_FAMILY: Final = {"Enterprise": "enterprise", "Shipment": "shipment"}
# ... and of a child object (MAP: a map with its own keys, no `v`).
MAP: Final = "map"
CHILD_FAMILY: Final = {
    "seller": "party", "platform": "party", "importer": "party", "logistics": "party", "warehouse": "party",
    "carried": MAP, "batch": "batch", "product": "product", "declaration": "declaration",
}  # fmt: skip
# Scalars computed in the statement, under their own key and switched on by a `$want` flag.
COMPUTED: Final = {
    ("enterprise", "filingStatus"): "filingStatus",
    ("shipment", "stage"): "stage",
    ("declaration", "shipmentCount"): "shipmentCount",
}


def _iso(value: Any) -> Any:
    """A slim row's date: ISO text from the statement (`toString` of a date is `YYYY-MM-DD`, what
    `date.isoformat()` gives for every date Python holds)."""
    return value if isinstance(value, str) else _date(value)


# Conversions made cheaper for slim rows: no call for a value passed as it is.
_FASTER: Final[dict[Any, Any]] = {_same: None, _date: _iso}


def note(want: dict[str, Any], family: str, type_name: str, name: str) -> None:
    """Records that scalar `name` of a `type_name` row of `family` is selected."""
    if family == MAP:
        return  # a carried entry: quantity and unit are always in its map
    flag = COMPUTED.get((family, name))
    if flag is not None:
        want[flag] = True
        return
    column = SLIM_SCALARS[type_name][name][0]
    columns: list[str] = want.setdefault(family, [])
    if column not in columns:
        columns.append(column)


class SlimRenderer(Renderer):
    def __init__(self, fragments: dict[str, FragmentDefinitionNode], variables: VariableValues) -> None:
        super().__init__(fragments, variables)
        self.want: dict[str, Any] = {}  # filled by the plan, read by the statements and the steps
        self._slim: dict[tuple[Any, ...], list[Step]] = {}

    def steps(
        self, gtype: GraphQLObjectType, nodes: list[FieldNode], family: str | None = None
    ) -> list[Step]:
        """Rendering steps of a row of `gtype` in `family` (by default the type's root family)."""
        family = ROOT_FAMILY.get(gtype.name, MAP) if family is None else family
        key = (gtype.name, family, *map(id, nodes))
        found = self._slim.get(key)
        if found is not None:
            return found
        found = self._slim[key] = []
        scalars = SLIM_SCALARS.get(gtype.name, {})
        objects = SLIM_OBJECTS.get(gtype.name, {})
        for out_key, group in self.fields(gtype, nodes).items():
            name = group[0].name.value
            if name == "__typename":
                found.append((out_key, _TYPENAME, gtype.name, None, None))
            elif name in scalars:
                column, convert, required = scalars[name]
                convert = _FASTER.get(convert, convert)
                flag = COMPUTED.get((family, name))
                if family == MAP or flag is not None:
                    found.append((out_key, _SCALAR, flag or column, convert, required))
                else:
                    columns = self.want.get(family, [])
                    if column not in columns:
                        raise NotFast(f"{gtype.name}.{name} not planned")
                    found.append((out_key, _AT, columns.index(column), convert, required))
            elif name in objects:
                column, many = objects[name]
                child = self.steps(self.child_type(gtype, name), group, CHILD_FAMILY[name])
                found.append((out_key, _LIST if many else _OBJECT, column, child, None))
            elif gtype.name == "Enterprise" and name == "shipments":
                found.append((out_key, _NESTED, None, self.child_type(gtype, name), group))
            else:
                found.append((out_key, _OTHER, f"{gtype.name}.{name}", None, None))
        return found
