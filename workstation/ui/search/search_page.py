"""Full-text search: a query box with a syntax hint, results grouped case → item → hit with
snippets, and one click to open a document at the hit.

Results come from ``ws.search_json`` (permission-scoped in the engine: totals, groups and
snippets only contain what the user may see). Snippets are the engine's HTML-escaped text
with <b> around hits.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.vocab import Category
from workstation.ui import fmt, i18n
from workstation.ui.errors import error_text
from workstation.ui.ops import run_op
from workstation.ui.resources import icon
from workstation.ui.widgets import PageHeader

PAGE_SIZE = 20


class SearchPage(QWidget):
    open_hit = Signal(object, str, object, list)  # item dict, case_no, page (1-based) or None, terms

    def __init__(self, ws, bus, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("searchPage")
        self.result: dict | None = None
        self.offset = 0
        self.last_error_key: str | None = None
        header = PageHeader(self.tr("全文检索"), self.tr("检索您有权查看的案卷：PDF 正文、文件著录与案卷信息。"))
        self.query = QLineEdit(objectName="searchQuery")
        self.query.setPlaceholderText(self.tr("输入检索词，如：执法记录仪 罚款 NOT 简易"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.category = QComboBox(objectName="searchCategory")
        self.category.addItem(self.tr("全部类别"), None)
        for c in Category:
            self.category.addItem(i18n.vocab(c.value), c.value)
        self.year = QLineEdit(objectName="searchYear")
        self.year.setPlaceholderText(self.tr("年度，如 2025"))
        self.year.setMaximumWidth(120)
        go = QPushButton(icon("search"), self.tr("检索"), objectName="searchButton")
        go.setDefault(True)
        go.clicked.connect(self.search)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.category)
        row.addWidget(self.year)
        row.addWidget(go)
        hint = QLabel(self.tr("语法：空格或 AND/与 表示同时包含；OR/或 表示任一；NOT/非 或 -词 表示排除；"
                              "\"引号\" 精确短语；字段：案号: 当事人: 题名: 文号: 责任者: 案由:；"
                              "过滤：日期:2025-01..2025-06 年度:2025 类型:页面 密级:内部"), objectName="syntaxHint")
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.summary = QLabel(objectName="searchSummary")
        self.results = QTextBrowser(objectName="searchResults")
        self.results.setOpenLinks(False)
        self.results.anchorClicked.connect(self._anchor)
        self.prev_button = QPushButton(self.tr("上一页"), objectName="searchPrev")
        self.next_button = QPushButton(self.tr("下一页"), objectName="searchNext")
        self.prev_button.clicked.connect(lambda: self.search(offset=max(0, self.offset - PAGE_SIZE)))
        self.next_button.clicked.connect(lambda: self.search(offset=self.offset + PAGE_SIZE))
        nav = QHBoxLayout()
        nav.addWidget(self.summary, 1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.addWidget(header)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addLayout(nav)
        layout.addWidget(self.results, 1)
        self._set_nav()
        self.results.setHtml(self._empty_html(self.tr("输入检索词后按回车。")))

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def full_query(self) -> str:
        q = self.query.text().strip()
        if self.category.currentData():
            q += f" 执法类别:{self.category.currentData()}"
        if self.year.text().strip():
            q += f" 年度:{self.year.text().strip()}"
        return q.strip()

    def search(self, *, offset: int = 0) -> None:
        q = self.full_query()
        if not q:
            return
        ws = self.ws
        self.summary.setText(self.tr("正在检索…"))
        run_op(lambda: ws.search_json(q, limit=PAGE_SIZE, offset=offset), success=self._show,
               failure=self._failed, parent=self, serial=False, progress_label=self.tr("正在检索…"))

    def _failed(self, exc: BaseException) -> None:
        from workstation.ui.errors import error_key

        self.last_error_key = error_key(exc)
        self.result = None
        self.summary.setText("")
        self.results.setHtml(self._empty_html(error_text(exc)[1], error=True))
        self._set_nav()

    def _show(self, result: dict) -> None:
        self.last_error_key = None
        self.result = result
        self.offset = result.get("offset", 0)
        total = result["total"]
        self.summary.setText(self.tr("共 {total} 处命中，用时 {ms} 毫秒").format(total=total, ms=result["elapsed_ms"]))
        self._set_nav()
        if not result["cases"]:
            self.results.setHtml(self._empty_html(self.tr("没有找到匹配的内容。")))
            return
        parts = []
        for case in result["cases"]:
            parts.append(f"<h3 class='case'>{html.escape(case['case_no'] or '')}</h3>")
            for item in case["items"]:
                if item["item_id"] is None:
                    for hit in item["hits"]:
                        parts.append(f"<p class='snip'>{hit['snippet']}</p>")
                    continue
                title = html.escape(item.get("title") or str(item["item_id"]))
                first = item["hits"][0] if item["hits"] else {}
                parts.append(f"<p class='item'><a href='open:{item['item_id']}:{first.get('page') or 0}:"
                             f"{first.get('kind') or ''}'>{title}</a></p>")
                for hit in item["hits"][:5]:
                    where = ""
                    if hit.get("page"):
                        where = self.tr("第 {p} 页").format(p=hit["page"])
                    elif hit.get("start_ms") is not None:
                        where = fmt.duration_text(hit["start_ms"]) or "00:00"
                    link = f"open:{item['item_id']}:{hit.get('page') or 0}:{hit.get('kind') or ''}"
                    parts.append(f"<p class='snip'><a href='{link}'>{html.escape(where)}</a>　{hit['snippet']}</p>")
        style = ("<style>h3.case{color:#1e3a5f;margin:10px 0 2px 0;} p.item{margin:4px 0 0 12px;font-weight:bold;}"
                 "p.snip{margin:1px 0 1px 28px;color:#374151;} b{color:#b91c1c;} a{color:#1d4ed8;}</style>")
        self.results.setHtml(style + "".join(parts))

    def _set_nav(self) -> None:
        total = (self.result or {}).get("total", 0)
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + PAGE_SIZE < total)

    def _empty_html(self, text: str, *, error: bool = False) -> str:
        color = "#b91c1c" if error else "#6b7280"
        return f"<p style='color:{color};margin-top:24px' align='center'>{html.escape(text)}</p>"

    def _anchor(self, url: QUrl) -> None:
        text = url.toString()
        if not text.startswith("open:"):
            return
        _open, item_id, page, kind = (text.split(":") + ["", "", "", ""])[:4]
        item, case_no = self.item_for(int(item_id))
        item["kind"] = item.get("kind") or ("video" if kind == "segment" else "document")
        self.open_hit.emit(item, case_no, int(page) or None, list((self.result or {}).get("terms") or []))

    def item_for(self, item_id: int) -> tuple[dict, str]:
        for case in (self.result or {}).get("cases", []):
            for item in case["items"]:
                if item["item_id"] == item_id:
                    return {"id": item_id, "title": item.get("title") or ""}, case["case_no"] or ""
        return {"id": item_id, "title": ""}, ""

    def open_first_hit(self) -> None:
        """Open the first result (keyboard: Enter in results; also used by tests)."""
        for case in (self.result or {}).get("cases", []):
            for item in case["items"]:
                if item["item_id"] is not None and item["hits"]:
                    hit = item["hits"][0]
                    self._anchor(QUrl(f"open:{item['item_id']}:{hit.get('page') or 0}:{hit.get('kind') or ''}"))
                    return
