"""The report view: the plan (or one unit) in numbers and QtCharts charts — files per grade,
score distribution, mean score per unit — with the most frequent defects, and export to PDF
and XLSX (built in the core, off the UI thread)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QStackedBarSeries,
                              QValueAxis)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workstation.ui.ops import run_op
from workstation.ui.widgets import data_table, fill_table

BAND_COLORS = ["#298c57", "#2c6bb3", "#d98c1f", "#c73333"]
BAR_COLOR = "#3873b8"


def band_colors(n: int) -> list[str]:
    return [BAND_COLORS[-1] if i == n - 1 else BAND_COLORS[min(i, len(BAND_COLORS) - 2)] for i in range(n)]


def bar_chart(title: str, labels: list[str], values: list[float], *, colors: list[str] | None = None,
              y_max: float | None = None, name: str = "") -> QChartView:
    """A bar chart (one bar per category, each its own colour when ``colors``), values shown."""
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    if colors:
        # One stacked set per category (zero elsewhere), so each bar has its own colour; the
        # value goes into the category label.
        series = QStackedBarSeries()
        for i, v in enumerate(values):
            s = QBarSet(labels[i])
            s.append([float(v) if j == i else 0.0 for j in range(len(values))])
            s.setColor(QColor(colors[i]))
            series.append(s)
        series.setBarWidth(0.6)
        labels = [f"{label}（{v:g}）" for label, v in zip(labels, values)]
    else:
        series = QBarSeries()
        s = QBarSet(title)
        s.append([float(v) for v in values])
        s.setColor(QColor(BAR_COLOR))
        series.append(s)
        series.setBarWidth(0.7)
        series.setLabelsVisible(True)
        s.setLabelColor(QColor("#1f2328"))
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    ax = QBarCategoryAxis()
    ax.append(labels)
    chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(ax)
    ay = QValueAxis()
    if y_max is not None:
        top, step = float(y_max), float(y_max) / 5
    else:  # counts: whole numbers on the axis
        peak = max([float(v) for v in values] + [1.0])
        step = 1.0 if peak <= 4 else float(math.ceil(peak / 4))
        top = step * (math.floor(peak / step) + 1)
    ay.setRange(0, top)
    ay.setTickCount(int(round(top / step)) + 1)
    ay.setLabelFormat("%g" if y_max is not None else "%.0f")
    small = QFont(ax.labelsFont())
    small.setPointSizeF(max(small.pointSizeF() - 1, 7))
    ax.setLabelsFont(small)
    chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(ay)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    if name:
        view.setObjectName(name)
    view.values = list(values)  # what the chart shows (tests compare with the report)
    view.labels = list(labels)
    return view


class ReportView(QWidget):
    exported = Signal(str)

    def __init__(self, ws, plan_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportView")
        self.ws, self.plan_id = ws, plan_id
        self.data: dict[str, Any] | None = None
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel(objectName="reportTitle")
        self.title.setProperty("role", "pageTitle")
        top.addWidget(self.title, 1)
        top.addWidget(QLabel(self.tr("范围")))
        self.unit_box = QComboBox(objectName="reportUnit")
        self.unit_box.addItem(self.tr("全部单位"), "")
        self.unit_box.activated.connect(lambda _i: self.refresh())
        top.addWidget(self.unit_box)
        self.pdf_button = QPushButton(self.tr("导出 PDF…"), objectName="exportReportPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(self.tr("导出 XLSX…"), objectName="exportReportXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)
        outer.addLayout(top)
        self.meta = QLabel(objectName="reportMeta")
        self.meta.setProperty("role", "hint")
        self.meta.setWordWrap(True)
        outer.addWidget(self.meta)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget(objectName="reportBody")
        self.grid = QGridLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.summary = QLabel(objectName="reportSummary")
        self.summary.setWordWrap(True)
        self.grid.addWidget(self.summary, 0, 0, 1, 2)
        self.grade_chart = self.dist_chart = self.unit_chart = None
        self.defects = data_table([self.tr("评查项"), self.tr("内容"), self.tr("阶段"), self.tr("涉及案卷"),
                                   self.tr("扣分合计")], "topDefects")
        self.units = data_table([self.tr("承办机构"), self.tr("件数"), self.tr("平均分"), self.tr("中位数"),
                                 self.tr("单位等次"), self.tr("否决")], "unitTable")
        for t in (self.defects, self.units):
            t.setMinimumHeight(220)
        self.grid.addWidget(QLabel(self.tr("常见问题（扣分最多的评查项）")), 3, 0)
        self.grid.addWidget(QLabel(self.tr("各单位比较")), 3, 1)
        self.grid.addWidget(self.defects, 4, 0)
        self.grid.addWidget(self.units, 4, 1)
        self.refresh()

    def refresh(self) -> None:
        unit = self.unit_box.currentData() or None
        run_op(lambda: self.ws.plan_report(self.plan_id, unit=unit), success=self.show_report, parent=self,
               serial=False, progress_label=self.tr("正在统计…"))

    def _place(self, attr: str, view: QChartView, row: int, col: int, span: int = 1) -> None:
        old = getattr(self, attr)
        if old is not None:
            self.grid.removeWidget(old)
            old.deleteLater()
        setattr(self, attr, view)
        self.grid.addWidget(view, row, col, 1, span)

    def show_report(self, data: dict[str, Any]) -> None:
        self.data = data
        st, plan, rubric = data["stats"], data["plan"], data["rubric"]
        scope = f"（{data['unit']}）" if data["unit"] else ""
        self.title.setText(self.tr("评查报告：{name}{scope}").format(name=plan["name"], scope=scope))
        if self.unit_box.count() == 1:
            for u in sorted(u["unit"] for u in st["units"]):
                self.unit_box.addItem(u, u)
        seed = self.tr("；随机抽取 {n} 件，种子 {seed}").format(n=plan["sample_size"], seed=plan["seed"]) \
            if plan.get("sample_size") else ""
        self.meta.setText(self.tr("评分表 {name} 版本 {v}（{h}…）{seed}").format(
            name=rubric["name"], v=rubric["version"], h=rubric["hash"][:12], seed=seed))
        pending = len(data["pending"])
        g = lambda x: "—" if x is None else f"{x:g}"  # noqa: E731
        self.summary.setText(self.tr(
            "评查案卷 <b>{n}</b> 件　平均分 <b>{mean}</b>　中位数 <b>{median}</b>　最高 {max}　最低 {min}　"
            "否决 {veto} 件　未完成 {pending} 件").format(
            n=st["files"], mean=g(st["mean"]), median=g(st["median"]), max=g(st["max"]), min=g(st["min"]),
            veto=st["vetoed"], pending=pending))
        grades = st["grades"]
        self._place("grade_chart", bar_chart(self.tr("各等次案卷数"), [x["grade"] for x in grades],
                                             [x["count"] for x in grades], colors=band_colors(len(grades)),
                                             name="gradeChart"), 1, 0)
        self._place("dist_chart", bar_chart(self.tr("得分分布（件）"), [b["label"] for b in st["distribution"]],
                                            [b["count"] for b in st["distribution"]], name="distributionChart"), 2, 0, 2)
        self._place("unit_chart", bar_chart(self.tr("各单位平均分"), [u["unit"] for u in st["units"]],
                                            [u["mean"] for u in st["units"]], y_max=float(rubric["total"]),
                                            name="unitChart"), 1, 1)
        fill_table(self.defects, [[d["code"], d["title"] + ("（否决项）" if d["veto"] else ""), d["stage"],
                                   d["files"], f"{d['points']:g}"] for d in st["top_defects"]])
        self.defects.setColumnWidth(0, 56)
        self.defects.setColumnWidth(1, 250)
        fill_table(self.units, [[u["unit"], u["files"], f"{u['mean']:g}", f"{u['median']:g}", u["grade"], u["vetoed"]]
                                for u in st["units"]])

    def export(self, fmt: str, path: str | None = None) -> None:
        if path is None:
            filters = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)"}
            name = (self.data or {}).get("plan", {}).get("name", "评查报告")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("导出评查报告"), f"评查报告-{name}.{fmt}", filters[fmt])
            if not path:
                return
        unit = self.unit_box.currentData() or None

        def work():
            Path(path).write_bytes(self.ws.export_plan_report(self.plan_id, fmt, unit=unit))
            return path

        run_op(work, success=lambda p: self.exported.emit(p), parent=self, serial=False,
               progress_label=self.tr("正在生成报告…"))
