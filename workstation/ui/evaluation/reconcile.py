"""The reconciliation view: the two evaluators' sheets lined up item by item; where they differ
the reconciler picks a side, then forms the final sheet (through ``ws.reconcile``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
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


class ReconcileView(QWidget):
    reconciled = Signal(object)  # the final sheet

    def __init__(self, ws, plan_id: int, case_no: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reconcileView")
        self.ws, self.plan_id, self.case_no = ws, plan_id, case_no
        self.data: dict[str, Any] = {}
        self.choice_boxes: dict[str, QComboBox] = {}
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
        self.table.setColumnWidth(4, 96)
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

    def choose(self, code: str, side: str) -> None:
        box = self.choice_boxes[code]
        box.setCurrentIndex(box.findData(side))

    def choices(self) -> dict[str, str]:
        return {code: box.currentData() for code, box in self.choice_boxes.items() if box.currentData()}

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
