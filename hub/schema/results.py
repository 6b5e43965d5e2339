"""Result types that every mutation shares (a low module: it imports no other schema module)."""

from __future__ import annotations

import strawberry


@strawberry.type(description="The input is unusable; `field` names the offending input field.")
class InvalidInput:
    field: str = strawberry.field(description="Path of the input field, e.g. `targets.batchIds[2]`.")
    message: str = strawberry.field(description="What is wrong with it.")


@strawberry.type(description="The caller may not do this.")
class Forbidden:
    message: str = strawberry.field(description="Why not.")
