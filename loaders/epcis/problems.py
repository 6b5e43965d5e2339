"""Where and why an EPCIS document is refused (loaders.epcis.document, loaders.epcis.gs1_schema)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MAX_PROBLEMS: Final = 20  # shown in one message; the reject report takes more


@dataclass(frozen=True)
class Problem:
    event: int | None  # index in eventList; None for the document itself
    event_id: str | None
    field: str
    reason: str

    def __str__(self) -> str:
        where = "document" if self.event is None else f"eventList[{self.event}]"
        named = f" ({self.event_id})" if self.event_id else ""
        return f"{where}{named}.{self.field}: {self.reason}"


class DocumentError(ValueError):
    """The document is refused whole; `problems` lists where and why (at most MAX_PROBLEMS)."""

    def __init__(self, problems: list[Problem]) -> None:
        shown = "; ".join(map(str, problems[:MAX_PROBLEMS]))
        more = f" (and {len(problems) - MAX_PROBLEMS} more)" if len(problems) > MAX_PROBLEMS else ""
        super().__init__(shown + more)
        self.problems = problems
