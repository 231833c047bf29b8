"""Side panels of the review workspace: the annotation list (filters, click to navigate),
the link list (follow a link), and the 法制审核 panel (submission data, countdown, the
checklist with per-point result, explanation and cited anchors, conclusion, 意见书 draft
preview and sign-off, and — once the 意见书 is signed — 复核 and 集体讨论 over it)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.access import Permission
from workstation.review.anchors import ANNOTATION_KINDS
from workstation.ui.review.workspace import WARN_COLORS, PdfPreview, _guard

if TYPE_CHECKING:
    from workstation.ui.review.workspace import ReviewWorkspace

ROLE = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewWorkspace", text)


class AnnotationList(QWidget):
    def __init__(self, workspace: "ReviewWorkspace"):
        super().__init__(workspace)
        self.wsv = workspace
        self.kind_box = QComboBox(self)
        self.kind_box.addItem(_tr("全部类型"), None)
        for k, name in ANNOTATION_KINDS.items():
            self.kind_box.addItem(name, k)
        self.category_box = QComboBox(self)
        self.item_box = QComboBox(self)
        self.mine_box = QComboBox(self)
        self.mine_box.addItems([_tr("所有人"), _tr("本人"), _tr("仅本人可见")])
        for box in (self.kind_box, self.category_box, self.item_box, self.mine_box):
            box.activated.connect(lambda _r: self.refresh())
        self.list = QListWidget(self)
        self.list.itemClicked.connect(self._activated)
        self.list.itemActivated.connect(self._activated)
        self.delete_button = QPushButton(_tr("删除所选批注"), self)
        self.delete_button.clicked.connect(self._delete)
        filters, filters2 = QHBoxLayout(), QHBoxLayout()
        for w in (self.kind_box, self.category_box):
            filters.addWidget(w, 1)
        for w in (self.item_box, self.mine_box):
            filters2.addWidget(w, 1)
        self.item_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.item_box.setMinimumContentsLength(8)
        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addLayout(filters2)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.delete_button)

    def _fill_filters(self) -> None:
        cat, item = self.category_box.currentData(), self.item_box.currentData()
        self.category_box.clear()
        self.category_box.addItem(_tr("全部类别"), None)
        for c in sorted({a["category"] for a in self.wsv.annotations}):
            self.category_box.addItem(c, c)
        self.item_box.clear()
        self.item_box.addItem(_tr("全部文件"), None)
        for it in self.wsv.items.values():
            self.item_box.addItem(it["title"], it["id"])
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(cat)))
        self.item_box.setCurrentIndex(max(0, self.item_box.findData(item)))

    def visible(self) -> list[dict]:
        kind, cat, item, who = (self.kind_box.currentData(), self.category_box.currentData(),
                                self.item_box.currentData(), self.mine_box.currentIndex())
        out = []
        for a in self.wsv.annotations:
            if (kind and a["kind"] != kind) or (cat and a["category"] != cat) or (item and a["item_id"] != item):
                continue
            if (who == 1 and not a["mine"]) or (who == 2 and a["visibility"] != "private"):
                continue
            out.append(a)
        return out

    def refresh(self) -> None:
        if self.sender() is None:
            self._fill_filters()
        self.list.clear()
        for a in self.visible():
            private = _tr("（仅本人）") if a["visibility"] == "private" else ""
            text = f"{a['kind_name']} · {a['category']} · {a['citation']}{private}\n{a['author']}：{a['note'] or a['quote']}"
            row = QListWidgetItem(text)
            row.setData(ROLE, a["id"])
            self.list.addItem(row)
        sel = self.wsv.selected_annotation
        self.select(sel["id"] if sel else None)

    def select(self, annotation_id: int | None) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ROLE) == annotation_id:
                self.list.setCurrentRow(i)
                return

    def _activated(self, row: QListWidgetItem) -> None:
        a = next((x for x in self.wsv.annotations if x["id"] == row.data(ROLE)), None)
        if a is not None:
            self.wsv.selected_annotation = a
            self.wsv.go_to(a["anchor"])
            for p in self.wsv.panes:
                p.refresh_annotations()

    @_guard
    def _delete(self) -> None:
        row = self.list.currentItem()
        if row is not None:
            self.wsv.ws.delete_annotation(row.data(ROLE))
            self.wsv.selected_annotation = None
            self.wsv.reload_annotations()


class LinkList(QWidget):
    def __init__(self, workspace: "ReviewWorkspace"):
        super().__init__(workspace)
        self.wsv = workspace
        self.list = QListWidget(self)
        self.list.itemActivated.connect(self._follow)
        self.list.itemDoubleClicked.connect(self._follow)
        self.follow_button = QPushButton(_tr("打开关联的两端"), self)
        self.follow_button.clicked.connect(lambda: self._follow(self.list.currentItem()))
        lay = QVBoxLayout(self)
        hint = QLabel(_tr("在两个窗格中分别定位后，点击上方“关联两个窗格的位置”建立关联。"))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.follow_button)

    def refresh(self) -> None:
        self.list.clear()
        for link in self.wsv.links:
            row = QListWidgetItem(f"{link['a']['label']}  ⇄  {link['b']['label']}\n{link['author']}：{link['note']}")
            row.setData(ROLE, link["id"])
            self.list.addItem(row)

    def _follow(self, row: QListWidgetItem | None) -> None:
        if row is None:
            return
        link = next((x for x in self.wsv.links if x["id"] == row.data(ROLE)), None)
        if link is not None:
            self.wsv.follow_link(link)


DISPUTE_RED = WARN_COLORS["red"]


class _FittingScroll(QScrollArea):
    """A frameless, vertically scrolling area as tall as its word-wrapped content when the
    panel has room, and down to a few lines (then it scrolls) when it has not."""

    def __init__(self, content: QWidget, parent: QWidget):
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)

    def sizeHint(self) -> QSize:
        content = self.widget()
        width = self.viewport().width() if self.viewport().width() > 50 else 300
        height = content.heightForWidth(width) if content.hasHeightForWidth() else content.sizeHint().height()
        return QSize(200, height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        lines = self.fontMetrics().lineSpacing() * 3 + 6
        return QSize(100, min(self.sizeHint().height(), lines))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width wraps the text to a new height


def _esc(value: Any) -> str:
    return html.escape(str(value or ""))


class _ButtonRow(QWidget):
    """Buttons in one row while they fit at their natural width, else in as many rows as
    needed (a narrow panel beside two document panes)."""

    def __init__(self, buttons: list[QPushButton], parent: QWidget):
        super().__init__(parent)
        self.buttons = buttons
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self._columns = 0
        self._place(len(buttons))

    def _place(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for b in self.buttons:
            self.grid.removeWidget(b)
        for i, b in enumerate(self.buttons):
            self.grid.addWidget(b, i // columns, i % columns)
        for c in range(len(self.buttons) + 1):
            self.grid.setColumnStretch(c, 1 if c == columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        spacing = max(0, self.grid.horizontalSpacing())
        width, columns, used = event.size().width(), 0, 0
        for b in self.buttons:
            need = b.sizeHint().width() + (spacing if columns else 0)
            if columns and used + need > width:
                break
            used += need
            columns += 1
        self._place(max(1, columns))


class ReviewPanel(QWidget):
    """Submission, countdown, checklist, conclusion, 意见书; 复核 and 集体讨论 after sign-off."""

    COLUMNS = (_tr("要点"), _tr("结果"), _tr("说明"), _tr("引用"))

    def __init__(self, workspace: "ReviewWorkspace"):
        super().__init__(workspace)
        self.wsv = workspace
        self.status: dict[str, Any] | None = None
        self.ref: dict[str, Any] = {}
        self.preview: PdfPreview | None = None
        self.pending_citations: dict[int, list[dict]] = {}
        policy = workspace.ws.policy
        self.can_review = policy.allows(Permission.REVIEW)
        self.can_sign = policy.allows(Permission.SIGN_OFF_REVIEW)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.countdown = QLabel(self)
        self.countdown.setObjectName("reviewCountdown")
        # Intake: 登记送审 (also a new round after 退回 or a signed opinion), 补正, 受理, 退回, 延长.
        self.submit_button = QPushButton(_tr("登记送审…"), self)
        self.submit_button.clicked.connect(lambda: self.submit())
        self.materials_button = QPushButton(_tr("补正材料…"), self)
        self.materials_button.clicked.connect(lambda: self.add_materials())
        self.accept_button = QPushButton(_tr("受理…"), self)
        self.accept_button.clicked.connect(lambda: self.accept_package())
        self.return_button = QPushButton(_tr("退回…"), self)
        self.return_button.clicked.connect(lambda: self.return_package())
        self.extend_button = QPushButton(_tr("延长期限…"), self)
        self.extend_button.clicked.connect(lambda: self.extend())
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Row heights follow the wrapped text at the columns' real widths (the first fill
        # happens before the panel is laid out, when the columns are still narrow).
        self._rows_timer = QTimer(self, singleShot=True, interval=0)
        self._rows_timer.timeout.connect(self.table.resizeRowsToContents)
        hh.sectionResized.connect(lambda *_: self._rows_timer.start())
        self.table.setMinimumHeight(150)  # a few rows stay readable when the 复核 section is open
        self.table.cellDoubleClicked.connect(self._cell_activated)
        self.table.currentCellChanged.connect(lambda *_: self._point_selected())
        self.result_box = QComboBox(self)
        self.explanation = QLineEdit(self)
        self.explanation.setPlaceholderText(_tr("说明（不符合时必填）"))
        self.cite_label = QLabel(self)
        self.cite_label.setWordWrap(True)
        self.cite_button = QPushButton(_tr("引用当前位置"), self)
        self.cite_button.setToolTip(_tr("引用所选批注，或左右窗格当前的页/时间"))
        self.cite_button.clicked.connect(self.cite_current)
        self.save_button = QPushButton(_tr("保存要点"), self)
        self.save_button.clicked.connect(self.save_point)
        self.conclusion_box = QComboBox(self)
        self.conclusion_note = QLineEdit(self)
        self.conclusion_note.setPlaceholderText(_tr("结论说明"))
        self.cite_label.setMinimumWidth(60)
        self.conclude_button = QPushButton(_tr("作出结论"), self)
        self.conclude_button.clicked.connect(self.conclude)
        self.opinion_button = QPushButton(_tr("生成并预览意见书"), self)
        self.opinion_button.clicked.connect(self.generate_opinion)
        self.sign_button = QPushButton(_tr("签发意见书"), self)
        self.sign_button.clicked.connect(self.sign_off)
        self._build_dispute_box()
        edit = QFormLayout()
        edit.addRow(_tr("结果"), self.result_box)
        edit.addRow(_tr("说明"), self.explanation)
        cites = QHBoxLayout()
        cites.addWidget(self.cite_label, 1)
        cites.addWidget(self.cite_button)
        edit.addRow(_tr("引用"), cites)
        concl = QHBoxLayout()
        concl.addWidget(self.conclusion_box)
        concl.addWidget(self.conclusion_note, 1)
        concl.addWidget(self.conclude_button)
        # The editor of the open round; a signed round (the 复核 section open) has nothing to edit.
        self.editor = QWidget(self)
        editor = QVBoxLayout(self.editor)
        editor.setContentsMargins(0, 0, 0, 0)
        editor.addLayout(edit)
        editor.addLayout(concl)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.opinion_button)
        buttons.addWidget(self.sign_button)
        self.intake_row = _ButtonRow([self.submit_button, self.materials_button, self.accept_button,
                                      self.return_button, self.extend_button], self)
        lay = QVBoxLayout(self)
        lay.addWidget(self.info)
        lay.addWidget(self.countdown)
        lay.addWidget(self.intake_row)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.editor)
        lay.addLayout(buttons)
        lay.addWidget(self.dispute_box)

    def set_reference(self, ref: dict[str, Any]) -> None:
        self.ref = ref
        self.result_box.clear()
        self.result_box.addItems(ref["results"])
        self.conclusion_box.clear()
        self.conclusion_box.addItems(ref["conclusions"])

    @property
    def current(self) -> dict | None:
        return (self.status or {}).get("current")

    @_guard
    def refresh(self) -> None:
        self.status = self.wsv.ws.review_status(self.wsv.case_no)
        cur = self.current
        self.pending_citations.clear()
        if cur is None:
            self.info.setText(_tr("本案尚未送审法制审核。"))
            self.countdown.clear()
            self.countdown.setVisible(False)
            self.table.setRowCount(0)
            self._enable(None)
            self._show_dispute(None)
            return
        lines = [f"第 {cur['round']} 次送审 · {cur['status_name']}",
                 f"送审 {cur['submitted_on']}（{cur['submitting_unit']}）· 目录情形：{cur['major_category']}"]
        if cur["missing"]:
            lines.append(_tr("尚缺材料：") + "；".join(cur["missing"]))
        if cur["accepted_on"]:
            ext = f" + 延长 {cur['extension_days']}" if cur["extension_days"] else ""
            lines.append(f"受理 {cur['accepted_on']} · 期限 {cur['deadline']}（{cur['limit_days']}{ext} 个工作日）")
        if cur["conclusion"]:
            lines.append(_tr("结论：") + cur["conclusion"] + (f"（{cur['conclusion_note']}）" if cur["conclusion_note"]
                                                            else ""))
        if cur["opinion"]:
            lines.append(f"意见书 {cur['opinion']['number']} · {cur['opinion']['signed_by']} 签发")
        self.info.setText("\n".join(lines))
        text = cur["countdown"] or cur.get("calendar_error", "")
        color = WARN_COLORS.get(cur["warning"], "#2e7d32")
        self.countdown.setText(text)
        self.countdown.setVisible(bool(text))  # no empty gap (e.g. once the 意见书 is signed)
        self.countdown.setStyleSheet(f"font-size: 15px; font-weight: bold; color: {color}")
        self.countdown.setProperty("warning", cur["warning"])
        row_now = max(self.table.currentRow(), 0)
        self.table.setRowCount(0)
        for p in cur["checklist"]:
            r = self.table.rowCount()
            self.table.insertRow(r)
            name = QTableWidgetItem(f"{p['no']}. {p['name']}")
            name.setToolTip(p["question"])
            name.setData(ROLE, p["no"])
            result = QTableWidgetItem(p["result"] or "—")
            if p["result"] == "不符合":
                result.setForeground(QBrush(QColor("#c0392b")))
            cites = QTableWidgetItem("；".join(c["text"] for c in p["citations"]))
            cites.setData(ROLE, p["citations"])
            cites.setToolTip(_tr("双击打开引用的页或时间"))
            cites.setForeground(QBrush(QColor("#1f5fbf")))
            for col, cell in enumerate((name, result, QTableWidgetItem(p["explanation"]), cites)):
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, col, cell)
        self.table.resizeRowsToContents()
        self.table.setCurrentCell(min(row_now, self.table.rowCount() - 1), 0)
        self._enable(cur)
        self._show_dispute(cur)

    def _enable(self, cur: dict | None) -> None:
        state = cur["status"] if cur else None
        self.submit_button.setEnabled(self.can_review and state in (None, "returned", "signed"))
        for b in (self.materials_button, self.accept_button, self.return_button):
            b.setEnabled(self.can_review and state == "submitted")
        self.materials_button.setEnabled(self.materials_button.isEnabled() and bool(cur and cur["missing"]))
        self.extend_button.setEnabled(self.can_review and state in ("accepted", "concluded"))
        for b in (self.submit_button, self.materials_button, self.accept_button, self.return_button,
                  self.extend_button):
            b.setVisible(self.can_review)
        editing = self.can_review and state in ("accepted", "concluded")
        for w in (self.result_box, self.explanation, self.cite_button, self.save_button, self.conclusion_box,
                  self.conclusion_note, self.conclude_button):
            w.setEnabled(editing)
        self.opinion_button.setEnabled(state in ("accepted", "concluded", "signed")
                                       and (self.can_review or self.can_sign))
        self.sign_button.setEnabled(self.can_sign and state == "concluded")
        self.sign_button.setVisible(self.can_sign)

    def point_no(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return item.data(ROLE) if item else None

    def _point(self, no: int | None) -> dict | None:
        cur = self.current
        return next((p for p in cur["checklist"] if p["no"] == no), None) if cur and no is not None else None

    def _point_selected(self) -> None:
        p = self._point(self.point_no())
        if p is None:
            return
        if p["result"]:
            self.result_box.setCurrentText(p["result"])
        self.explanation.setText(p["explanation"])
        self._show_citations(p["no"])

    def _citations(self, no: int) -> list[dict]:
        if no not in self.pending_citations:
            p = self._point(no)
            keep = ("item_id", "page", "rect", "start_ms", "end_ms", "annotation_id")
            self.pending_citations[no] = [{k: c[k] for k in keep if k in c} for c in (p["citations"] if p else [])]
        return self.pending_citations[no]

    def _show_citations(self, no: int) -> None:
        n = len(self._citations(no))
        self.cite_label.setText(_tr("%d 处引用") % n if n else _tr("无引用"))

    def cite_current(self) -> None:
        """Add the selected annotation, else the left and right panes' current place, to the
        point's citations (saved with the point)."""
        no = self.point_no()
        if no is None:
            return
        cites = self._citations(no)
        sel = self.wsv.selected_annotation
        new = [sel["anchor"]] if sel else [a for a in (p.anchor() for p in self.wsv.panes) if a]
        for a in new:
            a = {k: v for k, v in a.items() if k != "annotation_id"} if "item_id" in a else a
            if a not in cites:
                cites.append(a)
        self._show_citations(no)

    @_guard
    def save_point(self) -> None:
        no = self.point_no()
        if no is None:
            return
        self.wsv.ws.review_check(self.wsv.case_no, no, self.result_box.currentText(),
                                 explanation=self.explanation.text(), citations=self._citations(no))
        self.refresh()
        self.wsv.status_message.emit(_tr("已保存审核要点 %d") % no)

    def _cell_activated(self, row: int, col: int) -> None:
        if col != 3:
            return
        cites = self.table.item(row, 3).data(ROLE) or []
        if cites:
            self.open_citation(cites[0])
            if len(cites) > 1:
                self.open_citation(cites[1], second=True)

    def open_citation(self, cite: dict, *, second: bool = False) -> None:
        """Open a citation at its exact page or second (the second one in the other pane)."""
        pane = None
        if second:
            first = self.wsv.pane_for(cite["item_id"])
            pane = first if first.item and first.item["id"] == cite["item_id"] else first
        self.wsv.go_to(cite, pane)

    @_guard
    def conclude(self) -> None:
        self.wsv.ws.review_conclude(self.wsv.case_no, self.conclusion_box.currentText(),
                                    note=self.conclusion_note.text())
        self.refresh()

    @_guard
    def generate_opinion(self) -> dict | None:
        out = self.wsv.ws.review_opinion(self.wsv.case_no)
        title = _tr("意见书草稿") if out.get("draft") else _tr("意见书 ") + out.get("number", "")
        self.preview = PdfPreview(out["path"], self, title)
        self.preview.setModal(False)
        self.preview.show()
        self.wsv.status_message.emit(_tr("意见书已生成：") + out["path"])
        return out

    @_guard
    def sign_off(self) -> None:
        self.wsv.ws.review_sign_off(self.wsv.case_no)
        self._changed(_tr("意见书已签发"))  # the round is no longer open: countdowns go

    # -- intake --------------------------------------------------------------------------------
    def _changed(self, message: str) -> None:
        self.refresh()
        bus = getattr(self.wsv, "bus", None)
        if bus is not None:
            from workstation.changes import Changes

            bus.apply(Changes(cases=True), self)
        self.wsv.status_message.emit(message)

    @_guard
    def submit(self, values: dict[str, Any] | None = None) -> dict | None:
        """登记送审 (the form, unless ``values`` are given)."""
        if values is None:
            from workstation.ui.review.submission import SubmissionDialog

            dialog = SubmissionDialog(self.ref, getattr(self.wsv, "case", None), self)
            if dialog.exec() != SubmissionDialog.DialogCode.Accepted:
                return None
            values = dialog.values()
        status = self.wsv.ws.review_submit(self.wsv.case_no, **values)
        self._changed(_tr("已登记送审"))
        return status

    @_guard
    def add_materials(self, received: list[str] | None = None) -> dict | None:
        if received is None:
            from workstation.ui.review.submission import MaterialsDialog

            dialog = MaterialsDialog(list((self.current or {}).get("missing") or []), self)
            if dialog.exec() != MaterialsDialog.DialogCode.Accepted:
                return None
            received = dialog.values()
        status = self.wsv.ws.review_materials(self.wsv.case_no, received)
        self._changed(_tr("已登记补正材料"))
        return status

    @_guard
    def accept_package(self, accepted_on: str | None = None) -> dict | None:
        if accepted_on is None:
            from workstation.ui.review.submission import AcceptDialog

            dialog = AcceptDialog((self.current or {}).get("submitted_on"), self)
            if dialog.exec() != AcceptDialog.DialogCode.Accepted:
                return None
            accepted_on = dialog.values()["accepted_on"]
        status = self.wsv.ws.review_accept(self.wsv.case_no, accepted_on=accepted_on)
        self._changed(_tr("已受理，审核期限已计算"))
        return status

    @_guard
    def return_package(self, reason: str | None = None) -> dict | None:
        if reason is None:
            from workstation.ui.review.submission import ReturnDialog

            dialog = ReturnDialog(self)
            if dialog.exec() != ReturnDialog.DialogCode.Accepted:
                return None
            reason = dialog.values()
        status = self.wsv.ws.review_return(self.wsv.case_no, reason)
        self._changed(_tr("送审材料已退回"))
        return status

    @_guard
    def extend(self, values: dict[str, Any] | None = None) -> dict | None:
        if values is None:
            from workstation.ui.review.submission import ExtendDialog

            limits = self.ref.get("limits", {})
            left = int(limits.get("extension_days") or 0) - int((self.current or {}).get("extension_days") or 0)
            dialog = ExtendDialog(left, self)
            if dialog.exec() != ExtendDialog.DialogCode.Accepted:
                return None
            values = dialog.values()
        status = self.wsv.ws.review_extend(self.wsv.case_no, **values)
        self._changed(_tr("审核期限已延长"))
        return status

    # -- 复核 and 集体讨论 over the signed 意见书 ---------------------------------------------------
    def _build_dispute_box(self) -> None:
        self.dispute_form: QDialog | None = None  # the open dispute form, if any
        self.dispute_box = QGroupBox(_tr("复核与集体讨论"), self)
        self.dispute_box.setObjectName("reviewDisputeBox")
        content = QWidget(self.dispute_box)  # state, deadlines, details: scrolls when the panel is short
        self.dispute_state = QLabel(content)
        self.dispute_state.setObjectName("disputeState")
        self.dispute_state.setStyleSheet("font-weight: bold")
        self.dispute_state.setWordWrap(True)
        self.dispute_deadlines = QLabel(content)
        self.dispute_deadlines.setObjectName("disputeDeadlines")
        self.dispute_details = QLabel(content)
        self.dispute_details.setObjectName("disputeDetails")
        for label in (self.dispute_deadlines, self.dispute_details):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.dispute_details.linkActivated.connect(self._dispute_link)
        text = QVBoxLayout(content)
        text.setContentsMargins(0, 0, 0, 0)
        for label in (self.dispute_state, self.dispute_deadlines, self.dispute_details):
            text.addWidget(label)
        text.addStretch(1)
        self.dispute_scroll = _FittingScroll(content, self.dispute_box)
        self.dispute_request_button = QPushButton(_tr("登记复核申请…"), self.dispute_box)
        self.dispute_request_button.setObjectName("disputeRequestButton")
        self.dispute_request_button.clicked.connect(lambda: self.request_dispute())
        self.dispute_answer_button = QPushButton(_tr("复核答复…"), self.dispute_box)
        self.dispute_answer_button.setObjectName("disputeAnswerButton")
        self.dispute_answer_button.clicked.connect(lambda: self.answer_dispute())
        self.dispute_refer_button = QPushButton(_tr("提请集体讨论…"), self.dispute_box)
        self.dispute_refer_button.setObjectName("disputeReferButton")
        self.dispute_refer_button.clicked.connect(lambda: self.refer_dispute())
        self.discussion_button = QPushButton(_tr("集体讨论决定…"), self.dispute_box)
        self.discussion_button.setObjectName("discussionButton")
        self.discussion_button.clicked.connect(lambda: self.record_discussion())
        grid = QGridLayout()  # two by two: fits the side panel at its narrowest
        for n, b in enumerate(self.dispute_buttons):
            grid.addWidget(b, n // 2, n % 2)
        lay = QVBoxLayout(self.dispute_box)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addWidget(self.dispute_scroll, 1)
        lay.addSpacing(4)
        lay.addLayout(grid)
        self.dispute_box.setVisible(False)

    @property
    def dispute_buttons(self) -> tuple[QPushButton, ...]:
        return (self.dispute_request_button, self.dispute_answer_button, self.dispute_refer_button,
                self.discussion_button)

    @property
    def dispute(self) -> dict | None:
        return (self.current or {}).get("dispute")

    def _dispute_config(self) -> Any:
        return self.wsv.ws.review_config()

    def _show_dispute(self, cur: dict | None) -> None:
        d = (cur or {}).get("dispute")
        shown = bool(cur) and (cur["status"] == "signed" or d is not None)
        self.dispute_box.setVisible(shown)
        self.editor.setVisible(not shown)
        self.save_button.setVisible(not shown)
        state = d["status"] if d else None
        signed = bool(cur) and cur["status"] == "signed"
        self.dispute_request_button.setEnabled(self.can_review and signed and d is None)
        self.dispute_answer_button.setEnabled(self.can_review and signed and state == "requested")
        self.dispute_refer_button.setEnabled(self.can_review and signed and state == "answered")
        self.discussion_button.setEnabled(self.can_review and signed and state == "referred")
        for b in self.dispute_buttons:
            b.setVisible(self.can_review)
        if not shown:
            return
        if d is None:
            self._show_no_dispute(cur)
            return
        self.dispute_state.setText(d["status_name"])
        red = f'<span style="color:{DISPUTE_RED}; font-weight:bold">%s</span>'
        deadlines = [_tr("申请截止 {deadline}（{received} 收到意见书）").format(
            deadline=_esc(d["request_deadline"]), received=_esc(d["received_on"]))]
        due = _tr("答复期限 {due}").format(due=_esc(d["answer_due"]))
        if d["answer_overdue"]:
            due += " " + red % _esc(_tr("已逾期"))
        elif d["answered_on"]:
            due += _tr(" · {day} 已答复").format(day=_esc(d["answered_on"]))
            if d["answered_late"]:
                due += " " + red % _esc(_tr("逾期答复"))
        deadlines.append(due)
        self.dispute_deadlines.setText("<br>".join(deadlines))
        self.dispute_details.setText("<br>".join(self._dispute_lines(d)))
        self.dispute_scroll.updateGeometry()

    def _show_no_dispute(self, cur: dict) -> None:
        from workstation.errors import WorkstationError
        from workstation.ui.review.dispute import signed_day

        days = self._dispute_config().dispute_request_days
        self.dispute_state.setText(_tr("未申请复核"))
        day = signed_day(cur)
        text = ""
        if day is not None:
            try:
                deadline = self.wsv.ws.add_workdays(day.isoformat(), days)["date"]
                text = _tr("申请截止 {deadline}（按 {day} 签发当日收到计）").format(deadline=deadline,
                                                                                day=day.isoformat())
            except WorkstationError:
                text = ""
        self.dispute_deadlines.setText(_esc(text))
        self.dispute_details.setText(_esc(_tr("承办机构对审核意见有异议的，可在收到意见书后 {n} 个工作日内申请复核；"
                                              "法制机构应在 {m} 个工作日内答复。").format(
            n=days, m=self._dispute_config().dispute_answer_days)))
        self.dispute_scroll.updateGeometry()

    def _dispute_lines(self, d: dict) -> list[str]:
        names = {p["no"]: p["name"] for p in self.ref.get("points", [])}
        bold = "<b>%s</b>"
        lines = [bold % _esc(_tr("申请")) + " " + _esc(d["requested_on"])
                 + (" · " + _esc(d["requested_by"]) if d["requested_by"] else "") + "：" + _esc(d["reason"])]
        if d["points"]:
            lines.append(_esc(_tr("有异议的要点：") + "；".join(f"{n}. {names[n]}" if n in names else str(n)
                                                        for n in d["points"])))
        if d["answered_on"]:
            result = d["answer_result"] or ""
            if d["changed_conclusion"]:
                result += _tr("，新的审核结论：") + d["changed_conclusion"]
            who = " · " + d["answered_by"] if d["answered_by"] else ""
            lines.append(bold % _esc(_tr("答复")) + " " + _esc(d["answered_on"] + who) + "："
                         + bold % _esc(result) + "。" + _esc(d["answer_text"]))
            if d.get("reply"):
                lines.append('<a href="reply">' + _esc(_tr("查看复核意见书")) + "</a>")
        if d["referred_on"]:
            lines.append(bold % _esc(_tr("提请集体讨论")) + " " + _esc(d["referred_on"]) + "：" + _esc(d["refer_reason"]))
        disc = d.get("discussion")
        if disc:
            lines.append(bold % _esc(_tr("集体讨论")) + " " + _esc(d["discussed_on"]) + " · "
                         + _esc(_tr("主持 {chair}；参加 {people}").format(
                             chair=disc.get("chair", ""), people="、".join(disc.get("participants") or []))))
            lines.append(_esc(_tr("结果：")) + bold % _esc(disc.get("outcome", "")) + "；"
                         + _esc(_tr("决定：") + (disc.get("decision") or "")))
            minutes = disc.get("minutes")
            if minutes:
                lines.append(_esc(_tr("讨论记录：")) + f'<a href="minutes">{_esc(self._anchor_text(minutes))}</a>')
        return lines

    def _anchor_text(self, anchor: dict) -> str:
        item = self.wsv.items.get(anchor.get("item_id"))
        title = item["title"] if item else _tr("件 %s") % anchor.get("item_id")
        return f"《{title}》" + (_tr("第 %d 页") % anchor["page"] if anchor.get("page") else "")

    def _dispute_link(self, href: str) -> None:
        disc = (self.dispute or {}).get("discussion") or {}
        if href == "minutes" and disc.get("minutes"):
            self.wsv.go_to(disc["minutes"])
        elif href == "reply":
            self.open_reply()

    @_guard
    def open_reply(self) -> None:
        """The stored 复核意见书 in a preview window (read through the facade, audited)."""
        out = self.wsv.ws.open_dispute_reply(self.wsv.case_no)
        self.preview = PdfPreview(out["path"], self, _tr("复核意见书"))
        self.preview.setModal(False)
        self.preview.show()

    def _open_dispute_form(self, form: QDialog) -> QDialog:
        self.dispute_form = form
        form.finished.connect(lambda _r, f=form: setattr(self, "dispute_form", None)
                              if self.dispute_form is f else None)
        form.open()
        return form

    @_guard
    def request_dispute(self) -> QDialog | None:
        """登记复核申请 (the form; it calls the facade, refusals stay in the form)."""
        from workstation.ui.review.dispute import DisputeRequestDialog

        cur = self.current
        if cur is None:
            return None
        cfg = self._dispute_config()
        points = [(p.no, p.name) for p in cfg.points]
        return self._open_dispute_form(DisputeRequestDialog(
            self.wsv.ws, self.wsv.case_no, cur, points, cfg.dispute_request_days,
            lambda _st: self._changed(_tr("已登记复核申请")), self))

    @_guard
    def answer_dispute(self) -> QDialog | None:
        from workstation.ui.review.dispute import DisputeAnswerDialog

        if self.dispute is None:
            return None
        return self._open_dispute_form(DisputeAnswerDialog(
            self.wsv.ws, self.wsv.case_no, self.dispute, list(self._dispute_config().conclusions),
            lambda _st: self._changed(_tr("已作复核答复")), self,
            original_conclusion=(self.current or {}).get("conclusion") or ""))

    @_guard
    def refer_dispute(self) -> QDialog | None:
        from workstation.ui.review.dispute import DisputeReferDialog

        if self.dispute is None:
            return None
        return self._open_dispute_form(DisputeReferDialog(
            self.wsv.ws, self.wsv.case_no, self.dispute, lambda _st: self._changed(_tr("已提请集体讨论")), self))

    @_guard
    def record_discussion(self) -> QDialog | None:
        from workstation.ui.review.dispute import DiscussionDialog

        if self.dispute is None:
            return None
        return self._open_dispute_form(DiscussionDialog(
            self.wsv.ws, self.wsv.case_no, self.dispute, getattr(self.wsv, "case", None),
            self._dispute_config().discussion_min_participants,
            lambda _st: self._changed(_tr("已记录集体讨论决定")), self))
