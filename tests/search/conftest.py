"""A real index over real PDFs made from the demo corpus (built once per test session)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS_DIRS = [REPO / "resources" / "demo-corpus", Path("/work/shared/corpus")]
CHARS_PER_PAGE = 600
FONT = "china-s"
LINE_W = 360.0
FONT_SIZE = 11.0
LINE_H = 17.0


def corpus_texts() -> list[str]:
    for d in CORPUS_DIRS:
        files = sorted(d.glob("*.txt"))
        if files:
            return [f.read_text("utf-8") for f in files]
    raise RuntimeError("demo corpus not found")


def paginate(text: str, size: int = CHARS_PER_PAGE) -> list[str]:
    pages, cur = [], ""
    for line in text.splitlines():
        line = line.rstrip()
        while len(line) > size:
            if cur:
                pages.append(cur)
                cur = ""
            pages.append(line[:size])
            line = line[size:]
        if len(cur) + len(line) + 1 > size and cur:
            pages.append(cur)
            cur = ""
        cur = f"{cur}\n{line}" if cur else line
    if cur.strip():
        pages.append(cur)
    return [p for p in pages if p.strip()]


def write_pdf(path: Path, pages: list[str]) -> Path:
    """Each page's paragraphs wrapped by measured width, i.e. broken anywhere inside words."""
    import pymupdf

    font = pymupdf.Font(FONT)
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_font(fontname=FONT)
        lines = []
        for para in text.split("\n"):
            para = re.sub(r"\s+", " ", para).strip()  # layout spaces would run off the page
            if not para:
                continue
            line = ""
            for ch in para:
                if font.text_length(line + ch, fontsize=FONT_SIZE) > LINE_W:
                    lines.append(line)
                    line = ""
                line += ch
            lines.append(line)
        line_h = min(LINE_H, 740.0 / max(1, len(lines)))
        size = min(FONT_SIZE, line_h * 0.8)
        for i, line in enumerate(lines):
            page.insert_text((80, 60 + i * line_h), line, fontname=FONT, fontsize=size)
    doc.save(str(path))
    doc.close()
    return path


CASES = {
    1: {"case_no": "陵司字〔2019〕54号", "party": "甘肃某建材有限公司", "category": "城市管理", "cause": "未批先建",
        "status": "closed"},
    2: {"case_no": "衡住建罚〔2020〕7号", "party": "张三", "category": "住房城乡建设", "cause": "违法转包",
        "status": "open"},
    3: {"case_no": "京市监罚〔2021〕1088号", "party": "北京某科技有限公司 91440300MA5DXXXX7Q", "category": "市场监管",
        "cause": "虚假宣传", "status": "open"},
}
# item_id -> (case_id, level, title, date)
ITEMS = {
    11: (1, 0, "实施方案（公开稿）", "2019-10-14"), 12: (1, 1, "实施方案附件", "2019-10-20"),
    21: (2, 2, "试点工作实施方案", "2020-04-27"), 22: (2, 1, "试点工作通知", "2020-05-02"),
    31: (3, 3, "公示制度汇编", "2021-01-05"), 32: (3, 0, "公示制度汇编续", "2021-03-30"),
}
SEGMENT_ITEM = 33  # an audio recording in case 3, level 0
SEGMENTS = [
    (0, 4200, "执法人员出示执法证件，告知当事人执法记录仪正在录像。"),
    (4200, 9100, "當事人表示對執法記錄儀錄像沒有異議。"),
    (9100, 15000, "现场查封扣押物品清单已经当事人签字确认。"),
]


@dataclass
class Archive:
    index: object
    pdfs: dict[int, Path]
    units: dict[str, str]  # doc_id -> source text (oracle)
    docs: dict[str, object]  # doc_id -> IndexDoc
    page_sources: dict[tuple[int, int], str] = field(default_factory=dict)  # (item, page) -> source


def build_docs(tmp: Path):
    from workstation.search import IndexDoc, extract_pdf_pages

    texts = corpus_texts()
    pdfs: dict[int, Path] = {}
    docs = []
    units = {}
    sources = {}
    for case_idx, text in enumerate(texts[:3]):
        case_id = case_idx + 1
        pages = paginate(text)
        half = len(pages) // 2
        for item_id, item_pages in ((case_id * 10 + 1, pages[:half]), (case_id * 10 + 2, pages[half:])):
            _, level, title, date = ITEMS[item_id]
            pdf = write_pdf(tmp / f"item{item_id}.pdf", item_pages)
            pdfs[item_id] = pdf
            fields = dict(CASES[case_id], title=title, date=date, doc_no=f"文书{item_id}号", author="某某执法局")
            for pt, src in zip(extract_pdf_pages(pdf), item_pages):
                d = IndexDoc(f"p:{item_id}:{pt.page}", case_id, item_id, "page", pt.text, page=pt.page,
                             level=level, fields=fields, version=f"v1:{item_id}")
                docs.append(d)
                units[d.doc_id] = src
                sources[(item_id, pt.page)] = src
            meta = f"{title} {fields['doc_no']} {fields['author']}"
            d = IndexDoc(f"m:{item_id}", case_id, item_id, "item_meta", meta, level=level, fields=fields,
                         version=f"v1:{item_id}")
            docs.append(d)
            units[d.doc_id] = meta
    for case_id, cf in CASES.items():
        meta = " ".join(cf.values())
        d = IndexDoc(f"c:{case_id}", case_id, None, "case_meta", meta, level=0, fields=dict(cf))
        docs.append(d)
        units[d.doc_id] = meta
    seg_fields = dict(CASES[3], title="现场检查录音", date="2021-02-01")
    for i, (a, b, text) in enumerate(SEGMENTS):
        d = IndexDoc(f"t:{SEGMENT_ITEM}:{i}", 3, SEGMENT_ITEM, "segment", text, start_ms=a, end_ms=b, level=0,
                     fields=seg_fields)
        docs.append(d)
        units[d.doc_id] = text
    return pdfs, docs, units, sources


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Archive:
    from workstation.search import SearchIndex

    tmp = tmp_path_factory.mktemp("search")
    pdfs, docs, units, sources = build_docs(tmp)
    ix = SearchIndex(tmp / "index", procs=1, batch_size=25)  # several commits, several segments
    ix.add(docs)
    yield Archive(ix, pdfs, units, {d.doc_id: d for d in docs}, sources)
    ix.close()
