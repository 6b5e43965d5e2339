# The two commands: `make demo` and `make test`. Both set up what they need.
# `make stop` stops what the demo started (the hub server and the local Neo4j).
.PHONY: demo demo-check test lint stop bench-load bench-trace bench-parties bench-screen schema

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

# Against a running `make demo` (HUB_PORT if not 8000): GraphiQL and the recall
# picture in headless Chromium, offline; screenshots in var/screenshots/.
demo-check:
	scripts/ensure-apt.sh chromium chromium "the demo check"
	.venv/bin/python -m tools.demo_check --url http://127.0.0.1:$${HUB_PORT:-8000}

bench-screen:
	scripts/bootstrap.sh && .venv/bin/python bench/screen.py
