"""Who is asking: API keys -> principals, and Starlette authentication that enforces them.

Keys come from HUB_API_KEYS (JSON object: key -> {"role", "agency"}) or the
file named by HUB_API_KEYS_FILE. Keys are compared by SHA-256 digest so that
the raw keys are not kept in memory longer than start-up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

from starlette.authentication import AuthCredentials, AuthenticationBackend, AuthenticationError, BaseUser
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from runtime.settings import Settings


class Role(str, Enum):
    REGULATOR = "regulator"
    PARTNER = "partner"
    ANALYST = "analyst"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """The caller of one request. Every read receives one."""

    key_id: str
    role: Role
    agency_id: str
    persisted_only: bool = False  # the key may run persisted documents only (hub/persisted.py)

    @property
    def sees_everything(self) -> bool:
        """Domestic roles see all records; partners see what arrangements grant."""
        return self.role is not Role.PARTNER

    @property
    def sees_parcels(self) -> bool:
        """Parcel-level data (shipments, declarations, inspections) is domestic only."""
        return self.role is not Role.PARTNER

    @property
    def can_issue_orders(self) -> bool:
        return self.role in (Role.REGULATOR, Role.ADMIN)

    def cypher_params(self, visible_on: dt.date | None = None) -> dict[str, Any]:
        """The parameters every read statement filters on (hub/data/visibility.py).

        `visible_on` is the date the read asks about (its `asOf`); today when omitted.
        """
        today = dt.datetime.now(dt.UTC).date()
        return {
            "seeAll": self.sees_everything,
            "parcels": self.sees_parcels,
            "agencyId": self.agency_id,
            "today": today,
            "visibleOn": visible_on or today,
        }


class ApiKeyError(ValueError):
    """The API key configuration is unusable."""


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


class KeyRing:
    def __init__(self, entries: dict[str, Any], where: str) -> None:
        self._by_digest: dict[bytes, Principal] = {}
        if not isinstance(entries, dict):
            raise ApiKeyError(f"{where}: must be a JSON object of key -> {{role, agency}}")
        for number, (key, spec) in enumerate(entries.items(), start=1):
            label = f"{where}: key #{number}"
            if not isinstance(key, str) or len(key) < 12:
                raise ApiKeyError(f"{label}: a key must be a string of at least 12 characters")
            if not isinstance(spec, dict):
                raise ApiKeyError(f"{label}: value must be an object with role and agency")
            try:
                role = Role(spec.get("role"))
            except ValueError:
                allowed = ", ".join(r.value for r in Role)
                raise ApiKeyError(f"{label}: role must be one of {allowed}") from None
            agency = spec.get("agency")
            if not isinstance(agency, str) or not agency:
                raise ApiKeyError(f"{label}: agency must be a non-empty agency id")
            key_id = str(spec.get("name") or f"key{number}")
            persisted_only = spec.get("persistedOnly", False)
            if not isinstance(persisted_only, bool):
                raise ApiKeyError(f"{label}: persistedOnly must be true or false")
            self._by_digest[_digest(key)] = Principal(key_id, role, agency, persisted_only)

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyRing:
        if settings.api_keys_file is not None:
            where = str(settings.api_keys_file)
            try:
                text = settings.api_keys_file.read_text()
            except OSError as exc:
                raise ApiKeyError(f"HUB_API_KEYS_FILE {where}: {exc.strerror}") from None
        elif settings.api_keys_json is not None:
            where, text = "HUB_API_KEYS", settings.api_keys_json
        else:
            return cls({}, "HUB_API_KEYS")
        try:
            entries = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ApiKeyError(f"{where}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
        return cls(entries, where)

    def __len__(self) -> int:
        return len(self._by_digest)

    def principals(self) -> list[Principal]:
        """Who the keys stand for (never the keys themselves)."""
        return list(self._by_digest.values())

    def lookup(self, key: str) -> Principal | None:
        wanted = _digest(key)
        for digest, principal in self._by_digest.items():
            if hmac.compare_digest(digest, wanted):
                return principal
        return None


PUBLIC_PATHS = frozenset({"/healthz", "/readyz"})

# Scopes granted with a key (Starlette's AuthCredentials): every key gets AUTHENTICATED and
# `role:<role>`; domestic roles also get PARCELS, the right to parcel-level data and exports.
AUTHENTICATED: Final = "authenticated"
PARCELS: Final = "parcels"


def wants_graphiql(scope: Scope) -> bool:
    """The GraphiQL page itself carries no data; browsers cannot send a key to load it."""
    if scope["method"] != "GET" or scope["path"] != "/graphql":
        return False
    accept = b",".join(value for key, value in scope["headers"] if key.lower() == b"accept")
    return b"text/html" in accept and not scope.get("query_string")


class HubUser(BaseUser):
    """request.user for a known key: carries the Principal every read filters on."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.principal.key_id

    @property
    def identity(self) -> str:
        return self.principal.key_id


def principal_of(scope: Scope) -> Principal | None:
    """The caller set by AuthMiddleware (request.user), or None on public paths."""
    user = scope.get("user")
    return user.principal if isinstance(user, HubUser) else None


def scopes_of(principal: Principal) -> list[str]:
    scopes = [AUTHENTICATED, f"role:{principal.role.value}"]
    return [*scopes, PARCELS] if principal.sees_parcels else scopes


class Refused(AuthenticationError):
    """Why a request carries no usable key; answered with `status` and the hub's error body."""

    def __init__(self, message: str, status: int = 401, code: str = "UNAUTHENTICATED") -> None:
        super().__init__(message)
        self.message, self.status, self.code = message, status, code


class ApiKeyBackend(AuthenticationBackend):
    """Exactly one `Authorization: Bearer <key>` naming a known key; public paths need none."""

    def __init__(self, keys: KeyRing) -> None:
        self.keys = keys

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        if conn.scope["path"] in PUBLIC_PATHS or wants_graphiql(conn.scope):
            return None  # Starlette marks the request unauthenticated; these carry no data
        values = conn.headers.getlist("authorization")
        if len(values) > 1:
            raise Refused("send exactly one Authorization header", 400, "BAD_USER_INPUT")
        header = values[0] if values else ""
        scheme, _, key = header.partition(" ")
        if not header:
            raise Refused("missing Authorization header: send 'Bearer <api key>'")
        if scheme.lower() != "bearer" or not key.strip():
            raise Refused("Authorization header must be 'Bearer <api key>'")
        principal = self.keys.lookup(key.strip())
        if principal is None:
            raise Refused("unknown API key")
        return AuthCredentials(scopes_of(principal)), HubUser(principal)


def refusal(conn: HTTPConnection, exc: AuthenticationError) -> Response:
    refused = exc if isinstance(exc, Refused) else Refused(str(exc))
    headers = {"WWW-Authenticate": 'Bearer realm="hub"'} if refused.status == 401 else None
    return JSONResponse(
        {"errors": [{"message": refused.message, "extensions": {"code": refused.code}}]},
        status_code=refused.status,
        headers=headers,
    )


class AuthMiddleware(AuthenticationMiddleware):
    """Starlette's AuthenticationMiddleware with the API-key backend and the hub's error bodies.

    Only HTTP requests (and the server's lifespan events) pass: a WebSocket is
    closed (code 1008) before it is accepted, since the hub serves nothing over one.
    """

    def __init__(self, app: ASGIApp, keys: KeyRing) -> None:
        super().__init__(app, backend=ApiKeyBackend(keys), on_error=refusal)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": "no WebSocket service here"})
            return
        if scope["type"] not in ("http", "lifespan"):
            return
        await super().__call__(scope, receive, send)
