"""评查 reports: the numbers (``statistics``), the per-case score sheet PDF, and the plan/unit
report as PDF (charts drawn as vector graphics with PyMuPDF) and XLSX (openpyxl, with native
Excel charts).

Input is plain data built by the facade (only cases the reader may see). PDF text is real
text in MuPDF's built-in CJK font ("china-s"), embedded and subset, as the filing forms do;
MuPDF work is serialised on the core's ``MUPDF_LOCK``.
"""

from __future__ import annotations

import io
import statistics as st
from functools import lru_cache
from typing import Any, Sequence

import pymupdf

from workstation.archive.dossier_forms import MUPDF_LOCK
from workstation.evaluation.rubric import KIND_NAMES, Rubric

TOP_DEFECTS = 10
PAGE_W, PAGE_H = 595.28, 841.89
MARGIN = 50.0
PRODUCER = "案卷归档与审查工作站"
BAND_COLORS = [(0.16, 0.55, 0.34), (0.17, 0.42, 0.70), (0.85, 0.55, 0.12), (0.78, 0.20, 0.20)]
BAR = (0.22, 0.45, 0.72)
GRID = (0.82, 0.84, 0.88)
INK = (0.1, 0.1, 0.12)
MUTED = (0.42, 0.44, 0.48)


def _r2(x: float) -> float:
    return round(float(x) + 0.0, 2)


def band_color(index: int, count: int) -> tuple[float, float, float]:
    """Best band green, worst red, the ones between blue/amber."""
    if index == count - 1:
        return BAND_COLORS[-1]
    return BAND_COLORS[min(index, len(BAND_COLORS) - 2)]


# ---------------------------------------------------------------- numbers
def statistics(rubric: Rubric, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Over the finished files ``rows`` (score, grade, vetoed, unit, applied {code: points},
    veto_items): counts per grade, mean/median/min/max, a 10-bin distribution, the most
    frequent defect items and one line per unit (a unit's grade is that of its mean)."""
    scores = [float(r["score"]) for r in rows]
    n = len(rows)
    bands = rubric.band_names
    grades = [{"grade": b, "count": sum(1 for r in rows if r["grade"] == b),
               "share": _r2(100.0 * sum(1 for r in rows if r["grade"] == b) / n) if n else 0.0} for b in bands]
    width = rubric.total / 10
    bins = []
    for i in range(10):
        lo, hi = i * width, (i + 1) * width
        count = sum(1 for x in scores if lo <= x < hi or (i == 9 and x == hi))
        bins.append({"label": f"{lo:g}–{hi:g}", "lo": _r2(lo), "hi": _r2(hi), "count": count})
    order = {c: i for i, c in enumerate(rubric._order)}
    defects: dict[str, dict[str, Any]] = {}
    for r in rows:
        hit = {c for c, p in (r.get("applied") or {}).items() if p > 0} | set(r.get("veto_items") or [])
        for code in hit:
            it = rubric.items[code]
            d = defects.setdefault(code, {"code": code, "title": it.title, "stage": it.stage, "kind": it.kind,
                                          "veto": it.is_veto, "files": 0, "points": 0.0})
            d["files"] += 1
            d["points"] = _r2(d["points"] + float((r.get("applied") or {}).get(code, 0.0)))
    top = sorted(defects.values(), key=lambda d: (-d["files"], -d["points"], order.get(d["code"], 0)))[:TOP_DEFECTS]
    for d in top:
        d["share"] = _r2(100.0 * d["files"] / n) if n else 0.0
    units: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        units.setdefault(r["unit"], []).append(r)
    unit_rows = []
    for name, rs in units.items():
        sc = [float(r["score"]) for r in rs]
        mean = _r2(st.fmean(sc))
        unit_rows.append({"unit": name, "files": len(rs), "mean": mean, "median": _r2(st.median(sc)),
                          "min": _r2(min(sc)), "max": _r2(max(sc)), "grade": rubric.grade(mean),
                          "vetoed": sum(1 for r in rs if r["vetoed"]),
                          "grades": {b: sum(1 for r in rs if r["grade"] == b) for b in bands}})
    unit_rows.sort(key=lambda u: (-u["mean"], u["unit"]))
    return {"files": n, "mean": _r2(st.fmean(scores)) if n else None, "median": _r2(st.median(scores)) if n else None,
            "min": _r2(min(scores)) if n else None, "max": _r2(max(scores)) if n else None,
            "vetoed": sum(1 for r in rows if r["vetoed"]), "grades": grades, "distribution": bins,
            "top_defects": top, "units": unit_rows, "bands": bands}


# ---------------------------------------------------------------- PDF drawing
@lru_cache(maxsize=1)
def _font() -> pymupdf.Font:
    return pymupdf.Font("china-s")


def _fit(text: str, width: float, size: float) -> str:
    font = _font()
    if font.text_length(text, size) <= width:
        return text
    while text and font.text_length(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _wrap(text: str, width: float, size: float) -> list[str]:
    font = _font()
    lines: list[str] = []
    for para in str(text or "").split("\n"):
        line = ""
        for ch in para:
            if font.text_length(line + ch, size) > width and line:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines or [""]


class _Pdf:
    """A4 pages drawn top-down; ``y`` is the next free line."""

    def __init__(self, title: str, subject: str):
        self.doc = pymupdf.open()
        self.doc.set_metadata({"title": title, "subject": subject, "creator": PRODUCER, "producer": PRODUCER,
                               "creationDate": pymupdf.get_pdf_now(), "modDate": pymupdf.get_pdf_now()})
        self.page: pymupdf.Page | None = None
        self.writers: dict[tuple, pymupdf.TextWriter] = {}
        self.y = 0.0
        self.footer = title
        self.new_page()

    @property
    def width(self) -> float:
        return PAGE_W - 2 * MARGIN

    def new_page(self) -> None:
        self.flush()
        self.page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.y = MARGIN

    def flush(self) -> None:
        """Write the page's text (one TextWriter per colour), above its drawings."""
        for color, writer in self.writers.items():
            writer.write_text(self.page, color=color)
        self.writers = {}

    def need(self, height: float) -> None:
        if self.y + height > PAGE_H - MARGIN - 14:
            self.new_page()

    def text(self, x: float, y: float, text: str, size: float = 9.5, color=INK, *, align: str = "left",
             width: float = 0.0) -> None:
        """One line with its baseline at ``y``."""
        if align != "left":
            w = _font().text_length(text, size)
            x = x + (width - w) / (2 if align == "center" else 1)
        writer = self.writers.get(tuple(color))
        if writer is None:
            writer = self.writers[tuple(color)] = pymupdf.TextWriter(self.page.rect)
        writer.append((x, y), text, font=_font(), fontsize=size)

    def heading(self, text: str, size: float = 12.5) -> None:
        self.need(size * 2.4)
        self.y += size * 0.6
        self.text(MARGIN, self.y + size, text, size)
        self.y += size * 1.7

    def para(self, text: str, size: float = 9.5, color=INK) -> None:
        for line in _wrap(text, self.width, size):
            self.need(size * 1.5)
            self.text(MARGIN, self.y + size, line, size, color)
            self.y += size * 1.5

    def table(self, columns: Sequence[tuple[str, float, str]], rows: Sequence[Sequence[Any]], size: float = 8.5,
              *, links: Sequence[str | None] | None = None, link_column: int = -1) -> None:
        """``columns``: (header, width share, align); cell text wraps, rows break across pages.
        ``links``: per row, a URI the cell in ``link_column`` opens when clicked (or None)."""
        total = sum(c[1] for c in columns)
        widths = [self.width * c[1] / total for c in columns]
        pad = 3.0
        line_h = size * 1.4

        def row(cells: Sequence[Any], header: bool = False, uri: str | None = None) -> None:
            wrapped = [_wrap(str(v if v is not None else ""), w - 2 * pad, size) for v, w in zip(cells, widths)]
            h = max(len(w) for w in wrapped) * line_h + 2 * pad
            if self.y + h > PAGE_H - MARGIN - 14:
                self.new_page()
                if not header:
                    row([c[0] for c in columns], header=True)
            x = MARGIN
            shape = self.page.new_shape()
            if header:
                shape.draw_rect(pymupdf.Rect(MARGIN, self.y, MARGIN + self.width, self.y + h))
                shape.finish(fill=(0.92, 0.94, 0.97), color=None)
            for (_, _, align), w, lines in zip(columns, widths, wrapped):
                shape.draw_rect(pymupdf.Rect(x, self.y, x + w, self.y + h))
                for i, line in enumerate(lines):
                    self.text(x + pad, self.y + pad + size + i * line_h, line, size,
                              align="left" if header else align, width=w - 2 * pad)
                x += w
            shape.finish(color=(0.55, 0.57, 0.6), width=0.5)
            shape.commit()
            if uri:
                col = link_column % len(columns)
                left = MARGIN + sum(widths[:col])
                self.page.insert_link({"kind": pymupdf.LINK_URI, "uri": uri,
                                       "from": pymupdf.Rect(left, self.y, left + widths[col], self.y + h)})
            self.y += h

        row([c[0] for c in columns], header=True)
        for i, r in enumerate(rows):
            row(r, uri=links[i] if links is not None and i < len(links) else None)
        self.y += 6

    def bar_chart(self, title: str, labels: Sequence[str], values: Sequence[float], *, colors=None,
                  height: float = 190.0, value_fmt: str = "{:g}", y_max: float | None = None) -> None:
        """A vertical bar chart with axis, grid lines, values over the bars and category labels."""
        self.need(height + 30)
        top = self.y
        self.text(MARGIN, top + 11, title, 10.5)
        plot = pymupdf.Rect(MARGIN + 30, top + 24, MARGIN + self.width - 6, top + height - 22)
        vmax = y_max if y_max is not None else max([float(v) for v in values] + [0.0])
        step = _nice_step(vmax)
        vmax = max(step, step * -(-vmax // step)) if vmax > 0 else 1.0
        shape = self.page.new_shape()
        ticks = int(round(vmax / step)) if step else 1
        for i in range(ticks + 1):
            v = i * step
            y = plot.y1 - plot.height * v / vmax
            shape.draw_line((plot.x0, y), (plot.x1, y))
            self.text(MARGIN, y + 3, f"{v:g}", 7.5, MUTED, align="right", width=26)
        shape.finish(color=GRID, width=0.5, closePath=False)
        n = max(len(values), 1)
        slot = plot.width / n
        bar_w = min(slot * 0.62, 48)
        for i, (label, v) in enumerate(zip(labels, values)):
            x0 = plot.x0 + slot * i + (slot - bar_w) / 2
            h = plot.height * float(v) / vmax if vmax else 0
            color = colors[i] if colors else BAR
            if h > 0:
                shape.draw_rect(pymupdf.Rect(x0, plot.y1 - h, x0 + bar_w, plot.y1))
                shape.finish(fill=color, color=None)
            self.text(x0 - 10, plot.y1 - h - 3, value_fmt.format(v), 7.5, INK, align="center", width=bar_w + 20)
            self.text(plot.x0 + slot * i + 1, plot.y1 + 11, _fit(str(label), slot - 2, 7.5), 7.5, INK,
                      align="center", width=slot - 2)
        shape.draw_line((plot.x0, plot.y0), (plot.x0, plot.y1))
        shape.draw_line((plot.x0, plot.y1), (plot.x1, plot.y1))
        shape.finish(color=(0.3, 0.3, 0.32), width=0.8, closePath=False)
        shape.commit()
        self.y = top + height + 4

    def finish(self) -> bytes:
        self.flush()
        total = len(self.doc)
        for i, page in enumerate(self.doc, 1):
            self.page = page
            self.text(MARGIN, PAGE_H - MARGIN + 16, _fit(self.footer, 380, 7.5), 7.5, MUTED)
            self.text(MARGIN, PAGE_H - MARGIN + 16, f"第 {i} 页 / 共 {total} 页", 7.5, MUTED, align="right",
                      width=self.width)
            self.flush()
        out = io.BytesIO()
        self.doc.save(out, garbage=3, deflate=True)
        self.doc.close()
        return out.getvalue()


def _nice_step(vmax: float) -> float:
    """A round grid step giving about five lines up to ``vmax`` (1 for small counts)."""
    import math

    if vmax <= 5:
        return 1.0
    raw = vmax / 5
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _g(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


def report_pdf(data: dict[str, Any]) -> bytes:
    """The plan (or unit) report: summary, grade counts and score distribution charts, the
    most frequent defects, the unit comparison (table and chart) and the list of files."""
    plan, rubric, stats = data["plan"], data["rubric"], data["stats"]
    scope = f"（{data['unit']}）" if data.get("unit") else ""
    title = f"案卷评查报告：{plan['name']}{scope}"
    with MUPDF_LOCK:
        pdf = _Pdf(title, "案卷评查统计报告")
        pdf.text(MARGIN, pdf.y + 18, title, 16)
        pdf.y += 30
        seed = f"；随机抽取 {plan['sample_size']} 件，随机种子 {plan['seed']}" if plan.get("sample_size") else ""
        pdf.para(f"评分表：{rubric['name']} 版本 {rubric['version']}（内容哈希 SHA-256 {rubric['hash'][:16]}…）", 9, MUTED)
        pdf.para(f"候选案卷 {plan['candidates']} 件{seed}；{'双人' + ('背靠背' if plan['blind'] else '') + '评查' if plan['double_scoring'] else '单人评查'}。"
                 f"生成：{data['generated_by']} {data['generated_at'][:19].replace('T', ' ')}（UTC）", 9, MUTED)
        if data.get("pending") or data.get("hidden_cases"):
            pdf.para(f"尚未完成评查的案卷 {len(data.get('pending', []))} 件未计入统计"
                     + (f"；另有 {data['hidden_cases']} 件超出本人查阅范围，未列入" if data.get("hidden_cases") else "")
                     + "。", 9, MUTED)
        pdf.heading("一、总体情况")
        pdf.table([("评查案卷", 1, "center"), ("平均分", 1, "center"), ("中位数", 1, "center"),
                   ("最高分", 1, "center"), ("最低分", 1, "center"), ("否决（不合格卷）", 1.3, "center")],
                  [[stats["files"], _g(stats["mean"]), _g(stats["median"]), _g(stats["max"]), _g(stats["min"]),
                    stats["vetoed"]]])
        pdf.table([("等次", 1, "left"), ("件数", 1, "center"), ("占比 %", 1, "center")],
                  [[g["grade"], g["count"], f"{g['share']:g}"] for g in stats["grades"]])
        n_b = len(stats["grades"])
        pdf.bar_chart("图 1  各等次案卷数", [g["grade"] for g in stats["grades"]], [g["count"] for g in stats["grades"]],
                      colors=[band_color(i, n_b) for i in range(n_b)], height=170)
        pdf.bar_chart("图 2  得分分布（件）", [b["label"] for b in stats["distribution"]],
                      [b["count"] for b in stats["distribution"]], height=170)
        pdf.heading("二、常见问题（扣分最多的评查项）")
        if stats["top_defects"]:
            pdf.table([("序号", 0.5, "center"), ("评查项", 0.7, "center"), ("内容", 3.4, "left"), ("阶段", 1, "left"),
                       ("涉及案卷", 0.8, "center"), ("占比 %", 0.7, "center"), ("扣分合计", 0.8, "center")],
                      [[i, d["code"], d["title"] + ("（否决项）" if d["veto"] else ""), d["stage"], d["files"],
                        f"{d['share']:g}", f"{d['points']:g}"] for i, d in enumerate(stats["top_defects"], 1)])
        else:
            pdf.para("没有扣分。")
        pdf.heading("三、各单位比较")
        bands = stats["bands"]
        pdf.table([("承办机构", 2, "left"), ("件数", 0.6, "center"), ("平均分", 0.8, "center"), ("中位数", 0.8, "center"),
                   ("最低分", 0.8, "center"), ("单位等次", 0.9, "center")] + [(b, 0.7, "center") for b in bands],
                  [[u["unit"], u["files"], _g(u["mean"]), _g(u["median"]), _g(u["min"]), u["grade"]]
                   + [u["grades"][b] for b in bands] for u in stats["units"]])
        if stats["units"]:
            pdf.bar_chart("图 3  各单位平均分", [u["unit"] for u in stats["units"]], [u["mean"] for u in stats["units"]],
                          height=180, y_max=float(rubric["total"]))
        pdf.heading("四、案卷得分")
        pdf.table([("案号", 2.2, "left"), ("题名", 3, "left"), ("承办机构", 1.4, "left"), ("得分", 0.7, "center"),
                   ("等次", 0.8, "center")],
                  [[r["case_no"], r["title"], r["unit"], f"{r['score']:g}", r["grade"] + ("（否决）" if r["vetoed"] else "")]
                   for r in data["cases"]])
        if data.get("pending"):
            pdf.heading("五、未完成评查的案卷")
            pdf.table([("案号", 2.2, "left"), ("题名", 3, "left"), ("承办机构", 1.4, "left")],
                      [[r["case_no"], r["title"], r["unit"]] for r in data["pending"]])
        return pdf.finish()


def _anchor_link(anchor: dict[str, Any] | None) -> str | None:
    from workstation.review.anchors import anchor_uri

    if not anchor or anchor.get("item_id") is None:
        return None
    return anchor_uri(anchor)


def sheet_pdf(sheet: dict[str, Any], rubric: dict[str, Any]) -> bytes:
    """One score sheet: header, result, stage subtotals, every deduction with reason and anchor."""
    kind = "合议评分表" if sheet["kind"] == "final" else "评分表"
    title = f"案卷评查{kind}：{sheet['case_no']}"
    res = sheet["result"]
    with MUPDF_LOCK:
        pdf = _Pdf(title, "案卷评查评分表")
        pdf.text(MARGIN, pdf.y + 18, f"案卷评查{kind}", 16, align="center", width=pdf.width)
        pdf.y += 32
        who = (f"评查员：{sheet['evaluator_name']}（{sheet['evaluator']}）" if sheet["kind"] != "final"
               else f"合议人：{sheet['created_by']}")
        status = {"draft": "草稿（未提交）", "submitted": "已提交", "superseded": "已被更正稿取代"}[sheet["status"]]
        pdf.table([("项目", 1, "left"), ("内容", 3.2, "left")], [
            ["案号", sheet["case_no"]], ["案卷题名", sheet["case_title"]], ["承办机构", sheet["handling_unit"] or "—"],
            ["评查计划", f"{sheet['plan_name']}（计划 {sheet['plan_id']}）"],
            ["评分表", f"{rubric['name']} 版本 {rubric['version']}（SHA-256 {rubric['hash'][:16]}…）"],
            [who.split("：")[0], who.split("：", 1)[1]],
            ["版本", f"第 {sheet['revision']} 稿，{status}" + (f"，提交于 {sheet['submitted_at'][:19].replace('T', ' ')}（UTC）"
                                                          if sheet.get("submitted_at") else "")],
        ] + ([["更正理由", sheet["revision_reason"]]] if sheet.get("revision_reason") else []))
        verdict = f"得分 {res['score']:g} 分（满分 {res['total']:g}，扣 {res['deducted']:g} 分），等次：{res['grade']}"
        if res["vetoed"]:
            verdict += f"；否决项 {'、'.join(res['veto_items'])}，为不合格卷"
        elif res["floored"]:
            verdict += "；扣分超过满分，按 0 分计"
        pdf.heading(verdict, 11.5)
        stage_rows = []
        for stg in rubric["stages"]:
            codes = [it["code"] for cat in stg["categories"] for it in cat["items"]]
            lost = sum(res["items"].get(c, {}).get("applied", 0.0) for c in codes)
            if stg["points"]:
                stage_rows.append([stg["name"], f"{stg['points']:g}", f"{lost:g}", f"{stg['points'] - lost:g}"])
        pdf.table([("阶段", 2, "left"), ("分值", 1, "center"), ("扣分", 1, "center"), ("得分", 1, "center")], stage_rows)
        pdf.heading("扣分明细")
        if sheet["deductions"]:
            kinds = {it["code"]: it for stg in rubric["stages"] for cat in stg["categories"] for it in cat["items"]}
            pdf.table([("序号", 0.45, "center"), ("评查项", 2.1, "left"), ("扣分", 0.55, "center"), ("理由", 2.1, "left"),
                       ("位置（锚点）", 2.2, "left")],
                      [[i, f"{d['item_code']} {d['item_title']}（{KIND_NAMES.get(kinds.get(d['item_code'], {}).get('kind', ''), '')}"
                           + (f"，{d['count']} 处" if d["count"] > 1 else "") + "）",
                        "否决" if kinds.get(d["item_code"], {}).get("kind") == "veto" else f"{d['points']:g}",
                        d["reason"], d["anchor_text"]] for i, d in enumerate(sheet["deductions"], 1)],
                      # each anchor opens in the workstation (workstation://, see review.anchors)
                      links=[_anchor_link(d.get("anchor")) for d in sheet["deductions"]], link_column=-1)
        else:
            pdf.para("无扣分。")
        if sheet.get("item_notes"):
            titles = {it["code"]: it["title"] for stg in rubric["stages"] for cat in stg["categories"]
                      for it in cat["items"]}
            pdf.heading("评查项意见")
            pdf.table([("评查项", 2.2, "left"), ("意见", 4.6, "left")],
                      [[f"{code} {titles.get(code, '')}", text] for code, text in sheet["item_notes"].items()])
        if sheet.get("notes"):
            pdf.heading("评查意见")
            pdf.para(sheet["notes"])
        if sheet["kind"] == "final" and sheet.get("reconciliation"):
            rec = sheet["reconciliation"]
            pdf.heading("合议情况")
            names = {"a": "取甲", "b": "取乙", "none": "不扣分", "agreed": "合议改定"}
            taken = "；".join(f"{c} {names.get(s, s)}" for c, s in rec.get("taken", {}).items()
                             if c in rec.get("differences", []))
            pdf.para(f"甲评分 {_g(rec.get('a_score'))} 分，乙评分 {_g(rec.get('b_score'))} 分；意见不一致的评查项："
                     f"{'、'.join(rec.get('differences', [])) or '无'}。" + (f"合议取舍：{taken}。" if taken else ""))
        pdf.need(60)
        pdf.y += 24
        pdf.text(MARGIN, pdf.y, "评查人签名：________________", 10)
        pdf.text(MARGIN + pdf.width / 2, pdf.y, "日期：____年____月____日", 10)
        return pdf.finish()


# ---------------------------------------------------------------- XLSX
def report_xlsx(data: dict[str, Any]) -> bytes:
    """The report as a workbook: 概况 (with the grade chart), 分数分布 (histogram), 常见问题,
    单位比较 (mean-score chart), 案卷得分 and 扣分明细; charts are native Excel bar charts."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.styles import Alignment, Font, PatternFill

    plan, rubric, stats = data["plan"], data["rubric"], data["stats"]
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="E8EEF6")

    def header(ws, row: int, names: Sequence[str]) -> None:
        for i, name in enumerate(names, 1):
            c = ws.cell(row=row, column=i, value=name)
            c.font, c.fill = bold, head_fill
            c.alignment = Alignment(horizontal="center")

    def chart(title: str, ws, cats: Reference, vals: Reference, anchor: str, y_title: str, y_max=None) -> None:
        ch = BarChart()
        ch.type, ch.style, ch.title = "col", 10, title
        ch.y_axis.title, ch.legend = y_title, None
        ch.add_data(vals, titles_from_data=True)
        ch.set_categories(cats)
        ch.dataLabels = DataLabelList()
        ch.dataLabels.showVal = True
        ch.y_axis.scaling.min = 0
        if y_max is not None:
            ch.y_axis.scaling.max = y_max
        ch.y_axis.delete = False
        ch.x_axis.delete = False
        ch.height, ch.width = 7.5, 16
        ws.add_chart(ch, anchor)

    wb = Workbook()
    ws = wb.active
    ws.title = "概况"
    ws["A1"] = f"案卷评查报告：{plan['name']}" + (f"（{data['unit']}）" if data.get("unit") else "")
    ws["A1"].font = Font(bold=True, size=14)
    meta = [("评分表", f"{rubric['name']} 版本 {rubric['version']}"), ("评分表哈希（SHA-256）", rubric["hash"]),
            ("候选案卷", plan["candidates"]), ("抽取数量", plan.get("sample_size") or "全部"),
            ("随机种子", plan.get("seed") if plan.get("seed") is not None else "—"),
            ("评查方式", ("双人" + ("背靠背" if plan["blind"] else "") + "评查") if plan["double_scoring"] else "单人评查"),
            ("评查案卷", stats["files"]), ("平均分", stats["mean"]), ("中位数", stats["median"]),
            ("最高分", stats["max"]), ("最低分", stats["min"]), ("否决（不合格卷）", stats["vetoed"]),
            ("未完成评查", len(data.get("pending", []))), ("生成", f"{data['generated_by']} {data['generated_at'][:19]}Z")]
    for i, (k, v) in enumerate(meta, 3):
        ws.cell(row=i, column=1, value=k).font = bold
        ws.cell(row=i, column=2, value=v)
    g0 = len(meta) + 5
    header(ws, g0, ["等次", "件数", "占比 %"])
    for i, g in enumerate(stats["grades"], g0 + 1):
        ws.cell(row=i, column=1, value=g["grade"])
        ws.cell(row=i, column=2, value=g["count"])
        ws.cell(row=i, column=3, value=g["share"])
    g1 = g0 + len(stats["grades"])
    chart("各等次案卷数", ws, Reference(ws, min_col=1, min_row=g0 + 1, max_row=g1),
          Reference(ws, min_col=2, min_row=g0, max_row=g1), "E3", "件数")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 22, 30

    wd = wb.create_sheet("分数分布")
    header(wd, 1, ["分数段", "件数"])
    for i, b in enumerate(stats["distribution"], 2):
        wd.cell(row=i, column=1, value=b["label"])
        wd.cell(row=i, column=2, value=b["count"])
    chart("得分分布", wd, Reference(wd, min_col=1, min_row=2, max_row=11), Reference(wd, min_col=2, min_row=1, max_row=11),
          "D2", "件数")

    wt = wb.create_sheet("常见问题")
    header(wt, 1, ["序号", "评查项", "内容", "阶段", "涉及案卷", "占比 %", "扣分合计", "否决项"])
    for i, d in enumerate(stats["top_defects"], 1):
        for col, v in enumerate([i, d["code"], d["title"], d["stage"], d["files"], d["share"], d["points"],
                                 "是" if d["veto"] else ""], 1):
            wt.cell(row=i + 1, column=col, value=v)
    wt.column_dimensions["C"].width = 48

    wu = wb.create_sheet("单位比较")
    bands = stats["bands"]
    header(wu, 1, ["承办机构", "件数", "平均分", "中位数", "最低分", "最高分", "单位等次", "否决"] + bands)
    for i, u in enumerate(stats["units"], 2):
        for col, v in enumerate([u["unit"], u["files"], u["mean"], u["median"], u["min"], u["max"], u["grade"],
                                 u["vetoed"]] + [u["grades"][b] for b in bands], 1):
            wu.cell(row=i, column=col, value=v)
    if stats["units"]:
        last = len(stats["units"]) + 1
        chart("各单位平均分", wu, Reference(wu, min_col=1, min_row=2, max_row=last),
              Reference(wu, min_col=3, min_row=1, max_row=last), f"A{last + 3}", "平均分", y_max=float(rubric["total"]))
    wu.column_dimensions["A"].width = 22

    wc = wb.create_sheet("案卷得分")
    header(wc, 1, ["案号", "题名", "承办机构", "执法类别", "得分", "等次", "否决项", "评分表编号"])
    for i, r in enumerate(data["cases"], 2):
        for col, v in enumerate([r["case_no"], r["title"], r["unit"], r["category"], r["score"], r["grade"],
                                 "、".join(r["veto_items"]), r["sheet_id"]], 1):
            wc.cell(row=i, column=col, value=v)
    for r in data.get("pending", []):
        wc.append([r["case_no"], r["title"], r["unit"], r["category"], None, "未完成", "", None])
    wc.column_dimensions["A"].width, wc.column_dimensions["B"].width = 30, 40

    wx = wb.create_sheet("扣分明细")
    header(wx, 1, ["案号", "评查项", "内容", "扣分", "处数", "理由", "位置（锚点）"])
    for r in data["cases"]:
        for d in r["deductions"]:
            wx.append([r["case_no"], d["item_code"], d["item_title"], d["points"], d["count"], d["reason"],
                       d["anchor_text"]])
    wx.column_dimensions["C"].width = wx.column_dimensions["F"].width = 40
    wx.column_dimensions["G"].width = 30
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
