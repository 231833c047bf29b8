"""The main window: composes the per-feature panels the signed-in user's role allows.

Layout: a navigation list on the left (案卷, 全文检索, 调阅申请, 用户管理, 密级与授权, 审计日志
— each only for the roles that may use it) and the chosen page on the right. The window
itself holds no feature logic: it wires panels, shortcuts, the lock screen and the status
bar, and remembers its geometry in QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from workstation.archive.access import Permission
from workstation.ui import errors, i18n
from workstation.ui.bus import ChangeBus
from workstation.ui.importing import ImportController
from workstation.ui.lock import POLL_MS, LockScreen, SessionGuard
from workstation.ui.ops import run_op
from workstation.ui.resources import icon, nav_icon


class MainWindow(QMainWindow):
    def __init__(self, ws, parent=None, *, poll_ms: int = POLL_MS, index_after_import: bool = True):
        super().__init__(parent)
        self.ws = ws
        self.bus = ChangeBus(self)
        self.sign_out_requested = False
        self._hidden_while_locked: list[QWidget] = []
        self._focus_before_lock: QWidget | None = None
        self._links_after_unlock: list[str] = []
        self.setObjectName("mainWindow")
        # The application display name ("案卷归档与审查工作站") is appended by Qt.
        self.setWindowTitle(ws.user.display_name or ws.username)
        self.setWindowIcon(icon("app"))
        policy = ws.policy

        self.importer = ImportController(ws, self.bus, self, index_after_import=index_after_import)
        self.importer.status_message.connect(self.show_message)

        # pages -------------------------------------------------------------------------------
        self.pages = QStackedWidget(objectName="pages")
        self.nav = QListWidget(objectName="navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(168)
        self.nav.currentRowChanged.connect(self._page_changed)
        self.page_keys: list[str] = []
        self._loaded: set[str] = set()
        self.workspace = self.search_page = self.requests_page = None
        self.users_page = self.access_page = self.audit_page = None

        if policy.allows(Permission.READ_CASES):
            from workstation.ui.workspace import CaseWorkspace

            self.workspace = CaseWorkspace(ws, self.bus, self.importer)
            self.workspace.status_message.connect(self.show_message)
            self._add_page("cases", self.workspace, "cases", self.tr("案卷"))
            if callable(getattr(ws, "search_json", None)):
                from workstation.ui.search.search_page import SearchPage

                self.search_page = SearchPage(ws, self.bus)
                self.search_page.open_hit.connect(self.open_hit)
                self._add_page("search", self.search_page, "search", self.tr("全文检索"))
        self.review_page = None
        if policy.allows(Permission.REVIEW) or policy.allows(Permission.SIGN_OFF_REVIEW):
            from workstation.ui.review import ReviewPage

            self.review_page = ReviewPage(ws, self.bus)
            self.review_page.status_message.connect(self.show_message)
            self._add_page("review", self.review_page, "rules", self.tr("法制审核"))
        self.evaluation_page = None
        if policy.allows(Permission.SCORE) or policy.allows(Permission.MANAGE_EVALUATIONS):
            from workstation.ui.evaluation import EvaluationPage

            self.evaluation_page = EvaluationPage(ws, self.bus)
            self._add_page("evaluation", self.evaluation_page, "evaluation", self.tr("案卷评查"))
        if policy.allows(Permission.REQUEST_ACCESS) or policy.allows(Permission.APPROVE_REQUESTS):
            from workstation.ui.admin.requests import RequestsPage

            self.requests_page = RequestsPage(ws, self.bus)
            from workstation.ui.admin.edit_approvals import edit_approvals_enabled

            label = self.tr("申请与审批") if edit_approvals_enabled(ws) else self.tr("调阅申请")
            self._add_page("requests", self.requests_page, "request", label)
        if policy.allows(Permission.MANAGE_USERS):
            from workstation.ui.admin.users import UsersPage

            self.users_page = UsersPage(ws, self.bus)
            self._add_page("users", self.users_page, "users", self.tr("用户管理"))
        if policy.allows(Permission.MANAGE_ACCESS):
            from workstation.ui.admin.access import AccessPage

            self.access_page = AccessPage(ws, self.bus)
            self._add_page("access", self.access_page, "shield", self.tr("密级与授权"))
        if policy.allows(Permission.READ_AUDIT):
            from workstation.ui.admin.audit import AuditPage

            self.audit_page = AuditPage(ws, self.bus)
            self._add_page("audit", self.audit_page, "audit", self.tr("审计日志"))
        self._fit_navigation()
        if not self.page_keys:
            empty = QLabel(self.tr("当前账号没有可用的功能，请联系系统管理员分配角色。"), objectName="noPages")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._add_page("none", empty, "app", self.tr("首页"))

        body = QWidget(objectName="workspaceRoot")
        bl = QHBoxLayout(body)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(0)
        bl.addWidget(self.nav)
        bl.addWidget(self.pages, 1)

        self.lock_screen = LockScreen(ws)
        self.lock_screen.unlocked.connect(self.restore_after_unlock)
        self.lock_screen.sign_out_requested.connect(self.sign_out)
        self.outer = QStackedWidget(objectName="outer")
        self.outer.addWidget(body)
        self.outer.addWidget(self.lock_screen)
        self.setCentralWidget(self.outer)

        self._build_actions()
        self._build_status_bar()
        self.guard = SessionGuard(ws, self, poll_ms=poll_ms)
        self.guard.lock_needed.connect(self.show_lock)
        errors.set_lock_handler(self.guard.lock_now)
        self._restore_geometry()
        self.nav.setCurrentRow(0)

    # -- pages --------------------------------------------------------------------------------------
    def _add_page(self, key: str, widget: QWidget, icon_name: str, label: str) -> None:
        self.page_keys.append(key)
        self.pages.addWidget(widget)
        item = QListWidgetItem(nav_icon(icon_name), label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(160, 44))
        self.nav.addItem(item)

    def _fit_navigation(self) -> None:
        """Wide enough for the longest label in the current language."""
        self.nav.ensurePolished()
        font = self.nav.font()
        font.setBold(True)  # the selected row is bold
        metrics = QFontMetrics(font)
        widest = max((metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())), default=0)
        self.nav.setFixedWidth(max(168, widest + 84))

    def page_widget(self, key: str) -> QWidget | None:
        return self.pages.widget(self.page_keys.index(key)) if key in self.page_keys else None

    def current_page(self) -> str:
        row = self.nav.currentRow()
        return self.page_keys[row] if 0 <= row < len(self.page_keys) else ""

    def show_page(self, key: str) -> QWidget | None:
        if key not in self.page_keys:
            return None
        self.nav.setCurrentRow(self.page_keys.index(key))
        return self.page_widget(key)

    def _page_changed(self, row: int) -> None:
        if row < 0:
            return
        self.pages.setCurrentIndex(row)
        key = self.page_keys[row]
        if key not in self._loaded:  # load each page the first time it is shown
            self._loaded.add(key)
            self.refresh_page(key)
        self._update_actions()

    def refresh_page(self, key: str | None = None) -> None:
        key = key or self.current_page()
        if key == "cases" and self.workspace is not None:
            self.workspace.refresh()
        elif key == "audit" and self.audit_page is not None:
            self.audit_page.refresh()
            self.audit_page.verify()
        else:
            page = self.page_widget(key)
            if hasattr(page, "refresh"):
                page.refresh()

    # -- actions and shortcuts ---------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, icon_name: str | None = None, name: str = "") -> QAction:
        act = QAction(icon(icon_name) if icon_name else icon("blank"), text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(slot)
        if name:
            act.setObjectName(name)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        p = self.ws.policy
        can_import = p.allows(Permission.IMPORT) and self.workspace is not None
        self.act_new_case = self._action(self.tr("新建案卷…"), self.new_case, "Ctrl+N", "case-new", "actNewCase")
        self.act_import = self._action(self.tr("导入文件…"), self.import_files, "Ctrl+I", "import", "actImport")
        self.act_import_folder = self._action(self.tr("导入案卷文件夹…"), self.import_folder, "Ctrl+Shift+I",
                                              "folder", "actImportFolder")
        self.act_open = self._action(self.tr("打开"), self.open_current, "Ctrl+O", "open", "actOpen")
        self.act_close_tab = self._action(self.tr("关闭标签页"), self.close_tab, "Ctrl+W", None, "actCloseTab")
        self.act_refresh = self._action(self.tr("刷新"), lambda: self.refresh_page(), "F5", "refresh", "actRefresh")
        self.act_search = self._action(self.tr("全文检索"), self.focus_search, "Ctrl+F", "search", "actSearch")
        self.act_find_case = self._action(self.tr("查找案卷"), self.focus_case_filter, "Ctrl+Shift+F", None,
                                          "actFindCase")
        self.act_lock = self._action(self.tr("锁定工作站"), self.lock_now, "Ctrl+L", "lock", "actLock")
        self.act_sign_out = self._action(self.tr("退出登录"), self.sign_out, None, "sign-out", "actSignOut")
        self.act_quit = self._action(self.tr("退出"), self.close, "Ctrl+Q", None, "actQuit")
        self.act_shortcuts = self._action(self.tr("快捷键"), self.show_shortcuts, "F1", None, "actShortcuts")
        self.act_about = self._action(self.tr("关于"), self.show_about, None, None, "actAbout")
        for act in (self.act_new_case, self.act_import, self.act_import_folder):
            act.setVisible(can_import if act is not self.act_new_case else
                           p.allows(Permission.CREATE_CASE) and self.workspace is not None)
            act.setEnabled(act.isVisible())
        for act in (self.act_open, self.act_close_tab, self.act_find_case):
            act.setVisible(self.workspace is not None)
        self.act_search.setVisible(self.workspace is not None)

        menu = self.menuBar()
        m_file = menu.addMenu(self.tr("文件(&F)"))
        for act in (self.act_new_case, self.act_import, self.act_import_folder):
            if act.isVisible():
                m_file.addAction(act)
        m_file.addSeparator()
        m_file.addAction(self.act_sign_out)
        m_file.addAction(self.act_quit)
        m_view = menu.addMenu(self.tr("查看(&V)"))
        for act in (self.act_open, self.act_close_tab, self.act_refresh, self.act_search, self.act_find_case):
            m_view.addAction(act)
        m_ws = menu.addMenu(self.tr("工作站(&W)"))
        m_ws.addAction(self.act_lock)
        lang_menu = m_ws.addMenu(self.tr("界面语言"))
        group = QActionGroup(self)
        current = i18n.chosen_language()
        for code, name in i18n.LANGUAGES.items():
            act = lang_menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(code == current)
            act.triggered.connect(lambda _c=False, c=code: self.choose_language(c))
            group.addAction(act)
        m_help = menu.addMenu(self.tr("帮助(&H)"))
        m_help.addAction(self.act_shortcuts)
        m_help.addAction(self.act_about)

        self.toolbar = QToolBar(self.tr("工具栏"), objectName="mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.act_new_case, self.act_import, self.act_open, self.act_refresh):
            if act.isVisible():
                self.toolbar.addAction(act)
        if self.search_page is not None:
            self.toolbar.addSeparator()
            self.toolbar.addAction(self.act_search)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addAction(self.act_lock)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _update_actions(self) -> None:
        on_cases = self.current_page() == "cases"
        self.act_open.setEnabled(on_cases)
        self.act_close_tab.setEnabled(on_cases)

    def _build_status_bar(self) -> None:
        user = self.ws.user
        roles = "、".join(i18n.vocab(r) for r in sorted(self.ws.policy.roles))
        text = self.tr("用户：{name}（{user}）　角色：{roles}　部门：{dept}　人员密级：{level}").format(
            name=user.display_name or user.username, user=user.username, roles=roles or "—",
            dept=user.department or "—", level=i18n.vocab(str(self.ws.policy.clearance)))
        self.user_label = QLabel(text, objectName="statusUser")
        archive = self.ws.archive
        where = archive.settings.agency_name or archive.data_dir.name
        demo = self.tr("（演示库）") if archive.settings.demo else ""
        self.archive_label = QLabel(f"{where}{demo}", objectName="statusArchive")
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.archive_label)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # -- commands -------------------------------------------------------------------------------------
    def new_case(self) -> None:
        if self.workspace is None:
            return
        from workstation.ui.dialogs.new_case import NewCaseDialog

        dlg = NewCaseDialog(self.ws, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.created.connect(self._case_created)
        dlg.open()
        self.new_case_dialog = dlg

    def _case_created(self, case_no: str) -> None:
        from workstation.changes import Changes

        self.bus.apply(Changes(cases=True), self)
        self.show_page("cases")
        self.workspace.open_case(case_no)
        self.show_message(self.tr("已创建案卷 {case_no}，可添加文件。").format(case_no=case_no))

    def import_files(self) -> None:
        if self.workspace is not None and self.importer.allowed:
            self.show_page("cases")
            self.workspace.import_into(self.workspace.current_case_no(), [])

    def import_folder(self) -> None:
        if self.workspace is not None and self.importer.allowed:
            self.show_page("cases")
            self.importer.choose_dossier_folder()

    def open_current(self) -> None:
        if self.workspace is not None and self.current_page() == "cases":
            self.workspace.open_current()

    def close_tab(self) -> None:
        if self.workspace is not None and self.current_page() == "cases":
            self.workspace.close_tab(self.workspace.currentIndex())

    def focus_search(self) -> None:
        if self.search_page is not None:
            self.show_page("search")
            self.search_page.focus_query()
        else:
            self.focus_case_filter()

    def focus_case_filter(self) -> None:
        if self.workspace is not None:
            self.show_page("cases")
            self.workspace.setCurrentWidget(self.workspace.browser)
            self.workspace.browser.focus_quick_search()

    def open_hit(self, item: dict, case_no: str, page, terms: list) -> None:
        """Open a search hit: the document at its page, with the hit characters marked.

        The item's full record (kind, pages…) comes from the case; the hit rectangles from
        ``ws.hit_rects`` (both access-checked by the facade)."""
        if self.workspace is None:
            return
        ws, item_id = self.ws, item["id"]

        def load():
            detail = ws.show_case(case_no) if case_no else {"volumes": []}
            full = next((it for vol in detail["volumes"] for it in vol["items"] if it["id"] == item_id), None)
            rects = None
            if full is not None and page and terms and full.get("kind") == "document" and \
                    callable(getattr(ws, "hit_rects", None)):
                rects = [(page, ws.hit_rects(item_id, page, terms))]
            return full, rects

        def show(result):
            full, rects = result
            self.show_page("cases")
            self.workspace.open_document(full or item, case_no, page=page, highlights=rects)

        run_op(load, success=show, parent=self, serial=False)

    def follow_link(self, link: str) -> None:
        """Open where a ``workstation://item/…`` link points (a citation clicked in a
        意见书 or score sheet): the document at its page, the recording at its second.
        The facade checks access and audits; refusals are shown like any error."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if self.is_locked:
            self._links_after_unlock.append(link)
            return
        if self.workspace is None:
            self.show_message(self.tr("没有查阅案卷的权限，不能打开链接。"))
            return
        ws = self.ws

        def show(res: dict) -> None:
            anchor = res["anchor"]
            self.show_page("cases")
            self.workspace.open_document(res["item"], res["case_no"], page=anchor.get("page"),
                                         at_ms=anchor.get("start_ms"))
            self.show_message(self.tr("已打开链接：{text}").format(text=res["text"]))

        run_op(lambda: ws.follow_link(link), success=show, parent=self, serial=False)

    def choose_language(self, code: str) -> None:
        i18n.set_language(code)
        errors.inform(self, self.tr("界面语言"), self.tr("界面语言将在下次启动时切换为 {name}。").format(
            name=i18n.LANGUAGES[code]))

    def show_shortcuts(self) -> None:
        rows = [(a.text(), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                for a in (self.act_search, self.act_find_case, self.act_open, self.act_import, self.act_new_case,
                          self.act_refresh, self.act_close_tab, self.act_lock, self.act_quit) if a.isVisible()]
        text = "\n".join(f"{key:<16}{name}" for name, key in rows if key)
        box = QMessageBox(QMessageBox.Icon.NoIcon, self.tr("快捷键"), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_about(self) -> None:
        errors.inform(self, self.tr("关于"), self.tr(
            "案卷归档与审查工作站\n行政执法案卷的归档、阅览、授权调阅与审计。\n原件按收到时原样保存，并记录 SHA-256 与 SM3 哈希。"))

    # -- idle lock ----------------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.outer.currentWidget() is self.lock_screen

    def lock_now(self) -> None:
        self.guard.lock_now()

    def show_lock(self) -> None:
        """Hide every piece of content (pages, menus, open dialogs); keep them intact."""
        if self.is_locked:
            return
        self._focus_before_lock = self.focusWidget()
        self._hidden_while_locked = [w for w in self.findChildren(QDialog) if w.isVisible()]
        for w in self._hidden_while_locked:
            w.hide()
        self.menuBar().setVisible(False)
        self.toolbar.setVisible(False)
        self.outer.setCurrentWidget(self.lock_screen)
        self.lock_screen.reset()
        self.statusBar().clearMessage()

    def restore_after_unlock(self) -> None:
        self.guard.unlocked()
        self.outer.setCurrentIndex(0)
        self.menuBar().setVisible(True)
        self.toolbar.setVisible(True)
        for w in self._hidden_while_locked:
            if w is not None:
                try:
                    w.show()
                except RuntimeError:  # closed meanwhile
                    pass
        self._hidden_while_locked = []
        if self._focus_before_lock is not None:
            try:
                self._focus_before_lock.setFocus()
            except RuntimeError:
                pass
        self.show_message(self.tr("已解锁。"))
        waiting, self._links_after_unlock = self._links_after_unlock, []
        for link in waiting:
            self.follow_link(link)

    # -- session end and geometry ------------------------------------------------------------------
    def sign_out(self) -> None:
        self.sign_out_requested = True
        self.close()

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event):  # noqa: N802
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        if self.workspace is not None:
            for tab in self.workspace.document_tabs():
                tab.close_document()
        self.guard.timer.stop()
        errors.set_lock_handler(None)
        try:
            self.ws.sign_out()
        except Exception:  # noqa: BLE001 - closing never fails on the audit write
            pass
        super().closeEvent(event)
