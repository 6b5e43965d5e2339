"""The middleware that runs ahead of authentication: request ids and logs,
/metrics (its own access rule), and the browser pages, which carry no data."""

from __future__ import annotations

from starlette.middleware import Middleware

from hub.auth import KeyRing
from hub.metrics import MetricsMiddleware
from hub.observability import RequestIdMiddleware
from hub.web.pages import PagesMiddleware


def front_middleware(keys: KeyRing) -> list[Middleware]:
    """Outermost first; the app appends the authentication middleware after these."""
    return [
        Middleware(RequestIdMiddleware),
        Middleware(MetricsMiddleware, keys=keys),
        Middleware(PagesMiddleware),
    ]
