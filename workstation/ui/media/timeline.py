"""The seek bar (with time-range markers, clips and the in/out marks) and the waveform view."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from workstation.ui.media.timecode import format_clock

CLIP_COLOR = "#67c23a"
MARK_COLOR = "#e6a23c"
PLAYHEAD_COLOR = "#d0021b"


class Marker(NamedTuple):
    """A time range drawn on the seek bar (e.g. a review annotation)."""

    start_ms: int
    end_ms: int
    color: str = "#409eff"
    tooltip: str = ""


def as_marker(value) -> Marker:
    if isinstance(value, Marker):
        return value
    start, end, *rest = value
    color = rest[0] if len(rest) > 0 and rest[0] else "#409eff"
    tip = rest[1] if len(rest) > 1 else ""
    return Marker(int(start), int(end), str(color), str(tip or ""))


class _TimeStrip(QWidget):
    """Shared: a duration, a playhead, ms ↔ x, click/drag to seek."""

    seek_requested = Signal(int)

    MARGIN = 8

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.duration_ms = 0
        self.position = 0
        self._dragging = False
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_duration(self, ms: float | None) -> None:
        self.duration_ms = int(ms or 0)
        self.update()

    def set_position(self, ms: int) -> None:
        if ms != self.position:
            self.position = int(ms)
            self.update()

    def _span(self) -> tuple[float, float]:
        return float(self.MARGIN), float(max(1, self.width() - 2 * self.MARGIN))

    def x_of(self, ms: float) -> float:
        left, width = self._span()
        if self.duration_ms <= 0:
            return left
        return left + width * min(max(ms, 0), self.duration_ms) / self.duration_ms

    def ms_at(self, x: float) -> int:
        left, width = self._span()
        frac = min(max((x - left) / width, 0.0), 1.0)
        return int(round(frac * self.duration_ms))

    def mousePressEvent(self, event):  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton and self.duration_ms > 0:
            hit = self._marker_hit(event.position().x())
            if hit is not None:
                self._on_marker_click(hit)
            self._dragging = True
            self.seek_requested.emit(self.ms_at(event.position().x()))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):  # noqa: N802 - Qt API
        x = event.position().x()
        if self._dragging:
            self.seek_requested.emit(self.ms_at(x))
        elif self.duration_ms > 0:
            text = format_clock(self.ms_at(x))
            hit = self._marker_hit(x)
            tip = self._marker_tip(hit) if hit is not None else ""
            QToolTip.showText(event.globalPosition().toPoint(), f"{text}\n{tip}".strip(), self)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt API
        self._dragging = False
        super().mouseReleaseEvent(event)

    # markers are only on the seek bar
    def _marker_hit(self, x: float):
        return None

    def _marker_tip(self, hit) -> str:
        return ""

    def _on_marker_click(self, hit) -> None:
        pass


class SeekBar(_TimeStrip):
    """Groove with played part, markers (set_markers), clips, in/out marks and playhead."""

    marker_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("avSeekBar")
        self.setFixedHeight(34)
        self.markers: list[Marker] = []
        self.clips: list[tuple[int, int, str]] = []
        self.mark_in: int | None = None
        self.mark_out: int | None = None
        self.setToolTip("")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(400, 34)

    def set_markers(self, markers) -> None:
        self.markers = [as_marker(m) for m in markers]
        self.update()

    def set_clips(self, clips: list[tuple[int, int, str]]) -> None:
        self.clips = list(clips)
        self.update()

    def set_marks(self, mark_in: int | None, mark_out: int | None) -> None:
        self.mark_in, self.mark_out = mark_in, mark_out
        self.update()

    def _marker_hit(self, x: float):
        for i, m in enumerate(self.markers):
            a, b = self.x_of(m.start_ms), self.x_of(m.end_ms)
            if a - 3 <= x <= max(b, a + 3) + 3:
                return ("marker", i)
        for c in self.clips:
            if self.x_of(c[0]) - 2 <= x <= self.x_of(c[1]) + 2:
                return ("clip", c)
        return None

    def _marker_tip(self, hit) -> str:
        kind, what = hit
        if kind == "marker":
            m = self.markers[what]
            return f"{m.tooltip}\n{format_clock(m.start_ms)} – {format_clock(m.end_ms)}".strip()
        return f"{what[2]}\n{format_clock(what[0])} – {format_clock(what[1])}"

    def _on_marker_click(self, hit) -> None:
        if hit[0] == "marker":
            self.marker_clicked.emit(hit[1])

    def paintEvent(self, event):  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        left, width = self._span()
        h = self.height()
        groove = QRectF(left, h / 2 - 3, width, 6)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(pal.mid())
        p.drawRoundedRect(groove, 3, 3)
        if self.duration_ms > 0:
            played = QRectF(groove.left(), groove.top(), self.x_of(self.position) - left, groove.height())
            p.setBrush(pal.highlight())
            p.drawRoundedRect(played, 3, 3)
            # clips (lower band) and markers (upper band)
            for c in self.clips:
                a, b = self.x_of(c[0]), self.x_of(c[1])
                p.setBrush(QColor(CLIP_COLOR))
                p.drawRect(QRectF(a, h - 9, max(2.0, b - a), 5))
            for m in self.markers:
                a, b = self.x_of(m.start_ms), self.x_of(m.end_ms)
                color = QColor(m.color)
                color.setAlpha(220)
                p.setBrush(color)
                p.drawRect(QRectF(a, 3, max(3.0, b - a), 6))
            # in/out marks
            if self.mark_in is not None or self.mark_out is not None:
                a = self.x_of(self.mark_in if self.mark_in is not None else self.mark_out)
                b = self.x_of(self.mark_out if self.mark_out is not None else self.mark_in)
                band = QColor(MARK_COLOR)
                band.setAlpha(90)
                p.setBrush(band)
                p.drawRect(QRectF(min(a, b), groove.top() - 4, abs(b - a), groove.height() + 8))
                p.setPen(QPen(QColor(MARK_COLOR), 2))
                for x in {a, b}:
                    p.drawLine(QPointF(x, 2), QPointF(x, h - 2))
            # playhead
            x = self.x_of(self.position)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(PLAYHEAD_COLOR))
            path = QPainterPath()
            path.addEllipse(QPointF(x, h / 2), 6, 6)
            p.drawPath(path)
        p.end()


class WaveformView(_TimeStrip):
    """Peaks from ``ws.waveform`` (min/max per bucket, ±1000), the playhead, click to seek."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("avWaveform")
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.peaks: list[tuple[int, int]] = []
        self.bucket_ms = 20.0
        self.scale = 1000
        self.message = ""
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_waveform(self, data: dict) -> None:
        self.peaks = [(int(a), int(b)) for a, b in data.get("peaks", [])]
        self.bucket_ms = float(data.get("bucket_ms") or 20.0)
        self.scale = int(data.get("scale") or 1000)
        if not self.duration_ms:
            self.duration_ms = int(data.get("duration_ms") or len(self.peaks) * self.bucket_ms)
        self.message = ""
        self.update()

    def set_message(self, text: str) -> None:
        self.message = text
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(600, 160)

    def paintEvent(self, event):  # noqa: N802 - Qt API
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), QColor("#1f2329"))
        left, width = self._span()
        mid = self.height() / 2
        half = self.height() / 2 - 6
        p.setPen(QPen(QColor("#3a3f47"), 1))
        p.drawLine(QPointF(left, mid), QPointF(left + width, mid))
        if self.peaks and self.duration_ms > 0:
            n = len(self.peaks)
            cols = int(width)
            played_x = self.x_of(self.position)
            for col in range(cols):
                a = int(col * n / cols)
                b = max(a + 1, int((col + 1) * n / cols))
                chunk = self.peaks[a:b]
                lo = min(c[0] for c in chunk) / self.scale
                hi = max(c[1] for c in chunk) / self.scale
                x = left + col
                p.setPen(QColor("#5fb4ff") if x <= played_x else QColor("#8a94a3"))
                p.drawLine(QPointF(x, mid - hi * half), QPointF(x, mid - lo * half))
            x = self.x_of(self.position)
            p.setPen(QPen(QColor(PLAYHEAD_COLOR), 2))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        elif self.message:
            p.setPen(pal.brightText().color() if pal.brightText().color().isValid() else QColor("white"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
        p.end()
