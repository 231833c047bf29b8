"""Find in document: the search runs on the document's worker thread (``page.search_for``
page by page, from the current page on, wrapping); hits arrive in chunks and are kept in
page order. This controller holds them, the current hit, and what the find bar shows."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel

from .canvas import PageCanvas
from .text import Rect
from .worker import DocWorker, FindChunk


def _tr(text: str) -> str:
    return QCoreApplication.translate("PdfViewer", text)


class FindController(QObject):
    progress = Signal(int, int, int)  # pages searched, page count, hits so far
    finished = Signal(int)  # hits

    def __init__(self, canvas: PageCanvas, label: QLabel, worker: Callable[[], DocWorker | None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._canvas = canvas
        self._label = label
        self._worker = worker
        self.generation = 0
        self.needle = ""
        self.done = True
        self._start = 0
        self._hits: dict[int, list[Rect]] = {}
        self._list: list[tuple[int, Rect]] = []  # (page index, rect), in page order
        self._index = -1

    # -- state -----------------------------------------------------------------------------
    @property
    def hits(self) -> list[tuple[int, Rect]]:
        return [(i + 1, r) for i, r in self._list]

    @property
    def current(self) -> tuple[int, Rect] | None:
        if 0 <= self._index < len(self._list):
            i, r = self._list[self._index]
            return i + 1, r
        return None

    def reset(self) -> None:
        """Forget the hits (and drop chunks still on their way)."""
        self.generation += 1
        self.needle = ""
        self.done = True
        self._hits, self._list, self._index = {}, [], -1
        self._canvas.find_hits, self._canvas.current_hit = {}, None
        self._label.setText("")

    # -- actions ---------------------------------------------------------------------------
    def start(self, needle: str) -> None:
        worker = self._worker()
        if worker is not None:
            worker.cancel_find()
        self.reset()
        self._canvas.viewport().update()
        needle = " ".join(needle.split())
        if not needle or worker is None or not self._canvas.page_count:
            return
        self.needle = needle
        self.done = False
        self._start = self._canvas.current_page
        self._label.setText(_tr("查找中……"))
        worker.find(self.generation, needle, self._start, self._canvas.page_count)

    def clear(self) -> None:
        worker = self._worker()
        if worker is not None:
            worker.cancel_find()
        self.reset()
        self._canvas.viewport().update()

    def step(self, delta: int) -> None:
        if self._list:
            self._index = (self._index + delta) % len(self._list)
            self._show()
            self._update_label()

    def on_chunk(self, chunk: FindChunk) -> None:
        if chunk.generation != self.generation:
            return
        for index, rects in chunk.hits:
            self._hits[index] = rects
        if chunk.hits:
            current = self._list[self._index] if self._index >= 0 else None
            self._list = sorted(((i, r) for i, rs in self._hits.items() for r in rs),
                                key=lambda h: (h[0], h[1][1], h[1][0]))
            if current is not None:
                self._index = self._list.index(current)
            else:
                # The search began at the current page: the first hit to show is the
                # first one in page order at or after it (else the first of all).
                after = [k for k, (i, _r) in enumerate(self._list) if i >= self._start]
                self._index = after[0] if after else 0
                self._show()
            self._canvas.find_hits = self._hits
            self._canvas.viewport().update()
        if chunk.done:
            self.done = True
        self._update_label(chunk.searched, chunk.total)
        self.progress.emit(chunk.searched, chunk.total, len(self._list))
        if chunk.done:
            self.finished.emit(len(self._list))

    def _update_label(self, searched: int | None = None, total: int | None = None) -> None:
        n = len(self._list)
        if self.done and n == 0:
            self._label.setText(_tr("未找到"))
            return
        text = f"{self._index + 1}/{n}" if n else "0"
        if not self.done and searched is not None and total:
            text += " " + _tr("（已查 {0}%）").format(round(100 * searched / total))
        self._label.setText(text)

    def _show(self) -> None:
        if 0 <= self._index < len(self._list):
            index, rect = self._list[self._index]
            self._canvas.current_hit = (index, rect)
            self._canvas.ensure_visible(index, rect)
            self._canvas.viewport().update()
