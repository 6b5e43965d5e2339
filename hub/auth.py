"""Who is asking: API keys -> principals, and the middleware that enforces them.

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
from typing import Any

from starlette.responses import JSONResponse
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


def wants_graphiql(scope: Scope) -> bool:
    """The GraphiQL page itself carries no data; browsers cannot send a key to load it."""
    if scope["method"] != "GET" or scope["path"] != "/graphql":
        return False
    accept = b",".join(value for key, value in scope["headers"] if key.lower() == b"accept")
    return b"text/html" in accept and not scope.get("query_string")


class AuthMiddleware:
    """401 unless the request carries one known `Authorization: Bearer <key>`.

    Only HTTP requests (and the server's lifespan events) pass: a WebSocket is
    closed before it is accepted, since the hub serves nothing over one.
    """

    def __init__(self, app: ASGIApp, keys: KeyRing) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008, "reason": "no WebSocket service here"})
            return
        if scope["path"] in PUBLIC_PATHS or wants_graphiql(scope):
            await self.app(scope, receive, send)
            return
        values = [value for name, value in scope["headers"] if name.lower() == b"authorization"]
        if len(values) > 1:
            response = JSONResponse(
                {
                    "errors": [
                        {
                            "message": "send exactly one Authorization header",
                            "extensions": {"code": "BAD_USER_INPUT"},
                        }
                    ]
                },
                status_code=400,
            )
            await response(scope, receive, send)
            return
        header = values[0].decode("latin-1") if values else ""
        scheme, _, key = header.partition(" ")
        if not header:
            await self._deny(scope, receive, send, "missing Authorization header: send 'Bearer <api key>'")
            return
        if scheme.lower() != "bearer" or not key.strip():
            await self._deny(scope, receive, send, "Authorization header must be 'Bearer <api key>'")
            return
        principal = self.keys.lookup(key.strip())
        if principal is None:
            await self._deny(scope, receive, send, "unknown API key")
            return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)

    @staticmethod
    async def _deny(scope: Scope, receive: Receive, send: Send, message: str) -> None:
        response = JSONResponse(
            {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]},
            status_code=401,
            headers={"WWW-Authenticate": 'Bearer realm="hub"'},
        )
        await response(scope, receive, send)
