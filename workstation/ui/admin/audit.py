"""Audit-log viewer (安全审计员): filters, the hash chain's status, CSV and PDF export.

Filters map to ``ws.export_audit(since=, until=, actor=, action=, outcome=, target_like=)``
(the facade passes them to ``audit.iter_events``); the free-text search over details is
applied client-side. Every query and verification is itself audited by the facade.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QDate, QModelIndex, Qt, QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.ui import fmt, i18n
from workstation.ui.bus import ChangeBus
from workstation.ui.errors import inform
from workstation.ui.fmt import BEIJING
from workstation.ui.ops import run_op
from workstation.ui.resources import icon
from workstation.ui.widgets import PageHeader, fit_headers

COLUMNS = [
    ("seq", QT_TRANSLATE_NOOP("AuditModel", "序号")),
    ("ts", QT_TRANSLATE_NOOP("AuditModel", "时间")),
    ("actor", QT_TRANSLATE_NOOP("AuditModel", "操作人")),
    ("terminal", QT_TRANSLATE_NOOP("AuditModel", "终端")),
    ("action", QT_TRANSLATE_NOOP("AuditModel", "操作")),
    ("target", QT_TRANSLATE_NOOP("AuditModel", "对象")),
    ("outcome", QT_TRANSLATE_NOOP("AuditModel", "结果")),
    ("details", QT_TRANSLATE_NOOP("AuditModel", "详情")),
]
_OUTCOME_COLORS = {"denied": QColor("#b45309"), "error": QColor("#b91c1c")}


def details_text(details) -> str:
    if not details:
        return ""
    if isinstance(details, dict):
        return "；".join(f"{k}={json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v}"
                        for k, v in details.items())
    return str(details)


def event_cells(ev: dict) -> list[str]:
    return [str(ev["seq"]), fmt.datetime_text(ev["ts"]), ev["actor"], ev.get("terminal") or "",
            i18n.tr_key(i18n.AUDIT_ACTIONS, ev["action"], ev["action"]), ev.get("target") or "",
            i18n.tr_key(i18n.OUTCOMES, ev["outcome"], ev["outcome"]), details_text(ev.get("details"))]


class AuditModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.events: list[dict] = []
        self._cells: list[list[str]] = []

    def set_events(self, events: list[dict]) -> None:
        self.beginResetModel()
        self.events = events
        self._cells = [event_cells(e) for e in events]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("AuditModel", COLUMNS[section][1])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._cells[index.row()][index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:
                if index.column() == 4:
                    return self.events[index.row()]["action"]
                return text if len(text) > 30 else None
            return text
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6:
            return _OUTCOME_COLORS.get(self.events[index.row()]["outcome"])
        return None


class AuditPage(QWidget):
    def __init__(self, ws, bus: ChangeBus, parent=None):
        super().__init__(parent)
        self.ws, self.bus = ws, bus
        self.setObjectName("auditPage")
        self.events: list[dict] = []
        self.chain = None
        self.last_export: Path | None = None
        header = PageHeader(self.tr("审计日志"), self.tr("全部登录、查阅、检索、导入、授权与管理操作，按序号以哈希链相连，不可篡改。"))
        self.verify_button = QPushButton(icon("shield"), self.tr("校验审计链"), objectName="verifyChain")
        self.csv_button = QPushButton(icon("export"), self.tr("导出 CSV…"), objectName="exportCsv")
        self.pdf_button = QPushButton(icon("pdf"), self.tr("导出 PDF…"), objectName="exportPdf")
        for b in (self.verify_button, self.csv_button, self.pdf_button):
            header.add_button(b)
        self.verify_button.clicked.connect(self.verify)
        self.csv_button.clicked.connect(lambda: self.choose_export("csv"))
        self.pdf_button.clicked.connect(lambda: self.choose_export("pdf"))

        self.chain_label = QLabel(self.tr("审计链：尚未校验"), objectName="chainStatus")
        self.chain_label.setProperty("state", "unknown")
        self.chain_label.setWordWrap(True)

        today = dt.datetime.now(BEIJING).date()  # the log is shown in Beijing time
        self.since = self._date("auditSince", QDate(today.year, today.month, today.day).addDays(-30))
        self.until = self._date("auditUntil", QDate(today.year, today.month, today.day))
        self.actor = QLineEdit(objectName="auditActor")
        self.actor.setPlaceholderText(self.tr("全部用户"))
        self.action = QComboBox(objectName="auditAction")
        self.action.setEditable(False)
        self.action.addItem(self.tr("全部操作"), None)
        for key in sorted(i18n.AUDIT_ACTIONS):
            self.action.addItem(f"{i18n.tr_key(i18n.AUDIT_ACTIONS, key)}（{key}）", key)
        self.target = QLineEdit(objectName="auditTarget")
        self.target.setPlaceholderText(self.tr("案号、件或用户名"))
        self.outcome = QComboBox(objectName="auditOutcome")
        self.outcome.addItem(self.tr("全部结果"), None)
        for key in ("success", "denied", "error"):
            self.outcome.addItem(i18n.tr_key(i18n.OUTCOMES, key), key)
        self.text = QLineEdit(objectName="auditText")
        self.text.setPlaceholderText(self.tr("在结果中查找（含详情）"))
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(lambda _t: self._show())
        query = QPushButton(icon("search"), self.tr("查询"), objectName="auditQuery")
        query.setDefault(True)
        query.clicked.connect(self.refresh)
        for edit in (self.actor, self.target):
            edit.returnPressed.connect(self.refresh)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        cells = [(self.tr("起始日期"), self.since), (self.tr("截止日期"), self.until), (self.tr("操作人"), self.actor),
                 (self.tr("操作"), self.action), (self.tr("对象"), self.target), (self.tr("结果"), self.outcome)]
        for n, (label, w) in enumerate(cells):
            grid.addWidget(QLabel(label), n // 3, (n % 3) * 2)
            grid.addWidget(w, n // 3, (n % 3) * 2 + 1)
        grid.addWidget(self.text, 2, 0, 1, 5)
        grid.addWidget(query, 2, 5)
        for c in (1, 3, 5):
            grid.setColumnStretch(c, 1)

        self.model = AuditModel(self)
        self.table = QTableView(objectName="auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate((60, 150, 90, 110, 130, 220, 60)):
            self.table.setColumnWidth(c, w)
        fit_headers(self.table)
        self.count = QLabel(objectName="auditCount")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.addWidget(header)
        layout.addWidget(self.chain_label)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def _date(self, name: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value, objectName=name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # -- querying ---------------------------------------------------------------------------------
    def filters(self) -> dict:
        def day(edit: QDateEdit, add: int = 0) -> dt.datetime:
            d = edit.date().addDays(add)
            return dt.datetime(d.year(), d.month(), d.day(), tzinfo=BEIJING)

        out = {"since": day(self.since), "until": day(self.until, 1)}
        for key, value in (("actor", self.actor.text().strip()), ("action", self.action.currentData()),
                           ("outcome", self.outcome.currentData()), ("target_like", self.target.text().strip())):
            if value:
                out[key] = value
        return out

    def refresh(self) -> None:
        ws, filters = self.ws, self.filters()
        run_op(lambda: ws.export_audit(**filters), success=self._loaded, parent=self, serial=False,
               progress_label=self.tr("正在读取审计日志…"))

    def _loaded(self, events: list[dict]) -> None:
        self.events = list(reversed(events))  # newest first
        self._show()

    def shown_events(self) -> list[dict]:
        text = self.text.text().strip().lower()
        if not text:
            return self.events
        return [e for e in self.events if text in " ".join(event_cells(e)).lower()]

    def _show(self) -> None:
        shown = self.shown_events()
        self.model.set_events(shown)
        self.count.setText(self.tr("共 %n 条记录", "", len(shown)))

    def verify(self) -> None:
        ws = self.ws
        run_op(ws.verify_audit, success=self._verified, parent=self, serial=False,
               progress_label=self.tr("正在校验审计链…"))

    def _verified(self, report) -> None:
        self.chain = report
        if report.ok:
            self.chain_label.setText(self.tr("审计链完整：共 {n} 条记录，哈希链接逐条校验无误（校验于 {at}）。").format(
                n=report.events, at=dt.datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")))
            self.chain_label.setProperty("state", "ok")
        else:
            problem = i18n.tr_key(i18n.CHAIN_PROBLEMS, report.problem, report.problem)
            self.chain_label.setText(self.tr("审计链异常：自第 {seq} 条起{problem}（{detail}）。请立即报告。").format(
                seq=report.first_bad_seq, problem=problem, detail=report.detail))
            self.chain_label.setProperty("state", "bad")
        self.chain_label.style().unpolish(self.chain_label)
        self.chain_label.style().polish(self.chain_label)

    # -- export -------------------------------------------------------------------------------------
    def choose_export(self, kind: str) -> None:
        stamp = dt.datetime.now(BEIJING).strftime("%Y%m%d-%H%M")
        filters = {"csv": self.tr("CSV 文件 (*.csv)"), "pdf": self.tr("PDF 文件 (*.pdf)")}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出审计日志"), f"审计日志-{stamp}.{kind}", filters[kind])
        if path:
            self.export(Path(path), kind)

    def export(self, path: Path, kind: str) -> Path:
        events = self.shown_events()
        if kind == "csv":
            write_csv(path, events)
        else:
            write_pdf(path, events, self.export_title(), self.chain_label.text())
        self.last_export = path
        inform(self, self.tr("已导出"), self.tr("已导出 {n} 条记录到\n{path}").format(n=len(events), path=path))
        return path

    def export_title(self) -> str:
        f = self.filters()
        parts = [self.tr("时间：{a} 至 {b}").format(a=self.since.date().toString("yyyy-MM-dd"),
                                                 b=self.until.date().toString("yyyy-MM-dd"))]
        for key, label in (("actor", self.tr("操作人")), ("action", self.tr("操作")), ("target_like", self.tr("对象")),
                           ("outcome", self.tr("结果"))):
            if f.get(key):
                parts.append(f"{label}：{f[key]}")
        parts.append(self.tr("导出人：{user}，导出时间：{at}").format(
            user=self.ws.username, at=dt.datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")))
        return "；".join(parts)


CSV_HEADER = ["seq", "ts", "actor", "terminal", "action", "target", "outcome", "details", "prev_hash", "hash"]


def write_csv(path: Path, events: list[dict]) -> None:
    """Every field of the events (hashes included, so the extract can be verified), UTF-8 with BOM
    so that spreadsheet programs open the Chinese text correctly."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_HEADER)
        for ev in sorted(events, key=lambda e: e["seq"]):
            writer.writerow([ev["seq"], ev["ts"], ev["actor"], ev.get("terminal", ""), ev["action"],
                             ev.get("target", ""), ev["outcome"], json.dumps(ev.get("details") or {}, ensure_ascii=False, sort_keys=True),
                             ev.get("prev_hash", ""), ev.get("hash", "")])


def write_pdf(path: Path, events: list[dict], subtitle: str, chain_text: str) -> None:
    """A printable A4 landscape report (QTextDocument printed to a QPdfWriter)."""
    heads = [QCoreApplication.translate("AuditModel", c[1]) for c in COLUMNS]
    rows = []
    for ev in sorted(events, key=lambda e: e["seq"]):
        cells = event_cells(ev)
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    doc_html = f"""
    <html><head><style>
      body {{ font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif; font-size: 8pt; }}
      h1 {{ font-size: 14pt; margin: 0; }}
      p {{ margin: 2px 0; }}
      table {{ border-collapse: collapse; }}
      th {{ background: #e5e7eb; font-weight: bold; }}
      th, td {{ border: 1px solid #9ca3af; padding: 2px 4px; vertical-align: top; }}
    </style></head><body>
      <h1>{html.escape(QCoreApplication.translate("AuditExport", "审计日志"))}</h1>
      <p>{html.escape(subtitle)}</p>
      <p>{html.escape(chain_text)}</p>
      <p>{html.escape(QCoreApplication.translate("AuditExport", "共 {n} 条记录").format(n=len(events)))}</p>
      <table width="100%" cellspacing="0"><thead><tr>{''.join(f'<th>{html.escape(h)}</th>' for h in heads)}</tr></thead>
      <tbody>{''.join(rows)}</tbody></table>
    </body></html>"""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    writer.setResolution(144)
    writer.setTitle(QCoreApplication.translate("AuditExport", "审计日志"))
    writer.setCreator("workstation")
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(doc_html)
    doc.print_(writer)

