"""OCR of scanned pages and images (RapidOCR with the models inside its wheel), and OCR units in results."""

import random
from pathlib import Path

import pytest

from workstation.search import AccessScope, IndexDoc, SearchIndex, extract_pdf_pages, fold

pytest.importorskip("rapidocr")

from workstation.search import _ocr, ocr_image_text, ocr_page_text  # noqa: E402

LINES = ["行政执法全过程记录制度要求执法记录仪全程录像。", "国办发〔2018〕118号", "统一社会信用代码：91440300MA5DXXXX7Q"]


def _squash(s: str) -> str:
    return "".join(c for c in fold(s) if c.isalnum())


def _accuracy(got: str, want: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, _squash(got), _squash(want)).ratio()


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    from workstation.devdata import pdfs

    path = tmp_path_factory.mktemp("ocr") / "scan.pdf"
    pdfs.make_scanned_pdf(path, LINES, random.Random(3), title="营业执照（副本）")
    return path


def test_scanned_page_is_recognised(scan):
    (page,) = extract_pdf_pages(scan)
    assert page.needs_ocr and not page.text
    text = ocr_page_text(scan, 1)
    assert _accuracy(text, "营业执照（副本）" + "".join(LINES)) >= 0.95, text
    assert "执法记录仪" in fold(text)


def test_image_file_is_recognised(scan, tmp_path):
    import pymupdf

    with pymupdf.open(str(scan)) as doc:
        png = tmp_path / "photo"  # no extension: the format is sniffed from the content
        png.write_bytes(doc[0].get_pixmap(dpi=150).tobytes("png"))
    assert _accuracy(ocr_image_text(png), "营业执照（副本）" + "".join(LINES)) >= 0.9


def test_engine_loads_once_from_the_bundled_models():
    e = _ocr._get_engine()
    assert _ocr._get_engine() is e
    base = Path(__import__("rapidocr").__file__).resolve().parent / "models"
    for part, path in _ocr._bundled_models().items():
        assert path.parent == base and path.is_file()
    assert _ocr.engine_version().startswith("rapidocr-")


def test_ocr_units_are_marked_in_hits(tmp_path):
    ix = SearchIndex(tmp_path / "ix", procs=1)
    ix.add([IndexDoc("p:1:1", 1, 1, "page", "执法记录仪全程录像", page=1, ocr=True),
            IndexDoc("p:1:2", 1, 1, "page", "执法记录仪佩戴", page=2)])
    hits = {h.doc_id: h for h in ix.search("执法记录仪", AccessScope(4, None)).hits}
    assert hits["p:1:1"].ocr and not hits["p:1:2"].ocr
    ix.close()
