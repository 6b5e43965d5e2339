"""Read functions: constant, parameterised Cypher that knows who is asking."""
