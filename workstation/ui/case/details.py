"""Read-only panels of the case view: the cover (案卷封面) and the selected item."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from workstation.ui import fmt, i18n
from workstation.ui.widgets import FieldForm


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class CoverPanel(QGroupBox):
    def __init__(self, parent=None):
        super().__init__(self.tr("案卷封面"), parent)
        self.setObjectName("coverPanel")
        self.form = FieldForm()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addWidget(_scroll(self.form))
        self.setMinimumWidth(280)

    def set_case(self, d: dict) -> None:
        items = [it for vol in d.get("volumes") or [] for it in vol["items"]]
        pages = sum(it.get("page_count") or 0 for it in items)
        dates = sorted(it["date"] for it in items if it.get("date"))
        av = sum(1 for it in items if it.get("kind") in ("audio", "video"))
        rows = [
            (self.tr("案号"), d["case_no"]),
            (self.tr("案卷题名"), d.get("title")),
            (self.tr("当事人"), d.get("party")),
            (self.tr("证件号码"), d.get("party_id_no")),
            (self.tr("案由"), d.get("cause")),
            (self.tr("执法类别"), i18n.vocab(d.get("category"))),
            (self.tr("程序"), i18n.vocab(d.get("procedure"))),
            (self.tr("承办机构"), d.get("handling_unit")),
            (self.tr("承办人"), "、".join(d.get("handlers") or [])),
            (self.tr("决定书文号"), d.get("decision_no")),
            (self.tr("办案日期"), self._span(d.get("opened_on"), d.get("closed_on"))),
            (self.tr("起止时间"), self._span(dates[0], dates[-1]) if dates else ""),
            (self.tr("件数"), self.tr("{n} 件（其中音像 {av} 件）").format(n=len(items), av=av) if av
             else self.tr("{n} 件").format(n=len(items))),
            (self.tr("页数"), self.tr("{n} 页").format(n=pages)),
            (self.tr("保管期限"), i18n.vocab(d.get("retention"))),
            (self.tr("密级"), i18n.vocab(d.get("classification"))),
            (self.tr("保密期限"), d.get("secrecy_term")),
            (self.tr("档号"), d.get("archival_code")),
            (self.tr("归档号"), d.get("filing_no")),
            (self.tr("状态"), i18n.vocab(d.get("status"))),
            (self.tr("备注"), d.get("remarks")),
        ]
        self.form.set_rows(rows)

    def _span(self, start: str | None, end: str | None) -> str:
        if start and end:
            return self.tr("{start} 至 {end}").format(start=start, end=end)
        return start or end or ""


class ItemPanel(QGroupBox):

    def __init__(self, parent=None):
        super().__init__(self.tr("文件信息"), parent)
        self.setObjectName("itemPanel")
        self.form = FieldForm(columns=3)
        self.placeholder = QLabel(self.tr("在上方列表中选择一件文件，这里显示其著录信息与完整性。"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setProperty("role", "hint")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(_scroll(self.form))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addWidget(self.stack)
        self.setMinimumHeight(150)
        self.item: dict | None = None

    def set_item(self, it: dict | None) -> None:
        self.item = it
        if it is None:
            self.stack.setCurrentIndex(0)
            return
        digests = {f"{d['algorithm']}:{d.get('scope', 'content')}": d["value"] for d in it.get("digests") or []}
        usable = it.get("usable", True)
        rows = [
            (self.tr("题名"), it.get("title")),
            (self.tr("顺序号"), str(it.get("seq") or "")),
            (self.tr("文号"), it.get("doc_no")),
            (self.tr("责任者"), it.get("author")),
            (self.tr("日期"), it.get("date")),
            (self.tr("文件类型"), it.get("doc_type")),
            (self.tr("载体类型"), i18n.tr_key(i18n.ITEM_KINDS, it.get("kind"))),
            (self.tr("密级"), i18n.vocab(it.get("classification"))),
            (self.tr("页数"), str(it["page_count"]) if it.get("page_count") else ""),
            (self.tr("页号"), fmt.pages_text(it.get("page_start"), it.get("page_end"))),
            (self.tr("时长"), fmt.duration_text(it.get("duration_ms"))),
            (self.tr("原始文件名"), it.get("original_name")),
            (self.tr("大小"), fmt.size_text(it.get("size"))),
            (self.tr("格式"), it.get("mime")),
            (self.tr("导入时间"), fmt.datetime_text(it.get("imported_at"))),
            (self.tr("完整性"), self.tr("可用") if usable
             else self.tr("不可用：{reason}").format(reason=it.get("unusable_reason") or "")),
            ("SHA-256", digests.get("sha256:content", "")),
            ("SM3", digests.get("sm3:content", "")),
        ]
        rows = [r for r in rows if r[1] or r[0] in (self.tr("题名"), self.tr("完整性"))]
        self.form.set_rows(rows, mono={"SHA-256", "SM3"}, wide={self.tr("题名"), self.tr("完整性"), "SHA-256", "SM3"})
        self.stack.setCurrentIndex(1)
