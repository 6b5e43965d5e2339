"""Parse and validation caches keyed by the SHA-256 of the query text, with a byte budget.

Strawberry's caches are keyed by the text itself and bounded only by a count,
so 512 texts of 4 MB each stay in memory. Here a text is kept only when it is
short (real queries are), each entry is charged an estimate of what its parsed
document costs, and the least recently used entries leave when the budget is
spent. The caches are per process: each uvicorn worker has its own.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Final, Generic, TypeVar

V = TypeVar("V")

MAX_CACHED_TEXT: Final = 16 * 1024  # characters; longer texts are parsed each time
AST_BYTES_PER_CHAR: Final = 24  # measured: a parsed document takes ~15-25x its text
PARSE_BUDGET: Final = 32 * 1024 * 1024
VALID_BUDGET: Final = 4096  # entries; each is a 32-byte digest


def digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class BudgetCache(Generic[V]):
    """An LRU map from digests to values whose charged sizes never sum above `budget`."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[bytes, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: bytes, value: V, size: int) -> None:
        if size > self.budget:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.used -= old[1]
            while self._entries and self.used + size > self.budget:
                _, (_, freed) = self._entries.popitem(last=False)
                self.used -= freed
            self._entries[key] = (value, size)
            self.used += size

    def __len__(self) -> int:
        return len(self._entries)
