"""The thumbnail strip under a video: the stored poster strip (``ws.thumbnails``), one picture
per equal slot of the recording, laid out on the same time axis as the seek bar below it.

A click on a thumbnail seeks to the exact time of that picture (the frame the facade decoded
for the slot), not to the x position: what one clicks on is what one gets. The thumbnail of
the slot holding the playhead is framed. Images are decoded off the UI thread
(``load_thumbnails`` runs in the worker; it returns ``QImage``, never a widget).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from workstation.ui.media.timecode import format_clock
from workstation.ui.media.timeline import PLAYHEAD_COLOR

#: as many as the derivatives made right after import (``ws.make_derivatives``), so the
#: stored strip is read, not made again
THUMBNAIL_COUNT = 10
THUMBNAIL_WIDTH = 160
STRIP_HEIGHT = 58


class Thumbnail(NamedTuple):
    ms: float
    image: QImage


def load_thumbnails(ws, item_id: int, n: int = THUMBNAIL_COUNT) -> list[Thumbnail]:
    """Worker side: the stored strip from the facade, decoded (QImage is safe off the UI thread)."""
    out = []
    for t in sorted(ws.thumbnails(item_id, n=n, width=THUMBNAIL_WIDTH), key=lambda t: t["index"]):
        img = QImage.fromData(t["image"])
        if not img.isNull():
            out.append(Thumbnail(float(t["ms"] or 0.0), img))
    return out


class ThumbnailStrip(QWidget):
    """Thumbnails over the recording's time axis; ``seek_requested(ms)`` when one is clicked."""

    seek_requested = Signal(int)

    MARGIN = 8  # the seek bar's margin: slot i lines up with its part of the seek bar

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("avThumbnails")
        self.setFixedHeight(STRIP_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.duration_ms = 0
        self.position = 0
        self.thumbs: list[Thumbnail] = []
        self.message = ""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(600, STRIP_HEIGHT)

    # ------------------------------------------------------------------ state
    def set_duration(self, ms: float | None) -> None:
        self.duration_ms = int(ms or 0)
        self.update()

    def set_thumbnails(self, thumbs: list[Thumbnail]) -> None:
        self.thumbs = list(thumbs)
        self.message = ""
        self.update()

    def set_message(self, text: str) -> None:
        self.thumbs = []
        self.message = text
        self.update()

    def clear(self) -> None:
        self.thumbs = []
        self.message = ""
        self.position = 0
        self.update()

    def set_position(self, ms: int) -> None:
        if int(ms) != self.position:
            old = self.current_index()
            self.position = int(ms)
            if self.current_index() != old:
                self.update()

    # ------------------------------------------------------------------ geometry
    def slot_rect(self, i: int) -> QRectF:
        n = len(self.thumbs)
        width = max(1.0, self.width() - 2.0 * self.MARGIN)
        w = width / max(1, n)
        return QRectF(self.MARGIN + i * w, 2.0, w, self.height() - 4.0)

    def index_at(self, x: float) -> int | None:
        if not self.thumbs:
            return None
        width = max(1.0, self.width() - 2.0 * self.MARGIN)
        i = int((x - self.MARGIN) * len(self.thumbs) // width)
        return i if 0 <= i < len(self.thumbs) else None

    def current_index(self) -> int | None:
        """The slot holding the playhead (slots split the recording into equal parts)."""
        n = len(self.thumbs)
        if not n or self.duration_ms <= 0:
            return None
        return min(n - 1, max(0, int(self.position * n // self.duration_ms)))

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event):  # noqa: N802 - Qt API
        i = self.index_at(event.position().x())
        if event.button() == Qt.MouseButton.LeftButton and i is not None:
            self.click(i)
        super().mousePressEvent(event)

    def click(self, i: int) -> None:
        """Seek to the time of thumbnail ``i`` (what a click on it does)."""
        self.seek_requested.emit(int(round(self.thumbs[i].ms)))

    def mouseMoveEvent(self, event):  # noqa: N802 - Qt API
        i = self.index_at(event.position().x())
        if i is not None:
            QToolTip.showText(event.globalPosition().toPoint(),
                              self.tr("单击转到 {t}").format(t=format_clock(self.thumbs[i].ms)), self)
        super().mouseMoveEvent(event)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event):  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.fillRect(self.rect(), QColor("#1f2329"))
        if not self.thumbs:
            p.setPen(QColor("#c0c4cc"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            p.end()
            return
        current = self.current_index()
        for i, t in enumerate(self.thumbs):
            slot = self.slot_rect(i).adjusted(1, 0, -1, 0)
            size = t.image.size().scaled(int(slot.width()), int(slot.height()), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(slot.center().x() - size.width() / 2, slot.center().y() - size.height() / 2,
                            size.width(), size.height())
            p.drawImage(target, t.image)
            if i != current:
                p.fillRect(target, QColor(0, 0, 0, 70))  # the current one stands out
        if current is not None:
            slot = self.slot_rect(current).adjusted(1, 0, -1, 0)
            p.setPen(QPen(QColor(PLAYHEAD_COLOR), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(slot.adjusted(1, 1, -1, -1))
        p.end()

    def times(self) -> list[float]:
        return [t.ms for t in self.thumbs]
