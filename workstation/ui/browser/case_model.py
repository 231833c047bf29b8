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
]
VOCAB_COLUMNS = {"category", "procedure", "classification", "status", "retention"}
CASE_NO_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_LEVEL_COLORS = {"秘密": QColor("#b45309"), "机密": QColor("#b91c1c"), "绝密": QColor("#7f1d1d")}


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def column_of(self, key: str) -> int:
        return [k for k, _ in COLUMNS].index(key)

    # -- Qt overrides ---------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("CaseTable", COLUMNS[section][1])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
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
