# The two commands: `make demo` and `make test`. Both set up what they need.
.PHONY: demo test lint stop bench-load bench-trace bench-parties bench-screen schema

demo:
	scripts/demo.sh

test:
	scripts/test.sh

lint:
	scripts/bootstrap.sh && .venv/bin/ruff check . && .venv/bin/mypy

stop:
	.venv/bin/hub neo4j stop

schema:
	.venv/bin/hub schema print > hub/schema.graphql

bench-load:
	scripts/bootstrap.sh && .venv/bin/python bench/load.py

bench-trace:
	scripts/bootstrap.sh && .venv/bin/python bench/trace.py

bench-parties:
	scripts/bootstrap.sh && .venv/bin/python bench/parties.py

bench-screen:
	scripts/bootstrap.sh && .venv/bin/python bench/screen.py
