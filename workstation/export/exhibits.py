"""The 证据目录 (exhibit index) as PDF and XLSX: 序号 | 证据名称 | 来源 | 证明对象 |
页码（Bates）或时长 | 备注, in the 卷内目录 layout of the 归档 forms (same CJK font, same
table drawing), with the case heading, the recipient and 第x页 共y页 on every page."""

from __future__ import annotations

import io
from typing import Any

import pymupdf

from workstation.archive import dossier_forms as forms
from workstation.archive.watermark import WatermarkSettings, stamp_page

COLUMNS = (("序号", 30.0), ("证据名称", 122.0), ("来源", 64.0), ("证明对象", 104.0), ("页码/Bates 或时长", 99.28),
           ("备注", 50.0))
HEADERS = [h for h, _w in COLUMNS]


def row_values(row: dict[str, Any]) -> list[str]:
    return [str(row["seq"]), row["name"], row["source"], row["proves"], row["range"], row["remarks"]]


def index_pdf(data: dict[str, Any], *, watermark: str, wm_settings: WatermarkSettings) -> tuple[bytes, int]:
    with forms.MUPDF_LOCK:
        return _index_pdf(data, watermark, wm_settings)


def _heading(c, data: dict[str, Any], continued: bool) -> float:
    width = forms.PAGE_W - forms.MARGIN_L - forms.MARGIN_R
    y = forms.MARGIN_T
    c.text(forms.MARGIN_L, y, "证  据  目  录" + ("（续）" if continued else ""), forms.TITLE, align="center",
           width=width)
    y += forms.TITLE * 1.9
    c.text(forms.MARGIN_L, y, f"案号：{data['case_no']}", forms.HEAD)
    c.text(forms.MARGIN_L, y, f"Bates：{data['bates_range']}", forms.HEAD, align="right", width=width)
    y += forms.HEAD * forms.LINE
    y = c.lines(forms.MARGIN_L, y, forms._wrap(f"案卷题名：{data['case_title']}", width, forms.HEAD), forms.HEAD)
    y = c.lines(forms.MARGIN_L, y, forms._wrap(
        f"提交对象：{data['recipient'] or '（未填写）'}　　用途：{data['purpose']}　　制作：{data['made_by']}　{data['made_at']}",
        width, forms.HEAD), forms.HEAD)
    return y + 6


def _index_pdf(data: dict[str, Any], watermark: str, wm_settings: WatermarkSettings) -> tuple[bytes, int]:
    c = forms._Canvas(f"证据目录 {data['case_no']}", data["case_title"])
    widths = [w for _h, w in COLUMNS]
    rows = []
    for r in data["rows"]:
        cells = [forms._wrap(v, w - 2 * forms.PAD, forms.BODY) for v, w in zip(row_values(r), widths)]
        rows.append(forms._Row(cells, max(forms.MIN_ROW, max(len(cl) for cl in cells) * forms.BODY * forms.LINE
                                          + 2 * forms.PAD + 2)))
    index, continued = 0, False
    while True:
        c.new_page()
        y = _heading(c, data, continued)
        y = forms._table_row(c, y, [[h] for h in HEADERS], widths, forms.MIN_ROW, forms.HEAD, center=True)
        while index < len(rows) and y + rows[index].height <= forms.PAGE_H - forms.MARGIN_B - 14:
            y = forms._table_row(c, y, rows[index].cells, widths, rows[index].height, forms.BODY)
            index += 1
        if index >= len(rows):
            break
        continued = True
    c.flush()
    total = c.doc.page_count
    for i, page in enumerate(c.doc):
        label = f"第 {i + 1} 页 共 {total} 页"
        tw = pymupdf.TextWriter(page.rect)
        font = forms._font()
        tw.append(((page.rect.width - font.text_length(label, 9)) / 2, page.rect.height - 24), label, font=font,
                  fontsize=9)
        tw.write_text(page)
        stamp_page(page, watermark, wm_settings)
    return c.finish()


def index_xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "证据目录"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.cell(1, 1, "证据目录").font = Font(size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.cell(2, 1, f"案号：{data['case_no']}")
    ws.cell(3, 1, f"案卷题名：{data['case_title']}")
    ws.cell(4, 1, f"提交对象：{data['recipient'] or '（未填写）'}；用途：{data['purpose']}；"
                  f"制作：{data['made_by']} {data['made_at']}；Bates：{data['bates_range']}")
    for col, h in enumerate(HEADERS, 1):
        cell = ws.cell(6, col, h)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = box
    for n, r in enumerate(data["rows"], 7):
        for col, v in enumerate(row_values(r), 1):
            cell = ws.cell(n, col, int(v) if col == 1 else v)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = box
    for col, width in zip("ABCDEF", (6, 36, 18, 30, 24, 20)):
        ws.column_dimensions[col].width = width
    ws.print_title_rows = "6:6"
    wb.properties.creator = forms.PRODUCER
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
