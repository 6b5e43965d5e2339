# The two commands: `make demo` and `make test`. Both set up what they need.
# `make stop` stops what the demo started (the hub server and the local Neo4j).
.PHONY: demo test lint stop bench-load bench-trace bench-parties schema

demo:
	scripts/demo.sh

test:
	scripts/test.sh

lint:
	scripts/bootstrap.sh && .venv/bin/ruff check . && .venv/bin/mypy

stop:
	scripts/stop.sh

schema:
	.venv/bin/hub schema print > hub/schema.graphql

bench-load:
	scripts/bootstrap.sh && .venv/bin/python bench/load.py

bench-trace:
	scripts/bootstrap.sh && .venv/bin/python bench/trace.py

bench-parties:
	scripts/bootstrap.sh && .venv/bin/python bench/parties.py
