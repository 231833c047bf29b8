"""Import: choose files or a dossier folder (or drop them), run ``ws.import_paths`` on the
writer thread with a cancellable progress dialog, then show every file's outcome as a row
(imported / duplicate / unusable, with the reason) — never one popup per file.

Cancelling is safe: the core stores nothing in the catalog until every file is stored and
removes what it stored when cancelled, so the case list is unchanged afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.access import Permission
from workstation.changes import Changes
from workstation.jobs import Job
from workstation.ui import fmt, i18n
from workstation.ui.bus import ChangeBus
from workstation.ui.ops import OpHandle, run_op
from workstation.ui.resources import icon
from workstation.ui.widgets import fit_headers

MANIFEST_NAMES = ("dossier.yaml", "dossier.yml")


def is_dossier_folder(path: Path) -> bool:
    return path.is_dir() and any((path / n).exists() for n in MANIFEST_NAMES)


class ImportResultsDialog(QDialog):
    """The batch outcome: one row per file."""

    STATUS_COLORS = {"imported": "#166534", "duplicate": "#92400e", "unusable": "#b91c1c"}

    def __init__(self, report, parent=None):
        super().__init__(parent)
        self.setObjectName("importResults")
        self.setWindowTitle(self.tr("导入结果 — {case_no}").format(case_no=report.case_no))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        data = report.to_json()
        created = self.tr("新建案卷，") if report.created_case else ""
        summary = QLabel(self.tr("案卷 {case_no}：{created}导入 {n} 个文件，重复 {dup} 个，不可用 {bad} 个。").format(
            case_no=report.case_no, created=created, n=data["imported"], dup=data["duplicates"], bad=data["unusable"]),
            objectName="importSummary")
        summary.setWordWrap(True)
        self.table = QTableWidget(len(report.files), 5, objectName="importTable")
        self.table.setHorizontalHeaderLabels([self.tr("文件"), self.tr("结果"), self.tr("类型"), self.tr("大小"),
                                              self.tr("说明")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        for r, f in enumerate(report.files):
            reason = f.reason
            if f.status == "duplicate" and f.duplicate_of:
                reason = self.tr("与本案已有文件内容相同（件 {id}），未重复导入").format(id=f.duplicate_of)
            cells = [f.original_name, i18n.tr_key(i18n.IMPORT_STATUS, f.status, f.status),
                     i18n.tr_key(i18n.ITEM_KINDS, f.kind), fmt.size_text(f.size), reason]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if c != 0 else f"{f.original_name}\nSHA-256 {f.sha256}\nSM3 {f.sm3}")
                if c == 1:
                    item.setForeground(QColor(self.STATUS_COLORS.get(f.status, "#111827")))
                    item.setData(Qt.ItemDataRole.UserRole, f.status)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 300)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(2, 70)
        self.table.setColumnWidth(3, 80)
        fit_headers(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        for w in report.warnings:
            warn = QLabel(w)
            warn.setProperty("role", "warning")
            warn.setWordWrap(True)
            layout.addWidget(warn)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 460)

    def statuses(self) -> list[str]:
        return [self.table.item(r, 1).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())]


class ImportController(QObject):
    """Owns the import flow for one main window."""

    imported = Signal(object)  # ImportReport
    cancelled = Signal()
    status_message = Signal(str)

    def __init__(self, ws, bus: ChangeBus, parent_widget: QWidget, *, index_after_import: bool = True):
        super().__init__(parent_widget)
        self.ws = ws
        self.bus = bus
        self.parent_widget = parent_widget
        self.index_after_import = index_after_import
        self.handle: OpHandle | None = None
        self.last_report = None
        self.results_dialog: ImportResultsDialog | None = None

    @property
    def allowed(self) -> bool:
        return self.ws.policy.allows(Permission.IMPORT)

    @property
    def busy(self) -> bool:
        return self.handle is not None and not self.handle.done

    # -- choosing ----------------------------------------------------------------------------------
    def choose_files(self, case_no: str | None) -> None:
        if not case_no:
            self.choose_dossier_folder()
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self.parent_widget, self.tr("选择要导入案卷 {case_no} 的文件").format(case_no=case_no), "",
            self.tr("案卷文件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.mp4 *.mov *.avi *.mp3 *.wav *.m4a *.amr);;所有文件 (*)"))
        if paths:
            self.import_paths(paths, case_no)

    def choose_dossier_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.parent_widget, self.tr("选择带有 dossier.yaml 清单的案卷文件夹"))
        if folder:
            self.import_paths([folder], None)

    # -- running -----------------------------------------------------------------------------------
    def import_paths(self, paths: list[str | Path], case_no: str | None) -> OpHandle | None:
        """Import into ``case_no``; without one, a single dossier folder creates its case."""
        if self.busy:
            self.status_message.emit(self.tr("已有导入正在进行，请等待其完成。"))
            return None
        paths = [Path(p) for p in paths]
        job = Job()
        ws = self.ws
        label = (self.tr("正在导入案卷文件夹 {name}…").format(name=paths[0].name) if case_no is None
                 else self.tr("正在向案卷 {case_no} 导入 {n} 项…").format(case_no=case_no, n=len(paths)))
        self.handle = run_op(lambda: ws.import_paths(paths, case_no, job=job), success=self._done,
                             cancelled=self._cancelled, progress_label=label, job=job, parent=self.parent_widget)
        return self.handle

    def _done(self, report) -> None:
        self.last_report = report
        self.bus.apply(Changes(cases=True, items=True), self)
        self.imported.emit(report)
        self.results_dialog = ImportResultsDialog(report, self.parent_widget)
        self.results_dialog.open()
        self.status_message.emit(self.tr("导入完成：案卷 {case_no}，{n} 个文件").format(
            case_no=report.case_no, n=report.imported))
        if self.index_after_import:
            self._index()

    def _index(self) -> None:
        """After an import: the search index and the recordings' posters, thumbnails and
        waveforms, in one background operation."""
        ws, job = self.ws, Job()
        index = self.ws.policy.allows(Permission.VERIFY_FIXITY)

        def work():
            if index:
                ws.index_pending(job=job)
            return ws.derive_pending(job=job)

        def done(result) -> None:
            self.bus.apply(Changes(index=index, items=True), self)
            if result["problems"]:
                self.status_message.emit(self.tr("部分音视频未能生成缩略图或波形：{msg}").format(
                    msg="；".join(result["problems"][:3])))

        run_op(work, success=done,
               failure=lambda exc: self.status_message.emit(
                   self.tr("检索索引或音视频派生文件未能生成（可稍后重试）：{msg}").format(msg=str(exc))),
               progress_label=self.tr("正在为新文件建立检索索引并生成音视频缩略图…"), job=job,
               parent=self.parent_widget)

    def _cancelled(self) -> None:
        self.cancelled.emit()
        self.status_message.emit(self.tr("导入已取消，案卷未作任何改动。"))
