"""Serves the browser pages and their assets ahead of authentication.

The pages carry no data: they ask for the API key in the browser, keep it in
sessionStorage, and fetch everything through /graphql with that key, so the
same key rules apply as for any API client.
"""

from __future__ import annotations

from typing import Final

from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.web.assets import STATIC_DIR, serve_asset

# No remote origin anywhere: scripts, styles and data come from the hub itself.
CSP: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
HEADERS: Final = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _page(name: str) -> Response:
    return FileResponse(STATIC_DIR / name, media_type="text/html", headers=HEADERS)


async def recall_page(_: object) -> Response:
    return _page("recall.html")


def wants_graphiql(scope: Scope) -> bool:
    """A browser navigating to /graphql: the page, not an operation."""
    if scope["method"] != "GET" or scope["path"] != "/graphql" or scope.get("query_string"):
        return False
    return b"text/html" in dict(scope["headers"]).get(b"accept", b"")


class PagesMiddleware:
    """Answers /assets/*, /ui/* and the GraphiQL page; passes everything else on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.router = Router(
            routes=[
                Route("/assets/{kind:str}/{name:str}", serve_asset, methods=["GET", "HEAD"]),
                Route("/ui/recalls/{recall_id:str}", recall_page, methods=["GET", "HEAD"]),
            ],
            default=PlainTextResponse("not found", 404),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if wants_graphiql(scope):
                await _page("graphiql.html")(scope, receive, send)
                return
            if path.startswith(("/assets/", "/ui/")):
                if scope["method"] not in ("GET", "HEAD"):
                    await PlainTextResponse("method not allowed", 405, headers={"Allow": "GET, HEAD"})(
                        scope, receive, send
                    )
                    return
                await self.router(scope, receive, send)
                return
        await self.app(scope, receive, send)
