"""The Starlette application: GraphQL at /graphql, health probes, exports, EPCIS capture."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import orjson
from neo4j import AsyncDriver
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from hub.auth import AuthMiddleware, KeyRing, Principal, Role, principal_of
from hub.capture_route import capture_routes
from hub.context import Context, Loaders
from hub.data import plan_warm_once
from hub.events_route import event_routes
from hub.export_route import export_route
from hub.front import front_middleware
from hub.gate import GraphQLGate
from hub.key_check import start_key_check
from hub.persisted import PersistedDocuments
from hub.schema import build_schema
from runtime.db import Cypher, open_driver, resolve_uri
from runtime.settings import Settings

log = logging.getLogger("hub")


NOBODY = Principal(key_id="-", role=Role.PARTNER, agency_id="")


def encode_json(data: object) -> bytes:
    """A response body: orjson (~10x faster than json on a 50 kB page of related parties).

    The bytes differ from json.dumps' only in spelling (UTF-8 instead of \\u escapes,
    `1e-7` instead of `1e-07`), never in value. orjson refuses what json would write
    (an int beyond 64 bits); such a body goes through json as before.
    """
    try:
        return orjson.dumps(data)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(data, separators=(",", ":")).encode()


class HubGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, role: Role = Role.REGULATOR) -> None:
        super().__init__(build_schema(role), graphql_ide=None, allow_queries_via_get=False)
        self.settings = settings

    def encode_json(self, data: object) -> bytes:
        return encode_json(data)

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        # AuthMiddleware lets no operation through without a key (request.user); NOBODY could see nothing.
        principal = principal_of(request.scope) or NOBODY
        driver: AsyncDriver = request.app.state.driver
        cypher = Cypher(driver, self.settings.neo4j_database, self.settings.query_timeout_s)
        return Context(
            self.settings, principal, cypher, Loaders(cypher, principal), response.headers, response
        )


class PerAudience:
    """/graphql answered with the schema of the caller's audience (hub/policy.py).

    Partners get a schema without parcel-level types and mutations, so their
    introspection and GraphiQL show only what they may use. The GraphiQL page
    itself (no key yet) is the same for everyone.
    """

    def __init__(self, domestic: HubGraphQL, partner: HubGraphQL) -> None:
        self.domestic = domestic
        self.partner = partner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        principal = principal_of(scope)
        app = self.partner if principal is not None and principal.role is Role.PARTNER else self.domestic
        await app(scope, receive, send)


def create_app(settings: Settings, *, uri: str | None = None) -> Starlette:
    keys = KeyRing.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        driver = open_driver(settings, uri or resolve_uri(settings))
        app.state.driver = driver
        # Plan every statement before clients ask (hub/data/plan_warm.py), so that no
        # first call pays Neo4j's planner (seconds for the large ones on a loaded
        # machine): once per start of the Neo4j database, by whichever worker claims it
        # first (plan_warm_once); the others wait for it. /readyz says "warming" until
        # then; start-up waits HUB_WARM_WAIT_S for it, then serves meanwhile.
        warming = asyncio.create_task(_warm(driver) if settings.plan_warm else asyncio.sleep(0))
        app.state.warming = warming
        key_check = start_key_check(driver, settings.neo4j_database, keys)
        await asyncio.wait({warming}, timeout=settings.warm_wait_s)
        try:
            yield
        finally:
            warming.cancel()
            key_check.cancel()
            await driver.close()

    async def _warm(driver: AsyncDriver) -> None:
        try:
            outcome = await plan_warm_once.warm_once(driver, settings.neo4j_database)
            log.info("plan warm-up: %s", outcome.action)
        except Exception as exc:  # never fatal: the hub serves, its first calls plan
            log.warning("plan warm-up stopped: %s: %s", type(exc).__name__, exc)

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        # Bounded like a request: a Neo4j that hangs must not hang the probe.
        try:
            async with asyncio.timeout(settings.neo4j_connect_timeout_s + 1):
                await request.app.state.driver.verify_connectivity()
        except Exception as exc:  # any failure means "not ready"; the reason goes to the log
            log.warning("readyz: Neo4j unreachable: %s", type(exc).__name__)
            return JSONResponse(
                {"status": "unavailable", "neo4j": "unreachable", "code": "UNAVAILABLE"}, status_code=503
            )
        if not request.app.state.warming.done():
            # Serving already, but first calls may still pay Neo4j's planner.
            return JSONResponse({"status": "warming", "neo4j": "ok", "code": "UNAVAILABLE"}, status_code=503)
        return JSONResponse({"status": "ready", "neo4j": "ok"})

    graphql = GraphQLGate(
        PerAudience(HubGraphQL(settings), HubGraphQL(settings, Role.PARTNER)),
        settings,
        PersistedDocuments.from_folder(settings.persisted_dir),
    )
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            export_route(settings),
            *capture_routes(settings),
            *event_routes(settings),
        ],
        middleware=[*front_middleware(keys), Middleware(AuthMiddleware, keys=keys)],
        lifespan=lifespan,
    )
