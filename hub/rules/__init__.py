"""Decision rules as pure code over versioned data: no I/O, no GraphQL.

Both the screening decision and the recognition answers evaluate the same
rules here, so a rate or a verdict is derived in exactly one place.
"""
