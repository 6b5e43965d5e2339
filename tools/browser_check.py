"""Drives Debian's chromium (through Playwright, never its own browser download)
against a running hub: GraphiQL and the recall picture, offline.

Used by the browser tests (tests/web) and, against `make demo`, by
`make demo-check`. Every request to a host other than the hub's loopback
address is blocked and reported; console errors and page errors are collected.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, Route, async_playwright

ROOT: Final = Path(__file__).resolve().parents[1]
SHOTS: Final = ROOT / "var" / "screenshots"
CHROMIUM: Final = os.environ.get("HUB_CHROMIUM", "/usr/bin/chromium")
README_RECALL: Final = re.compile(r"```graphql\n(query RecallImpact \{.*?\n\})\n```", re.S)


def readme_recall_query() -> str:
    """The README's recall query, as a user would copy it."""
    found = README_RECALL.search((ROOT / "README.md").read_text())
    if found is None:
        raise LookupError("README.md has no ```graphql block starting with 'query RecallImpact {'")
    return found.group(1)


@dataclass
class Session:
    """One browser page with its offline guard and error log."""

    page: Page
    context: BrowserContext
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    graphql_posts: int = 0

    async def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        await self.page.screenshot(path=str(path), full_page=False)
        return path


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def session(browser: Browser, base_url: str) -> AsyncIterator[Session]:
    """A fresh context (empty session storage) that can reach only the hub."""
    hub_host = urlsplit(base_url).netloc
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    state = Session(page, context)

    async def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).netloc == hub_host:
            if route.request.method == "POST" and urlsplit(url).path == "/graphql":
                state.graphql_posts += 1
            await route.continue_()
        else:
            state.blocked.append(url)
            await route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            state.errors.append(f"console: {message.text}")

    await context.route("**/*", guard)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: state.errors.append(f"pageerror: {exc}"))
    try:
        yield state
    finally:
        await context.close()


async def enter_key(s: Session, key: str) -> None:
    await s.page.fill("#hub-key", key)
    await s.page.click("#hub-key-use")


async def run_in_graphiql(s: Session, base_url: str, key: str, query: str, expect: str) -> str:
    """Opens GraphiQL, sets the key, runs `query`, returns the result pane's text once `expect` shows."""
    page = s.page
    await page.goto(f"{base_url}/graphql")
    await page.wait_for_selector("text=Paste your API key")
    await enter_key(s, key)
    await page.wait_for_selector(".graphiql-query-editor .CodeMirror")
    await page.evaluate(
        "q => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q)", query
    )
    await page.click(".graphiql-execute-button")
    result = page.locator(".graphiql-response")
    await result.get_by_text(expect).first.wait_for(timeout=60_000)
    return str(await result.inner_text())


async def docs_types(s: Session) -> str:
    """Opens the Docs pane and returns its text (the root types and their fields)."""
    await s.page.click("button[aria-label='Show Documentation Explorer']")
    docs = s.page.locator(".graphiql-doc-explorer")
    await docs.get_by_text("Query", exact=True).first.wait_for(timeout=30_000)
    return str(await docs.inner_text())


async def draw_recall(s: Session, base_url: str, key: str, recall_id: str) -> dict[str, Any]:
    """Opens the recall picture, sets the key, returns what was drawn (window.hubRecall)."""
    page = s.page
    await page.goto(f"{base_url}/ui/recalls/{recall_id}")
    await enter_key(s, key)
    await page.wait_for_function("() => window.hubRecall !== undefined", timeout=60_000)
    drawn: dict[str, Any] = await page.evaluate(
        """() => {
          const r = Object.assign({}, window.hubRecall);
          if (window.hubCy) {
            const sum = kind => window.hubCy.nodes(`[kind = "${kind}"]`)
              .map(n => n.data('shipments')).reduce((a, b) => a + b, 0);
            r.fromNodes = {};
            for (const kind of ['region', 'port', 'seller', 'platform', 'importer']) r.fromNodes[kind] = sum(kind);
            r.shown = {};
            for (const el of document.querySelectorAll('[data-count]')) r.shown[el.dataset.count] = Number(el.textContent);
          }
          return r;
        }"""
    )
    return drawn
