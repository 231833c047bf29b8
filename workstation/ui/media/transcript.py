"""The 文字记录 editor, synchronised with playback.

The current segment is highlighted and scrolled to while playing; a click on a row seeks to
its start; speaker, text and the start/end times are edited in place (times as
"00:00:01.500", "1:05" or "3.2" seconds, or from the playhead through the context menu) and
every change is saved through the facade as a new version (``ws.transcript_edit`` & co.,
which refuse when someone else saved meanwhile). Segments of an automatic transcript stay
marked 自动转写，需核对 until a person confirms them.

The version box lists every saved version (``ws.transcript_versions``: who, when, source,
note). Choosing an older one shows it read-only under a banner that says it is not the
current version, with a button back to the current one; nothing can be edited there.
Exports write the version shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFrame, QHBoxLayout,
                               QHeaderView, QLabel, QMenu, QPushButton, QStyle, QStyleOptionComboBox,
                               QStylePainter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workstation.media.transcripts import segment_from, segment_index_at
from workstation.ui.errors import inform, show_error
from workstation.ui.media.timecode import format_clock, parse_go_to_time
from workstation.ui.ops import run_op

if TYPE_CHECKING:
    from workstation.ui.media.view import AvView

COL_START, COL_END, COL_SPEAKER, COL_TEXT, COL_STATE = range(5)
SOURCE_NAMES = {"manual": "人工录入", "import": "导入", "auto": "自动转写"}
CURRENT_BG = QColor("#fff3c4")
UNCONFIRMED_FG = QColor("#b35c00")
HISTORY_FG = QColor("#606266")  # an older version's text: greyed, read-only
SHORT_ROLE = Qt.ItemDataRole.UserRole + 1


class VersionBox(QComboBox):
    """The version list: the popup shows who/when/source of each version; the closed box
    only "第 N 版（当前）" (the line under it gives the shown version's facts in full)."""

    def paintEvent(self, event):  # noqa: N802 - Qt API
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        short = self.currentData(SHORT_ROLE)
        if short:
            opt.currentText = short
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


class TranscriptPane(QWidget):
    saved = Signal(dict)  # the new version's facts

    def __init__(self, view: "AvView"):
        super().__init__()
        self.setObjectName("avTranscript")
        self.view = view
        self.data: dict[str, Any] | None = None
        self.segments: list = []
        self.version: int | None = None  # the version shown
        self.latest_version: int | None = None  # the current (newest) version
        self.versions: list[dict[str, Any]] = []
        self.current_row: int | None = None
        self._loading = False
        lay = QVBoxLayout(self)

        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("版本")))
        self.version_box = VersionBox(objectName="avTxVersions")
        self.version_box.setToolTip(self.tr("已保存的各个版本（由谁、何时、来源、说明）；选择较早的版本只读查看"))
        self.version_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.version_box.setMinimumContentsLength(10)
        self.version_box.activated.connect(lambda i: self.show_version(self.version_box.itemData(i)))
        head.addWidget(self.version_box, 1)
        self.follow_box = QCheckBox(self.tr("跟随播放"), objectName="avFollow")
        self.follow_box.setChecked(True)
        head.addWidget(self.follow_box)
        lay.addLayout(head)
        self.version_label = QLabel(objectName="avTranscriptVersion")
        self.version_label.setWordWrap(True)
        self.version_label.setProperty("role", "hint")
        lay.addWidget(self.version_label)

        self.history_banner = QFrame(objectName="avTxHistoryBanner")
        self.history_banner.setStyleSheet(
            "QFrame#avTxHistoryBanner { background: #fdf6ec; border: 1px solid #f5dab1; border-radius: 4px; }"
            " QFrame#avTxHistoryBanner QLabel { color: #8a5a00; font-weight: 600; }")
        banner = QHBoxLayout(self.history_banner)
        banner.setContentsMargins(8, 4, 4, 4)
        self.history_label = QLabel(objectName="avTxHistoryText")
        self.history_label.setWordWrap(True)
        banner.addWidget(self.history_label, 1)
        self.back_button = QPushButton(self.tr("返回当前版本"), objectName="avTxBackToCurrent")
        self.back_button.clicked.connect(lambda: self.show_version(self.latest_version))
        banner.addWidget(self.back_button)
        self.history_banner.hide()
        lay.addWidget(self.history_banner)

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
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.setToolTip(self.tr("单击一行转到该段；双击起止时间、说话人或内容可直接修改"))
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
        # Two to a row, so the pane fits beside the video on a 1366-pixel screen.
        row1b = QHBoxLayout()
        for row, buttons in ((row1, (self.insert_button, self.split_button)),
                             (row1b, (self.merge_button, self.confirm_button))):
            for b in buttons:
                row.addWidget(b)
            row.addStretch(1)
            lay.addLayout(row)
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
        """The current version and the list of versions, read in a worker."""
        v = self.view
        if v.ws is None:
            return
        ws, item_id = v.ws, v.item_id

        def failed(exc: BaseException) -> None:
            if v.item_id == item_id:
                show_error(exc, self)
                self.versions = []
                self.data = None
                self._fill()

        run_op(lambda: (ws.transcript(item_id), ws.transcript_versions(item_id)),
               success=lambda r: self._loaded(item_id, *r), failure=failed, parent=self, serial=False)

    def _loaded(self, item_id: int, data: dict | None, versions: list[dict]) -> None:
        if self.view.item_id != item_id:
            return
        self.versions = list(versions)
        self.latest_version = data["version"] if data else None
        self.data = data
        self._fill_versions()
        self._fill()

    def show_version(self, version: int | None) -> None:
        """Show ``version``: the current one editable, an older one read-only."""
        v = self.view
        if v.ws is None or version is None:
            return
        if version == self.version and (self.data is not None):
            self._select_version(version)
            return
        if version == self.latest_version:
            self.load()
            return
        ws, item_id = v.ws, v.item_id

        def shown(data: dict | None) -> None:
            if v.item_id != item_id:
                return
            if data is None:  # cannot happen for a listed version; back to what is stored
                self.load()
                return
            self.data = data
            self._fill()

        def failed(exc: BaseException) -> None:
            show_error(exc, self)
            self._select_version(self.version)

        run_op(lambda: ws.transcript(item_id, version), success=shown, failure=failed, parent=self, serial=False)

    @property
    def viewing_old(self) -> bool:
        """An older version is shown (read-only)."""
        return self.version is not None and self.latest_version is not None and self.version != self.latest_version

    def _fill_versions(self) -> None:
        self.version_box.blockSignals(True)
        self.version_box.clear()
        for info in sorted(self.versions, key=lambda x: x["version"], reverse=True):
            current = info["version"] == self.latest_version
            text = self.tr("第 {v} 版{cur} · {when} · {who} · {src}").format(
                v=info["version"], cur=self.tr("（当前）") if current else "",
                when=(info.get("created_at") or "")[:16].replace("T", " "), who=info.get("created_by") or "",
                src=self.tr(SOURCE_NAMES.get(info.get("source"), info.get("source") or "")))
            self.version_box.addItem(text, info["version"])
            self.version_box.setItemData(self.version_box.count() - 1, self.tr("第 {v} 版{cur}").format(
                v=info["version"], cur=self.tr("（当前）") if current else self.tr("（历史版本）")), SHORT_ROLE)
            tip = [text]
            if info.get("note"):
                tip.append(self.tr("说明：{note}").format(note=info["note"]))
            tip.append(self.tr("{n} 段").format(n=info.get("segment_count", 0)))
            if info.get("unconfirmed"):
                tip.append(self.tr("{n} 段自动转写，需核对").format(n=info["unconfirmed"]))
            self.version_box.setItemData(self.version_box.count() - 1, "\n".join(tip),
                                         Qt.ItemDataRole.ToolTipRole)
        self.version_box.setEnabled(bool(self.versions))
        view = self.version_box.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)  # the popup shows the whole line
        self.version_box.blockSignals(False)
        self._select_version(self.latest_version)

    def _select_version(self, version: int | None) -> None:
        i = self.version_box.findData(version)
        if i >= 0 and i != self.version_box.currentIndex():
            self.version_box.blockSignals(True)
            self.version_box.setCurrentIndex(i)
            self.version_box.blockSignals(False)

    def clear(self) -> None:
        self.data = None
        self.segments = []
        self.version = None
        self.latest_version = None
        self.versions = []
        self.current_row = None
        self._loading = True
        self.table.setRowCount(0)
        self._loading = False
        self.version_box.clear()
        self.version_box.setEnabled(False)
        self.history_banner.hide()
        self.version_label.setText(self.tr("尚无文字记录。可导入 SRT/WebVTT/文本，或在当前时间插入一段。"))
        self._buttons()

    def _fill(self) -> None:
        if self.data is None:
            self.clear()
            return
        d = self.data
        self.version = d["version"]
        if self.latest_version is None:
            self.latest_version = self.version
        old = self.viewing_old
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
                    if c != COL_STATE and not old:
                        flags |= Qt.ItemFlag.ItemIsEditable
                    it.setFlags(flags)
                    if c in (COL_START, COL_END):
                        it.setFont(QFont("monospace"))
                    if old:
                        it.setForeground(QBrush(HISTORY_FG))
                    elif c == COL_STATE and not s.confirmed:
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
        if old:
            self.history_label.setText(self.tr("正在查看第 {v} 版（历史版本，只读），不是当前版本；当前版本为第 {cur} 版。").format(
                v=d["version"], cur=self.latest_version))
        self.history_banner.setVisible(old)
        self.table.setProperty("history", old)
        self.table.setStyleSheet("QTableWidget#avTranscriptTable { background: #f4f4f5; }" if old else "")
        self._select_version(self.version)
        self.current_row = None
        self.follow(self.view.position_ms())
        self._buttons()

    def _buttons(self) -> None:
        open_ = self.view.ws is not None
        editable = open_ and not self.viewing_old
        has = bool(self.segments)
        self.insert_button.setEnabled(editable)
        self.import_button.setEnabled(editable)
        for b in (self.split_button, self.merge_button, self.confirm_button):
            b.setEnabled(editable and has)
        for b in (self.export_srt_button, self.export_pdf_button):  # the version shown
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
        if self._loading or it.column() == COL_STATE or self.viewing_old:
            return
        row = it.row()
        if not 0 <= row < len(self.segments):
            return
        seg = self.segments[row]
        v, version = self.view, self.version
        item_id, ws = v.item_id, v.ws
        if it.column() in (COL_START, COL_END):
            self._time_edited(row, it.column(), it.text())
        elif it.column() == COL_TEXT:
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

    def edit_time(self, row: int, which: str, text: str) -> None:
        """Programmatic edit of a start ("start") or end ("end") time, as typed in the cell."""
        self.table.item(row, COL_START if which == "start" else COL_END).setText(text)

    def _restore_cell(self, row: int, col: int) -> None:
        seg = self.segments[row]
        self._loading = True
        try:
            self.table.item(row, col).setText(format_clock(seg.start_ms if col == COL_START else seg.end_ms))
        finally:
            self._loading = False

    def _time_edited(self, row: int, col: int, text: str) -> None:
        seg = self.segments[row]
        try:
            ms = int(round(parse_go_to_time(text)))
        except Exception as exc:  # noqa: BLE001 - InvalidInput with a Chinese message
            self._restore_cell(row, col)
            show_error(exc, self)
            return
        self.set_time(row, "start" if col == COL_START else "end", ms)

    def set_time(self, row: int, which: str, ms: int) -> None:
        """Save a new start or end time (ms) of segment ``row`` as a new version. The end may
        not be before the start (the facade says so, in Chinese, and nothing is saved)."""
        if self.viewing_old or not 0 <= row < len(self.segments):
            return
        seg = self.segments[row]
        col = COL_START if which == "start" else COL_END
        if ms == (seg.start_ms if which == "start" else seg.end_ms):
            self._restore_cell(row, col)  # e.g. "1.2" for 00:00:01.200: shown in the usual form
            return
        v, version = self.view, self.version
        ws, item_id = v.ws, v.item_id
        kw = {"start_ms": ms} if which == "start" else {"end_ms": ms}
        self._save(lambda: ws.transcript_edit(item_id, row, base_version=version, **kw),
                   self.tr("正在保存文字记录…"))

    def _context_menu(self, pos) -> None:
        row = self.table.rowAt(pos.y())
        if row < 0 or self.viewing_old or self.view.ws is None:
            return
        at = self.view.position_ms()
        menu = QMenu(self)
        menu.addAction(self.tr("将起点设为当前位置（{t}）").format(t=format_clock(at)),
                       lambda: self.set_time(row, "start", at))
        menu.addAction(self.tr("将终点设为当前位置（{t}）").format(t=format_clock(at)),
                       lambda: self.set_time(row, "end", at))
        menu.exec(self.table.viewport().mapToGlobal(pos))

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
