"""What a mutation changed, so the UI refreshes only the panels concerned."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    cases: bool = False
    items: bool = False
    users: bool = False
    audit: bool = False
    grants: bool = False
    annotations: bool = False
    index: bool = False

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(**{f: getattr(self, f) or getattr(other, f) for f in self.__dataclass_fields__})
