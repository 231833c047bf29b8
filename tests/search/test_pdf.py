"""Text extraction from real PDFs and character-level hit rectangles."""

import re

import pymupdf

from workstation.search import extract_pdf_pages, fold, hit_boxes

from .conftest import write_pdf


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", fold(s))


def test_extracted_pages_match_the_source(archive):
    for (item_id, page), src in archive.page_sources.items():
        assert _squash(archive.docs[f"p:{item_id}:{page}"].text) == _squash(src)


def test_extract_joins_cjk_line_breaks(tmp_path):
    text = "行政执法全过程记录制度要求执法记录仪全程录像" * 6  # wraps inside words
    pdf = write_pdf(tmp_path / "a.pdf", [text])
    (pt,) = extract_pdf_pages(pdf)
    assert pt.page == 1 and "\n" not in pt.text and fold(pt.text) == fold(text) and not pt.needs_ocr


def test_blank_scanned_page_is_flagged_for_ocr(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(50, 50, 250, 250), pixmap=pix)
    doc.save(tmp_path / "scan.pdf")
    (pt,) = extract_pdf_pages(tmp_path / "scan.pdf")
    assert pt.text == "" and pt.needs_ocr


def _chars_in(pdf, page_no, rects):
    """The characters whose box centre lies in one of ``rects``, in reading order."""
    out = []
    with pymupdf.open(pdf) as doc:
        raw = doc[page_no - 1].get_text("rawdict")
    for b in raw["blocks"]:
        for line in b.get("lines", []):
            for span in line["spans"]:
                for ch in span["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                    if any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects):
                        out.append(ch["c"])
    return "".join(out)


def test_hit_boxes_contain_the_hit_characters(tmp_path):
    text = "第十一条执法记录仪一般情况下应当佩戴在执法人员左肩部。" + "甲" * 3 + "依据国办发〔2018〕118号文件执行。"
    pdf = write_pdf(tmp_path / "h.pdf", [text])
    rects = hit_boxes(pdf, 1, ["執法記錄儀"])  # traditional query, simplified page
    assert len(rects) == 1
    assert _chars_in(pdf, 1, rects) == "执法记录仪"
    rects = hit_boxes(pdf, 1, ["〔２０１８〕１１８号"])
    assert rects and fold(_chars_in(pdf, 1, rects)) == "2018〕118号"  # outer brackets are not part of a hit
    assert hit_boxes(pdf, 1, ["不存在的词"]) == []
    assert hit_boxes(pdf, 9, ["执法"]) == []


def test_hit_across_a_line_break_gives_one_box_per_line(tmp_path):
    pdf = write_pdf(tmp_path / "w.pdf", ["甲" * 30 + "执法记录仪" + "乙" * 10])  # 32 characters a line
    with pymupdf.open(pdf) as doc:
        raw = doc[0].get_text("text")
    assert "\n" in raw.split("执")[1] or "\n" in raw.split("仪")[0]  # the term really is broken
    rects = hit_boxes(pdf, 1, ["执法记录仪"])
    assert len(rects) == 2
    assert _chars_in(pdf, 1, rects) == "执法记录仪"


def test_hit_boxes_on_corpus_pages(archive):
    res = archive.index.search("执法记录仪", archive_scope(), limit=5)
    pages = [h for h in res.hits if h.kind == "page"]
    assert pages
    for h in pages:
        item = archive.docs[h.doc_id].item_id
        rects = hit_boxes(archive.pdfs[item], h.page, res.query_terms)
        assert rects
        got = re.sub(r"\s+", "", _chars_in(archive.pdfs[item], h.page, rects))
        assert got and set(re.findall("执法记录仪", got)) == {"执法记录仪"}


def archive_scope():
    from workstation.search import AccessScope

    return AccessScope(max_level=4, case_ids=None)
