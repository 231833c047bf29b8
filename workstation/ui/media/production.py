"""The 制作说明 form of an AV item (domain.md §3.2), with the check's issues beside the fields.

Saved through ``ws.save_production_note`` (edit grant, case not yet filed; audited with old
and new values), which returns the issues that remain (``production_note_issues``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from workstation.ui.errors import inform, show_error
from workstation.ui.ops import run_op

if TYPE_CHECKING:
    from workstation.ui.media.view import AvView

UNEDITED_DEFAULT = "该音像资料为原始记录，未经剪辑、删改。"
ERROR_STYLE = "color: #c0392b;"
WARNING_STYLE = "color: #b36b00;"


def _time_text(iso: str | None) -> str:
    if not iso:
        return ""
    return iso[:19].replace("T", " ")


class ProductionNoteForm(QWidget):
    saved = Signal(list)  # the remaining issues

    FIELDS = ("method", "device", "device_serial", "is_original", "copy_method", "recorded_from", "recorded_to",
              "clock_checked", "makers", "proves", "original_carrier", "carrier_location", "unedited_statement",
              "interruption_notes")

    def __init__(self, view: "AvView"):
        super().__init__()
        self.setObjectName("avProductionNote")
        self.view = view
        self.issues: list[dict[str, Any]] = []
        self.issue_labels: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        self.summary = QLabel(objectName="avNoteSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.general_issues = QLabel(objectName="avNoteGeneralIssues")
        self.general_issues.setWordWrap(True)
        self.general_issues.setStyleSheet(ERROR_STYLE)
        lay.addWidget(self.general_issues)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        lay.addLayout(form)

        self.method = QLineEdit(objectName="noteMethod")
        self.method.setPlaceholderText(self.tr("例如 执法记录仪现场摄录"))
        self.device = QLineEdit(objectName="noteDevice")
        self.device.setPlaceholderText(self.tr("设备型号"))
        self.device_serial = QLineEdit(objectName="noteDeviceSerial")
        self.device_serial.setPlaceholderText(self.tr("设备编号"))
        self.is_original = QCheckBox(self.tr("原始记录（不是复制件）"), objectName="noteIsOriginal")
        self.is_original.setChecked(True)
        self.copy_method = QLineEdit(objectName="noteCopyMethod")
        self.copy_method.setPlaceholderText(self.tr("复制件：说明复制方法（例如 自记录仪导出至光盘）"))
        self.is_original.toggled.connect(lambda on: self.copy_method.setEnabled(not on))
        self.recorded_from = QLineEdit(objectName="noteRecordedFrom")
        self.recorded_to = QLineEdit(objectName="noteRecordedTo")
        for w in (self.recorded_from, self.recorded_to):
            w.setPlaceholderText("YYYY-MM-DD HH:MM:SS")
        self.clock_checked = QCheckBox(self.tr("已校对记录设备的时钟"), objectName="noteClockChecked")
        self.makers = QTableWidget(2, 2, objectName="noteMakers")
        self.makers.setHorizontalHeaderLabels([self.tr("制作人姓名"), self.tr("执法证号")])
        self.makers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.makers.verticalHeader().setVisible(False)
        self.makers.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.makers.setMaximumHeight(120)
        maker_buttons = QHBoxLayout()
        add = QPushButton(self.tr("添加制作人"))
        add.clicked.connect(lambda: self.makers.insertRow(self.makers.rowCount()))
        remove = QPushButton(self.tr("删除所选"))
        remove.clicked.connect(self._remove_maker)
        maker_buttons.addWidget(add)
        maker_buttons.addWidget(remove)
        maker_buttons.addStretch(1)
        self.proves = QPlainTextEdit(objectName="noteProves")
        self.proves.setPlaceholderText(self.tr("该音像资料证明的事实"))
        self.proves.setMaximumHeight(70)
        self.original_carrier = QLineEdit(objectName="noteOriginalCarrier")
        self.original_carrier.setPlaceholderText(self.tr("原始载体（如 执法记录仪存储卡），或无法提供的原因"))
        self.carrier_location = QLineEdit(objectName="noteCarrierLocation")
        self.carrier_location.setPlaceholderText(self.tr("原始载体存放位置"))
        self.unedited_statement = QPlainTextEdit(objectName="noteUnedited")
        self.unedited_statement.setMaximumHeight(60)
        unedited_default = QPushButton(self.tr("填入“未剪辑”声明"))
        unedited_default.clicked.connect(lambda: self.unedited_statement.setPlainText(UNEDITED_DEFAULT))
        self.interruption_notes = QPlainTextEdit(objectName="noteInterruptions")
        self.interruption_notes.setPlaceholderText(self.tr("录制中断的时间和原因（无则不填）"))
        self.interruption_notes.setMaximumHeight(60)

        def add_row(label: str, field: str, *widgets) -> None:
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(2)
            for w in widgets:
                if isinstance(w, QHBoxLayout):
                    v.addLayout(w)
                else:
                    v.addWidget(w)
            issue = QLabel(objectName=f"issue_{field}")
            issue.setWordWrap(True)
            issue.hide()
            v.addWidget(issue)
            self.issue_labels[field] = issue
            form.addRow(label, box)

        add_row(self.tr("制作方法"), "method", self.method)
        add_row(self.tr("记录设备"), "device", self.device)
        add_row(self.tr("设备编号"), "device_serial", self.device_serial)
        add_row(self.tr("原件/复制件"), "is_original", self.is_original)
        add_row(self.tr("复制方法"), "copy_method", self.copy_method)
        add_row(self.tr("制作时间（起）"), "recorded_from", self.recorded_from)
        add_row(self.tr("制作时间（止）"), "recorded_to", self.recorded_to)
        add_row(self.tr("时钟校对"), "clock_checked", self.clock_checked)
        add_row(self.tr("制作人（≥2 人）"), "makers", self.makers, maker_buttons)
        add_row(self.tr("证明对象"), "proves", self.proves)
        add_row(self.tr("原始载体"), "original_carrier", self.original_carrier)
        add_row(self.tr("存放位置"), "carrier_location", self.carrier_location)
        add_row(self.tr("剪辑声明"), "unedited_statement", self.unedited_statement, unedited_default)
        add_row(self.tr("中断说明"), "interruption_notes", self.interruption_notes)
        add_row(self.tr("文字记录"), "transcript", QLabel(self.tr("见“文字记录”页")))

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存制作说明"), objectName="noteSave")
        self.save_button.clicked.connect(self.save)
        self.export_button = QPushButton(self.tr("导出 PDF…"), objectName="noteExport")
        self.export_button.clicked.connect(lambda: self.export_pdf())
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addStretch(1)

    # ------------------------------------------------------------------ data
    def _remove_maker(self) -> None:
        row = self.makers.currentRow()
        if row >= 0:
            self.makers.removeRow(row)

    def clear(self) -> None:
        for w in (self.method, self.device, self.device_serial, self.copy_method, self.recorded_from, self.recorded_to,
                  self.original_carrier, self.carrier_location):
            w.clear()
        for w in (self.proves, self.unedited_statement, self.interruption_notes):
            w.clear()
        self.is_original.setChecked(True)
        self.clock_checked.setChecked(False)
        self.makers.clearContents()
        self.makers.setRowCount(2)
        self.show_issues([])
        self.summary.clear()

    def load(self) -> None:
        v = self.view
        if v.ws is None:
            return
        self.clear()
        try:
            note = v.ws.production_note(v.item_id)
            issues = v.ws.production_note_issues(v.item_id)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
            return
        if note:
            self.set_values(note)
        self.show_issues(issues)

    def set_values(self, note: dict[str, Any]) -> None:
        self.method.setText(note.get("method") or "")
        self.device.setText(note.get("device") or "")
        self.device_serial.setText(note.get("device_serial") or "")
        self.is_original.setChecked(bool(note.get("is_original", True)))
        self.copy_method.setText(note.get("copy_method") or "")
        self.recorded_from.setText(_time_text(note.get("recorded_from")))
        self.recorded_to.setText(_time_text(note.get("recorded_to")))
        self.clock_checked.setChecked(bool(note.get("clock_checked")))
        makers = note.get("makers") or []
        self.makers.clearContents()
        self.makers.setRowCount(max(2, len(makers)))
        for r, m in enumerate(makers):
            self.makers.setItem(r, 0, QTableWidgetItem(str(m.get("name", ""))))
            self.makers.setItem(r, 1, QTableWidgetItem(str(m.get("cert_no", ""))))
        self.proves.setPlainText(note.get("proves") or "")
        self.original_carrier.setText(note.get("original_carrier") or "")
        self.carrier_location.setText(note.get("carrier_location") or "")
        self.unedited_statement.setPlainText(note.get("unedited_statement") or "")
        self.interruption_notes.setPlainText(note.get("interruption_notes") or "")

    def values(self) -> dict[str, Any]:
        makers = []
        for r in range(self.makers.rowCount()):
            name = (self.makers.item(r, 0).text() if self.makers.item(r, 0) else "").strip()
            cert = (self.makers.item(r, 1).text() if self.makers.item(r, 1) else "").strip()
            if name or cert:
                makers.append({"name": name, "cert_no": cert})
        return {
            "method": self.method.text().strip(), "device": self.device.text().strip(),
            "device_serial": self.device_serial.text().strip(), "is_original": self.is_original.isChecked(),
            "copy_method": self.copy_method.text().strip(),
            "recorded_from": self.recorded_from.text().strip() or None,
            "recorded_to": self.recorded_to.text().strip() or None,
            "clock_checked": self.clock_checked.isChecked(), "makers": makers,
            "proves": self.proves.toPlainText().strip(), "original_carrier": self.original_carrier.text().strip(),
            "carrier_location": self.carrier_location.text().strip(),
            "unedited_statement": self.unedited_statement.toPlainText().strip(),
            "interruption_notes": self.interruption_notes.toPlainText().strip(),
        }

    def show_issues(self, issues: list[dict[str, Any]]) -> None:
        self.issues = list(issues)
        for lab in self.issue_labels.values():
            lab.clear()
            lab.hide()
        general = []
        by_field: dict[str, list[dict]] = {}
        for i in self.issues:
            if i.get("field") in self.issue_labels:
                by_field.setdefault(i["field"], []).append(i)
            else:
                general.append(i)
        for field, items in by_field.items():
            lab = self.issue_labels[field]
            lab.setText("\n".join(("⚠ " if i.get("severity") == "warning" else "✖ ") + i["message"] for i in items))
            lab.setStyleSheet(ERROR_STYLE if any(i.get("severity") != "warning" for i in items) else WARNING_STYLE)
            lab.show()
        self.general_issues.setText("\n".join("✖ " + i["message"] for i in general))
        self.general_issues.setVisible(bool(general))
        errors = sum(1 for i in self.issues if i.get("severity") != "warning")
        warnings = len(self.issues) - errors
        if not self.issues:
            self.summary.setText(self.tr("✔ 制作说明齐全，未发现问题。"))
            self.summary.setStyleSheet("color: #2e7d32;")
        else:
            self.summary.setText(self.tr("制作说明有 {e} 处缺失或矛盾、{w} 处提醒（见各项下方）。").format(e=errors, w=warnings))
            self.summary.setStyleSheet(ERROR_STYLE if errors else WARNING_STYLE)

    # ------------------------------------------------------------------ actions
    def save(self) -> None:
        v = self.view
        if v.ws is None:
            return
        ws, item_id, values = v.ws, v.item_id, self.values()

        def done(issues: list) -> None:
            self.show_issues(issues)
            self.saved.emit(issues)

        run_op(lambda: ws.save_production_note(item_id, **values), success=done, parent=self,
               progress_label=self.tr("正在保存制作说明…"), serial=True)

    def export_pdf(self, dest: str | None = None) -> None:
        v = self.view
        if v.ws is None:
            return
        if dest is None:
            dest = QFileDialog.getExistingDirectory(self, self.tr("导出制作说明到文件夹"))
            if not dest:
                return
        ws, item_id = v.ws, v.item_id
        run_op(lambda: ws.export_production_note(item_id, dest, include_issues=True),
               success=lambda info: inform(self, self.tr("已导出制作说明"), info["path"]), parent=self,
               progress_label=self.tr("正在导出制作说明…"), serial=False)
