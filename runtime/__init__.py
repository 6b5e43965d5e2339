"""The floor under `hub` and `loaders`: settings from the environment and the one way to run Cypher.

It imports nothing of the project's, so both the service and the loaders can
stand on it without importing each other.
"""
