"""Small shared widgets: status chips, read-only field forms, section headings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def chip(text: str, kind: str = "plain") -> QLabel:
    """A small rounded label (styled in workstation.qss by its ``chip`` property)."""
    label = QLabel(text)
    label.setProperty("chip", kind)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


def value_label(text: str = "", *, mono: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setProperty("role", "mono" if mono else "value")
    return label


class FieldForm(QWidget):
    """Read-only "label: value" rows, set from a list of (label, text) pairs.

    With ``columns`` > 1 the pairs fill the grid left to right; labels in ``wide`` span the
    whole width (long values such as hashes)."""

    def __init__(self, parent=None, *, columns: int = 1):
        from PySide6.QtWidgets import QGridLayout

        super().__init__(parent)
        self.columns = columns
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(5)
        self.values: dict[str, QLabel] = {}
        self._widgets: list[QWidget] = []

    def set_rows(self, rows: list[tuple[str, str]], *, mono: set[str] = frozenset(),
                 wide: set[str] = frozenset()) -> None:
        for w in self._widgets:
            self.grid.removeWidget(w)
            w.hide()  # gone at once, even before the deferred delete
            w.deleteLater()
        self._widgets = []
        self.values = {}
        r = c = 0
        for label, text in rows:
            value = value_label(text if text not in (None, "") else "—", mono=label in mono)
            name = QLabel(label)
            name.setProperty("role", "fieldName")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            if label in wide and c:
                r, c = r + 1, 0
            self.grid.addWidget(name, r, c * 2)
            span = self.columns * 2 - 1 if label in wide else 1
            self.grid.addWidget(value, r, c * 2 + 1, 1, span)
            self._widgets += [name, value]
            self.values[label] = value
            c += self.columns if label in wide else 1
            if c >= self.columns:
                r, c = r + 1, 0
        for col in range(self.columns):
            self.grid.setColumnStretch(col * 2 + 1, 1)
        self.grid.setRowStretch(r + 1, 1)


def data_table(headers: list[str], name: str = "") -> "QTableWidget":
    """A read-only, row-selecting table with the house settings."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

    table = QTableWidget(0, len(headers))
    if name:
        table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)
    return table


def fill_table(table, rows: list[list[str]], *, data: list | None = None) -> None:
    """Replace a table's rows; ``data[i]`` is stored in column 0 (UserRole) of row i."""
    from PySide6.QtWidgets import QTableWidgetItem

    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem("" if text is None else str(text))
            item.setToolTip(item.text() if len(item.text()) > 20 else "")
            if c == 0 and data is not None:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            table.setItem(r, c, item)
    fit_headers(table)


def selected_data(table):
    """The UserRole data of the selected row's first cell, or None."""
    row = table.currentRow()
    if row < 0 or table.item(row, 0) is None:
        return None
    return table.item(row, 0).data(Qt.ItemDataRole.UserRole)


class PageHeader(QWidget):
    """Title + description line at the top of an admin page, with room for buttons."""

    def __init__(self, title: str, description: str = "", parent=None):
        from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

        super().__init__(parent)
        self.setObjectName("pageHeader")
        t = QLabel(title)
        t.setProperty("role", "pageTitle")
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(t)
        if description:
            d = QLabel(description)
            d.setProperty("role", "hint")
            d.setWordWrap(True)
            text.addWidget(d)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 4)
        row.addLayout(text, 1)
        row.addLayout(self.buttons)

    def add_button(self, button) -> None:
        self.buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)


def fit_headers(view, padding: int = 30) -> None:
    """Widen columns whose header text (in the current language) does not fit."""
    header = view.header() if hasattr(view, "header") else view.horizontalHeader()
    metrics = header.fontMetrics()
    model = view.model()
    for col in range(header.count()):
        text = str(model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        need = metrics.horizontalAdvance(text) + padding
        if header.sectionSize(col) < need:
            header.resizeSection(col, need)
