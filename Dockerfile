# The hub as a container; Neo4j comes from docker-compose.yml (or NEO4J_URI).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY runtime ./runtime
COPY hub ./hub
COPY graph_schema ./graph_schema
COPY loaders ./loaders
RUN pip install --no-cache-dir . && useradd --system --uid 10001 hub
USER hub
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["sh", "-c", "hub schema migrate && exec hub serve --host 0.0.0.0 --port 8000"]
