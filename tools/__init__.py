"""Developer tools that run beside the service and are not shipped in its image (the local Neo4j)."""
