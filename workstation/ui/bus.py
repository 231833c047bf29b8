"""One signal for "something changed": mutations return ``Changes`` and the initiator
announces them here; each panel refreshes only what the flags name (architecture §3).

One bus per main window, passed to the panels that need it (no global)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from workstation.changes import Changes


class ChangeBus(QObject):
    changes_applied = Signal(object, object)  # (Changes, initiator or None)

    def apply(self, changes: Changes | None, initiator: object = None) -> None:
        if changes is None:
            return
        self.changes_applied.emit(changes, initiator)
