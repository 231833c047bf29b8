"""Forms of the 法制审核 intake: 登记送审 (a new round), 补正材料, 受理, 退回 and 延长期限.

Each form only gathers values; the review panel passes them to the facade
(``review_submit`` … ``review_extend``), which checks the rules (complete materials before
acceptance, the extension cap, the state machine) and answers in Chinese.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workstation.ui.forms import date_edit, iso, qdate


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewIntake", text)


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)


class SubmissionDialog(_Form):
    """登记送审: 送审日期, unit and person, the 重大 category, the proposed decision and the
    materials received (required ones marked; what is missing is listed by the facade)."""

    def __init__(self, ref: dict[str, Any], case: dict[str, Any] | None = None, parent: QWidget | None = None):
        super().__init__(_tr("登记送审"), parent)
        case = case or {}
        self.submitted_on = date_edit(self)
        self.unit = QLineEdit(case.get("handling_unit") or "", self)
        self.person = QLineEdit(self)
        self.category = QComboBox(self)
        for c in ref["catalogue"]:
            self.category.addItem(f"{c['code']} {c['name']}", c["code"])
        self.decision_type = QLineEdit(self)
        self.decision_type.setPlaceholderText(_tr("如：罚款、责令停产停业、吊销许可证"))
        self.decision_content = QLineEdit(self)
        self.decision_basis = QLineEdit(self)
        self.qualification = QLineEdit(self)
        self.qualification.setPlaceholderText(_tr("审核人员法律职业资格证号"))
        self.form.addRow(_tr("送审日期"), self.submitted_on)
        self.form.addRow(_tr("送审单位"), self.unit)
        self.form.addRow(_tr("送审人"), self.person)
        self.form.addRow(_tr("目录情形"), self.category)
        self.form.addRow(_tr("拟作决定种类"), self.decision_type)
        self.form.addRow(_tr("拟作决定内容"), self.decision_content)
        self.form.addRow(_tr("依据"), self.decision_basis)
        self.form.addRow(_tr("审核人员资格"), self.qualification)
        box = QGroupBox(_tr("已收到的送审材料（* 为必备）"), self)
        lay = QVBoxLayout(box)
        self.materials: dict[str, QCheckBox] = {}
        for m in ref["materials"]:
            check = QCheckBox(m["name"] + (" *" if m["required"] else ""), box)
            self.materials[m["name"]] = check
            lay.addWidget(check)
        self.layout_.addWidget(box)
        self.layout_.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        decision = {k: v for k, v in (("type", self.decision_type.text().strip()),
                                       ("content", self.decision_content.text().strip()),
                                       ("basis", self.decision_basis.text().strip())) if v}
        return {"submitted_on": iso(self.submitted_on), "submitting_unit": self.unit.text().strip(),
                "submitted_by": self.person.text().strip(), "major_category": self.category.currentData(),
                "proposed_decision": decision, "materials": [n for n, c in self.materials.items() if c.isChecked()],
                "reviewer_qualification": self.qualification.text().strip()}


class MaterialsDialog(_Form):
    """补正材料: tick what has now arrived."""

    def __init__(self, missing: list[str], parent: QWidget | None = None):
        super().__init__(_tr("补正送审材料"), parent)
        self.layout_.addWidget(QLabel(_tr("勾选现已收到的材料："), self))
        self.checks = {name: QCheckBox(name, self) for name in missing}
        for check in self.checks.values():
            self.layout_.addWidget(check)
        self.layout_.addWidget(self.buttons)

    def values(self) -> list[str]:
        return [n for n, c in self.checks.items() if c.isChecked()]


class AcceptDialog(_Form):
    """受理: the acceptance date (the deadline counts from the next working day)."""

    def __init__(self, submitted_on: str | None, parent: QWidget | None = None):
        super().__init__(_tr("受理送审"), parent)
        self.accepted_on = date_edit(self)
        if submitted_on:
            d = dt.date.fromisoformat(submitted_on)
            self.accepted_on.setMinimumDate(qdate(d))
        self.form.addRow(_tr("受理日期"), self.accepted_on)
        self.layout_.addWidget(QLabel(_tr("审核期限自受理次日起按工作日计算。"), self))
        self.layout_.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        return {"accepted_on": iso(self.accepted_on)}


class ReturnDialog(_Form):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(_tr("退回送审材料"), parent)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText(_tr("退回理由，如：补正期限届满仍未补齐材料"))
        self.form.addRow(_tr("理由"), self.reason)
        self.layout_.addWidget(self.buttons)

    def values(self) -> str:
        return self.reason.toPlainText().strip()


class ExtendDialog(_Form):
    """延长期限: days (within the configured cap), who approved it, when and why."""

    def __init__(self, max_days: int, parent: QWidget | None = None):
        super().__init__(_tr("延长审核期限"), parent)
        self.days = QSpinBox(self)
        self.days.setRange(1, max(1, max_days))
        self.days.setSuffix(_tr(" 个工作日"))
        self.approved_by = QLineEdit(self)
        self.approved_on = date_edit(self)
        self.reason = QLineEdit(self)
        self.form.addRow(_tr("延长"), self.days)
        self.form.addRow(_tr("批准人"), self.approved_by)
        self.form.addRow(_tr("批准日期"), self.approved_on)
        self.form.addRow(_tr("理由"), self.reason)
        self.layout_.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        return {"days": self.days.value(), "approved_by": self.approved_by.text().strip(),
                "approved_on": iso(self.approved_on), "reason": self.reason.text().strip()}
