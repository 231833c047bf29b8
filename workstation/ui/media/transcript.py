"""The 文字记录 editor, synchronised with playback.

The current segment is highlighted and scrolled to while playing; a click on a row seeks to
its start; speaker and text are edited in place and every change is saved through the
facade as a new version (``ws.transcript_edit`` & co., which refuse when someone else saved
meanwhile). Segments of an automatic transcript stay marked 自动转写，需核对 until a person
confirms them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workstation.media.transcripts import segment_from, segment_index_at
from workstation.ui.errors import inform, show_error
from workstation.ui.media.timecode import format_clock
from workstation.ui.ops import run_op

if TYPE_CHECKING:
    from workstation.ui.media.view import AvView

COL_START, COL_END, COL_SPEAKER, COL_TEXT, COL_STATE = range(5)
SOURCE_NAMES = {"manual": "人工录入", "import": "导入", "auto": "自动转写"}
CURRENT_BG = QColor("#fff3c4")
UNCONFIRMED_FG = QColor("#b35c00")


class TranscriptPane(QWidget):
    saved = Signal(dict)  # the new version's facts

    def __init__(self, view: "AvView"):
        super().__init__()
        self.setObjectName("avTranscript")
        self.view = view
        self.data: dict[str, Any] | None = None
        self.segments: list = []
        self.version: int | None = None
        self.current_row: int | None = None
        self._loading = False
        lay = QVBoxLayout(self)

        head = QHBoxLayout()
        self.version_label = QLabel(objectName="avTranscriptVersion")
        self.version_label.setWordWrap(True)
        head.addWidget(self.version_label, 1)
        self.follow_box = QCheckBox(self.tr("跟随播放"), objectName="avFollow")
        self.follow_box.setChecked(True)
        head.addWidget(self.follow_box)
        lay.addLayout(head)

        self.table = QTableWidget(0, 5, objectName="avTranscriptTable")
        self.table.setHorizontalHeaderLabels([self.tr("起"), self.tr("止"), self.tr("说话人"), self.tr("内容"),
                                              self.tr("核对")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for c in (COL_START, COL_END, COL_SPEAKER, COL_STATE):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        hh.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.cellClicked.connect(self.row_clicked)
        self.table.itemChanged.connect(self._item_changed)
        lay.addWidget(self.table, 1)

        row1 = QHBoxLayout()
        self.insert_button = QPushButton(self.tr("在当前时间插入"), objectName="avTxInsert")
        self.insert_button.clicked.connect(self.insert_at_current)
        self.split_button = QPushButton(self.tr("在当前时间拆分"), objectName="avTxSplit")
        self.split_button.clicked.connect(self.split_at_current)
        self.merge_button = QPushButton(self.tr("与下一段合并"), objectName="avTxMerge")
        self.merge_button.clicked.connect(self.merge_selected)
        self.confirm_button = QPushButton(self.tr("确认所选段"), objectName="avTxConfirm")
        self.confirm_button.setToolTip(self.tr("核对后确认：自动转写的段落经人工确认后才作为正式文字记录"))
        self.confirm_button.clicked.connect(self.confirm_selected)
        for b in (self.insert_button, self.split_button, self.merge_button, self.confirm_button):
            row1.addWidget(b)
        row1.addStretch(1)
        lay.addLayout(row1)
        row2 = QHBoxLayout()
        self.import_button = QPushButton(self.tr("导入 SRT/VTT/TXT…"), objectName="avTxImport")
        self.import_button.clicked.connect(lambda: self.import_file())
        self.export_srt_button = QPushButton(self.tr("导出 SRT…"), objectName="avTxExportSrt")
        self.export_srt_button.clicked.connect(lambda: self.export("srt"))
        self.export_pdf_button = QPushButton(self.tr("导出 PDF 文字记录…"), objectName="avTxExportPdf")
        self.export_pdf_button.clicked.connect(lambda: self.export("pdf"))
        for b in (self.import_button, self.export_srt_button, self.export_pdf_button):
            row2.addWidget(b)
        row2.addStretch(1)
        lay.addLayout(row2)
        self.clear()

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        v = self.view
        if v.ws is None:
            return
        try:
            self.data = v.ws.transcript(v.item_id)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
            self.data = None
        self._fill()

    def clear(self) -> None:
        self.data = None
        self.segments = []
        self.version = None
        self.current_row = None
        self._loading = True
        self.table.setRowCount(0)
        self._loading = False
        self.version_label.setText(self.tr("尚无文字记录。可导入 SRT/WebVTT/文本，或在当前时间插入一段。"))
        self._buttons()

    def _fill(self) -> None:
        if self.data is None:
            self.clear()
            return
        d = self.data
        self.version = d["version"]
        self.segments = [segment_from(x) for x in d["segments"]]
        self._loading = True
        try:
            self.table.setRowCount(len(self.segments))
            bold = QFont()
            bold.setBold(True)
            for r, s in enumerate(self.segments):
                cells = [format_clock(s.start_ms), format_clock(s.end_ms), s.speaker, s.text,
                         self.tr("已核对") if s.confirmed else self.tr("自动转写，需核对")]
                for c, text in enumerate(cells):
                    it = QTableWidgetItem(text)
                    flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                    if c in (COL_SPEAKER, COL_TEXT):
                        flags |= Qt.ItemFlag.ItemIsEditable
                    it.setFlags(flags)
                    if c in (COL_START, COL_END):
                        it.setFont(QFont("monospace"))
                    if c == COL_STATE and not s.confirmed:
                        it.setForeground(QBrush(UNCONFIRMED_FG))
                        it.setFont(bold)
                    self.table.setItem(r, c, it)
            self.table.resizeRowsToContents()
        finally:
            self._loading = False
        unconfirmed = sum(1 for s in self.segments if not s.confirmed)
        text = self.tr("第 {v} 版 · {src} · {who} · {when}").format(
            v=d["version"], src=self.tr(SOURCE_NAMES.get(d.get("source"), d.get("source") or "")),
            who=d.get("created_by") or "", when=(d.get("created_at") or "")[:16].replace("T", " "))
        if d.get("note"):
            text += f" · {d['note']}"
        if unconfirmed:
            text += self.tr(" · {n} 段自动转写，需核对").format(n=unconfirmed)
        self.version_label.setText(text)
        self.current_row = None
        self.follow(self.view.position_ms())
        self._buttons()

    def _buttons(self) -> None:
        open_ = self.view.ws is not None
        has = bool(self.segments)
        self.insert_button.setEnabled(open_)
        self.import_button.setEnabled(open_)
        for b in (self.split_button, self.merge_button, self.confirm_button, self.export_srt_button,
                  self.export_pdf_button):
            b.setEnabled(open_ and has)

    # ------------------------------------------------------------------ sync with playback
    def follow(self, ms: int) -> None:
        """Highlight the segment spoken at ``ms`` and (when following) scroll to it."""
        i = segment_index_at(self.segments, ms) if self.segments else None
        if i == self.current_row:
            return
        old, self.current_row = self.current_row, i
        self._loading = True
        try:
            for row, bg in ((old, None), (i, CURRENT_BG)):
                if row is None or row >= self.table.rowCount():
                    continue
                for c in range(self.table.columnCount()):
                    it = self.table.item(row, c)
                    if it is not None:
                        it.setBackground(QBrush(bg) if bg is not None else QBrush())
        finally:
            self._loading = False
        if i is not None and self.follow_box.isChecked() and self.table.state() != QAbstractItemView.State.EditingState:
            self.table.scrollToItem(self.table.item(i, COL_TEXT), QAbstractItemView.ScrollHint.PositionAtCenter)

    def row_clicked(self, row: int, _col: int = 0) -> None:
        if 0 <= row < len(self.segments):
            self.view.seek(self.segments[row].start_ms)

    # ------------------------------------------------------------------ editing (each a new version)
    def _save(self, fn, what: str) -> None:
        v = self.view
        if v.ws is None:
            return
        run_op(fn, success=lambda info: self._saved(info), failure=self._failed, parent=self,
               progress_label=what, serial=True)

    def _saved(self, info: dict) -> None:
        self.load()
        self.saved.emit(info)

    def _failed(self, exc: BaseException) -> None:
        show_error(exc, self)
        self.load()  # back to what is stored

    def _item_changed(self, it: QTableWidgetItem) -> None:
        if self._loading or it.column() not in (COL_SPEAKER, COL_TEXT):
            return
        row = it.row()
        if not 0 <= row < len(self.segments):
            return
        seg = self.segments[row]
        v, version = self.view, self.version
        item_id, ws = v.item_id, v.ws
        if it.column() == COL_TEXT:
            new = it.text()
            if new == seg.text:
                return
            self._save(lambda: ws.transcript_edit(item_id, row, text=new, base_version=version),
                       self.tr("正在保存文字记录…"))
        else:
            new = it.text().strip()
            if new == seg.speaker:
                return
            self._save(lambda: ws.transcript_edit(item_id, row, speaker=new, base_version=version),
                       self.tr("正在保存文字记录…"))

    def edit_text(self, row: int, text: str) -> None:
        """Programmatic edit (same path as typing in the cell)."""
        self.table.item(row, COL_TEXT).setText(text)

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return self.current_row

    def insert_at_current(self) -> None:
        v = self.view
        ws, item_id, at, version = v.ws, v.item_id, v.position_ms(), self.version
        self._save(lambda: ws.transcript_insert(item_id, at, base_version=version), self.tr("正在插入段落…"))

    def split_at_current(self) -> None:
        v = self.view
        at = v.position_ms()
        row = segment_index_at(self.segments, at) if self.segments else None
        if row is None:
            from workstation.errors import InvalidInput

            show_error(InvalidInput(reason="当前时间不在任何一段之内，无法拆分"), self)
            return
        ws, item_id, version = v.ws, v.item_id, self.version
        self._save(lambda: ws.transcript_split(item_id, row, at, base_version=version), self.tr("正在拆分段落…"))

    def merge_selected(self) -> None:
        row = self.selected_row()
        if row is None or row + 1 >= len(self.segments):
            from workstation.errors import InvalidInput

            show_error(InvalidInput(reason="请选择一段（且其后还有一段）再合并"), self)
            return
        v = self.view
        ws, item_id, version = v.ws, v.item_id, self.version
        self._save(lambda: ws.transcript_merge(item_id, row, base_version=version), self.tr("正在合并段落…"))

    def confirm_selected(self) -> None:
        row = self.selected_row()
        v = self.view
        ws, item_id, version = v.ws, v.item_id, self.version
        indexes = [row] if row is not None else None
        self._save(lambda: ws.transcript_confirm(item_id, indexes, base_version=version), self.tr("正在确认…"))

    # ------------------------------------------------------------------ files
    def import_file(self, path: str | Path | None = None) -> None:
        v = self.view
        if v.ws is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("导入文字记录"), "",
                                                  self.tr("字幕或文本 (*.srt *.vtt *.txt);;所有文件 (*)"))
            if not path:
                return
        ws, item_id, version = v.ws, v.item_id, self.version
        self._save(lambda: ws.import_transcript(item_id, path, base_version=version), self.tr("正在导入文字记录…"))

    def export(self, fmt: str, dest: str | Path | None = None) -> None:
        v = self.view
        if v.ws is None or self.version is None:
            return
        if dest is None:
            dest = QFileDialog.getExistingDirectory(self, self.tr("导出文字记录到文件夹"))
            if not dest:
                return
        ws, item_id, version = v.ws, v.item_id, self.version

        def done(info: dict) -> None:
            self.last_export = info
            inform(self, self.tr("已导出文字记录"), self.tr("第 {v} 版已导出为 {fmt}：\n{path}\nSHA-256 {sha}").format(
                v=info["version"], fmt=fmt.upper(), path=info["path"], sha=info["sha256"]))

        run_op(lambda: ws.export_transcript(item_id, fmt, dest, version=version), success=done, parent=self,
               progress_label=self.tr("正在导出文字记录…"), serial=False)
