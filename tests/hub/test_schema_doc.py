"""The schema documents itself, and changes to it are deliberate."""

from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

from hub.schema import build_schema

SNAPSHOT = Path(__file__).resolve().parents[2] / "hub" / "schema.graphql"


def test_printed_schema_matches_the_committed_snapshot() -> None:
    printed = str(build_schema()).strip() + "\n"
    assert printed == SNAPSHOT.read_text(), (
        "the GraphQL schema changed; review it and run `make schema` to update hub/schema.graphql"
    )


def test_every_type_field_and_argument_has_a_description() -> None:
    schema = build_schema()._schema
    missing: list[str] = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID", "Date"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(graphql_type, GraphQLEnumType) and not graphql_type.description:
            missing.append(name)
    assert missing == []
