"""Persisted (trusted) documents: operations the operator has vetted, called by id.

The folder named by HUB_PERSISTED_DOCUMENTS holds `*.graphql` files; a
document's id is `sha256:<hex of the file's UTF-8 text>`. A client sends
`{"documentId": "sha256:...", "variables": ...}` (or Apollo's
`extensions.persistedQuery.sha256Hash`), or the full text of a persisted
document. A key whose entry says `"persistedOnly": true` may run nothing else.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from hub.http_body import Operation, Refusal

PREFIX = "sha256:"


class PersistedDocuments:
    def __init__(self, texts: dict[str, str]) -> None:
        self._by_id = texts

    @classmethod
    def from_folder(cls, folder: Path | None) -> PersistedDocuments:
        texts: dict[str, str] = {}
        if folder is not None:
            for path in sorted(folder.glob("*.graphql")):
                text = path.read_text(encoding="utf-8")
                texts[document_id(text)] = text
        return cls(texts)

    def __len__(self) -> int:
        return len(self._by_id)

    def resolve(self, operation: Operation, persisted_only: bool) -> str:
        """The query text to run; refuses unknown ids and, for restricted keys, free text."""
        wanted = operation.document_id
        apq = (operation.extensions or {}).get("persistedQuery")
        if wanted is None and isinstance(apq, dict) and isinstance(apq.get("sha256Hash"), str):
            wanted = PREFIX + apq["sha256Hash"]
        if wanted is not None:
            text = self._by_id.get(wanted if wanted.startswith(PREFIX) else PREFIX + wanted)
            if text is None:
                raise Refusal(400, "BAD_USER_INPUT", "argument documentId: no persisted document has this id")
            return text
        query = operation.query or ""
        if persisted_only and document_id(query) not in self._by_id:
            raise Refusal(403, "FORBIDDEN", "this API key may only run persisted documents (send documentId)")
        if not query:
            raise Refusal(400, "BAD_USER_INPUT", "the body has no query")
        return query


def document_id(text: str) -> str:
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()
