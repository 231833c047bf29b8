"""The 案卷评查 page: my assignments (evaluators), plans with progress (leads), and the opened
scoring, reconciliation and report views as tabs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.access import Permission
from workstation.archive.vocab import Category, Classification
from workstation.ui.forms import FormDialog
from workstation.ui.errors import show_error
from workstation.ui.ops import run_op
from workstation.ui.widgets import PageHeader, data_table, fill_table, selected_data

STATE_NAMES = {"unassigned": "未分配", "scoring": "评查中", "to_reconcile": "待合议", "finished": "已完成"}


def _checklist(name: str, entries: list[tuple[str, Any]], checked: set | None = None) -> QListWidget:
    lst = QListWidget(objectName=name)
    for text, value in entries:
        it = QListWidgetItem(text)
        it.setData(Qt.ItemDataRole.UserRole, value)
        it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        it.setCheckState(Qt.CheckState.Checked if checked and value in checked else Qt.CheckState.Unchecked)
        lst.addItem(it)
    lst.setMaximumHeight(110)
    return lst


def _checked(lst: QListWidget) -> list:
    return [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
            if lst.item(i).checkState() == Qt.CheckState.Checked]


def set_checked(lst: QListWidget, values) -> None:
    for i in range(lst.count()):
        it = lst.item(i)
        it.setCheckState(Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole) in values
                         else Qt.CheckState.Unchecked)


class NewPlanDialog(FormDialog):
    """Criteria (unit, type, year, 密级 up to one's own clearance), optional random draw with a
    seed, single/double/blind scoring, and the evaluators to assign right away."""

    created = Signal(object)

    def __init__(self, ws, parent=None):
        super().__init__(self.tr("新建评查计划"), self.tr("建立计划"), parent)
        self.setObjectName("newPlanDialog")
        self.ws = ws
        form = QFormLayout()
        self.name = QLineEdit(objectName="planName")
        self.name.setText(self.tr("{year} 年度案卷评查").format(year=dt.date.today().year))
        form.addRow(self.tr("名称"), self.name)
        self.rubric = QComboBox(objectName="planRubric")
        try:
            for r in ws.list_rubrics():
                self.rubric.addItem(f"{r['name']}（{r['version']}）", r["id"])
        except Exception as exc:  # noqa: BLE001 - a broken rubric file is shown, the dialog stays
            self.show_error(str(exc), getattr(exc, "key", "error"))
        form.addRow(self.tr("评分表"), self.rubric)
        cases = ws.list_cases()
        units = sorted({c["handling_unit"] for c in cases if c["handling_unit"]})
        years = sorted({int(c["opened_on"][:4]) for c in cases if c.get("opened_on")}, reverse=True)
        self.units = _checklist("planUnits", [(u, u) for u in units])
        form.addRow(self.tr("承办机构"), self.units)
        self.categories = _checklist("planCategories", [(c.value, c.value) for c in Category])
        form.addRow(self.tr("执法类别"), self.categories)
        self.years = _checklist("planYears", [(str(y), y) for y in years])
        form.addRow(self.tr("年度"), self.years)
        levels = [c.value for c in Classification if ws.policy.can_see_level(c)]
        self.levels = _checklist("planLevels", [(lv, lv) for lv in levels])
        form.addRow(self.tr("密级（不高于本人）"), self.levels)
        draw = QHBoxLayout()
        self.sample = QSpinBox(objectName="planSample")
        self.sample.setRange(0, 100000)
        self.sample.setSpecialValueText(self.tr("全部"))
        self.seed = QLineEdit(objectName="planSeed")
        self.seed.setPlaceholderText(self.tr("随机种子（留空自动生成并记录）"))
        draw.addWidget(self.sample)
        draw.addWidget(self.seed, 1)
        form.addRow(self.tr("随机抽取件数"), draw)
        mode = QHBoxLayout()
        self.double = QCheckBox(self.tr("双人评查"), objectName="planDouble")
        self.blind = QCheckBox(self.tr("背靠背（双方提交前互不可见）"), objectName="planBlind")
        self.blind.setEnabled(False)
        self.double.toggled.connect(self.blind.setEnabled)
        mode.addWidget(self.double)
        mode.addWidget(self.blind)
        mode.addStretch(1)
        form.addRow(self.tr("评查方式"), mode)
        evaluators = ws.list_evaluators()
        self.evaluators = _checklist("planEvaluators", [(f"{e['display_name']}（{e['username']}，{e['clearance']}）",
                                                         e["username"]) for e in evaluators])
        form.addRow(self.tr("评查员"), self.evaluators)
        self.preview = QLabel(objectName="planPreview")
        self.preview.setProperty("role", "hint")
        form.addRow("", self.preview)
        self.body.addLayout(form)
        for lst in (self.units, self.categories, self.years, self.levels):
            lst.itemChanged.connect(lambda _it: self.update_preview())
        self.resize(520, 720)
        self.update_preview()

    def criteria(self) -> dict[str, Any]:
        return {"units": _checked(self.units), "categories": _checked(self.categories), "years": _checked(self.years),
                "classifications": _checked(self.levels)}

    def update_preview(self) -> None:
        crit = self.criteria()
        if not any(crit.values()):
            self.preview.setText(self.tr("请至少选择一个条件"))
            return
        try:
            n = len(self.ws.evaluation_candidates(**crit))
        except Exception as exc:  # noqa: BLE001
            self.preview.setText(str(exc))
            return
        self.preview.setText(self.tr("符合条件、本人有权查阅的案卷：{n} 件").format(n=n))

    def submit(self) -> None:
        crit = self.criteria()
        seed_text = self.seed.text().strip()
        if seed_text and not seed_text.isdigit():
            self.show_error(self.tr("随机种子应为正整数"), "invalid_input")
            return
        ws, name, rubric = self.ws, self.name.text(), self.rubric.currentData()
        sample = self.sample.value() or None
        seed = int(seed_text) if seed_text else None
        double, blind, evaluators = self.double.isChecked(), self.blind.isChecked() and self.double.isChecked(), \
            _checked(self.evaluators)

        def work():
            plan = ws.create_plan(name, rubric, sample_size=sample, seed=seed, double_scoring=double, blind=blind,
                                  **crit)
            if evaluators:
                ws.assign_evaluators(plan["id"], evaluators)
            return plan

        self.run(work, self.created.emit)


class AssignDialog(FormDialog):
    assigned = Signal(object)

    def __init__(self, ws, plan: dict[str, Any], parent=None):
        super().__init__(self.tr("分配评查员"), self.tr("分配"), parent)
        self.setObjectName("assignDialog")
        self.ws, self.plan = ws, plan
        info = QLabel(self.tr("给计划“{name}”中尚未分配的案卷分配评查员（{mode}）。本人承办、无权查阅的案卷不会分给该评查员。").format(
            name=plan["name"], mode=self.tr("每件两人") if plan["double_scoring"] else self.tr("每件一人")))
        info.setWordWrap(True)
        self.body.addWidget(info)
        self.evaluators = _checklist("assignEvaluators", [(f"{e['display_name']}（{e['username']}，{e['clearance']}）",
                                                           e["username"]) for e in ws.list_evaluators()])
        self.evaluators.setMaximumHeight(220)
        self.body.addWidget(self.evaluators)

    def submit(self) -> None:
        names, ws, pid = _checked(self.evaluators), self.ws, self.plan["id"]
        self.run(lambda: ws.assign_evaluators(pid, names), self.assigned.emit)


class PlansPanel(QWidget):
    open_report = Signal(int)
    open_reconcile = Signal(int, str)
    open_sheet = Signal(int)

    def __init__(self, ws, parent=None):
        super().__init__(parent)
        self.setObjectName("plansPanel")
        self.ws = ws
        self.plans: list[dict[str, Any]] = []
        self.detail: dict[str, Any] | None = None
        lay = QVBoxLayout(self)
        header = PageHeader(self.tr("评查计划"), self.tr("按承办机构、执法类别、年度和密级选取案卷（可随机抽取），分配评查员，跟踪进度。"))
        self.new_button = QPushButton(self.tr("新建计划…"), objectName="newPlan")
        self.new_button.clicked.connect(self.new_plan)
        self.assign_button = QPushButton(self.tr("分配评查员…"), objectName="assignPlan")
        self.assign_button.clicked.connect(self.assign)
        self.report_button = QPushButton(self.tr("评查报告"), objectName="planReport")
        self.report_button.clicked.connect(lambda: self.current_plan() and self.open_report.emit(self.current_plan()["id"]))
        self.close_button = QPushButton(self.tr("结束计划…"), objectName="closePlan")
        self.close_button.setToolTip(self.tr("结束后评分即为最终结果，不能再打分、更正、分配或合议"))
        self.close_button.clicked.connect(lambda: self.close_plan())
        for b in (self.new_button, self.assign_button, self.report_button, self.close_button):
            header.add_button(b)
        lay.addWidget(header)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = data_table([self.tr("计划"), self.tr("评分表"), self.tr("方式"), self.tr("案卷"), self.tr("已提交"),
                                 self.tr("待合议"), self.tr("已完成"), self.tr("进度")], "planTable")
        self.table.itemSelectionChanged.connect(self.load_detail)
        split.addWidget(self.table)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.detail_label = QLabel(objectName="planDetail")
        self.detail_label.setWordWrap(True)
        bl.addWidget(self.detail_label)
        self.cases = data_table([self.tr("案号"), self.tr("题名"), self.tr("承办机构"), self.tr("评查员"),
                                 self.tr("状态"), self.tr("得分"), self.tr("等次")], "planCases")
        self.cases.itemDoubleClicked.connect(lambda *_: self.open_selected_case())
        bl.addWidget(self.cases, 1)
        row = QHBoxLayout()
        self.reconcile_button = QPushButton(self.tr("合议…"), objectName="reconcileCase")
        self.reconcile_button.clicked.connect(self.reconcile_selected)
        self.final_button = QPushButton(self.tr("查看评分表"), objectName="viewFinal")
        self.final_button.clicked.connect(self.open_selected_case)
        row.addWidget(self.reconcile_button)
        row.addWidget(self.final_button)
        row.addStretch(1)
        bl.addLayout(row)
        split.addWidget(bottom)
        lay.addWidget(split, 1)

    def refresh(self) -> None:
        run_op(self.ws.list_plans, success=self.show_plans, parent=self, serial=False)

    def show_plans(self, plans: list[dict[str, Any]]) -> None:
        keep = (self.current_plan() or {}).get("id")
        self.plans = plans
        rows = []
        for p in plans:
            pr = p["progress"]
            mode = (self.tr("双人背靠背") if p["blind"] else self.tr("双人")) if p["double_scoring"] else self.tr("单人")
            name = p["name"] + (self.tr("（已结束）") if p.get("closed_at") else "")
            rows.append([name, f"{p['rubric']['name']} {p['rubric']['version']}", mode, pr["cases"],
                         f"{pr['submitted']}/{pr['sheets']}", pr["to_reconcile"] if p["double_scoring"] else "—",
                         pr["finished"], ""])
        self.table.blockSignals(True)
        fill_table(self.table, rows, data=plans)
        for col, width in ((0, 220), (1, 230), (2, 90)):
            self.table.setColumnWidth(col, width)
        for r, p in enumerate(plans):
            bar = self.table.cellWidget(r, 7)
            if not isinstance(bar, QProgressBar):
                bar = QProgressBar()
                self.table.setCellWidget(r, 7, bar)
            bar.setRange(0, 100)
            bar.setValue(int(p["progress"]["percent"]))
            bar.setFormat(f"{p['progress']['percent']:g}%")
        self.table.blockSignals(False)
        ids = [p["id"] for p in plans]
        if ids:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self.load_detail()

    def current_plan(self) -> dict[str, Any] | None:
        return selected_data(self.table)

    def select_plan(self, plan_id: int) -> None:
        for r, p in enumerate(self.plans):
            if p["id"] == plan_id:
                self.table.selectRow(r)

    def load_detail(self) -> None:
        plan = self.current_plan()
        is_open = plan is not None and not plan.get("closed_at")
        self.assign_button.setEnabled(is_open)
        self.close_button.setEnabled(is_open)
        self.reconcile_button.setEnabled(is_open)
        self.report_button.setEnabled(plan is not None)
        if plan is None:
            self.detail = None
            fill_table(self.cases, [])
            self.detail_label.setText("")
            return
        run_op(lambda: self.ws.show_plan(plan["id"]), success=self.show_detail, parent=self, serial=False)

    def show_detail(self, detail: dict[str, Any]) -> None:
        self.detail = detail
        crit = detail["criteria"]
        parts = [("、".join(map(str, crit.get(k) or [])) or "") for k in ("units", "categories", "years",
                                                                          "classifications")]
        if crit.get("case_nos"):
            parts.append(self.tr("指定案卷 {n} 件").format(n=len(crit["case_nos"])))
        text = self.tr("条件：{c}；候选 {n} 件").format(c="；".join(p for p in parts if p) or "—", n=detail["candidates"])
        if detail.get("sample_size"):
            text += self.tr("，随机抽取 {k} 件（种子 {seed}）").format(k=detail["sample_size"], seed=detail["seed"])
        if detail["hidden_cases"]:
            text += self.tr("；另有 {n} 件超出本人查阅范围").format(n=detail["hidden_cases"])
        if detail.get("closed_at"):
            text += self.tr("；已于 {d} 由 {who} 结束").format(d=detail["closed_at"][:10], who=detail["closed_by"])
            if detail.get("closing_note"):
                text += f"（{detail['closing_note']}）"
        self.detail_label.setText(text)
        rows = []
        for c in detail["cases"]:
            who = "、".join(f"{e['slot_name'] if detail['double_scoring'] else ''}{e['name']}"
                           f"（{ {'todo': '未开始', 'draft': '评查中', 'submitted': '已提交'}.get(e['status'], e['status'])}）"
                           for e in c["evaluators"])
            fin = c["final"]
            rows.append([c["case_no"], c["title"], c["handling_unit"], who or self.tr("未分配"),
                         STATE_NAMES.get(c["state"], c["state"]), f"{fin['score']:g}" if fin else "",
                         fin["grade"] if fin else ""])
        fill_table(self.cases, rows, data=detail["cases"])
        for col, width in ((0, 210), (1, 260), (2, 110), (3, 200), (4, 80), (5, 60)):
            self.cases.setColumnWidth(col, width)

    def selected_case(self) -> dict[str, Any] | None:
        return selected_data(self.cases)

    def reconcile_selected(self) -> None:
        c = self.selected_case()
        if c is not None and self.detail is not None:
            self.open_reconcile.emit(self.detail["id"], c["case_no"])

    def open_selected_case(self) -> None:
        c = self.selected_case()
        if c is None:
            return
        if c["final"]:
            self.open_sheet.emit(c["final"]["sheet_id"])
        elif c["state"] == "to_reconcile" and self.detail is not None:
            self.open_reconcile.emit(self.detail["id"], c["case_no"])
        else:
            ids = [e["sheet_id"] for e in c["evaluators"] if e["sheet_id"]]
            if ids:
                self.open_sheet.emit(ids[0])

    def close_plan(self, confirm: bool | None = None) -> None:
        """结束计划: after a confirmation that says how many cases are still without a final score."""
        plan = self.current_plan()
        if plan is None or plan.get("closed_at"):
            return
        pr = plan["progress"]
        unfinished = pr["cases"] - pr["finished"]
        if confirm is None:
            text = self.tr("结束“{name}”后，评分即为最终结果，不能再打分、更正、分配或合议。").format(name=plan["name"])
            if unfinished:
                text += "\n" + self.tr("仍有 {n} 件案卷没有最终评分。").format(n=unfinished)
            confirm = QMessageBox.question(self, self.tr("结束评查计划"), text) == QMessageBox.StandardButton.Yes
        if not confirm:
            return
        run_op(lambda: self.ws.close_plan(plan["id"], allow_incomplete=True), success=lambda _p: self.refresh(),
               parent=self)

    def new_plan(self) -> None:
        dlg = NewPlanDialog(self.ws, self)
        dlg.created.connect(lambda plan: (self.refresh(), self.select_plan(plan["id"])))
        dlg.open()
        self.dialog = dlg

    def assign(self) -> None:
        plan = self.current_plan()
        if plan is None:
            return
        dlg = AssignDialog(self.ws, plan, self)
        dlg.assigned.connect(lambda _r: self.refresh())
        dlg.open()
        self.dialog = dlg


class AssignmentsPanel(QWidget):
    open_assignment = Signal(int)

    def __init__(self, ws, parent=None):
        super().__init__(parent)
        self.setObjectName("assignmentsPanel")
        self.ws = ws
        lay = QVBoxLayout(self)
        header = PageHeader(self.tr("我的评查任务"), self.tr("分配给您的案卷。打开后左侧阅卷、右侧按评分表扣分；每项扣分须写明理由并指明页码或音视频时间。"))
        self.open_button = QPushButton(self.tr("开始/继续评查"), objectName="openAssignment")
        self.open_button.setProperty("role", "primary")
        self.open_button.clicked.connect(self.open_selected)
        header.add_button(self.open_button)
        lay.addWidget(header)
        self.table = data_table([self.tr("案号"), self.tr("题名"), self.tr("承办机构"), self.tr("计划"),
                                 self.tr("状态"), self.tr("得分"), self.tr("等次")], "assignmentTable")
        self.table.itemDoubleClicked.connect(lambda *_: self.open_selected())
        lay.addWidget(self.table, 1)
        self.rows: list[dict[str, Any]] = []

    def refresh(self) -> None:
        run_op(self.ws.my_assignments, success=self.show_rows, parent=self, serial=False)

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        fill_table(self.table, [[r["case_no"], r["title"], r["handling_unit"], r["plan_name"],
                                 r["status_name"] + (f"（第 {r['revision']} 稿）" if r["revision"] > 1 else ""),
                                 "" if r["score"] is None else f"{r['score']:g}", r["grade"] or ""] for r in rows],
                   data=rows)

    def open_selected(self) -> None:
        r = selected_data(self.table)
        if r is not None:
            self.open_assignment.emit(r["assignment_id"])


class EvaluationPage(QWidget):
    """The nav page. Fixed tabs: 我的评查任务 (SCORE) and 评查计划 (MANAGE_EVALUATIONS); views
    opened from them come as closable tabs."""

    def __init__(self, ws, bus=None, parent=None):
        super().__init__(parent)
        self.setObjectName("evaluationPage")
        self.ws, self.bus = ws, bus
        self.tabs = QTabWidget(objectName="evaluationTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)
        self.assignments = self.plans = None
        self.fixed: list[QWidget] = []
        if ws.policy.allows(Permission.SCORE):
            self.assignments = AssignmentsPanel(ws)
            self.assignments.open_assignment.connect(self.open_assignment)
            self._fixed_tab(self.assignments, self.tr("我的评查任务"))
        if ws.policy.allows(Permission.MANAGE_EVALUATIONS):
            self.plans = PlansPanel(ws)
            self.plans.open_report.connect(self.open_report)
            self.plans.open_reconcile.connect(self.open_reconcile)
            self.plans.open_sheet.connect(self.open_sheet)
            self._fixed_tab(self.plans, self.tr("评查计划"))

    def _fixed_tab(self, widget: QWidget, label: str) -> None:
        i = self.tabs.addTab(widget, label)
        self.fixed.append(widget)
        self.tabs.tabBar().setTabButton(i, self.tabs.tabBar().ButtonPosition.RightSide, None)

    def refresh(self) -> None:
        for panel in (self.assignments, self.plans):
            if panel is not None:
                panel.refresh()

    def close_tab(self, index: int) -> None:
        w = self.tabs.widget(index)
        if w in self.fixed:
            return
        if hasattr(w, "close_viewer"):
            w.close_viewer()
        self.tabs.removeTab(index)
        w.deleteLater()

    def _find(self, key: tuple) -> QWidget | None:
        for i in range(self.tabs.count()):
            if getattr(self.tabs.widget(i), "tab_key", None) == key:
                self.tabs.setCurrentIndex(i)
                return self.tabs.widget(i)
        return None

    def _add(self, widget: QWidget, key: tuple, label: str) -> QWidget:
        widget.tab_key = key
        self.tabs.setCurrentIndex(self.tabs.addTab(widget, label))
        return widget

    def _scoring(self, sheet: dict[str, Any]):
        from workstation.ui.evaluation.scoring import ScoringView

        found = self._find(("sheet", sheet["id"]))
        if found is not None:
            return found
        view = ScoringView(self.ws, sheet)
        view.changed.connect(lambda s, v=view: self._sheet_changed(v, s))
        view.exported.connect(self._exported)
        label = (self.tr("评查 ") if sheet["kind"] == "evaluator" else self.tr("定稿 ")) + sheet["case_no"]
        return self._add(view, ("sheet", sheet["id"]), label)

    def _sheet_changed(self, view, sheet: dict[str, Any]) -> None:
        # A correction is a new sheet: the tab follows it.
        view.tab_key = ("sheet", sheet["id"])
        if sheet["status"] != "draft" or sheet["revision"] > 1:
            self.refresh()

    def _exported(self, path: str) -> None:
        from workstation.ui.errors import inform

        inform(self, self.tr("导出"), self.tr("已导出到 {path}").format(path=path))

    def open_assignment(self, assignment_id: int):
        try:
            sheet = self.ws.open_sheet(assignment_id)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
            return None
        view = self._scoring(sheet)
        if self.assignments is not None:
            self.assignments.refresh()
        return view

    def open_sheet(self, sheet_id: int):
        try:
            sheet = self.ws.show_sheet(sheet_id)
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
            return None
        return self._scoring(sheet)

    def open_reconcile(self, plan_id: int, case_no: str):
        from workstation.ui.evaluation.reconcile import ReconcileView

        found = self._find(("reconcile", plan_id, case_no))
        if found is not None:
            return found
        view = ReconcileView(self.ws, plan_id, case_no)
        view.reconciled.connect(lambda _s: self.plans.refresh() if self.plans else None)
        return self._add(view, ("reconcile", plan_id, case_no), self.tr("合议 ") + case_no)

    def open_report(self, plan_id: int):
        from workstation.ui.evaluation.report import ReportView

        found = self._find(("report", plan_id))
        if found is not None:
            found.refresh()
            return found
        view = ReportView(self.ws, plan_id)
        view.exported.connect(self._exported)
        return self._add(view, ("report", plan_id), self.tr("报告 {id}").format(id=plan_id))
