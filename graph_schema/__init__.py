"""The hub's graph: labels, relationship types, keys, migrations and writes.

This package owns the Neo4j model. It imports neither `hub` nor `loaders`.
"""
