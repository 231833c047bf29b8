"""The one thread that touches MuPDF for an opened document.

PyMuPDF does not support being called from several threads (one global MuPDF context,
no locks), and it holds the GIL while it renders, so a pool of render threads would give
no parallelism and risk crashes. Each opened document gets one worker thread that opens
its own ``pymupdf.Document`` and runs, in priority order:

1. page renders for what is on screen (the request list is *replaced* on every scroll,
   so requests for pages scrolled past are dropped before they start),
2. character boxes for text selection,
3. the sizes of all pages (the layout starts by assuming every page is as big as the first),
4. thumbnails,
5. find-in-document, a few pages at a time so that renders overtake it.

Every page image comes from :meth:`ItemReader.render_page` (the core watermark, and the
page is noted for the ``item.view`` audit event). Results go back through ``emit`` (a Qt
signal with a queued connection); this module never touches a widget.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtGui import QImage

from .text import PageText

Key = tuple[str, int, int]  # (kind "page"/"thumb", page index, zoom key)

FIND_SLICE_S = 0.012  # search at most this long between checks for renders
SIZE_CHUNK = 64

#: Held around every PyMuPDF call the viewer makes. PyMuPDF keeps the GIL while it works,
#: so calls from several threads (several open documents) never overlap anyway; the lock
#: makes that explicit, and other UI code that must use PyMuPDF off the UI thread (e.g.
#: thumbnails elsewhere) can take it too.
MUPDF_LOCK = threading.RLock()


def _preload() -> None:
    try:
        import pymupdf

        from workstation.archive.watermark import WatermarkSettings, render_page

        # Load the watermark fonts (~40 ms) by marking a scratch page once.
        with MUPDF_LOCK:
            scratch = pymupdf.open()
            scratch.new_page(width=60, height=80)
            render_page(scratch, 0, 0.5, "预热 warm-up 00:00", WatermarkSettings())
            scratch.close()
    except Exception:  # noqa: BLE001 - the worker reports any real failure when it opens a document
        pass


def preload_mupdf(delay_ms: int = 250) -> threading.Thread:
    """Import PyMuPDF (~0.6 s) and load the watermark fonts in the background, so that the
    first document opens fast. Call it when the sign-in window is shown: with a running Qt
    application the thread starts ``delay_ms`` later, once that window is painted (the
    import holds the GIL much of the time and would delay the first paint)."""
    t = threading.Thread(target=_preload, name="preload-pymupdf", daemon=True)
    from PySide6.QtCore import QCoreApplication, QTimer

    if delay_ms > 0 and QCoreApplication.instance() is not None:
        QTimer.singleShot(delay_ms, t.start)
    else:
        t.start()
    return t


# --------------------------------------------------------------------------- events


@dataclass
class Opened:
    page_count: int
    first_size: tuple[float, float]


@dataclass
class Sizes:
    sizes: list[tuple[float, float]]


@dataclass
class Rendered:
    key: Key
    image: QImage
    render_ms: float  # ItemReader.render_page + conversion to a QImage, wall clock
    cpu_ms: float = 0.0  # the same, CPU time of this thread (without waits for the GIL)


@dataclass
class RenderFailed:
    key: Key
    message: str


@dataclass
class TextReady:
    index: int
    text: PageText


@dataclass
class FindChunk:
    generation: int
    hits: list[tuple[int, list[tuple[float, float, float, float]]]]
    searched: int
    total: int
    done: bool


@dataclass
class Failed:
    message: str


@dataclass
class _Find:
    generation: int
    needle: str
    order: deque = field(default_factory=deque)
    searched: int = 0
    total: int = 0


def image_from_pixmap(pix: Any) -> QImage:
    """A QImage over MuPDF's own pixel buffer, without a copy.

    Converting to RGB32 cost ~0.3 ms per page on the worker, more than painting RGB888
    directly costs on the UI thread (~0.2 ms extra per paint), and RGB888 takes a quarter
    less cache memory. The image keeps the pixmap alive as an attribute; it is only ever
    handed around as this Python object (signals carry objects, the cache stores it), and
    anything Qt derives from it (scaled, copied) owns its own pixels.
    """
    if pix.n == 3 and not pix.alpha:
        image = QImage(pix.samples_mv, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888)
        image.pixmap_owner = pix  # the buffer's lifetime is the image wrapper's
        return image
    view = QImage(pix.samples_mv, pix.width, pix.height, pix.stride, QImage.Format.Format_RGBA8888_Premultiplied)
    return view.convertToFormat(QImage.Format.Format_RGB32)


def _message(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(reason)


class DocWorker:
    """Owns one ``pymupdf.Document`` on one thread. All public methods are called from the UI
    thread and only queue work."""

    def __init__(self, reader: Any, emit: Callable[[object], None], *, first_page: int = 0,
                 first_zoom: Callable[[float, float], float] | None = None):
        self._reader = reader
        self._emit = emit
        self._first_page = first_page
        self._first_zoom = first_zoom
        self._cv = threading.Condition()
        self._stop = False
        self._pages: list[tuple[int, float]] = []  # (index, zoom_px), most wanted first
        self._thumbs: list[tuple[int, float]] = []
        self._texts: list[int] = []
        self._find: _Find | None = None
        self._sizes_next: int | None = 0  # next page whose size is unknown; None when done
        self._sizes: list[tuple[float, float]] = []
        self._background = False  # page sizes wait until the first page is on screen
        self._sent: set[Key | tuple[str, int]] = set()  # results the UI holds (or that are on their way)
        self.renders_done = 0  # counters for tests and benchmarks
        self.thread = threading.Thread(target=self._run, name="pdf-viewer-mupdf", daemon=True)

    # -- requests from the UI thread --------------------------------------------------
    def start(self) -> None:
        self.thread.start()

    def want_pages(self, wanted: list[tuple[int, float]], zoom_key: Callable[[float], int]) -> None:
        with self._cv:
            self._pages = [(i, z) for i, z in wanted if ("page", i, zoom_key(z)) not in self._sent]
            self._cv.notify()

    def want_thumbs(self, wanted: list[tuple[int, float]], zoom_key: Callable[[float], int]) -> None:
        with self._cv:
            self._thumbs = [(i, z) for i, z in wanted if ("thumb", i, zoom_key(z)) not in self._sent]
            self._cv.notify()

    def want_text(self, pages: list[int]) -> None:
        with self._cv:
            self._texts = [i for i in pages if ("text", i) not in self._sent]
            self._cv.notify()

    def allow_background(self) -> None:
        """The first page is on screen: background work (page sizes) may start."""
        with self._cv:
            self._background = True
            self._cv.notify()

    def forget(self, key: Key | tuple[str, int]) -> None:
        """The UI dropped this result from its cache: render it again if asked."""
        with self._cv:
            self._sent.discard(key)

    def find(self, generation: int, needle: str, start: int, page_count: int) -> None:
        order = deque(list(range(start, page_count)) + list(range(0, start)))
        with self._cv:
            self._find = _Find(generation, needle, order, 0, page_count)
            self._cv.notify()

    def cancel_find(self) -> None:
        with self._cv:
            self._find = None

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop after the current step; True when the thread has ended (the file is closed)."""
        with self._cv:
            self._stop = True
            self._pages, self._thumbs, self._texts, self._find = [], [], [], None
            self._cv.notify()
        if self.thread.is_alive() and threading.current_thread() is not self.thread:
            self.thread.join(timeout)
        return not self.thread.is_alive()

    # -- the thread ---------------------------------------------------------------------
    def _next(self):
        """The next step (called with the lock held), or None when idle."""
        if self._pages:
            i, z = self._pages.pop(0)
            return ("page", i, z)
        if self._texts:
            return ("text", self._texts.pop(0), 0.0)
        if self._sizes_next is not None and self._background:
            return ("sizes", self._sizes_next, 0.0)
        if self._thumbs:
            i, z = self._thumbs.pop(0)
            return ("thumb", i, z)
        if self._find is not None:
            return ("find", self._find.generation, 0.0)
        return None

    def _run(self) -> None:
        doc = None
        try:
            try:
                import pymupdf

                path = str(self._reader.path)  # an encrypted item is decrypted here, off the UI thread
                with MUPDF_LOCK:
                    doc = pymupdf.open(path)
                    if doc.needs_pass:
                        raise ValueError("文档受口令保护")
                    count = doc.page_count
                    first = doc.load_page(min(self._first_page, max(count - 1, 0))).rect if count else None
                size = (first.width, first.height) if first is not None else (595.0, 842.0)
            except Exception as exc:  # noqa: BLE001 - any failure to open is shown, not raised
                self._emit(Failed(f"无法打开文档：{_message(exc)}"))
                return
            if count and self._first_zoom is not None:
                # The first page is rendered before the UI hears of the document, so that
                # the UI thread does its layout work while this thread is idle (PyMuPDF holds
                # the GIL while rendering: overlapping the two only slows both down).
                with MUPDF_LOCK:
                    self._render(("page", self._first_page, self._first_zoom(*size)), doc, announce=Opened(count, size))
            else:
                self._emit(Opened(count, size))
            if count == 0:
                self._sizes_next = None
            self._loop(doc, pymupdf)
        finally:
            if doc is not None:
                with MUPDF_LOCK:
                    doc.close()

    def _loop(self, doc, pymupdf) -> None:
        while True:
            with self._cv:
                while not self._stop and (step := self._next()) is None:
                    self._cv.wait()
                if self._stop:
                    return
            with MUPDF_LOCK:
                self._step(step, doc, pymupdf)

    def _step(self, step: tuple[str, int, float], doc, pymupdf) -> None:
        kind, a, z = step
        if kind in ("page", "thumb"):
            self._render((kind, a, z), doc)
        elif kind == "text":
            with self._cv:
                if ("text", a) in self._sent:
                    return
                self._sent.add(("text", a))
            try:
                flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP
                text = PageText.from_rawdict(doc.load_page(a).get_text("rawdict", flags=flags))
            except Exception:  # noqa: BLE001 - no text layer to select
                text = PageText()
            self._emit(TextReady(a, text))
        elif kind == "sizes":
            end = min(a + SIZE_CHUNK, doc.page_count)
            for i in range(a, end):
                r = doc.load_page(i).rect
                self._sizes.append((r.width, r.height))
            with self._cv:
                self._sizes_next = end if end < doc.page_count else None
            if end >= doc.page_count:
                self._emit(Sizes(list(self._sizes)))
        elif kind == "find":
            self._find_slice(doc)

    def _render(self, step: tuple[str, int, float], doc, announce: object | None = None) -> None:
        from .layout import zoom_key

        kind, index, zoom = step
        key = (kind, index, zoom_key(zoom))
        with self._cv:
            if key in self._sent:
                return
            self._sent.add(key)
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            pix = self._reader.render_page(doc, index, zoom)
            image = image_from_pixmap(pix)
            del pix
        except Exception as exc:  # noqa: BLE001 - one bad page must not end the viewer
            if announce is not None:
                self._emit(announce)
            self._emit(RenderFailed(key, _message(exc)))
            return
        self.renders_done += 1
        ms, cpu = (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000
        if announce is not None:
            self._emit(announce)
        self._emit(Rendered(key, image, ms, cpu))

    def _find_slice(self, doc) -> None:
        with self._cv:
            task = self._find
        if task is None:
            return
        hits = []
        t0 = time.perf_counter()
        while task.order and time.perf_counter() - t0 < FIND_SLICE_S:
            i = task.order.popleft()
            try:
                rects = doc.load_page(i).search_for(task.needle)
            except Exception:  # noqa: BLE001 - a page without a text layer has no hits
                rects = []
            task.searched += 1
            if rects:
                hits.append((i, [(r.x0, r.y0, r.x1, r.y1) for r in rects]))
        done = not task.order
        with self._cv:
            if self._find is task and done:
                self._find = None
            current = self._find is task or done
        if current:
            self._emit(FindChunk(task.generation, hits, task.searched, task.total, done))
