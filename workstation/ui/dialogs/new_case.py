"""New case (立卷): the fields of ``ws.create_case(**fields)`` in one form."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from workstation.archive.vocab import Category, Classification, Procedure, Retention
from workstation.changes import Changes
from workstation.ui import i18n
from workstation.ui.errors import error_key, error_text
from workstation.ui.ops import run_op

NO_DATE = QDate(1900, 1, 1)


def date_edit(name: str) -> QDateEdit:
    """A date field that may stay empty (shown as "未填写")."""
    edit = QDateEdit(objectName=name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(QCoreApplication.translate("NewCaseDialog", "未填写"))
    edit.setDate(NO_DATE)
    return edit


def date_value(edit: QDateEdit) -> str | None:
    return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")


def vocab_combo(name: str, values, default=None) -> QComboBox:
    combo = QComboBox(objectName=name)
    for v in values:
        combo.addItem(i18n.vocab(v.value), v.value)
    if default is not None:
        combo.setCurrentIndex(max(0, combo.findData(default.value if hasattr(default, "value") else default)))
    return combo


class NewCaseDialog(QDialog):
    created = Signal(str)  # case_no

    def __init__(self, ws, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("newCaseDialog")
        self.setWindowTitle(self.tr("新建案卷"))
        self.last_error_key: str | None = None
        self.case_no = QLineEdit(objectName="caseNo")
        self.case_no.setPlaceholderText(self.tr("如：某市监处罚〔2026〕12号"))
        self.title = QLineEdit(objectName="caseTitleEdit")
        self.title.setPlaceholderText(self.tr("当事人 + 违法行为 + “案”，如：某某公司销售过期食品案"))
        self.party = QLineEdit(objectName="party")
        self.party_id_no = QLineEdit(objectName="partyIdNo")
        self.party_id_no.setPlaceholderText(self.tr("身份证号或统一社会信用代码"))
        self.cause = QLineEdit(objectName="cause")
        self.category = vocab_combo("category", Category, Category.PENALTY)
        self.procedure = vocab_combo("procedure", Procedure, Procedure.ORDINARY)
        self.handling_unit = QLineEdit(objectName="handlingUnit")
        self.handlers = QLineEdit(objectName="handlers")
        self.handlers.setPlaceholderText(self.tr("两名以上，用逗号分隔"))
        self.decision_no = QLineEdit(objectName="decisionNo")
        self.opened_on = date_edit("openedOn")
        self.closed_on = date_edit("closedOn")
        self.retention = vocab_combo("retention", Retention, Retention.PERMANENT)
        levels = [c for c in Classification if ws.policy.can_see_level(c)]
        self.classification = vocab_combo("classification", levels, Classification.INTERNAL)
        self.secrecy_term = QLineEdit(objectName="secrecyTerm")
        self.secrecy_term.setPlaceholderText(self.tr("秘密级以上填写保密期限或解密条件"))
        self.remarks = QPlainTextEdit(objectName="remarks")
        self.remarks.setFixedHeight(60)
        self.party.editingFinished.connect(self._suggest_title)
        self.cause.editingFinished.connect(self._suggest_title)
        self.procedure.currentIndexChanged.connect(self._procedure_changed)
        basic = QGroupBox(self.tr("案件信息"))
        g = QGridLayout(basic)
        g.setHorizontalSpacing(10)
        rows = [
            (self.tr("案号 *"), self.case_no, self.tr("执法类别 *"), self.category),
            (self.tr("案卷题名 *"), self.title, self.tr("程序"), self.procedure),
            (self.tr("当事人"), self.party, self.tr("证件号码"), self.party_id_no),
            (self.tr("案由"), self.cause, self.tr("决定书文号"), self.decision_no),
            (self.tr("承办机构"), self.handling_unit, self.tr("承办人"), self.handlers),
            (self.tr("立案日期"), self.opened_on, self.tr("结案日期"), self.closed_on),
        ]
        for r, (l1, w1, l2, w2) in enumerate(rows):
            g.addWidget(QLabel(l1), r, 0)
            g.addWidget(w1, r, 1)
            g.addWidget(QLabel(l2), r, 2)
            g.addWidget(w2, r, 3)
        g.setColumnStretch(1, 3)
        g.setColumnStretch(3, 2)
        keep = QGroupBox(self.tr("保管与密级"))
        f = QFormLayout(keep)
        f.addRow(self.tr("保管期限"), self.retention)
        f.addRow(self.tr("密级"), self.classification)
        f.addRow(self.tr("保密期限"), self.secrecy_term)
        f.addRow(self.tr("备注"), self.remarks)

        self.error = QLabel(objectName="newCaseError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("创建"))
        self.ok_button.setObjectName("createCase")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(basic)
        layout.addWidget(keep)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(820)

    def _suggest_title(self) -> None:
        if not self.title.text().strip() and self.party.text().strip() and self.cause.text().strip():
            self.title.setText(f"{self.party.text().strip()}{self.cause.text().strip()}案")

    def _procedure_changed(self) -> None:
        # Penalty files: 一般程序 → 永久, 简易 → 定期30年 (domain.md §2.4; the user may change it).
        default = Retention.PERMANENT if self.procedure.currentData() == Procedure.ORDINARY.value else Retention.Y30
        self.retention.setCurrentIndex(self.retention.findData(default.value))

    def fields(self) -> dict:
        out = {
            "case_no": self.case_no.text().strip(), "title": self.title.text().strip(),
            "party": self.party.text().strip(), "party_id_no": self.party_id_no.text().strip(),
            "cause": self.cause.text().strip(), "category": self.category.currentData(),
            "procedure": self.procedure.currentData(), "handling_unit": self.handling_unit.text().strip(),
            "handlers": self.handlers.text().strip(), "decision_no": self.decision_no.text().strip(),
            "opened_on": date_value(self.opened_on), "closed_on": date_value(self.closed_on),
            "retention": self.retention.currentData(), "classification": self.classification.currentData(),
            "secrecy_term": self.secrecy_term.text().strip(), "remarks": self.remarks.toPlainText().strip(),
        }
        return {k: v for k, v in out.items() if v not in (None, "")}

    def submit(self) -> None:
        fields = self.fields()
        missing = [label for key, label in (("case_no", self.tr("案号")), ("title", self.tr("案卷题名")))
                   if not fields.get(key)]
        if missing:
            self._show_error(self.tr("请填写：{fields}").format(fields="、".join(missing)), "missing_input")
            return
        self.ok_button.setEnabled(False)
        ws = self.ws
        run_op(lambda: ws.create_case(**fields), success=self._created, failure=self._failed, parent=self)

    def _created(self, summary: dict) -> None:
        self.created.emit(summary["case_no"])
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self._show_error(error_text(exc)[1], error_key(exc))

    def _show_error(self, text: str, key: str) -> None:
        self.last_error_key = key
        self.error.setText(text)
        self.error.setVisible(True)


CASE_CREATED = Changes(cases=True)
