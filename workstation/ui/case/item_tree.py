"""Volumes and items of a case as a tree (卷 → 件), with 页号 ranges and durations.

Items can be dragged to a new place inside their own volume when reordering is enabled;
the tree then reports the volume's new order and the owner asks the facade to apply it
(the tree is rebuilt from the facade's answer, never trusted on its own).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from workstation.ui import fmt, i18n
from workstation.ui.resources import icon
from workstation.ui.widgets import fit_headers

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
VOLUME_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = [
    QT_TRANSLATE_NOOP("ItemTree", "顺序号"),
    QT_TRANSLATE_NOOP("ItemTree", "题名"),
    QT_TRANSLATE_NOOP("ItemTree", "文号"),
    QT_TRANSLATE_NOOP("ItemTree", "责任者"),
    QT_TRANSLATE_NOOP("ItemTree", "日期"),
    QT_TRANSLATE_NOOP("ItemTree", "页号"),
    QT_TRANSLATE_NOOP("ItemTree", "页数/时长"),
    QT_TRANSLATE_NOOP("ItemTree", "密级"),
    QT_TRANSLATE_NOOP("ItemTree", "完整性"),
]
KIND_ICONS = {"document": "doc", "image": "image", "audio": "audio", "video": "video", "other": "doc"}


def volume_key(vol: dict) -> tuple[str, int]:
    return vol["kind"], int(vol.get("seq") or 1)


class ItemTree(QTreeWidget):
    item_chosen = Signal(object)  # item dict or None
    item_activated = Signal(object)  # item dict (double-click / Enter)
    order_changed = Signal(object, list)  # (volume kind, seq), [item ids] in the new order
    item_moved = Signal(int, object, int)  # item id, to (volume kind, seq), position (1-based)
    files_dropped = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("itemTree")
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels([QCoreApplication.translate("ItemTree", c) for c in COLUMNS])
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setRootIsDecorated(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((70, 240, 150, 110, 88, 60, 76, 50, 70)):
            self.setColumnWidth(col, width)
        fit_headers(self)
        for col in (0, 5, 6, 7):  # short values: as wide as the header or the widest value
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.currentItemChanged.connect(lambda cur, _prev: self.item_chosen.emit(self._item_of(cur)))
        self.itemActivated.connect(self._activated)
        self._reorder = False
        self.volumes: list[dict] = []
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    # -- content ---------------------------------------------------------------------------------
    def set_volumes(self, volumes: list[dict]) -> None:
        current = self.current_item_id()
        self.volumes = volumes
        self.clear()
        for vol in volumes:
            pages = sum(it.get("page_count") or 0 for it in vol["items"])
            label = QCoreApplication.translate("ItemTree", "{kind}（第 {seq} 卷）").format(
                kind=i18n.vocab(vol["kind"]), seq=vol.get("seq") or 1)
            if vol.get("title"):
                label += f" {vol['title']}"
            label += "　" + QCoreApplication.translate("ItemTree", "{n} 件，{p} 页").format(n=len(vol["items"]), p=pages)
            node = QTreeWidgetItem([label])
            node.setData(0, VOLUME_ROLE, volume_key(vol))
            node.setIcon(0, icon("volume"))
            font = node.font(0)
            font.setBold(True)
            node.setFont(0, font)
            node.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
            self.addTopLevelItem(node)
            node.setFirstColumnSpanned(True)
            for it in vol["items"]:
                node.addChild(self._item_node(it))
            node.setExpanded(True)
        self.invisibleRootItem().setFlags(Qt.ItemFlag.ItemIsEnabled)
        if current is not None:
            self.select_item(current)

    def _item_node(self, it: dict) -> QTreeWidgetItem:
        size = (QCoreApplication.translate("ItemTree", "{n} 页").format(n=it["page_count"]) if it.get("page_count")
                else fmt.duration_text(it.get("duration_ms")))
        usable = it.get("usable", True)
        node = QTreeWidgetItem([
            str(it["seq"]), it["title"], it.get("doc_no") or "", it.get("author") or "", it.get("date") or "",
            fmt.pages_text(it.get("page_start"), it.get("page_end")), size, i18n.vocab(it.get("classification")),
            QCoreApplication.translate("ItemTree", "可用") if usable else QCoreApplication.translate("ItemTree", "不可用"),
        ])
        node.setData(0, ITEM_ROLE, it)
        node.setIcon(1, icon(KIND_ICONS.get(it.get("kind"), "doc")))
        node.setToolTip(1, it["title"])
        if not usable:
            node.setIcon(8, icon("warning"))
            node.setForeground(8, QBrush(QColor("#b91c1c")))
            node.setToolTip(8, it.get("unusable_reason") or "")
        else:
            node.setIcon(8, icon("ok"))
        for col in (0, 5, 6, 7):
            node.setTextAlignment(col, Qt.AlignmentFlag.AlignCenter)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._reorder:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        node.setFlags(flags)
        return node

    def set_reorder_enabled(self, enabled: bool) -> None:
        self._reorder = enabled
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove if enabled
                             else QAbstractItemView.DragDropMode.DropOnly)
        self.setDefaultDropAction(Qt.DropAction.MoveAction if enabled else Qt.DropAction.CopyAction)
        self.setAcceptDrops(True)
        if self.volumes:
            self.set_volumes(self.volumes)

    # -- queries -----------------------------------------------------------------------------------
    @staticmethod
    def _item_of(node: QTreeWidgetItem | None) -> dict | None:
        return node.data(0, ITEM_ROLE) if node is not None else None

    def current_item(self) -> dict | None:
        return self._item_of(self.currentItem())

    def current_item_id(self) -> int | None:
        it = self.current_item()
        return it["id"] if it else None

    def item_ids(self) -> list[int]:
        return [vol_it["id"] for vol in self.volumes for vol_it in vol["items"]]

    def order_in_tree(self) -> dict[tuple[str, int], list[int]]:
        out = {}
        for i in range(self.topLevelItemCount()):
            node = self.topLevelItem(i)
            out[node.data(0, VOLUME_ROLE)] = [node.child(j).data(0, ITEM_ROLE)["id"] for j in range(node.childCount())]
        return out

    def select_item(self, item_id: int) -> bool:
        for i in range(self.topLevelItemCount()):
            node = self.topLevelItem(i)
            for j in range(node.childCount()):
                child = node.child(j)
                if child.data(0, ITEM_ROLE)["id"] == item_id:
                    self.setCurrentItem(child)
                    return True
        return False

    def _activated(self, node: QTreeWidgetItem, _col: int) -> None:
        it = self._item_of(node)
        if it is not None:
            self.item_activated.emit(it)

    # -- drag and drop ---------------------------------------------------------------------------
    def move_item(self, item_id: int, new_index: int) -> bool:
        """Move an item to ``new_index`` inside its volume (the drag-and-drop path, scriptable)."""
        before = self.order_in_tree()
        for key, ids in before.items():
            if item_id in ids:
                ids = [i for i in ids if i != item_id]
                ids.insert(max(0, min(new_index, len(ids))), item_id)
                if ids != before[key]:
                    self.order_changed.emit(key, ids)
                    return True
        return False

    def dragEnterEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls():
            if all(u.isLocalFile() for u in event.mimeData().urls()):
                event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls():
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            event.acceptProposedAction()
            if paths:
                self.files_dropped.emit(paths)
            return
        if not self._reorder:
            event.ignore()
            return
        before = self.order_in_tree()
        super().dropEvent(event)
        after = self.order_in_tree()
        if set(after) != set(before):  # dropped outside any volume: not allowed
            event.ignore()
            self.set_volumes(self.volumes)
            return
        moved = [(i, key) for key, ids in after.items() for i in ids if i not in before[key]]
        if moved:  # into another volume: a move (the facade renumbers both volumes)
            if len(moved) == 1:
                item_id, key = moved[0]
                self.item_moved.emit(item_id, key, after[key].index(item_id) + 1)
            else:
                self.set_volumes(self.volumes)
            return
        for key, ids in after.items():
            if ids != before[key]:
                self.order_changed.emit(key, ids)
