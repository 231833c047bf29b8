"""The reconciliation view: the two evaluators' sheets lined up item by item; where they differ
the reconciler picks a side, then forms the final sheet (through ``ws.reconcile``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.ui.ops import run_op

DIFF_BG = QColor("#fff0d6")


def _side_text(side: dict[str, Any]) -> str:
    if not side["deductions"]:
        return ""
    if side["vetoed"]:
        head = "否决"
    else:
        head = f"-{side['applied']:g}"
    reasons = "；".join(f"{d['reason']}（{d['anchor_text']}）" for d in side["deductions"])
    return f"{head}  {reasons}"


class AgreedDialog(QDialog):
    """合议改定: the deduction agreed in discussion for one item, on evidence either
    evaluator cited (the facade checks it like any deduction)."""

    def __init__(self, row: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("agreedDialog")
        self.setMinimumWidth(480)  # the reason is a sentence
        self.setWindowTitle(self.tr("合议改定 {code}").format(code=row["code"]))
        self.row = row
        form = QFormLayout(self)
        rule = QLabel(f"{row['code']} {row['title']}\n{row.get('rule') or ''}", objectName="agreedRule")
        rule.setWordWrap(True)
        form.addRow(rule)
        cited = [d for side in ("a", "b") for d in row[side]["deductions"]]
        kind = row["kind"]
        self.points = QDoubleSpinBox(objectName="agreedPoints")
        self.points.setRange(0, float(row.get("max") or 100))
        self.points.setDecimals(1)
        self.points.setSingleStep(0.5)
        self.count = QSpinBox(objectName="agreedCount")
        self.count.setRange(1, 999)
        if kind == "range":
            self.points.setValue(max((d["points"] for d in cited), default=0))
            form.addRow(self.tr("扣分"), self.points)
        elif kind in ("per_occurrence", "capped"):
            self.count.setValue(min((d["count"] for d in cited), default=1))
            form.addRow(self.tr("处数"), self.count)
        self.anchor = QComboBox(objectName="agreedAnchor")
        seen = set()
        for d in cited:
            key = repr(sorted(d["anchor"].items()))
            if key not in seen:
                seen.add(key)
                self.anchor.addItem(d["anchor_text"], d["anchor"])
        form.addRow(self.tr("依据位置"), self.anchor)
        self.reason = QLineEdit(objectName="agreedReason")
        self.reason.setPlaceholderText(self.tr("合议认定的理由（必填）"))
        form.addRow(self.tr("理由"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form.addRow(buttons)

    def _accept(self) -> None:
        if not self.reason.text().strip() or self.anchor.currentData() is None:
            self.reason.setFocus()
            return  # both required; the facade would refuse them as well
        self.accept()

    def value(self) -> dict[str, Any]:
        out: dict[str, Any] = {"reason": self.reason.text().strip(), "anchor": dict(self.anchor.currentData() or {})}
        if self.row["kind"] == "range":
            out["points"] = self.points.value()
        elif self.row["kind"] in ("per_occurrence", "capped"):
            out["count"] = self.count.value()
        return out


class ReconcileView(QWidget):
    reconciled = Signal(object)  # the final sheet

    def __init__(self, ws, plan_id: int, case_no: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reconcileView")
        self.ws, self.plan_id, self.case_no = ws, plan_id, case_no
        self.data: dict[str, Any] = {}
        self.choice_boxes: dict[str, QComboBox] = {}
        self.agreed: dict[str, dict[str, Any]] = {}  # code -> the 合议改定 deduction
        self.agreed_dialog: AgreedDialog | None = None
        lay = QVBoxLayout(self)
        self.title = QLabel(objectName="reconcileTitle")
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        row = QHBoxLayout()
        self.only_diff = QCheckBox(self.tr("只看意见不一致和有扣分的评查项"), objectName="onlyDifferences")
        self.only_diff.setChecked(True)
        self.only_diff.toggled.connect(self._filter)
        row.addWidget(self.only_diff)
        row.addStretch(1)
        self.summary = QLabel(objectName="reconcileSummary")
        row.addWidget(self.summary)
        lay.addLayout(row)
        self.table = QTableWidget(0, 5, objectName="reconcileTable")
        self.table.setHorizontalHeaderLabels([self.tr("评查项"), self.tr("分值"), self.tr("甲"), self.tr("乙"),
                                              self.tr("合议取")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 230)
        self.table.setColumnWidth(1, 48)
        self.table.setColumnWidth(4, 150)  # "合议改定：2 处"
        lay.addWidget(self.table, 1)
        brow = QHBoxLayout()
        self.notes = QLineEdit(objectName="reconcileNotes")
        self.notes.setPlaceholderText(self.tr("合议意见"))
        brow.addWidget(self.notes, 1)
        self.final_label = QLabel(objectName="finalResult")
        brow.addWidget(self.final_label)
        self.form_button = QPushButton(self.tr("形成合议定稿"), objectName="formFinal")
        self.form_button.setProperty("role", "primary")
        self.form_button.clicked.connect(self.form_final)
        brow.addWidget(self.form_button)
        lay.addLayout(brow)
        self.error = QLabel(objectName="reconcileError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        lay.addWidget(self.error)
        self.refresh()

    def refresh(self) -> None:
        run_op(lambda: self.ws.reconciliation(self.plan_id, self.case_no), success=self.show_data, parent=self,
               serial=False)

    def show_data(self, data: dict[str, Any]) -> None:
        self.data = data
        a, b = data["a"], data["b"]
        self.title.setText(self.tr("<b>{case_no}</b>　{title}<br>甲：{a}（{sa} 分，{ga}）　乙：{b}（{sb} 分，{gb}）").format(
            case_no=data["case_no"], title=data["title"], a=a["evaluator_name"], sa=f"{a['result']['score']:g}",
            ga=a["result"]["grade"], b=b["evaluator_name"], sb=f"{b['result']['score']:g}", gb=b["result"]["grade"]))
        self.summary.setText(self.tr("意见不一致 {n} 项").format(n=len(data["differences"])))
        rows = data["rows"]
        self.table.setRowCount(len(rows))
        self.choice_boxes = {}
        self.agreed = {}
        for r, row in enumerate(rows):
            cells = [f"{row['code']}  {row['title']}", "否决" if row["kind"] == "veto" else f"{row['max']:g}",
                     _side_text(row["a"]), _side_text(row["b"])]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not row["same"]:
                    item.setBackground(QBrush(DIFF_BG))
                self.table.setItem(r, c, item)
            self.table.item(r, 0).setData(Qt.ItemDataRole.UserRole, row["code"])
            if not row["same"]:
                box = QComboBox(objectName=f"choice-{row['code']}")
                box.addItem(self.tr("请选择"), "")
                box.addItem(self.tr("取甲"), "a")
                box.addItem(self.tr("取乙"), "b")
                box.addItem(self.tr("均不扣分"), "none")
                box.addItem(self.tr("合议改定…"), "agreed")
                box.activated.connect(lambda _i, b=box, rw=row: self._picked(b, rw))
                self.table.setCellWidget(r, 4, box)
                self.choice_boxes[row["code"]] = box
            else:
                self.table.setItem(r, 4, QTableWidgetItem(self.tr("一致") if (row["a"]["deductions"]) else ""))
        self.table.resizeRowsToContents()
        final = data.get("final")
        self.final_label.setText(self.tr("已有定稿：{score} 分 {grade}（第 {n} 稿）").format(
            score=f"{final['result']['score']:g}", grade=final["result"]["grade"], n=final["revision"]) if final else "")
        self.form_button.setText(self.tr("重新合议") if final else self.tr("形成合议定稿"))
        self._filter()

    def _filter(self) -> None:
        only = self.only_diff.isChecked()
        for r, row in enumerate(self.data.get("rows", [])):
            show = not only or not row["same"] or bool(row["a"]["deductions"] or row["b"]["deductions"])
            self.table.setRowHidden(r, not show)

    def _picked(self, box: QComboBox, row: dict[str, Any]) -> None:
        if box.currentData() != "agreed":
            self.agreed.pop(row["code"], None)
            box.setItemText(box.findData("agreed"), self.tr("合议改定…"))
            return
        dlg = self.agreed_dialog = AgreedDialog(row, self)

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.set_agreed(row["code"], dlg.value())
            elif row["code"] not in self.agreed:
                box.setCurrentIndex(0)

        dlg.finished.connect(done)
        dlg.open()

    def set_agreed(self, code: str, deduction: dict[str, Any]) -> None:
        """Settle ``code`` with the deduction agreed in discussion."""
        box = self.choice_boxes[code]
        self.agreed[code] = deduction
        i = box.findData("agreed")
        what = (f"{deduction['points']:g} 分" if "points" in deduction
                else f"{deduction['count']} 处" if "count" in deduction else "")
        box.setItemText(i, self.tr("合议改定") + (f"：{what}" if what else ""))
        box.setToolTip(f"{deduction['reason']}")
        box.setCurrentIndex(i)

    def choose(self, code: str, side: str) -> None:
        box = self.choice_boxes[code]
        box.setCurrentIndex(box.findData(side))
        if side != "agreed":
            self.agreed.pop(code, None)

    def choices(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for code, box in self.choice_boxes.items():
            side = box.currentData()
            if side == "agreed":
                if code in self.agreed:
                    out[code] = self.agreed[code]
            elif side:
                out[code] = side
        return out

    def form_final(self) -> None:
        choices, notes = self.choices(), self.notes.text()

        def fail(exc):
            from workstation.ui.errors import error_text

            self.error.setText(error_text(exc)[1])
            self.error.show()

        def done(sheet):
            self.error.hide()
            self.reconciled.emit(sheet)
            self.refresh()

        run_op(lambda: self.ws.reconcile(self.plan_id, self.case_no, choices, notes=notes), success=done,
               failure=fail, parent=self)
