"""In/out marks, named clips (time annotations) and clip export (fast / exact) in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workstation.jobs import Job
from workstation.ui.errors import inform, show_error
from workstation.ui.media.timecode import format_clock
from workstation.ui.ops import run_op

if TYPE_CHECKING:
    from workstation.ui.media.view import AvView


class ClipsPane(QWidget):
    """The clip list (a side tab); ``marks_bar`` (under the player) sets in/out and creates."""

    clip_created = Signal(dict)
    exported = Signal(dict)

    def __init__(self, view: "AvView"):
        super().__init__()
        self.setObjectName("avClips")
        self.view = view
        self.mark_in_ms: float | None = None
        self.mark_out_ms: float | None = None
        self.rows: list[dict[str, Any]] = []
        self.export_dir: str | None = None  # remembered folder (tests set it to skip the dialog)
        self.last_export: dict[str, Any] | None = None
        self.export_handle = None
        self._build_marks_bar()
        self._build_list()

    # ------------------------------------------------------------------ marks bar
    def _build_marks_bar(self) -> None:
        bar = QWidget(objectName="avMarksBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.in_button = QPushButton(self.tr("设起点 [I]"), objectName="avMarkIn")
        self.in_button.setToolTip(self.tr("把当前位置设为片段起点（对齐到文件中的真实帧）"))
        self.in_button.clicked.connect(self.mark_in)
        self.in_label = QLabel("--:--:--.---", objectName="avInLabel")
        self.out_button = QPushButton(self.tr("设终点 [O]"), objectName="avMarkOut")
        self.out_button.setToolTip(self.tr("把当前位置设为片段终点（对齐到文件中的真实帧）"))
        self.out_button.clicked.connect(self.mark_out)
        self.out_label = QLabel("--:--:--.---", objectName="avOutLabel")
        for lab in (self.in_label, self.out_label):
            lab.setStyleSheet("font-family: monospace;")
        self.name_edit = QLineEdit(objectName="avClipName")
        self.name_edit.setPlaceholderText(self.tr("片段名称，例如 出示证件"))
        self.name_edit.returnPressed.connect(self.create_clip)
        self.create_button = QPushButton(self.tr("创建片段"), objectName="avCreateClip")
        self.create_button.clicked.connect(self.create_clip)
        for w in (self.in_button, self.in_label, self.out_button, self.out_label):
            row.addWidget(w)
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.create_button)
        self.marks_bar = bar

    # ------------------------------------------------------------------ list
    def _build_list(self) -> None:
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, 5, objectName="avClipTable")
        self.table.setHorizontalHeaderLabels([self.tr("名称"), self.tr("起点"), self.tr("终点"), self.tr("时长"),
                                              self.tr("创建人")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.play_clip(r))
        lay.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.play_button = QPushButton(self.tr("从片段起点播放"), objectName="avPlayClip")
        self.play_button.clicked.connect(lambda: self.play_clip(self.current_row()))
        self.remove_button = QPushButton(self.tr("撤销片段"), objectName="avRemoveClip")
        self.remove_button.clicked.connect(lambda: self.remove_clip(self.current_row()))
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)

        exp = QHBoxLayout()
        self.mode = QComboBox(objectName="avExportMode")
        self.mode.addItem(self.tr("快速（流复制）"), "fast")
        self.mode.addItem(self.tr("精确（重新编码）"), "exact")
        self.mode.currentIndexChanged.connect(self._mode_note)
        self.export_button = QPushButton(self.tr("导出片段…"), objectName="avExportClip")
        self.export_button.clicked.connect(lambda: self.export_clip(self.current_row()))
        exp.addWidget(QLabel(self.tr("导出方式")))
        exp.addWidget(self.mode)
        exp.addWidget(self.export_button)
        exp.addStretch(1)
        lay.addLayout(exp)
        self.mode_note = QLabel(objectName="avExportNote")
        self.mode_note.setWordWrap(True)
        self.mode_note.setProperty("role", "hint")
        lay.addWidget(self.mode_note)
        self.result_label = QLabel(objectName="avExportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.result_label)
        self._mode_note()

    def _mode_note(self) -> None:
        if self.mode.currentData() == "fast":
            self.mode_note.setText(self.tr("快速导出不重新编码：画面从所标起点之前最近的关键帧开始，实际起点会写入导出记录。"
                                           "原件不作任何改动。"))
        else:
            self.mode_note.setText(self.tr("精确导出从所标记的那一帧开始重新编码（H.264/AAC，音频为 WAV），耗时较长。"
                                           "原件不作任何改动。"))

    def set_enabled(self, on: bool) -> None:
        for w in (self.in_button, self.out_button, self.name_edit, self.create_button, self.table, self.play_button,
                  self.remove_button, self.export_button, self.mode):
            w.setEnabled(on)

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else self.table.currentRow()

    # ------------------------------------------------------------------ data
    def load(self) -> None:
        v = self.view
        if v.ws is None:
            return
        try:
            self.rows = v.ws.list_clips(v.item_id)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
            self.rows = []
        self.table.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            values = [c["name"], format_clock(c["start_ms"]), format_clock(c["end_ms"]),
                      format_clock(c["duration_ms"]), c.get("created_by", "")]
            for col, text in enumerate(values):
                it = QTableWidgetItem(text)
                if col:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                it.setToolTip(self.tr("帧时间戳 {a}–{b}（时间基 {tb}）").format(a=c["start_pts"], b=c["end_pts"],
                                                                          tb=c["time_base"]))
                self.table.setItem(r, col, it)
        v.seek_bar.set_clips([(int(c["start_ms"]), int(c["end_ms"]), c["name"]) for c in self.rows])

    def clear(self) -> None:
        self.rows = []
        self.table.setRowCount(0)
        self.mark_in_ms = self.mark_out_ms = None
        self.in_label.setText("--:--:--.---")
        self.out_label.setText("--:--:--.---")
        self.result_label.clear()

    # ------------------------------------------------------------------ marks
    def _snap_here(self) -> float | None:
        v = self.view
        if v.ws is None or v.item_id is None:
            return None
        if v.is_playing():
            v.pause()
        try:
            exact = v.resolve_exact()
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
            return None
        return float(exact["ms"])

    def mark_in(self) -> None:
        ms = self._snap_here()
        if ms is None:
            return
        self.mark_in_ms = ms
        if self.mark_out_ms is not None and self.mark_out_ms <= ms:
            self.mark_out_ms = None
        self._marks_changed()

    def mark_out(self) -> None:
        ms = self._snap_here()
        if ms is None:
            return
        self.mark_out_ms = ms
        if self.mark_in_ms is not None and self.mark_in_ms >= ms:
            self.mark_in_ms = None
        self._marks_changed()

    def set_marks(self, start_ms: float | None, end_ms: float | None) -> None:
        """Set both marks (already exact times, e.g. from an annotation)."""
        self.mark_in_ms, self.mark_out_ms = start_ms, end_ms
        self._marks_changed()

    def _marks_changed(self) -> None:
        self.in_label.setText(format_clock(self.mark_in_ms))
        self.out_label.setText(format_clock(self.mark_out_ms))
        to_int = (lambda x: None if x is None else int(round(x)))
        self.view.seek_bar.set_marks(to_int(self.mark_in_ms), to_int(self.mark_out_ms))
        if self.mark_in_ms is not None and self.mark_out_ms is not None:
            self.view.range_selected.emit(int(round(self.mark_in_ms)), int(round(self.mark_out_ms)))

    # ------------------------------------------------------------------ actions
    def create_clip(self) -> dict | None:
        v = self.view
        if v.ws is None:
            return None
        if self.mark_in_ms is None or self.mark_out_ms is None:
            from workstation.errors import InvalidInput

            show_error(InvalidInput(reason="请先设定片段的起点和终点（按 I 和 O）"), self)
            return None
        name = self.name_edit.text().strip()
        if not name:
            from workstation.errors import InvalidInput

            show_error(InvalidInput(reason="请填写片段名称"), self)
            self.name_edit.setFocus()
            return None
        try:
            clip = v.ws.create_clip(v.item_id, self.mark_in_ms, self.mark_out_ms, name)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
            return None
        self.name_edit.clear()
        self.set_marks(None, None)
        self.load()
        for r, c in enumerate(self.rows):
            if c["id"] == clip["id"]:
                self.table.selectRow(r)
        self.clip_created.emit(clip)
        return clip

    def play_clip(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.view.seek(self.rows[row]["start_ms"])
            self.view.play()

    def remove_clip(self, row: int) -> None:
        v = self.view
        if not (0 <= row < len(self.rows)) or v.ws is None:
            return
        try:
            v.ws.remove_clip(self.rows[row]["id"])
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
            return
        self.load()

    def export_clip(self, row: int, mode: str | None = None, dest_dir: str | Path | None = None):
        """Export in a worker thread (progress dialog with cancel after ~0.6 s)."""
        v = self.view
        if not (0 <= row < len(self.rows)) or v.ws is None:
            return None
        mode = mode or self.mode.currentData()
        dest = dest_dir or self.export_dir
        if dest is None:
            dest = QFileDialog.getExistingDirectory(self, self.tr("导出片段到文件夹"))
            if not dest:
                return None
        self.export_dir = str(dest)
        clip = self.rows[row]
        ws = v.ws
        job = Job()
        self.result_label.setText(self.tr("正在导出“{name}”…").format(name=clip["name"]))
        self.export_handle = run_op(
            lambda: ws.export_clip(clip["id"], mode, dest, job=job),
            success=self._exported, cancelled=lambda: self.result_label.setText(self.tr("导出已取消。")),
            failure=self._export_failed,
            progress_label=self.tr("正在导出片段“{name}”（{mode}）…").format(
                name=clip["name"], mode=self.tr("快速") if mode == "fast" else self.tr("精确")),
            job=job, parent=self, serial=False)
        return self.export_handle

    def _export_failed(self, exc: BaseException) -> None:
        self.result_label.setText(self.tr("导出失败。"))
        show_error(exc, self)

    def _exported(self, result: dict) -> None:
        self.last_export = result
        lead = result.get("lead_ms") or 0
        text = self.tr("已导出：{path}\n实际范围 {a} – {b}").format(
            path=result.get("path"), a=format_clock(result.get("start_ms")), b=format_clock(result.get("end_ms")))
        if lead:
            text += self.tr("（比标记起点早 {ms} 毫秒：快速导出从关键帧开始）").format(ms=round(lead, 3))
        text += f"\nSHA-256 {result.get('sha256')}"
        self.result_label.setText(text)
        self.exported.emit(result)
        if self.isVisible():
            inform(self, self.tr("片段已导出"), text)
