"""Page thumbnails in a side bar, rendered lazily at a low zoom.

The list view asks the model only for the rows it shows; each miss becomes a request, and
the request list is replaced whenever the shown rows change, so scrolling the side bar
through a 1,000-page document renders only what stops on screen. Thumbnails come from
``ItemReader.render_page`` like every other page image (watermarked, noted as viewed).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from .cache import ByteLRU
from .layout import zoom_key

THUMB_WIDTH = 96  # logical pixels
THUMB_CACHE_BYTES = 24 * 1024 * 1024


class ThumbnailModel(QAbstractListModel):
    thumbs_wanted = Signal(list)  # [(page index, device zoom)]

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.cache = ByteLRU(THUMB_CACHE_BYTES)
        self.sizes: list[tuple[float, float]] = []
        self.dpr = 1.0
        self.active = False  # request thumbnails only while the side bar is shown
        self._missing: set[int] = set()
        self._placeholders: dict[tuple[int, int], QImage] = {}
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._emit_wanted)

    def set_sizes(self, sizes: list[tuple[float, float]]) -> None:
        self.beginResetModel()
        self.sizes = list(sizes)
        self.cache.clear()
        self._missing.clear()
        self.endResetModel()

    def update_sizes(self, sizes: list[tuple[float, float]]) -> None:
        if len(sizes) == len(self.sizes):
            self.sizes = list(sizes)
            if sizes:
                self.dataChanged.emit(self.index(0), self.index(len(sizes) - 1))
        else:
            self.set_sizes(sizes)

    def zoom_for(self, row: int) -> float:
        w = self.sizes[row][0] if self.sizes else 595.0
        return THUMB_WIDTH / max(w, 1.0) * self.dpr

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.sizes)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self.sizes):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row + 1)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"第 {row + 1} 页"
        if role == Qt.ItemDataRole.DecorationRole:
            image = self.cache.get((row, zoom_key(self.zoom_for(row))))
            if image is not None:
                return image
            if self.active:
                self._missing.add(row)
                if not self._flush.isActive():
                    self._flush.start()
            return self._placeholder(row)
        return None

    def _placeholder(self, row: int) -> QImage:
        w, h = self.sizes[row]
        size = (THUMB_WIDTH, max(1, round(THUMB_WIDTH * h / max(w, 1.0))))
        image = self._placeholders.get(size)
        if image is None:
            image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
            image.fill(QColor("white"))
            p = QPainter(image)
            p.setPen(QColor(200, 200, 200))
            p.drawRect(0, 0, size[0] - 1, size[1] - 1)
            p.end()
            self._placeholders[size] = image
        return image

    def _emit_wanted(self) -> None:
        rows = sorted(self._missing)
        self._missing.clear()
        self.thumbs_wanted.emit([(r, self.zoom_for(r)) for r in rows])

    def add_image(self, row: int, zkey: int, image: QImage) -> None:
        if not 0 <= row < len(self.sizes):
            return
        image.setDevicePixelRatio(self.dpr)
        self.cache.put((row, zkey), image, image.sizeInBytes())
        idx = self.index(row)
        self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])


class ThumbnailBar(QListView):
    page_activated = Signal(int)  # 0-based

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.thumbs = ThumbnailModel(self)
        self.setModel(self.thumbs)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * 1.42)))
        self.setSpacing(6)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedWidth(THUMB_WIDTH + 48)
        self.setAccessibleName("页面缩略图")
        self.clicked.connect(lambda idx: self.page_activated.emit(idx.row()))
        self.activated.connect(lambda idx: self.page_activated.emit(idx.row()))

    def set_current(self, row: int) -> None:
        if 0 <= row < self.thumbs.rowCount():
            idx = self.thumbs.index(row)
            if self.currentIndex() != idx:
                self.setCurrentIndex(idx)
                self.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.thumbs.active = True
        self.thumbs.dpr = self.devicePixelRatioF()
        super().showEvent(event)
        self.viewport().update()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.thumbs.active = False
        super().hideEvent(event)
        self.thumbs.thumbs_wanted.emit([])
