"""Progress and cancellation for long core work, without Qt.

The UI polls a Job from its own thread; the CLI prints from ``on_progress``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable

from workstation.errors import Cancelled


@dataclass
class Job:
    on_progress: Callable[[int, int, str], None] | None = None
    done: int = 0
    total: int = 0
    key: str = ""
    _cancel: threading.Event = field(default_factory=threading.Event)

    def report(self, done: int, total: int, key: str = "") -> None:
        self.done, self.total, self.key = done, total, key
        if self.on_progress:
            self.on_progress(done, total, key)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


