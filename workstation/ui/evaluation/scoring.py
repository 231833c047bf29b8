"""The scoring view: the dossier on the left (PDF viewer or AV player), the rubric tree and the
score sheet on the right.

Clicking a rubric item chooses it; clicking a page in the PDF (or playing / marking a range
in the AV player) fills the anchor; "扣分" (or "认定否决" on a veto item) enters the deduction
through the facade, which checks it and audits it, and the running total and grade update
from what the facade returns. A submitted sheet is read-only; "更正" starts a new revision.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.ui import fmt
from workstation.ui.errors import show_error
from workstation.ui.ops import run_op
from workstation.ui.widgets import data_table, fill_table, selected_data

VETO_BG = QColor("#fbe3e3")
HIT_BG = QColor("#fff4de")
GRADE_COLORS = {"优秀": "#1f7a45", "良好": "#23717f", "合格": "#2b5fa6", "不合格": "#b42323"}


def clock(ms: int | None) -> str:
    if ms is None:
        return ""
    s = int(ms) // 1000
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def anchor_label(anchor: dict | None, titles: dict[int, str]) -> str:
    if not anchor:
        return ""
    head = titles.get(anchor.get("item_id"), f"件 {anchor.get('item_id')}")
    if anchor.get("page") is not None:
        pages = f"{anchor['page']}" + (f"–{anchor['page_end']}" if anchor.get("page_end") else "")
        return f"{head} 第 {pages} 页"
    if anchor.get("ms") is not None:
        end = f"–{clock(anchor['ms_end'])}" if anchor.get("ms_end") is not None else ""
        return f"{head} {clock(anchor['ms'])}{end}"
    return head


class ScoringView(QWidget):
    """One score sheet. ``changed`` fires after every change the facade accepted."""

    changed = Signal(object)  # the sheet dict
    exported = Signal(str)  # the path of an exported score sheet PDF

    def __init__(self, ws, sheet: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scoringView")
        self.ws = ws
        self.sheet = sheet
        self.rubric = ws.plan_rubric(sheet["plan_id"])
        self.items_by_code = {it["code"]: it for st in self.rubric["stages"] for cat in st["categories"]
                              for it in cat["items"]}
        self.case_items: list[dict[str, Any]] = []
        self.doc_tab = None
        self.anchor: dict[str, Any] | None = None
        self.current_code: str | None = None
        self._build()
        self._load_case()
        self.show_sheet(sheet)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("scoringSplitter")
        # -- left: the dossier
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("卷内文件")))
        self.item_box = QComboBox(objectName="caseItems")
        self.item_box.currentIndexChanged.connect(self._item_chosen)
        row.addWidget(self.item_box, 1)
        ll.addLayout(row)
        self.viewer_host = QVBoxLayout()
        self.viewer_host.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(self.viewer_host, 1)
        self.no_items = QLabel(self.tr("本案卷没有您可查看的文件。"), objectName="noItems")
        self.no_items.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_items.hide()
        ll.addWidget(self.no_items)
        split.addWidget(left)

        # -- right: rubric and sheet
        right = QWidget(objectName="scoringPanel")
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        self.title = QLabel(objectName="sheetTitle")
        self.title.setWordWrap(True)
        rl.addWidget(self.title)
        score_row = QHBoxLayout()
        self.score_label = QLabel(objectName="scoreLabel")
        f = QFont(self.score_label.font())
        f.setPointSizeF(f.pointSizeF() * 1.6)
        f.setBold(True)
        self.score_label.setFont(f)
        self.grade_label = QLabel(objectName="gradeLabel")
        self.grade_label.setFont(f)
        score_row.addWidget(self.score_label)
        score_row.addWidget(self.grade_label)
        score_row.addStretch(1)
        self.status_label = QLabel(objectName="sheetStatus")
        self.status_label.setProperty("role", "hint")
        score_row.addWidget(self.status_label)
        rl.addLayout(score_row)

        vsplit = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeWidget(objectName="rubricTree")
        self.tree.setHeaderLabels([self.tr("评查项"), self.tr("分值"), self.tr("扣分")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.setColumnWidth(1, 52)
        self.tree.setColumnWidth(2, 52)
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._rubric_item_chosen(cur))
        vsplit.addWidget(self.tree)

        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.entry = QGroupBox(self.tr("扣分"), objectName="deductionEntry")
        form = QFormLayout(self.entry)
        self.item_label = QLabel(self.tr("请在上方评分表中选择评查项"), objectName="entryItem")
        self.item_label.setWordWrap(True)
        form.addRow(self.tr("评查项"), self.item_label)
        amounts = QHBoxLayout()
        self.points = QDoubleSpinBox(objectName="entryPoints")
        self.points.setDecimals(1)
        self.points.setSingleStep(0.5)
        self.count = QSpinBox(objectName="entryCount")
        self.count.setRange(1, 999)
        self.count.setSuffix(self.tr(" 处"))
        amounts.addWidget(self.points)
        amounts.addWidget(self.count)
        self.rule_label = QLabel(objectName="entryRule")
        self.rule_label.setProperty("role", "hint")
        amounts.addWidget(self.rule_label, 1)
        form.addRow(self.tr("扣分"), amounts)
        self.reason = QLineEdit(objectName="entryReason")
        self.reason.setPlaceholderText(self.tr("扣分理由（必填）"))
        form.addRow(self.tr("理由"), self.reason)
        anchor_row = QHBoxLayout()
        self.anchor_text = QLabel(self.tr("点击左侧文件的页面（或播放音视频）以确定位置"), objectName="entryAnchor")
        self.anchor_text.setWordWrap(True)
        self.page_end = QSpinBox(objectName="entryPageEnd")
        self.page_end.setRange(0, 99999)
        self.page_end.setSpecialValueText(self.tr("单页"))
        self.page_end.setPrefix(self.tr("至第 "))
        self.page_end.setSuffix(self.tr(" 页"))
        self.page_end.valueChanged.connect(self._page_end_changed)
        self.take_anchor = QPushButton(self.tr("取当前位置"), objectName="takeAnchor")
        self.take_anchor.clicked.connect(self.capture_current)
        anchor_row.addWidget(self.anchor_text, 1)
        anchor_row.addWidget(self.page_end)
        anchor_row.addWidget(self.take_anchor)
        form.addRow(self.tr("位置"), anchor_row)
        self.deduct_button = QPushButton(self.tr("扣分"), objectName="deductButton")
        self.deduct_button.clicked.connect(self.deduct)
        self.entry_error = QLabel(objectName="entryError")
        self.entry_error.setProperty("role", "error")
        self.entry_error.setWordWrap(True)
        self.entry_error.hide()
        form.addRow("", self.deduct_button)
        note_row = QHBoxLayout()
        self.item_note = QLineEdit(objectName="itemNote")
        self.item_note.setPlaceholderText(self.tr("对本评查项的意见（可不扣分，如提示性意见）"))
        self.save_item_note_button = QPushButton(self.tr("保存"), objectName="saveItemNote")
        self.save_item_note_button.clicked.connect(self.save_item_note)
        note_row.addWidget(self.item_note, 1)
        note_row.addWidget(self.save_item_note_button)
        form.addRow(self.tr("本项意见"), note_row)
        form.addRow("", self.entry_error)
        bl.addWidget(self.entry)

        self.table = data_table([self.tr("评查项"), self.tr("扣分"), self.tr("理由"), self.tr("位置")], "deductionTable")
        self.table.itemDoubleClicked.connect(lambda *_: self.go_to_selected())
        bl.addWidget(self.table, 1)
        self.remove_button = QPushButton(self.tr("删除所选扣分"), objectName="removeDeduction")
        self.remove_button.clicked.connect(self.remove_selected)
        self.go_button = QPushButton(self.tr("定位"), objectName="goToDeduction")
        self.go_button.setToolTip(self.tr("在左侧打开所选扣分所在的页面或时间点（也可双击该行）"))
        self.go_button.clicked.connect(self.go_to_selected)
        nrow = QHBoxLayout()
        self.notes = QPlainTextEdit(objectName="sheetNotes")
        self.notes.setPlaceholderText(self.tr("评查意见"))
        self.notes.setMaximumHeight(52)
        self.save_notes_button = QPushButton(self.tr("保存意见"), objectName="saveNotes")
        self.save_notes_button.clicked.connect(self.save_notes)
        nrow.addWidget(self.notes, 1)
        nrow.addWidget(self.save_notes_button, 0, Qt.AlignmentFlag.AlignTop)
        bl.addLayout(nrow)
        brow = QHBoxLayout()
        self.submit_button = QPushButton(self.tr("提交评分表"), objectName="submitSheet")
        self.submit_button.setProperty("role", "primary")
        self.submit_button.clicked.connect(self.ask_submit)
        self.revise_button = QPushButton(self.tr("更正…"), objectName="reviseSheet")
        self.revise_button.clicked.connect(self.ask_revise)
        self.pdf_button = QPushButton(self.tr("导出 PDF…"), objectName="exportSheet")
        self.pdf_button.setToolTip(self.tr("导出评分表 PDF（列出每项扣分及其位置）"))
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        for b in (self.go_button, self.remove_button, self.pdf_button):
            brow.addWidget(b)
        brow.addStretch(1)
        brow.addWidget(self.revise_button)
        brow.addWidget(self.submit_button)
        bl.addLayout(brow)
        vsplit.addWidget(bottom)
        vsplit.setStretchFactor(0, 1)
        vsplit.setStretchFactor(1, 1)
        vsplit.setSizes([300, 500])
        rl.addWidget(vsplit, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        split.setSizes([760, 640])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self._fill_tree()
        self._rubric_item_chosen(None)

    def _fill_tree(self) -> None:
        self.tree_items: dict[str, QTreeWidgetItem] = {}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for st in self.rubric["stages"]:
            top = QTreeWidgetItem([st["name"], f"{st['points']:g}" if st["points"] else "", ""])
            top.setFont(0, bold)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(top)
            for cat in st["categories"]:
                parent = top
                if cat["name"]:
                    parent = QTreeWidgetItem([cat["name"], "", ""])
                    parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                    top.addChild(parent)
                for it in cat["items"]:
                    node = QTreeWidgetItem([f"{it['code']}  {it['title']}", "否决" if it["kind"] == "veto"
                                            else f"{it['max']:g}", ""])
                    node.setData(0, Qt.ItemDataRole.UserRole, it["code"])
                    node.setToolTip(0, "\n".join(x for x in (it["title"], it["rule"], it.get("basis", ""),
                                                             it.get("guidance", "")) if x))
                    node.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    node.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    parent.addChild(node)
                    self.tree_items[it["code"]] = node
        self.tree.expandAll()

    # ------------------------------------------------------------------ dossier
    def _load_case(self) -> None:
        try:
            detail = self.ws.show_case(self.sheet["case_no"])
        except Exception as exc:  # noqa: BLE001 - shown; the sheet stays usable
            show_error(exc, self)
            detail = {"volumes": []}
        self.case_items = [it for vol in detail["volumes"] for it in vol["items"]]
        self.item_titles = {it["id"]: it["title"] for it in self.case_items}
        self.item_box.blockSignals(True)
        for it in self.case_items:
            extra = fmt.duration_text(it.get("duration_ms")) if it.get("kind") in ("audio", "video") else (
                self.tr("{n} 页").format(n=it["page_count"]) if it.get("page_count") else "")
            self.item_box.addItem(f"{it['title']}（{extra}）" if extra else it["title"], it["id"])
        self.item_box.blockSignals(False)
        self.no_items.setVisible(not self.case_items)
        if self.case_items:
            self.open_item(self.case_items[0]["id"])

    def _item_chosen(self, index: int) -> None:
        if 0 <= index < len(self.case_items):
            self.open_item(self.case_items[index]["id"])

    def open_item(self, item_id: int, *, page: int | None = None, ms: int | None = None) -> None:
        """Show an item of the case in the viewer (at ``page`` or ``ms``)."""
        from workstation.ui.documents import DocumentTab

        item = next((it for it in self.case_items if it["id"] == item_id), None)
        if item is None:
            return
        if self.doc_tab is not None and self.doc_tab.item["id"] == item_id:
            self._seek(page, ms)
            return
        self.close_viewer()
        idx = self.case_items.index(item)
        if self.item_box.currentIndex() != idx:
            self.item_box.blockSignals(True)
            self.item_box.setCurrentIndex(idx)
            self.item_box.blockSignals(False)
        self.doc_tab = DocumentTab(self.ws, item, self.sheet["case_no"], page=page, parent=self)
        self.viewer_host.addWidget(self.doc_tab)
        viewer = self.doc_tab.viewer
        if viewer is not None:
            if hasattr(viewer, "page_clicked"):
                viewer.page_clicked.connect(lambda p, _x, _y, i=item_id: self.set_anchor({"item_id": i, "page": p}))
            if hasattr(viewer, "position_changed"):
                viewer.position_changed.connect(lambda m, i=item_id: self._av_position(i, m))
            if hasattr(viewer, "range_selected"):
                viewer.range_selected.connect(lambda a, b, i=item_id: self.set_anchor({"item_id": i, "ms": a, "ms_end": b}))
            if ms is not None and hasattr(viewer, "seek"):
                viewer.seek(ms)
        self.page_end.setEnabled(item.get("kind") not in ("audio", "video"))

    def _seek(self, page: int | None, ms: int | None) -> None:
        viewer = self.doc_tab.viewer if self.doc_tab is not None else None
        if viewer is None:
            return
        if page is not None and hasattr(viewer, "go_to_page"):
            viewer.go_to_page(page)
        if ms is not None and hasattr(viewer, "seek"):
            viewer.seek(ms)

    def close_viewer(self) -> None:
        if self.doc_tab is not None:
            self.doc_tab.close_document()
            self.doc_tab.setParent(None)
            self.doc_tab.deleteLater()
            self.doc_tab = None

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.close_viewer()
        super().closeEvent(event)

    # ------------------------------------------------------------------ anchors
    def _av_position(self, item_id: int, ms: int) -> None:
        # Follow the player until a range is marked (a marked range stays until the next one).
        if self.anchor is None or self.anchor.get("ms_end") is None or self.anchor.get("item_id") != item_id:
            self.set_anchor({"item_id": item_id, "ms": int(ms)})

    def set_anchor(self, anchor: dict[str, Any] | None) -> None:
        self.anchor = dict(anchor) if anchor else None
        if self.anchor and self.anchor.get("page") is not None:
            self.page_end.blockSignals(True)
            self.page_end.setMinimum(0)
            self.page_end.setValue(int(self.anchor.get("page_end") or 0))
            self.page_end.blockSignals(False)
        self.anchor_text.setText(anchor_label(self.anchor, self.item_titles) or
                                 self.tr("点击左侧文件的页面（或播放音视频）以确定位置"))

    def _page_end_changed(self, value: int) -> None:
        if self.anchor and self.anchor.get("page") is not None:
            if value and value > self.anchor["page"]:
                self.anchor["page_end"] = value
            else:
                self.anchor.pop("page_end", None)
            self.anchor_text.setText(anchor_label(self.anchor, self.item_titles))

    def capture_current(self) -> None:
        """The viewer's current page (PDF) or position (AV) as the anchor."""
        viewer = self.doc_tab.viewer if self.doc_tab is not None else None
        if viewer is None:
            return
        item_id = self.doc_tab.item["id"]
        if hasattr(viewer, "position_ms"):
            self.set_anchor({"item_id": item_id, "ms": int(viewer.position_ms())})
        elif hasattr(viewer, "anchor") and viewer.anchor():
            self.set_anchor(viewer.anchor())
        elif hasattr(viewer, "current_page"):
            self.set_anchor({"item_id": item_id, "page": int(viewer.current_page)})

    # ------------------------------------------------------------------ rubric item
    def choose_item(self, code: str) -> None:
        node = self.tree_items.get(code)
        if node is not None:
            self.tree.setCurrentItem(node)

    def _rubric_item_chosen(self, node: QTreeWidgetItem | None) -> None:
        code = node.data(0, Qt.ItemDataRole.UserRole) if node is not None else None
        self.current_code = code
        it = self.items_by_code.get(code) if code else None
        self.points.setVisible(bool(it) and it["kind"] == "range")
        self.count.setVisible(bool(it) and it["kind"] in ("per_occurrence", "capped"))
        self.item_note.setText((self.sheet.get("item_notes") or {}).get(code, "") if code else "")
        if it is None:
            self.item_label.setText(self.tr("请在上方评分表中选择评查项"))
            self.rule_label.setText("")
            self.deduct_button.setText(self.tr("扣分"))
            self._update_enabled()
            return
        self.item_label.setText(f"{it['code']}  {it['title']}")
        self.rule_label.setText(it["rule"] + (f"（{it['basis']}）" if it.get("basis") else ""))
        if it["kind"] == "range":
            self.points.setRange(it["min"], it["range_max"])
            self.points.setValue(it["min"])
        self.count.setValue(1)
        self.deduct_button.setText(self.tr("认定否决（不合格）") if it["kind"] == "veto" else self.tr("扣分"))
        self.deduct_button.setProperty("role", "danger" if it["kind"] == "veto" else "primary")
        self.deduct_button.style().unpolish(self.deduct_button)
        self.deduct_button.style().polish(self.deduct_button)
        self._update_enabled()

    # ------------------------------------------------------------------ sheet
    def show_sheet(self, sheet: dict[str, Any]) -> None:
        self.sheet = sheet
        res = sheet["result"]
        kind = self.tr("合议定稿") if sheet["kind"] == "final" else \
            self.tr("评查员：{name}").format(name=sheet["evaluator_name"])
        self.title.setText(f"<b>{sheet['case_no']}</b>　{sheet['case_title']}<br>"
                           f"<span>{sheet['plan_name']} · {self.rubric['name']} {self.rubric['version']} · {kind}</span>")
        self.score_label.setText(self.tr("得分 {score}").format(score=f"{res['score']:g}"))
        self.grade_label.setText(res["grade"] + (self.tr("（否决）") if res["vetoed"] else ""))
        self.grade_label.setStyleSheet(f"color: {GRADE_COLORS.get(res['grade'], '#333')};")
        status = {"draft": self.tr("草稿"), "submitted": self.tr("已提交（只读）"),
                  "superseded": self.tr("已被更正稿取代（只读）")}.get(sheet["status"], sheet["status"])
        self.status_label.setText(self.tr("第 {n} 稿 · {status} · 扣 {d} 分").format(
            n=sheet["revision"], status=status, d=f"{res['deducted']:g}"))
        for code, node in self.tree_items.items():
            info = res["items"].get(code)
            bg = QBrush()
            if info:
                node.setText(2, self.tr("否决") if info["vetoed"] else f"-{info['applied']:g}" +
                             ("*" if info["capped"] else ""))
                bg = QBrush(VETO_BG if info["vetoed"] else HIT_BG)
            else:
                node.setText(2, "")
            for col in range(3):
                node.setBackground(col, bg)
        fill_table(self.table, [[f"{d['item_code']} {d['item_title']}",
                                 self.tr("否决") if d["kind"] == "veto" else
                                 f"-{d['points']:g}" + (f"（{d['count']} 处）" if d["count"] > 1 else ""),
                                 d["reason"], d["anchor_text"]] for d in sheet["deductions"]],
                   data=[d for d in sheet["deductions"]])
        for col, width in ((0, 190), (1, 78), (2, 170)):
            self.table.setColumnWidth(col, width)
        if self.notes.toPlainText() != (sheet.get("notes") or ""):
            self.notes.setPlainText(sheet.get("notes") or "")
        self._update_enabled()

    @property
    def editable(self) -> bool:
        return bool(self.sheet.get("editable"))

    def _update_enabled(self) -> None:
        ed = self.editable
        for w in (self.reason, self.points, self.count, self.page_end, self.take_anchor, self.remove_button,
                  self.save_notes_button, self.submit_button):
            w.setEnabled(ed)
        self.notes.setReadOnly(not ed)
        self.deduct_button.setEnabled(ed and self.current_code is not None)
        self.item_note.setReadOnly(not ed)
        self.save_item_note_button.setEnabled(ed and self.current_code is not None)
        self.revise_button.setVisible(self.sheet["kind"] == "evaluator" and self.sheet["status"] == "submitted"
                                      and self.sheet.get("evaluator") == self.ws.username)
        self.entry.setTitle(self.tr("扣分") if ed else self.tr("扣分（评分表只读）"))

    def _entry_failed(self, exc: BaseException) -> None:
        from workstation.ui.errors import error_text

        self.entry_error.setText(error_text(exc)[1])
        self.entry_error.show()

    def _applied(self, sheet: dict[str, Any]) -> None:
        self.entry_error.hide()
        self.show_sheet(sheet)
        self.changed.emit(sheet)

    def deduct(self) -> None:
        """Enter the chosen item's deduction (or veto) with the reason and the anchor."""
        code = self.current_code
        if code is None or not self.editable:
            return
        it = self.items_by_code[code]
        points = self.points.value() if it["kind"] == "range" else None
        count = self.count.value() if it["kind"] in ("per_occurrence", "capped") else None
        sheet_id, reason, anchor = self.sheet["id"], self.reason.text(), self.anchor

        def done(sheet):
            self.reason.clear()
            self._applied(sheet)

        run_op(lambda: self.ws.add_deduction(sheet_id, code, reason=reason, anchor=anchor, points=points, count=count),
               success=done, failure=self._entry_failed, parent=self)

    def remove_selected(self) -> None:
        d = selected_data(self.table)
        if d is None or not self.editable:
            return
        run_op(lambda: self.ws.remove_deduction(d["id"]), success=self._applied, failure=self._entry_failed,
               parent=self)

    def go_to_selected(self) -> None:
        d = selected_data(self.table)
        if d is None:
            return
        a = d["anchor"]
        self.open_item(a["item_id"], page=a.get("page"), ms=a.get("ms"))
        self.choose_item(d["item_code"])

    def save_item_note(self) -> None:
        if self.current_code is None:
            return
        text, code, sheet_id = self.item_note.text(), self.current_code, self.sheet["id"]
        run_op(lambda: self.ws.set_item_note(sheet_id, code, text), success=self._applied,
               failure=self._entry_failed, parent=self)

    def save_notes(self) -> None:
        text, sheet_id = self.notes.toPlainText(), self.sheet["id"]
        run_op(lambda: self.ws.set_sheet_notes(sheet_id, text), success=self._applied, failure=self._entry_failed,
               parent=self)

    def ask_submit(self) -> None:
        res = self.sheet["result"]
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("提交评分表"), self.tr(
            "提交后评分表只读，更正须另建更正稿并留痕。\n当前得分 {score}，等次 {grade}。确定提交？").format(
            score=f"{res['score']:g}", grade=res["grade"]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmSubmit")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("提交"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(self.submit)
        box.open()
        self.confirm_box = box

    def submit(self) -> None:
        notes, sheet_id = self.notes.toPlainText(), self.sheet["id"]

        def work():
            if notes != (self.sheet.get("notes") or ""):
                self.ws.set_sheet_notes(sheet_id, notes)
            return self.ws.submit_sheet(sheet_id)

        run_op(work, success=self._applied, parent=self)

    def ask_revise(self) -> None:
        dlg = QInputDialog(self)
        dlg.setObjectName("reviseReason")
        dlg.setWindowTitle(self.tr("更正评分表"))
        dlg.setLabelText(self.tr("更正理由（将记入审计日志）："))
        dlg.setOkButtonText(self.tr("新建更正稿"))
        dlg.setCancelButtonText(self.tr("取消"))
        dlg.textValueSelected.connect(self.revise)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.revise_dialog = dlg

    def revise(self, reason: str) -> None:
        sheet_id = self.sheet["id"]
        run_op(lambda: self.ws.revise_sheet(sheet_id, reason), success=self._applied, parent=self)

    def export_pdf(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("导出评分表"),
                                                  f"评分表-{self.sheet['case_no']}-{self.sheet['revision']}.pdf",
                                                  "PDF (*.pdf)")
            if not path:
                return
        sheet_id = self.sheet["id"]

        def work():
            Path(path).write_bytes(self.ws.export_sheet_pdf(sheet_id))
            return path

        run_op(work, success=self.exported.emit, parent=self, serial=False,
               progress_label=self.tr("正在生成评分表 PDF…"))
