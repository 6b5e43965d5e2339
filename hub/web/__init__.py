"""The hub's browser pages: GraphiQL and the recall picture, with their assets served locally."""
