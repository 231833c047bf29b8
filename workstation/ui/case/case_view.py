"""One opened case: cover fields (案卷封面), the volume/item tree, the selected item's
metadata and integrity, who has access (security officer only) and the 归档 actions
the facade offers."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.access import Permission
from workstation.changes import Changes
from workstation.errors import NotFound
from workstation.ui import fmt, i18n
from workstation.ui.bus import ChangeBus
from workstation.ui.case.filing import FilingController, available, problem_text
from workstation.ui.case.access_panel import AccessPanel
from workstation.ui.case.details import CoverPanel, ItemPanel
from workstation.ui.case.item_tree import ItemTree
from workstation.ui.ops import run_op
from workstation.ui.resources import icon
from workstation.ui.widgets import chip


class CaseView(QWidget):
    open_item = Signal(object, object)  # (item dict, case detail)
    import_requested = Signal(str, list)  # case_no, paths (empty list: ask with a dialog)
    case_missing = Signal(str)
    status_message = Signal(str)

    def __init__(self, ws, case_no: str, bus: ChangeBus, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.case_no = case_no
        self.bus = bus
        self.detail: dict | None = None
        self.setObjectName("caseView")

        # header ----------------------------------------------------------------------------
        self.title = QLabel(objectName="caseTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel(objectName="caseSubtitle")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        self.chip_labels = (chip("", "open"), chip("", "level"), chip("", "plain"))
        for w in self.chip_labels:
            w.setVisible(False)
            self.chips.addWidget(w)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        sub = QHBoxLayout()
        sub.addWidget(self.subtitle)
        sub.addLayout(self.chips)
        sub.addStretch(1)
        heading.addLayout(sub)

        self.open_button = QPushButton(icon("open"), self.tr("打开"), objectName="openItem")
        self.open_button.setToolTip(self.tr("打开所选文件（Ctrl+O）"))
        self.open_button.clicked.connect(self.open_current)
        self.add_button = QPushButton(icon("import"), self.tr("添加文件…"), objectName="addFiles")
        self.add_button.setToolTip(self.tr("向本案卷导入文件（也可把文件拖入下方列表）"))
        self.add_button.clicked.connect(lambda: self.import_requested.emit(self.case_no, []))
        self.add_button.setVisible(ws.policy.allows(Permission.IMPORT))
        self.filing_button = QToolButton(objectName="filingMenu")
        self.filing_button.setText(self.tr("归档"))
        self.filing_button.setIcon(icon("filed"))
        self.filing_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.filing_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.filing_menu = QMenu(self.filing_button)
        self.filing_button.setMenu(self.filing_menu)
        self.filing: FilingController | None = None
        if ws.policy.allows(Permission.EDIT_CASE) and available(ws):
            self.filing = FilingController(ws, case_no, bus, self, self.filing_menu)
            self.filing.status_message.connect(self.status_message)
        self.filing_button.setVisible(self.filing is not None)
        self.bundle_button = QPushButton(self.tr("导出证据包"), objectName="exportBundle")
        self.bundle_button.setToolTip(self.tr("选取证据，加 Bates 编号、水印和遮蔽，生成可校验的证据包"))
        self.bundle_button.clicked.connect(self.export_bundle)
        self.bundle_button.setVisible(ws.policy.allows(Permission.EXPORT) and hasattr(ws, "export_bundle"))
        refresh = QToolButton(objectName="refreshCase")
        refresh.setIcon(icon("refresh"))
        refresh.setToolTip(self.tr("刷新（F5）"))
        refresh.clicked.connect(self.refresh)

        header = QHBoxLayout()
        header.addLayout(heading, 1)
        for w in (self.add_button, self.filing_button, self.bundle_button, self.open_button, refresh):
            header.addWidget(w, 0, Qt.AlignmentFlag.AlignTop)

        # body ---------------------------------------------------------------------------------
        self.cover = CoverPanel()
        self.tree = ItemTree()
        self.tree.item_chosen.connect(self._item_chosen)
        self.tree.item_activated.connect(lambda it: self.open_item.emit(it, self.detail))
        self.tree.order_changed.connect(self._reorder)
        self.tree.item_moved.connect(self._moved)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree.files_dropped.connect(lambda paths: self.import_requested.emit(self.case_no, paths))
        self.tree.set_reorder_enabled(False)
        self.integrity = QLabel(objectName="integritySummary")
        self.integrity.setWordWrap(True)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.tree, 1)
        tl.addWidget(self.integrity)
        self.filing_status = QLabel(objectName="filingStatus")
        self.filing_status.setWordWrap(True)
        self.filing_status.setProperty("role", "hint")
        self.filing_status.setTextFormat(Qt.TextFormat.RichText)
        self.filing_status.linkActivated.connect(lambda _l: self.filing.check() if self.filing else None)
        self.filing_status.setVisible(False)
        tl.addWidget(self.filing_status)
        self.item_panel = ItemPanel()
        centre = QSplitter(Qt.Orientation.Vertical)
        centre.addWidget(top)
        centre.addWidget(self.item_panel)
        centre.setStretchFactor(0, 1)
        centre.setStretchFactor(1, 0)
        centre.setSizes([470, 300])
        centre.setChildrenCollapsible(False)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.cover, 1)
        self.access: AccessPanel | None = None
        if ws.policy.allows(Permission.MANAGE_ACCESS):
            self.access = AccessPanel(ws, bus)
            ll.addWidget(self.access)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 960])
        self.splitter.setChildrenCollapsible(False)

        self.missing = QLabel(objectName="caseMissing")
        self.missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing.setWordWrap(True)
        self.body = QStackedWidget()
        self.body.addWidget(self.splitter)
        self.body.addWidget(self.missing)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setObjectName("separator")
        layout.addWidget(line)
        layout.addWidget(self.body, 1)
        bus.changes_applied.connect(self._on_changes)
        self.title.setText(case_no)
        self.setAcceptDrops(True)
        self.refresh()

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        ws, case_no = self.ws, self.case_no
        run_op(lambda: ws.show_case(case_no), success=self._loaded, failure=self._failed, parent=self, serial=False)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotFound):
            self.detail = None
            self.missing.setText(self.tr("案卷“{case_no}”不存在，或您无权查看。").format(case_no=self.case_no))
            self.body.setCurrentWidget(self.missing)
            self.case_missing.emit(self.case_no)
            return
        from workstation.ui.errors import show_error

        show_error(exc, self)

    def _loaded(self, detail: dict) -> None:
        self.detail = detail
        self.body.setCurrentWidget(self.splitter)
        self.title.setText(detail.get("title") or detail["case_no"])
        self.subtitle.setText(fmt.join_nonempty([detail["case_no"], detail.get("archival_code") or "",
                                                 detail.get("party") or ""]))
        status, level, category = self.chip_labels
        status.setText(i18n.vocab(detail["status"]))
        status.setProperty("chip", "filed" if detail["status"] == "已归档" else "open")
        status.style().unpolish(status)
        status.style().polish(status)
        level.setText(i18n.vocab(detail["classification"]))
        category.setText(i18n.vocab(detail["category"]))
        for w in self.chip_labels:
            w.setVisible(True)
        self.cover.set_case(detail)
        filed = detail.get("status") == "已归档"
        if self.filing is not None:
            self.filing.filed = filed
        self.tree.set_reorder_enabled(self.filing is not None and self.filing.can_reorder)
        self.tree.set_volumes(detail.get("volumes") or [])
        if self.tree.currentItem() is None:
            self.item_panel.set_item(None)
        self._update_integrity(detail)
        self.add_button.setEnabled(not filed)
        self.open_button.setEnabled(self.tree.current_item() is not None)
        if self.access is not None:
            self.access.set_case(detail["case_no"])
        if self.filing is not None and "filing_check" in self.filing.methods:
            ws, case_no = self.ws, self.case_no
            run_op(lambda: ws.filing_check(case_no), success=self._filing_state,
                   failure=lambda _exc: self.filing_status.setVisible(False), parent=self, serial=False)

    def _filing_state(self, report: dict) -> None:
        window = report.get("edit_window")
        self.filing.window_open = bool(window and window.get("state") == "approved")
        self.tree.set_reorder_enabled(self.filing.can_reorder)
        if report.get("status") == "已归档" and self.filing.window_open:
            text = self.tr("已归档；经批准的修改时限至 {until}，修改均记入审计日志。").format(
                until=fmt.datetime_text(window.get("window_ends_at"), seconds=False))
        elif report.get("status") == "已归档":
            text = self.tr("已归档（{at}，{who}）。修改须先申请并经批准。").format(
                at=(report.get("filed_at") or "")[:10], who=report.get("filed_by") or "")
        elif report["problems"]:
            text = self.tr("归档待办：{items}").format(items=self.tr("；").join(
                problem_text(p) for p in report["problems"][:4]))
        else:
            text = self.tr("归档检查通过，可以归档。")
        link = self.tr("归档检查…")
        self.filing_status.setText(f'{html.escape(text)}　<a href="check">{html.escape(link)}</a>')
        self.filing_status.setVisible(True)

    def _update_integrity(self, detail: dict) -> None:
        items = [it for vol in detail.get("volumes") or [] for it in vol["items"]]
        bad = [it for it in items if not it.get("usable", True)]
        if not items:
            self.integrity.setText(self.tr("本案卷还没有文件。可点击“添加文件…”或把文件拖入列表。"))
            self.integrity.setProperty("state", "empty")
        elif bad:
            self.integrity.setText(self.tr("完整性：{n} 件中 {bad} 件不可用（{names}）").format(
                n=len(items), bad=len(bad), names="；".join(f"{it['title']}：{it.get('unusable_reason') or ''}"
                                                       for it in bad[:3])))
            self.integrity.setProperty("state", "bad")
        else:
            self.integrity.setText(self.tr("完整性：全部 {n} 件可用，已存原件并记录 SHA-256 与 SM3 哈希").format(n=len(items)))
            self.integrity.setProperty("state", "ok")
        self.integrity.style().unpolish(self.integrity)
        self.integrity.style().polish(self.integrity)

    def _on_changes(self, changes: Changes, _initiator) -> None:
        if changes.cases or changes.items or (changes.grants and self.access is not None):
            self.refresh()

    # -- items ----------------------------------------------------------------------------------
    def _item_chosen(self, item: dict | None) -> None:
        self.item_panel.set_item(item)
        self.open_button.setEnabled(item is not None)

    def export_bundle(self) -> None:
        from workstation.ui.export.bundle_dialog import BundleDialog

        dialog = BundleDialog(self.ws, self.case_no, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.bundle_dialog = dialog

    def open_current(self) -> None:
        item = self.tree.current_item()
        if item is not None:
            self.open_item.emit(item, self.detail)

    # -- 归档 -----------------------------------------------------------------------------------
    def _reorder(self, volume: tuple[str, int], item_ids: list[int]) -> None:
        if self.filing is not None and self.filing.can_reorder:
            self.filing.reorder(volume, item_ids, self._order_failed)

    def _moved(self, item_id: int, volume: tuple[str, int], position: int) -> None:
        if self.filing is not None and "move_item" in self.filing.methods and self.filing.editable:
            self.filing.move(item_id, volume, position, self._order_failed)
        else:
            self.tree.set_volumes(self.detail.get("volumes") or [] if self.detail else [])

    def _order_failed(self, exc: BaseException) -> None:
        from workstation.ui.errors import show_error

        self.tree.set_volumes(self.detail.get("volumes") or [] if self.detail else [])
        show_error(exc, self)

    def _tree_menu(self, pos) -> None:
        item = self.tree.current_item()
        if item is None:
            return
        menu = QMenu(self)
        menu.addAction(icon("open"), self.tr("打开"), self.open_current)
        if (self.filing is not None and "acknowledge_item" in self.filing.methods and not item.get("usable", True)
                and self.filing.editable):
            menu.addAction(self.tr("确认按现状归档…"), lambda: self.filing.acknowledge(item))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    # -- drag and drop onto the whole view ------------------------------------------------------
    def dragEnterEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls() and self.add_button.isVisible() and self.add_button.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_requested.emit(self.case_no, paths)
