"""The pages and assets the hub serves itself: local only, no data without a key."""

from __future__ import annotations

import re

from hub.web.assets import OWN, VENDOR, missing_vendor_files
from tests.http import Hub

# A script or stylesheet loaded from another origin (what a CDN page does).
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?(?:https?:)?//""", re.I)
HTML = {"Accept": "text/html,application/xhtml+xml"}


def test_the_vendor_files_are_installed() -> None:
    assert missing_vendor_files() == []


def test_pages_and_assets_load_nothing_from_another_origin(hub: Hub) -> None:
    pages = [hub.client.get("/graphql", headers=HTML), hub.client.get("/ui/recalls/RC000002")]
    for page in pages:
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert not REMOTE.search(page.text), page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        for asset in re.findall(r'(?:src|href)="(/assets/[^"]+)"', page.text):
            assert hub.client.get(asset).status_code == 200, asset
    for name in OWN:
        body = hub.client.get(f"/assets/app/{name}").text
        assert not REMOTE.search(body) and not IMPORT.search(body), name
    css = hub.client.get("/assets/vendor/graphiql.css")
    assert css.status_code == 200 and not IMPORT.search(css.text)
    assert css.headers["cache-control"] == "public, max-age=86400"


def test_only_listed_assets_are_served(hub: Hub) -> None:
    assert len(VENDOR) == 5
    for path in (
        "/assets/vendor/package.json",
        "/assets/vendor/..%2Fpackage.json",
        "/assets/app/recall.html",
        "/assets/other/react.js",
        "/assets/app/..%2F..%2Fsettings.py",
    ):
        assert hub.client.get(path).status_code == 404, path
    assert hub.client.post("/assets/vendor/react.js").status_code == 405


def test_pages_carry_no_data_and_the_api_still_needs_a_key(hub: Hub) -> None:
    page = hub.client.get("/ui/recalls/RC000002")
    assert "RC000002" not in page.text  # the id is read by the script from the URL, data via GraphQL
    assert hub.client.get("/graphql", headers={"Accept": "application/json"}).status_code == 401
    assert hub.client.get("/graphql?query={__typename}", headers=HTML).status_code == 401
    assert hub.gql("{ __typename }", key=None).status == 401


def test_the_readme_recall_query_is_graphiqls_first_example() -> None:
    from tools.browser_check import ROOT, readme_recall_query

    examples = (ROOT / "hub" / "web" / "static" / "examples.js").read_text()
    assert readme_recall_query() in examples
    assert examples.index("query RecallImpact") < examples.index("query TraceCode")
    for story in ("query RecallImpact", "query TraceCode", "query RelatedParties", "query CreditStanding"):
        assert story in examples
