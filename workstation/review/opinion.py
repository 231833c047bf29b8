"""The 法制审核意见书 (and the 复核意见书 answering a 复核 request on it) as PDF (PyMuPDF, MuPDF's built-in CJK font, as the dossier forms) and
DOCX (python-docx). Pure rendering from the data the facade assembles (``opinion_data``):

    {"title", "agency", "number", "date", "draft": bool, "copies",
     "case": {case_no, title, party, party_id_no, handling_unit, handlers, cause},
     "submission": {round, submitted_on, submitting_unit, submitted_by, accepted_on, deadline,
                    major_category, proposed_decision: {...}, materials: [...], extension: {...}},
     "findings": [{no, name, result, explanation, suggestion,
                   citations: [{text, uri}]}],
     "conclusion", "conclusion_note", "reviewer", "reviewer_qualification", "head"}

A citation's text carries the page (and 卷内页号 when the dossier is numbered) or the time
hh:mm:ss; in the PDF each citation is also a ``workstation://item/…`` link that the
workstation opens at that page or second.
"""

from __future__ import annotations

import io
from typing import Any

import pymupdf

from workstation.archive.dossier_forms import (
    BODY,
    LINE,
    MARGIN_B,
    MARGIN_L,
    MARGIN_R,
    MARGIN_T,
    MUPDF_LOCK,
    PAGE_H,
    PAGE_W,
    _Canvas,
    _font,
    _wrap,
)

SIZE = BODY + 2.5
HEAD_SIZE = 12.0
TITLE_SIZE = 20.0


def _date(value: str | None) -> str:
    import datetime as dt

    if not value:
        return "　　年　月　日"
    try:
        d = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{d.year}年{d.month}月{d.day}日"


def _proposed(p: dict[str, Any]) -> list[tuple[str, str]]:
    names = (("type", "拟决定类型"), ("content", "拟决定内容"), ("basis", "法律依据"), ("discretion", "裁量情况"),
             ("hearing", "听证情况"))
    return [(label, str(p.get(key) or "")) for key, label in names if p.get(key)]


def blocks(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """The document as a list of (style, content): shared by the PDF and the DOCX so both
    say the same. Styles: agency, title, number, heading, field (label, value), para,
    finding (header), citation ({text, uri}), sign (label, value), note."""
    case, sub = data["case"], data["submission"]
    out: list[tuple[str, Any]] = []
    out.append(("agency", data.get("agency") or ""))
    out.append(("title", data.get("title") or "法制审核意见书"))
    out.append(("number", (data.get("number") or "（草稿，未编号）")))
    out.append(("heading", "一、案件基本情况"))
    out.append(("field", ("案件名称", case.get("title", ""))))
    out.append(("field", ("案号", case.get("case_no", ""))))
    party = case.get("party", "")
    if case.get("party_id_no"):
        party += f"（{case['party_id_no']}）"
    out.append(("field", ("当事人", party)))
    out.append(("field", ("承办机构", case.get("handling_unit") or sub.get("submitting_unit", ""))))
    out.append(("field", ("承办人", "、".join(case.get("handlers") or []) or sub.get("submitted_by", ""))))
    if case.get("cause"):
        out.append(("field", ("案由", case["cause"])))
    out.append(("field", ("送审日期", _date(sub.get("submitted_on")))))
    out.append(("field", ("受理日期", _date(sub.get("accepted_on")))))
    out.append(("field", ("审核期限", _date(sub.get("deadline")) + (f"（第 {sub['round']} 次送审）"
                                                                    if sub.get("round", 1) > 1 else ""))))
    ext = sub.get("extension") or {}
    if ext.get("days"):
        out.append(("field", ("延长审核期限", f"延长 {ext['days']} 个工作日，经 {ext.get('approved_by', '')} 于"
                                              f"{_date(ext.get('approved_on'))}批准（{ext.get('reason', '')}）")))
    out.append(("heading", "二、拟作出的执法决定"))
    for label, value in _proposed(sub.get("proposed_decision") or {}):
        out.append(("field", (label, value)))
    out.append(("field", ("法制审核目录情形", sub.get("major_category", ""))))
    out.append(("heading", "三、审核意见"))
    for f in data["findings"]:
        out.append(("finding", f"（{f['no']}）{f['name']}：{f.get('result') or '未审核'}"))
        if f.get("explanation"):
            out.append(("para", f["explanation"]))
        if f.get("suggestion"):
            out.append(("para", "建议：" + f["suggestion"]))
        for c in f.get("citations") or []:
            out.append(("citation", c))
    out.append(("heading", "四、审核结论"))
    out.append(("para", data.get("conclusion") or "（尚未作出结论）"))
    if data.get("conclusion_note"):
        out.append(("para", data["conclusion_note"]))
    mats = sub.get("materials") or []
    if mats:
        out.append(("heading", "附件"))
        for n, m in enumerate(mats, 1):
            out.append(("para", f"{n}. {m}"))
    reviewer = data.get("reviewer", "")
    if data.get("reviewer_qualification"):
        reviewer += f"（法律职业资格证号：{data['reviewer_qualification']}）"
    out.append(("sign", ("审核人", reviewer)))
    out.append(("sign", ("法制机构负责人", data.get("head") or "（待签发）")))
    out.append(("sign", ("日期", _date(data.get("date")))))
    if data.get("copies"):
        out.append(("note", data["copies"]))
    return out


def reply_blocks(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """The 复核意见书 answering a handling unit's 复核 request on a signed 意见书:

        {"title", "agency", "date", "case": {...}, "opinion": {number, signed_on, conclusion},
         "request": {requested_on, requested_by, reason, points: [names]},
         "result", "text", "changed_conclusion", "reviewer", "reviewer_qualification"}"""
    case, op, req = data["case"], data["opinion"], data["request"]
    out: list[tuple[str, Any]] = [("agency", data.get("agency") or ""),
                                  ("title", data.get("title") or "法制审核复核意见书"),
                                  ("number", f"关于{op.get('number') or '法制审核意见书'}的复核意见")]
    out.append(("heading", "一、案件与原审核意见"))
    out.append(("field", ("案件名称", case.get("title", ""))))
    out.append(("field", ("案号", case.get("case_no", ""))))
    out.append(("field", ("原意见书", f"{op.get('number', '')}（{_date(op.get('signed_on'))}签发）")))
    out.append(("field", ("原审核结论", op.get("conclusion") or "")))
    out.append(("heading", "二、复核申请"))
    out.append(("field", ("申请人", req.get("requested_by") or case.get("handling_unit") or "")))
    out.append(("field", ("申请日期", _date(req.get("requested_on")))))
    if req.get("points"):
        out.append(("field", ("有异议的审核要点", "、".join(req["points"]))))
    out.append(("para", "申请理由：" + (req.get("reason") or "")))
    out.append(("heading", "三、复核意见"))
    verdict = "维持原审核意见" if data.get("result") == "维持" else "变更原审核意见"
    if data.get("result") == "变更" and data.get("changed_conclusion"):
        verdict += f"，审核结论变更为：{data['changed_conclusion']}"
    out.append(("finding", verdict + "。"))
    out.append(("para", data.get("text") or ""))
    out.append(("para", "承办机构对复核意见仍有异议的，可提请行政机关负责人集体讨论决定。"))
    reviewer = data.get("reviewer", "")
    if data.get("reviewer_qualification"):
        reviewer += f"（法律职业资格证号：{data['reviewer_qualification']}）"
    out.append(("sign", ("复核人", reviewer)))
    out.append(("sign", ("日期", _date(data.get("date")))))
    return out


def reply_pdf(data: dict[str, Any]) -> tuple[bytes, int]:
    with MUPDF_LOCK:
        return _render_pdf(f"{data.get('title', '法制审核复核意见书')} {data['case']['case_no']}",
                           data["case"].get("title", ""), reply_blocks(data), draft=False)


def reply_docx(data: dict[str, Any]) -> bytes:
    return _render_docx(f"{data.get('title', '法制审核复核意见书')} {data['case']['case_no']}",
                        data.get("reviewer", ""), reply_blocks(data), draft=False)


def opinion_pdf(data: dict[str, Any]) -> tuple[bytes, int]:
    with MUPDF_LOCK:
        return _render_pdf(f"{data.get('title', '法制审核意见书')} {data['case']['case_no']}",
                           data["case"].get("title", ""), blocks(data), draft=bool(data.get("draft")))


def _render_pdf(title: str, subject: str, content_blocks: list[tuple[str, Any]], *, draft: bool) -> tuple[bytes, int]:
    c = _Canvas(title, subject)
    width = PAGE_W - MARGIN_L - MARGIN_R
    bottom = PAGE_H - MARGIN_B
    links: list[tuple[int, pymupdf.Rect, str]] = []
    y = bottom + 1  # forces a page

    def room(h: float) -> None:
        nonlocal y
        if y + h > bottom:
            c.new_page()
            if draft:
                _draft_mark(c)
            y = MARGIN_T

    for style, content in content_blocks:
        if style == "agency":
            room(HEAD_SIZE * 2)
            c.text(MARGIN_L, y, content, HEAD_SIZE + 4, align="center", width=width)
            y += (HEAD_SIZE + 4) * LINE + 4
        elif style == "title":
            c.text(MARGIN_L, y, content, TITLE_SIZE, align="center", width=width)
            y += TITLE_SIZE * LINE + 2
        elif style == "number":
            c.text(MARGIN_L, y, content, SIZE, align="right", width=width)
            y += SIZE * LINE + 4
            c.line(MARGIN_L, y, MARGIN_L + width, y)
            y += 8
        elif style == "heading":
            room(HEAD_SIZE * LINE * 3)
            y += 4
            c.text(MARGIN_L, y, content, HEAD_SIZE)
            y += HEAD_SIZE * LINE + 2
        elif style == "field":
            label, value = content
            offset = max(100.0, _font().text_length(label + "：", SIZE) + 8)
            lines = _wrap(value or "", width - offset, SIZE)
            room(len(lines) * SIZE * LINE)
            c.text(MARGIN_L + 12, y, label + "：", SIZE)
            y = c.lines(MARGIN_L + 12 + offset, y, lines, SIZE)
        elif style in ("para", "finding", "note"):
            indent = 12 if style == "finding" else 24
            lines = _wrap(content, width - indent, SIZE)
            for ln in lines:
                room(SIZE * LINE)
                c.text(MARGIN_L + indent, y, ln, SIZE)
                y += SIZE * LINE
        elif style == "citation":
            text = "引用：" + content["text"]
            lines = _wrap(text, width - 36, SIZE - 1)
            for ln in lines:
                room((SIZE - 1) * LINE)
                c.text(MARGIN_L + 36, y, ln, SIZE - 1)
                if content.get("uri"):
                    w = _font().text_length(ln, SIZE - 1)
                    links.append((c.doc.page_count - 1, pymupdf.Rect(MARGIN_L + 36, y, MARGIN_L + 36 + w,
                                                                     y + (SIZE - 1) * LINE), content["uri"]))
                y += (SIZE - 1) * LINE
        elif style == "sign":
            label, value = content
            room(SIZE * LINE * 2)
            if label in ("审核人", "复核人"):
                y += SIZE
            c.text(MARGIN_L + width * 0.38, y, f"{label}：{value}", SIZE)
            y += SIZE * LINE * 1.5
    c.flush()
    for page_no, rect, uri in links:
        c.doc[page_no].insert_link({"kind": pymupdf.LINK_URI, "from": rect, "uri": uri})
    return c.finish()


def _draft_mark(c: _Canvas) -> None:
    """A grey diagonal 草稿 on every page of a draft."""
    page = c.page
    font = pymupdf.Font("china-s")
    tw = pymupdf.TextWriter(page.rect, color=(0.82, 0.82, 0.82))
    size = 110
    text = "草稿"
    length = font.text_length(text, size)
    tw.append((PAGE_W / 2 - length / 2, PAGE_H / 2 + size / 3), text, font=font, fontsize=size)
    tw.write_text(page, morph=(pymupdf.Point(PAGE_W / 2, PAGE_H / 2), pymupdf.Matrix(-35)))


def opinion_docx(data: dict[str, Any]) -> bytes:
    return _render_docx(f"{data.get('title', '法制审核意见书')} {data['case']['case_no']}", data.get("reviewer", ""),
                        blocks(data), draft=bool(data.get("draft")))


def _render_docx(title: str, author: str, content_blocks: list[tuple[str, Any]], *, draft: bool) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    props = doc.core_properties
    props.title = title
    props.author = author
    if draft:
        p = doc.add_paragraph()
        r = p.add_run("【草稿】")
        r.bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def para(text: str, *, size: float | None = None, bold: bool = False, align=None, indent: float = 0):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.left_indent = Pt(indent)
        return p

    for st, content in content_blocks:
        if st == "agency":
            para(content, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif st == "title":
            para(content, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif st == "number":
            para(content, align=WD_ALIGN_PARAGRAPH.RIGHT)
        elif st == "heading":
            para(content, size=14, bold=True)
        elif st == "field":
            para(f"{content[0]}：{content[1]}", indent=12)
        elif st == "finding":
            para(content, bold=True, indent=12)
        elif st in ("para", "note"):
            para(content, indent=24)
        elif st == "citation":
            para("引用：" + content["text"], size=10.5, indent=36)
        elif st == "sign":
            para(f"{content[0]}：{content[1]}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
