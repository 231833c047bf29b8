"""Table model over ``ws.list_cases()`` rows, and the proxy for client-side filters.

The rows come from the facade, already limited to what the signed-in user may see; the
proxy only narrows them further (密级, 承办机构, quick search), so every count derived from
the proxy counts visible cases only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QT_TRANSLATE_NOOP,
)
from PySide6.QtGui import QColor

from workstation.archive.vocab import Classification
from workstation.ui import i18n
from workstation.ui.resources import icon

COLUMNS = [
    ("case_no", QT_TRANSLATE_NOOP("CaseTable", "案号")),
    ("title", QT_TRANSLATE_NOOP("CaseTable", "案卷题名")),
    ("party", QT_TRANSLATE_NOOP("CaseTable", "当事人")),
    ("category", QT_TRANSLATE_NOOP("CaseTable", "执法类别")),
    ("procedure", QT_TRANSLATE_NOOP("CaseTable", "程序")),
    ("handling_unit", QT_TRANSLATE_NOOP("CaseTable", "承办机构")),
    ("opened_on", QT_TRANSLATE_NOOP("CaseTable", "立案日期")),
    ("closed_on", QT_TRANSLATE_NOOP("CaseTable", "结案日期")),
    ("classification", QT_TRANSLATE_NOOP("CaseTable", "密级")),
    ("status", QT_TRANSLATE_NOOP("CaseTable", "状态")),
    ("archival_code", QT_TRANSLATE_NOOP("CaseTable", "档号")),
    ("retention", QT_TRANSLATE_NOOP("CaseTable", "保管期限")),
    ("review_deadline", QT_TRANSLATE_NOOP("CaseTable", "审核期限")),
]
VOCAB_COLUMNS = {"category", "procedure", "classification", "status", "retention"}
CASE_NO_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_LEVEL_COLORS = {"秘密": QColor("#b45309"), "机密": QColor("#b91c1c"), "绝密": QColor("#7f1d1d")}
# 审核期限: background and text colour per warning level of ws.review_deadlines()
DEADLINE_BACKGROUNDS = {"yellow": QColor("#fff3c4"), "red": QColor("#fde2e1")}
DEADLINE_FOREGROUNDS = {"yellow": QColor("#8a5a00"), "red": QColor("#b91c1c")}
# sort keys of cases without a countdown: an open review not yet accepted (no deadline yet),
# then no open review at all — both after every real countdown in ascending order
_SORT_NOT_ACCEPTED = 1_000_000
_SORT_NO_REVIEW = 2_000_000


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.deadlines: dict[str, dict[str, Any]] = {}
        self.deadline_problem = ""  # why the 审核期限 column is empty (a facade error), if it is

    def set_rows(self, rows: list[dict[str, Any]], deadlines: dict[str, dict[str, Any]] | None = None) -> None:
        """The rows of ``ws.list_cases`` and, when given, ``ws.review_deadlines()`` (case_no → entry)."""
        self.beginResetModel()
        self.rows = list(rows)
        if deadlines is not None:
            self.deadlines = dict(deadlines)
        self.endResetModel()

    def deadline_of(self, case_no: str) -> dict[str, Any] | None:
        return self.deadlines.get(case_no)

    def column_of(self, key: str) -> int:
        return [k for k, _ in COLUMNS].index(key)

    # -- Qt overrides ---------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("CaseTable", COLUMNS[section][1])
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][0] == "review_deadline":
            if self.deadline_problem:
                return QCoreApplication.translate("CaseTable", "审核期限暂不可用：{msg}").format(
                    msg=self.deadline_problem)
            return QCoreApplication.translate(
                "CaseTable", "进行中的法制审核剩余的工作日：黄色为即将到期，红色为今日到期或已超期")
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if key == "review_deadline":
            return self._deadline_data(row, role)
        value = row.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            return i18n.vocab(value) if key in VOCAB_COLUMNS else str(value)
        if role == SORT_ROLE:
            if key == "classification" and value:
                return Classification(value).rank
            return "" if value is None else str(value)
        if role == CASE_NO_ROLE:
            return row["case_no"]
        if role == Qt.ItemDataRole.ToolTipRole and key in ("title", "party", "handling_unit"):
            return str(value or "")
        if role == Qt.ItemDataRole.ForegroundRole and key == "classification":
            return _LEVEL_COLORS.get(value)
        if role == Qt.ItemDataRole.DecorationRole and key == "status" and value == "已归档":
            return icon("filed")
        return None

    def _deadline_data(self, row: dict[str, Any], role):
        d = self.deadlines.get(row["case_no"])
        if role == CASE_NO_ROLE:
            return row["case_no"]
        if role == SORT_ROLE:
            if d is None:
                return _SORT_NO_REVIEW
            return d["remaining"] if d.get("remaining") is not None else _SORT_NOT_ACCEPTED
        if d is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        level = d.get("warning") or ""
        if role == Qt.ItemDataRole.DisplayRole:
            return d.get("text") or d.get("status_name") or ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return DEADLINE_BACKGROUNDS.get(level)
        if role == Qt.ItemDataRole.ForegroundRole:
            return DEADLINE_FOREGROUNDS.get(level)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [QCoreApplication.translate("CaseTable", "法制审核：{status}").format(
                status=d.get("status_name") or "")]
            if d.get("deadline"):
                parts.append(QCoreApplication.translate("CaseTable", "审核期限至 {date}").format(date=d["deadline"]))
            else:
                parts.append(QCoreApplication.translate("CaseTable", "尚未受理，受理后开始计算期限"))
            if d.get("text") and d.get("remaining") is not None:
                parts.append(d["text"])
            return "\n".join(parts)
        return None


class CaseFilterProxy(QSortFilterProxyModel):
    """Client-side filters for what the facade has no parameter for."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.classification = ""
        self.unit = ""
        self.text = ""
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filters(self, *, classification: str | None = None, unit: str | None = None,
                    text: str | None = None) -> None:
        modern = hasattr(self, "endFilterChange")  # Qt ≥ 6.9; invalidateFilter before
        if modern:
            self.beginFilterChange()
        if classification is not None:
            self.classification = classification
        if unit is not None:
            self.unit = unit
        if text is not None:
            self.text = text.strip().lower()
        if modern:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802
        row = self.sourceModel().rows[source_row]
        if self.classification and row.get("classification") != self.classification:
            return False
        if self.unit and row.get("handling_unit") != self.unit:
            return False
        if self.text:
            hay = " ".join(str(row.get(k) or "") for k in ("case_no", "title", "party", "handling_unit",
                                                           "archival_code", "category")).lower()
            return all(part in hay for part in self.text.split())
        return True
