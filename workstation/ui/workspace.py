"""The case workspace: the browser tab plus one tab per opened case and per opened document."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from workstation.ui.browser.case_browser import CaseBrowser
from workstation.ui.bus import ChangeBus
from workstation.ui.case.case_view import CaseView
from workstation.ui.documents import DocumentTab
from workstation.ui.importing import ImportController
from workstation.ui.resources import icon


class CaseWorkspace(QTabWidget):
    status_message = Signal(str)

    def __init__(self, ws, bus: ChangeBus, importer: ImportController, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        self.importer = importer
        self.setObjectName("caseWorkspace")
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.tabCloseRequested.connect(self.close_tab)
        self.browser = CaseBrowser(ws, bus)
        self.browser.open_case.connect(self.open_case)
        self.browser.files_dropped.connect(lambda paths: self.import_into(self.browser.current_case_no(), paths))
        self.addTab(self.browser, icon("cases"), self.tr("案卷列表"))
        self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.RightSide, None)
        self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.LeftSide, None)

    # -- tabs ------------------------------------------------------------------------------------
    def case_views(self) -> list[CaseView]:
        return [w for w in self._tabs() if isinstance(w, CaseView)]

    def document_tabs(self) -> list[DocumentTab]:
        return [w for w in self._tabs() if isinstance(w, DocumentTab)]

    def _tabs(self) -> list[QWidget]:
        return [self.widget(i) for i in range(self.count())]

    def open_case(self, case_no: str) -> CaseView:
        for view in self.case_views():
            if view.case_no == case_no:
                self.setCurrentWidget(view)
                return view
        view = CaseView(self.ws, case_no, self.bus)
        view.open_item.connect(lambda item, detail, v=view: self.open_document(item, v.case_no))
        view.import_requested.connect(self.import_into)
        view.status_message.connect(self.status_message)
        index = self.addTab(view, icon("case"), case_no)
        self.setTabToolTip(index, case_no)
        self.setCurrentIndex(index)
        return view

    def open_document(self, item: dict, case_no: str, *, page: int | None = None, highlights=None,
                      at_ms: float | None = None) -> DocumentTab:
        """The item's tab (opened if need be), at ``page`` (documents) or ``at_ms`` (audio/video)."""
        for tab in self.document_tabs():
            if tab.item["id"] == item["id"]:
                self.setCurrentWidget(tab)
                if page is not None and tab.viewer is not None:
                    tab.viewer.open_item(self.ws, item["id"], page=page, highlights=highlights)
                if at_ms is not None and tab.viewer is not None and hasattr(tab.viewer, "seek"):
                    tab.viewer.seek(at_ms)
                return tab
        tab = DocumentTab(self.ws, item, case_no, page=page, highlights=highlights, at_ms=at_ms)
        title = item.get("title") or str(item["id"])
        index = self.addTab(tab, icon("doc"), title if len(title) <= 18 else title[:17] + "…")
        self.setTabToolTip(index, f"{case_no}\n{title}")
        self.setCurrentIndex(index)
        return tab

    def close_tab(self, index: int) -> None:
        widget = self.widget(index)
        if widget is None or widget is self.browser:
            return
        if isinstance(widget, DocumentTab):
            widget.close_document()
        self.removeTab(index)
        widget.deleteLater()

    def close_all(self) -> None:
        for i in range(self.count() - 1, 0, -1):
            self.close_tab(i)

    # -- current -----------------------------------------------------------------------------------
    def current_case_no(self) -> str | None:
        w = self.currentWidget()
        if isinstance(w, CaseView):
            return w.case_no
        if isinstance(w, DocumentTab):
            return w.case_no
        return self.browser.current_case_no()

    def open_current(self) -> None:
        """Ctrl+O: the selected case in the browser, or the selected item in a case."""
        w = self.currentWidget()
        if isinstance(w, CaseView):
            w.open_current()
        elif w is self.browser and self.browser.current_case_no():
            self.open_case(self.browser.current_case_no())

    def refresh(self) -> None:
        w = self.currentWidget()
        if isinstance(w, CaseView):
            w.refresh()
        self.browser.refresh()

    # -- import ---------------------------------------------------------------------------------
    def import_into(self, case_no: str | None, paths: list[str]) -> None:
        if not self.importer.allowed:
            return
        if not paths:
            self.importer.choose_files(case_no)
            return
        from pathlib import Path

        from workstation.ui.importing import is_dossier_folder

        if len(paths) == 1 and is_dossier_folder(Path(paths[0])):
            self.importer.import_paths(paths, None)  # a dossier folder brings its own case
        elif case_no:
            self.importer.import_paths(paths, case_no)
        else:
            self.status_message.emit(self.tr("请先选定要导入的案卷，或拖入带 dossier.yaml 清单的案卷文件夹。"))
