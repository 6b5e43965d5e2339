"""Browser assets served by the hub itself: never a CDN at run time.

Third-party files (React, GraphiQL, Cytoscape.js) come from npm packages pinned
in web/package-lock.json and installed by scripts/bootstrap.sh (`npm ci`); only
the files named in VENDOR are served, so node_modules is never browsable. The
hub's own scripts and styles live in hub/web/static.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

STATIC_DIR: Final = Path(__file__).with_name("static")
# The repository's web/node_modules; the image sets HUB_WEB_MODULES instead.
DEFAULT_MODULES: Final = Path(__file__).resolve().parents[2] / "web" / "node_modules"

# URL name -> file under node_modules. Production builds only.
VENDOR: Final[dict[str, str]] = {
    "react.js": "react/umd/react.production.min.js",
    "react-dom.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.js": "graphiql/graphiql.min.js",
    "graphiql.css": "graphiql/graphiql.min.css",
    "cytoscape.js": "cytoscape/dist/cytoscape.min.js",
}
OWN: Final = frozenset(p.name for p in STATIC_DIR.iterdir() if p.suffix in {".js", ".css"})
# Vendor files change only with the lock file; a day of caching is safe and
# keeps a reload on a slow field link cheap.
CACHE: Final = {"Cache-Control": "public, max-age=86400"}


class AssetsMissing(RuntimeError):
    """web/node_modules has not been installed (run scripts/bootstrap.sh)."""


def modules_dir() -> Path:
    return Path(os.environ.get("HUB_WEB_MODULES") or DEFAULT_MODULES)


def vendor_path(name: str) -> Path:
    return modules_dir() / VENDOR[name]


def missing_vendor_files() -> list[str]:
    """Vendor files that are not installed; empty when the pages can work."""
    return [str(vendor_path(name)) for name in VENDOR if not vendor_path(name).is_file()]


async def serve_asset(request: Request) -> Response:
    kind, name = request.path_params["kind"], request.path_params["name"]
    if kind == "vendor" and name in VENDOR:
        path = vendor_path(name)
        if not path.is_file():
            return PlainTextResponse(
                f"{name} is not installed: run scripts/bootstrap.sh (npm ci in web/)", 503
            )
        return FileResponse(path, headers=CACHE)
    if kind == "app" and name in OWN:
        return FileResponse(STATIC_DIR / name, headers={"Cache-Control": "no-cache"})
    return PlainTextResponse("no such asset", 404)
