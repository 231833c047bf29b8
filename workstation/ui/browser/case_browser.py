"""The case browser: filter bar, sortable table of dossiers, and "共 N 件".

Year, 执法类别 and status go to ``ws.list_cases`` (the facade filters in SQL); 密级, 承办机构
and the quick search narrow the rows client-side. Filter choices (years, units) come from
the cases the user may see, so no option reveals a hidden case.

The 审核期限 column is filled from ``ws.review_deadlines()`` in the same background load
(the facade limits it to the cases this user may see; no REVIEW permission is needed to
read the countdown). A session without that method, or one the facade refuses, simply
gets an empty column: the case list itself never fails because of it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QSettings, QTimer, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.vocab import CaseStatus, Category, Classification
from workstation.changes import Changes
from workstation.errors import AccessDenied
from workstation.ui import i18n
from workstation.ui.errors import error_text
from workstation.ui.browser.case_model import CASE_NO_ROLE, COLUMNS, CaseFilterProxy, CaseTableModel

from workstation.ui.bus import ChangeBus
from workstation.ui.ops import run_op
from workstation.ui.resources import icon
from workstation.ui.widgets import fit_headers

HIDDEN_BY_DEFAULT = ("procedure", "closed_on", "retention")
log = logging.getLogger(__name__)


def load_deadlines(ws) -> tuple[dict | None, str]:
    """``ws.review_deadlines()`` for the 审核期限 column (worker side): (entries, problem).
    Entries None when the session has no such call or the facade refuses it (the column
    stays empty); a problem text when it failed otherwise (shown as the header's tip)."""
    fn = getattr(ws, "review_deadlines", None)
    if not callable(fn):
        return None, ""
    try:
        return fn(), ""
    except AccessDenied:
        return None, ""
    except Exception as exc:  # noqa: BLE001 - the case list must still load; the header says why
        log.warning("review deadlines not available: %s", exc)
        return None, error_text(exc)[1]


class CaseBrowser(QWidget):
    open_case = Signal(str)
    current_case_changed = Signal(object)  # case_no or None
    files_dropped = Signal(list)  # local paths dropped on the table

    def __init__(self, ws, bus: ChangeBus, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.setObjectName("caseBrowser")
        self.all_rows: list[dict] = []
        self.loaded = False

        self.year = self._combo("yearFilter", self.tr("全部年度"))
        self.category = self._combo("categoryFilter", self.tr("全部类别"),
                                    [(i18n.vocab(c.value), c.value) for c in Category])
        self.status = self._combo("statusFilter", self.tr("全部状态"),
                                  [(i18n.vocab(c.value), c.value) for c in CaseStatus])
        levels = [c for c in Classification if ws.policy.can_see_level(c)]
        self.level = self._combo("levelFilter", self.tr("全部密级"), [(i18n.vocab(c.value), c.value) for c in levels])
        self.unit = self._combo("unitFilter", self.tr("全部承办机构"))
        self.unit.setMinimumContentsLength(10)
        self.quick = QLineEdit(objectName="quickSearch")
        self.quick.setPlaceholderText(self.tr("快速查找：案号、题名、当事人、档号"))
        self.quick.setClearButtonEnabled(True)
        self.quick.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.quick.setMinimumWidth(220)
        reset = QPushButton(self.tr("重置"), objectName="resetFilters")
        reset.setToolTip(self.tr("清除全部筛选条件"))
        reset.clicked.connect(self.reset_filters)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        for label, widget in ((self.tr("年度"), self.year), (self.tr("类别"), self.category),
                              (self.tr("状态"), self.status), (self.tr("密级"), self.level),
                              (self.tr("承办机构"), self.unit)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            bar.addWidget(lab)
            bar.addWidget(widget)
        bar.addSpacing(8)
        bar.addWidget(self.quick, 1)
        bar.addWidget(reset)

        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(objectName="caseTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(self.model.column_of("opened_on"), Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        widths = {"case_no": 190, "title": 280, "party": 160, "category": 66, "procedure": 52,
                  "handling_unit": 140, "opened_on": 92, "closed_on": 92, "classification": 52, "status": 80,
                  "archival_code": 170, "retention": 80, "review_deadline": 128}
        for key, width in widths.items():
            self.table.setColumnWidth(self.model.column_of(key), width)
        fit_headers(self.table)
        for key in HIDDEN_BY_DEFAULT:
            self.table.setColumnHidden(self.model.column_of(key), True)
        saved = QSettings().value("browser/hidden_columns")
        if isinstance(saved, list):
            for col in range(self.model.columnCount()):
                self.table.setColumnHidden(col, COLUMNS[col][0] in saved)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.empty = QLabel(objectName="emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.count = QLabel(objectName="caseCount")
        self.count.setProperty("role", "count")
        footer = QHBoxLayout()
        footer.addWidget(self.count)
        footer.addStretch(1)
        hint = QLabel(self.tr("双击或按回车打开案卷；右键单击表头可选择显示的列；可将文件拖到此处导入所选案卷"))
        hint.setProperty("role", "hint")
        footer.addWidget(hint)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

        self._quick_timer = QTimer(self, singleShot=True, interval=200)
        self._quick_timer.timeout.connect(lambda: self._client_filter_changed())
        self.quick.textChanged.connect(lambda _t: self._quick_timer.start())
        for combo in (self.year, self.category, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for combo in (self.level, self.unit):
            combo.currentIndexChanged.connect(lambda _i: self._client_filter_changed())
        self.setAcceptDrops(True)
        bus.changes_applied.connect(self._on_changes)
        self._update_count()

    def _column_menu(self, pos) -> None:
        menu = QMenu(self)
        for col, (key, label) in enumerate(COLUMNS):
            if key in ("case_no", "title"):
                continue
            act = menu.addAction(QCoreApplication.translate("CaseTable", label))
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(col))
            act.toggled.connect(lambda on, c=col: self._set_column_visible(c, on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _set_column_visible(self, col: int, visible: bool) -> None:
        self.table.setColumnHidden(col, not visible)
        QSettings().setValue("browser/hidden_columns", [COLUMNS[c][0] for c in range(len(COLUMNS))
                                                        if self.table.isColumnHidden(c)])

    # -- filters -------------------------------------------------------------------------------
    def _combo(self, name: str, all_text: str, items: list[tuple[str, object]] = ()) -> QComboBox:
        combo = QComboBox(objectName=name)
        combo.addItem(all_text, None)
        for text, data in items:
            combo.addItem(text, data)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def server_filters(self) -> dict:
        return {"year": self.year.currentData(), "category": self.category.currentData(),
                "status": self.status.currentData()}

    def reset_filters(self) -> None:
        for combo in (self.year, self.category, self.status, self.level, self.unit):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.quick.clear()
        self.proxy.set_filters(classification="", unit="", text="")
        self.refresh()

    def _client_filter_changed(self) -> None:
        self.proxy.set_filters(classification=self.level.currentData() or "", unit=self.unit.currentData() or "",
                               text=self.quick.text())
        self._update_count()

    def focus_quick_search(self) -> None:
        self.quick.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.quick.selectAll()

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        filters = self.server_filters()
        ws = self.ws

        def load():
            return ws.list_cases(**filters), ws.list_cases(), load_deadlines(ws)

        run_op(load, success=self._loaded, parent=self, serial=False)

    def _loaded(self, result) -> None:
        rows, all_rows, (deadlines, problem) = result
        keep = self.current_case_no()
        self.all_rows = all_rows
        self._fill_options(all_rows)
        self.model.deadline_problem = problem
        self.model.set_rows(rows, deadlines or {})
        self.loaded = True
        self._update_count()
        if keep:
            self.select_case(keep)

    def _fill_options(self, rows: list[dict]) -> None:
        years = sorted({r["opened_on"][:4] for r in rows if r.get("opened_on")}, reverse=True)
        units = sorted({r["handling_unit"] for r in rows if r.get("handling_unit")})
        for combo, values, as_int in ((self.year, years, True), (self.unit, units, False)):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for v in values:
                combo.addItem(v, int(v) if as_int else v)
            if current is not None:
                idx = combo.findData(current)
                if idx < 0:  # keep a chosen value even if no case has it any more
                    combo.addItem(str(current), current)
                    idx = combo.count() - 1
                combo.setCurrentIndex(idx)
            combo.blockSignals(False)

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        self.count.setText(self.tr("共 %n 件", "", shown))
        if shown:
            self.stack.setCurrentWidget(self.table)
            return
        if not self.loaded:
            self.empty.setText(self.tr("正在加载案卷…"))
        elif self.all_rows:
            self.empty.setText(self.tr("没有符合筛选条件的案卷。"))
        else:
            self.empty.setText(self.tr("没有可查看的案卷。\n需要查阅某一案卷时，请在“调阅申请”中提交申请。"))
        self.stack.setCurrentWidget(self.empty)

    def _on_changes(self, changes: Changes, _initiator) -> None:
        # the reload re-reads the 审核期限 countdown as well
        if changes.cases or changes.grants or changes.items:
            self.refresh()

    # -- selection -----------------------------------------------------------------------------
    def visible_case_numbers(self) -> list[str]:
        return [self.proxy.index(r, 0).data(CASE_NO_ROLE) for r in range(self.proxy.rowCount())]

    def current_case_no(self) -> str | None:
        idx = self.table.currentIndex()
        return idx.data(CASE_NO_ROLE) if idx.isValid() else None

    def select_case(self, case_no: str) -> bool:
        for r in range(self.proxy.rowCount()):
            idx = self.proxy.index(r, 0)
            if idx.data(CASE_NO_ROLE) == case_no:
                self.table.selectionModel().setCurrentIndex(
                    idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(idx)
                return True
        return False

    def _activated(self, index) -> None:
        if index.isValid():
            self.open_case.emit(index.data(CASE_NO_ROLE))

    def _current_changed(self, current, _previous) -> None:
        self.current_case_changed.emit(current.data(CASE_NO_ROLE) if current.isValid() else None)

    # -- drag and drop of files --------------------------------------------------------------------
    def dragEnterEvent(self, event):  # noqa: N802
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
