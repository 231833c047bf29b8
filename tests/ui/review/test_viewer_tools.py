"""PdfViewer additions for review: the plain-click signal, anchor(), annotation tools drawn
by mouse, overlays and clicking them (pytest-qt, offscreen, a generated Chinese PDF)."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, Qt

CASE_NO = "京执罚〔2026〕31号"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    from workstation.devdata.pdfs import make_long_pdf

    return make_long_pdf(tmp_path_factory.mktemp("tools") / "询问笔录.pdf", 4, random.Random(3))


@pytest.fixture
def opened(qtbot, clerk, pdf):
    from workstation.ui.viewer import PdfViewer

    clerk.create_case(case_no=CASE_NO, title="某店销售过期食品案", category="处罚")
    item_id = clerk.import_paths([pdf], CASE_NO).files[0].item_id
    v = PdfViewer()
    qtbot.addWidget(v)
    v.resize(800, 700)
    v.show()
    qtbot.waitExposed(v)
    with qtbot.waitSignal(v.first_page_drawn, timeout=20_000):
        v.open_item(clerk, item_id)
    yield v, item_id
    v.close_item()


def page_pos(viewer, page: int, x: float, y: float) -> QPoint:
    """The viewport position of point (x, y) in PDF points of ``page`` (1-based)."""
    c = viewer.canvas
    box = c.layout.box(page - 1, c.viewport().width())
    z = c.layout.zoom
    return QPoint(round(box.x + x * z - c.horizontalScrollBar().value()),
                  round(box.y + y * z - c.verticalScrollBar().value()))


def test_plain_click_gives_page_and_pdf_point(qtbot, opened):
    viewer, item_id = opened
    viewer.go_to_page(2)
    pos = page_pos(viewer, 2, 100, 150)
    with qtbot.waitSignal(viewer.page_clicked, timeout=2000) as blocker:
        qtbot.mouseClick(viewer.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    page, x, y = blocker.args
    assert page == 2
    assert abs(x - 100) < 2 and abs(y - 150) < 2
    assert viewer.anchor() == {"item_id": item_id, "page": 2}
    # a click with Ctrl held is not a plain click
    with qtbot.assertNotEmitted(viewer.page_clicked, wait=100):
        qtbot.mouseClick(viewer.canvas.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ControlModifier, pos=pos)


def test_rectangle_tool_drag_reports_rect_and_overlay_click(qtbot, opened):
    viewer, item_id = opened
    viewer.set_tool("redaction")
    vp = viewer.canvas.viewport()
    a, b = page_pos(viewer, 1, 80, 100), page_pos(viewer, 1, 300, 180)
    with qtbot.waitSignal(viewer.annotation_drawn, timeout=2000) as blocker:
        qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
        qtbot.mouseMove(vp, b)
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)
    tool, page, rect, quads, _text = blocker.args
    assert (tool, page) == ("redaction", 1)
    assert all(abs(u - v) < 2.5 for u, v in zip(rect, (80, 100, 300, 180)))
    viewer.set_tool(None)
    viewer.set_annotations([{"id": 7, "page": 1, "kind": "redaction", "rect": rect}])
    with qtbot.waitSignal(viewer.annotation_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=page_pos(viewer, 1, 150, 140))
    assert clicked.args == [7]


def test_highlight_tool_follows_text_lines(qtbot, opened):
    import pymupdf

    viewer, item_id = opened
    viewer.set_tool("highlight")
    with pymupdf.open(viewer.reader.path) as doc:
        words = doc[0].get_text("rawdict")
    line = next(ln for blk in words["blocks"] if blk.get("type", 0) == 0 for ln in blk["lines"]
                if sum(len(s["chars"]) for s in ln["spans"]) > 8)
    chars = [c for s in line["spans"] for c in s["chars"]]
    x0, y0, _x1, y1 = chars[0]["bbox"]
    x1 = chars[5]["bbox"][2]
    ym = (y0 + y1) / 2
    vp = viewer.canvas.viewport()
    a, b = page_pos(viewer, 1, x0 + 0.5, ym), page_pos(viewer, 1, x1 - 0.5, ym + 0.5)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
    qtbot.waitUntil(lambda: (0, 0) in viewer.canvas.texts, timeout=5000)
    with qtbot.waitSignal(viewer.annotation_drawn, timeout=2000) as blocker:
        qtbot.mouseMove(vp, b)
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)
    tool, page, rect, quads, text = blocker.args
    assert tool == "highlight" and page == 1
    assert text == "".join(c["c"] for c in chars[:6])
    assert len(quads) == 1 and abs(quads[0][1] - min(c["bbox"][1] for c in chars[:6])) < 1
