"""A compact set of natural keys for `hub import`'s reference checks (loaders.bulk_prepare).

A Python set of strings costs about 100 bytes per key (the string object and
its slot); at 10,000,000 shipments the checks keep some 30 million keys and
links. This set keeps only each key's 64-bit digest (Python's `hash`, stable
within the process) in one flat table with open addressing: 8 bytes per slot,
kept between a quarter and half full, so 16 to 32 bytes per key.

Two different keys with the same digest are taken as one. The chance is about
n^2 / 2^65 for n keys of one label (1 in 160,000 at 15 million keys), and the
result stays safe:
- a new key taken as already written is deferred to step 3 and written there
  by `hub load`'s MERGE (slower, same graph);
- a missing reference taken as present sends the importer a relationship to a
  node it does not have: it stops (`--bad-tolerance=0`) and nothing is
  imported (exit status 2); it is never a silently wrong graph.
"""

from __future__ import annotations

from typing import Final

_FIRST: Final = 1 << 16  # slots of a new table


class Keys:
    """Keys seen so far (strings, or anything hashable such as a link's tuple)."""

    __slots__ = ("_count", "_limit", "_mask", "_slots")

    def __init__(self) -> None:
        self._count = 0
        self._alloc(_FIRST)

    def _alloc(self, size: int) -> None:
        self._slots = memoryview(bytearray(8 * size)).cast("q")
        self._mask = size - 1
        self._limit = size // 2

    def __len__(self) -> int:
        return self._count

    def __contains__(self, key: object) -> bool:
        return self.has_digest(hash(key) or 1)  # 0 marks an empty slot

    def add(self, key: object) -> bool:
        """Add `key`; False when it (or a key of the same digest) was there already."""
        return self.add_digest(hash(key) or 1)

    # The digest-level pair: the partitioned check (loaders.bulk_grace) keeps digests
    # on disk and fills tables from them. A digest is never 0.
    def has_digest(self, digest: int) -> bool:
        slots, mask = self._slots, self._mask
        i = digest & mask
        while value := slots[i]:
            if value == digest:
                return True
            i = (i + 1) & mask
        return False

    def add_digest(self, digest: int) -> bool:
        slots, mask = self._slots, self._mask
        i = digest & mask
        while value := slots[i]:
            if value == digest:
                return False
            i = (i + 1) & mask
        slots[i] = digest
        self._count += 1
        if self._count > self._limit:
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._slots
        self._alloc(2 * len(old))
        slots, mask = self._slots, self._mask
        for digest in old:
            if digest:
                i = digest & mask
                while slots[i]:
                    i = (i + 1) & mask
                slots[i] = digest
        old.release()
