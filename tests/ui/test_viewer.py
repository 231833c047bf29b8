"""PdfViewer (pytest-qt, offscreen): paging, zoom, find, copy permission, audit, watermark,
opening at a search hit, lazy thumbnails, and a 1,000-page document that stays responsive.

The documents are generated Chinese PDFs imported through the facade; expected hit boxes
and text come from PyMuPDF on the original file.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

CASE_NO = "京执罚〔2026〕88号"
TERM = "执法"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def long_pdf(tmp_path_factory) -> Path:
    from workstation.devdata.pdfs import make_long_pdf

    return make_long_pdf(tmp_path_factory.mktemp("viewer-pdf") / "汇编.pdf", 60, random.Random(11))


@pytest.fixture(scope="session")
def huge_pdf(tmp_path_factory) -> Path:
    from workstation.devdata.pdfs import make_long_pdf

    return make_long_pdf(tmp_path_factory.mktemp("viewer-huge") / "千页.pdf", 1000, random.Random(5))


def _import(ws, pdf: Path, case_no: str = CASE_NO, **case) -> int:
    ws.create_case(case_no=case_no, title="某公司未按规定公示信息案", category="处罚", **case)
    report = ws.import_paths([pdf], case_no)
    return report.files[0].item_id


@pytest.fixture
def item(clerk, long_pdf) -> int:
    return _import(clerk, long_pdf)


@pytest.fixture
def viewer(qtbot):
    from workstation.ui.viewer import PdfViewer

    v = PdfViewer()
    qtbot.addWidget(v)
    v.resize(900, 700)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.close_item()


def open_doc(qtbot, viewer, ws, item_id, **kw) -> float:
    with qtbot.waitSignal(viewer.first_page_drawn, timeout=20_000) as blocker:
        viewer.open_item(ws, item_id, **kw)
    return blocker.args[0]


def wait_drawn(qtbot, viewer, page_no: int) -> None:
    qtbot.waitUntil(lambda: viewer.canvas.drawn_sharp(page_no - 1), timeout=10_000)


def view_events(archive, item_id: int) -> list[dict]:
    from workstation.archive import audit

    with archive.read() as s:
        events = [audit.event_to_json(e) for e in audit.iter_events(s, action="item.view")]
    return [e for e in events if e["target"].endswith(f"/item:{item_id}")]


def expand_ranges(text: str) -> set[int]:
    out: set[int] = set()
    for part in filter(None, text.split(",")):
        a, _, b = part.partition("-")
        out.update(range(int(a), int(b or a) + 1))
    return out


def expected_hits(pdf: Path, needle: str) -> list[tuple[int, tuple[float, float, float, float]]]:
    import pymupdf

    out = []
    with pymupdf.open(pdf) as doc:
        for i, page in enumerate(doc):
            out += [(i + 1, (r.x0, r.y0, r.x1, r.y1)) for r in page.search_for(needle)]
    return sorted(out, key=lambda h: (h[0], h[1][1], h[1][0]))


def viewport_rect(viewer, page_no: int, rect):
    """A rect in PDF points of a page, in viewport pixels."""
    from PySide6.QtCore import QRectF

    c = viewer.canvas
    box = c.layout.box(page_no - 1, c.viewport().width())
    z = c.zoom
    x = box.x - c.horizontalScrollBar().value()
    y = box.y - c.verticalScrollBar().value()
    return QRectF(x + rect[0] * z, y + rect[1] * z, (rect[2] - rect[0]) * z, (rect[3] - rect[1]) * z)


def send_mouse(widget, kind, pos, buttons):
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    types = {"press": QEvent.Type.MouseButtonPress, "move": QEvent.Type.MouseMove,
             "release": QEvent.Type.MouseButtonRelease}
    button = Qt.MouseButton.NoButton if kind == "move" else Qt.MouseButton.LeftButton
    p = QPointF(pos)
    ev = QMouseEvent(types[kind], p, widget.mapToGlobal(p), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


# --------------------------------------------------------------------------- paging


def test_open_and_page_through(qtbot, viewer, clerk, item):
    from PySide6.QtCore import Qt

    ms = open_doc(qtbot, viewer, clerk, item)
    assert ms > 0
    assert viewer.item_id == item and viewer.page_count == 60
    assert viewer.current_page == 1 and viewer.page_box.text() == "1"
    assert viewer.page_total.text().strip() == "/ 60"
    assert not viewer.prev_page_action.isEnabled() and viewer.next_page_action.isEnabled()

    viewer.next_page()
    assert viewer.current_page == 2
    wait_drawn(qtbot, viewer, 2)

    with qtbot.waitSignal(viewer.page_changed) as changed:
        viewer.go_to_page(30)
    assert changed.args == [30, 60]
    assert viewer.current_page == 30 and viewer.page_box.text() == "30"
    wait_drawn(qtbot, viewer, 30)
    assert 29 in viewer.canvas.visible_pages()

    viewer.page_box.clear()
    qtbot.keyClicks(viewer.page_box, "45")
    qtbot.keyClick(viewer.page_box, Qt.Key.Key_Return)
    assert viewer.current_page == 45
    wait_drawn(qtbot, viewer, 45)

    viewer.go_to_page(999)  # clamped
    assert viewer.current_page == 60 and not viewer.next_page_action.isEnabled()
    viewer.previous_page()
    assert viewer.current_page == 59

    # Keyboard: End and Home on the page strip.
    viewer.canvas.setFocus()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_End)
    assert viewer.current_page == 60
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Home)
    assert viewer.current_page == 1

    # Scrolling by hand moves the current page along.
    vs = viewer.canvas.verticalScrollBar()
    vs.setValue(0)
    assert viewer.current_page == 1
    vs.setValue(round(viewer.canvas.layout.tops[9]))
    assert viewer.current_page == 10


def test_open_before_the_viewer_is_shown(qtbot, clerk, item):
    """A tab opens its document before it is laid out: the page renders at the real width."""
    from workstation.ui.viewer import PdfViewer
    from workstation.ui.viewer.layout import fit_width_zoom

    viewer = PdfViewer()
    qtbot.addWidget(viewer)
    viewer.open_item(clerk, item, page=4)
    qtbot.waitSignal(viewer.opened, timeout=10_000).wait()
    assert viewer.worker.renders_done == 0  # nothing rendered at a guessed size
    with qtbot.waitSignal(viewer.first_page_drawn, timeout=10_000):
        viewer.resize(800, 600)
        viewer.show()
    assert viewer.current_page == 4
    assert viewer.zoom == pytest.approx(fit_width_zoom(viewer.canvas.viewport().width(), 595))
    viewer.close_item()


def test_zoom_and_fit_width(qtbot, viewer, clerk, item):
    from workstation.ui.viewer.layout import fit_width_zoom

    open_doc(qtbot, viewer, clerk, item)
    fit = fit_width_zoom(viewer.canvas.viewport().width(), 595)
    assert viewer.zoom == pytest.approx(fit) and viewer.canvas.fit_width
    assert viewer.zoom_box.currentText() == "适合宽度"

    viewer.go_to_page(5)
    wait_drawn(qtbot, viewer, 5)
    with qtbot.waitSignal(viewer.zoom_changed):
        viewer.zoom_in()
    assert viewer.zoom > fit and not viewer.canvas.fit_width
    assert viewer.zoom_box.currentText() == f"{round(viewer.zoom * 100)}%"
    assert viewer.current_page == 5  # the view stays on the page it showed
    wait_drawn(qtbot, viewer, 5)  # re-rendered at the new zoom
    image = viewer.canvas.cache.get((4, round(viewer.canvas.device_zoom * 1000)))
    assert image.width() == pytest.approx(595 * viewer.canvas.device_zoom, abs=2)

    viewer.zoom_out()
    viewer.zoom_out()
    assert viewer.zoom < fit
    assert viewer.current_page == 5
    viewer.set_zoom(1.0)
    assert viewer.zoom == 1.0 and viewer.zoom_box.currentText() == "100%"
    wait_drawn(qtbot, viewer, 5)
    viewer.fit_width()
    assert viewer.zoom == pytest.approx(fit) and viewer.canvas.fit_width

    # Fit width follows the window.
    viewer.resize(700, 700)
    qtbot.waitUntil(lambda: viewer.zoom == pytest.approx(fit_width_zoom(viewer.canvas.viewport().width(), 595)))
    assert viewer.zoom < fit


# --------------------------------------------------------------------------- find


def test_find_in_document_highlights_hits(qtbot, viewer, clerk, item, long_pdf):
    expected = expected_hits(long_pdf, TERM)
    assert len(expected) > 5
    open_doc(qtbot, viewer, clerk, item)

    with qtbot.waitSignal(viewer.find_finished, timeout=20_000) as done:
        viewer.find(TERM)
    assert done.args == [len(expected)]
    hits = viewer.find_hits
    assert [h[0] for h in hits] == [e[0] for e in expected]
    for (_p, got), (_q, want) in zip(hits, expected):
        assert got == pytest.approx(want, abs=0.01)
    # Highlighted on the canvas, page by page.
    pages = {p for p, _ in expected}
    assert set(viewer.canvas.find_hits) == {p - 1 for p in pages}

    # The search began on page 1: the current hit is the first one, shown on screen.
    assert viewer.current_hit == hits[0]
    assert viewer.find_label.text() == f"1/{len(hits)}"
    first_page = hits[0][0]
    assert viewer.current_page == first_page
    assert viewer.canvas.viewport().rect().toRectF().contains(viewport_rect(viewer, *hits[0]))

    viewer.find_next()
    assert viewer.current_hit == hits[1] and viewer.find_label.text() == f"2/{len(hits)}"
    last = len(hits) - 1
    viewer.find_previous()
    viewer.find_previous()  # wraps around to the last hit
    assert viewer.current_hit == hits[last]
    assert viewer.current_page == hits[last][0]
    assert viewer.canvas.viewport().rect().toRectF().contains(viewport_rect(viewer, *hits[last]))

    # Starting from a later page, the first hit shown is at or after it.
    viewer.go_to_page(40)
    with qtbot.waitSignal(viewer.find_finished, timeout=20_000):
        viewer.find(TERM)
    assert viewer.current_hit[0] >= 40
    assert viewer.current_hit == next(h for h in hits if h[0] >= 40)

    with qtbot.waitSignal(viewer.find_finished, timeout=20_000) as none:
        viewer.find("不存在的词语甲乙丙")
    assert none.args == [0] and viewer.find_hits == [] and viewer.find_label.text() == "未找到"
    viewer.clear_find()
    assert viewer.canvas.find_hits == {} and viewer.current_hit is None


# --------------------------------------------------------------------------- copy permission


@pytest.fixture
def reader_ws(archive, admin, secadmin, item):
    """A 查阅人 with a view grant only: may read, may not export."""
    from workstation.archive.vocab import Role

    admin.add_user("reader", PASSWORD, [Role.READER], department="稽查科")
    secadmin.add_grant(CASE_NO, user="reader", level="view", reason="调阅")
    return archive.sign_in("reader", PASSWORD)


@pytest.fixture
def reviewer_ws(archive, admin, secadmin, item):
    """A 法制审核 reviewer with an export grant."""
    from workstation.archive.vocab import Role

    admin.add_user("reviewer", PASSWORD, [Role.REVIEWER], department="法制科")
    secadmin.add_grant(CASE_NO, user="reviewer", level="export", reason="法制审核")
    return archive.sign_in("reviewer", PASSWORD)


def test_copy_disabled_without_export_grant(qtbot, viewer, reader_ws, item):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText("剪贴板原有内容")
    open_doc(qtbot, viewer, reader_ws, item)
    assert not viewer.can_copy
    assert not viewer.copy_action.isEnabled() and not viewer.select_page_action.isEnabled()
    assert "导出" in viewer.copy_action.toolTip() and viewer.copy_disabled_reason == viewer.copy_action.toolTip()
    assert not viewer.select_current_page()

    # Dragging over the text selects nothing; Ctrl+C copies nothing.
    vp = viewer.canvas.viewport()
    send_mouse(vp, "press", QPoint(150, 120), Qt.MouseButton.LeftButton)
    send_mouse(vp, "move", QPoint(600, 300), Qt.MouseButton.LeftButton)
    send_mouse(vp, "release", QPoint(600, 300), Qt.MouseButton.NoButton)
    assert not viewer.canvas.has_selection()
    viewer.canvas.setFocus()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert viewer.copy_selection() is None
    assert QApplication.clipboard().text() == "剪贴板原有内容"
    assert viewer.worker is not None and viewer.canvas.texts.bytes == 0  # no text was even extracted


def test_copy_with_export_grant(qtbot, viewer, reviewer_ws, item, long_pdf):
    import pymupdf
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from workstation.ui.viewer.text import PageText

    with pymupdf.open(long_pdf) as doc:
        page_text = doc[2].get_text("text")
        chars = PageText.from_rawdict(doc[2].get_text("rawdict"))
    open_doc(qtbot, viewer, reviewer_ws, item)
    assert viewer.can_copy and viewer.copy_disabled_reason == ""
    assert not viewer.copy_action.isEnabled()  # nothing selected yet
    viewer.go_to_page(3)
    qtbot.waitUntil(viewer.select_current_page, timeout=10_000)
    assert viewer.copy_action.isEnabled()
    selected = viewer.selected_text()
    assert "".join(selected.split()) == "".join(page_text.split())
    QApplication.clipboard().clear()
    viewer.canvas.setFocus()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == selected

    # Drag from the start of the first body line to the end of the second.
    s0, e0, y00, y01, x00, _x01 = chars.line_spans[0]
    s1, e1, y10, y11, _x10, x11 = chars.line_spans[1]
    start = viewport_rect(viewer, 3, (x00 - 1, y00, x00 - 1, y01)).center().toPoint()
    end = viewport_rect(viewer, 3, (x11 + 1, y10, x11 + 1, y11)).center().toPoint()
    vp = viewer.canvas.viewport()
    send_mouse(vp, "press", start, Qt.MouseButton.LeftButton)
    send_mouse(vp, "move", (start + end) / 2, Qt.MouseButton.LeftButton)
    send_mouse(vp, "move", end, Qt.MouseButton.LeftButton)
    send_mouse(vp, "release", end, Qt.MouseButton.NoButton)
    assert viewer.selected_text() == chars.text(s0, e0) + "\n" + chars.text(s1, e1)
    assert viewer.copy_selection() == viewer.selected_text()
    assert QApplication.clipboard().text() == chars.text(s0, e0) + "\n" + chars.text(s1, e1)


def test_copy_stops_when_grant_is_revoked(qtbot, viewer, reviewer_ws, secadmin, item):
    open_doc(qtbot, viewer, reviewer_ws, item)
    qtbot.waitUntil(viewer.select_current_page, timeout=10_000)
    for g in secadmin.list_grants(CASE_NO):
        if g["user"] == "reviewer":
            secadmin.revoke_grant(g["id"])
    assert viewer.copy_selection() is None
    assert not viewer.can_copy and not viewer.copy_action.isEnabled()
    assert "导出" in viewer.copy_action.toolTip()


# --------------------------------------------------------------------------- audit


def test_close_writes_one_view_event_with_pages(qtbot, viewer, clerk, archive, item):
    rendered: list[int] = []
    viewer.page_rendered.connect(lambda page, _ms: rendered.append(page))
    assert view_events(archive, item) == []
    open_doc(qtbot, viewer, clerk, item)
    for page in (10, 20):
        viewer.go_to_page(page)
        wait_drawn(qtbot, viewer, page)
    worker = viewer.worker
    with qtbot.waitSignal(viewer.closed) as closed:
        viewer.close_item()
    assert closed.args == [item]
    assert not worker.thread.is_alive()  # the document is closed before the audit event
    assert viewer.item_id is None and viewer.page_count == 0

    events = view_events(archive, item)
    assert len(events) == 1
    ev = events[0]
    assert ev["actor"] == "clerk" and ev["outcome"] == "success"
    assert ev["target"] == f"{CASE_NO}/item:{item}"
    pages = expand_ranges(ev["details"]["pages"])
    assert {1, 10, 20} <= pages
    assert set(rendered) <= pages
    # Only what was on screen and one page either side of it (prefetch), no thumbnails.
    assert pages <= {1, 2, 3, 9, 10, 11, 12, 19, 20, 21, 22}

    viewer.close_item()  # a second close writes nothing
    assert len(view_events(archive, item)) == 1


def test_opening_another_item_closes_the_first(qtbot, viewer, clerk, archive, item, long_pdf, tmp_path):
    import shutil

    other_pdf = tmp_path / "副本.pdf"
    shutil.copy(long_pdf, other_pdf)
    import pymupdf

    with pymupdf.open(other_pdf) as doc:  # different bytes, so not a duplicate
        doc.set_metadata({"title": "副本"})
        doc.save(tmp_path / "副本2.pdf")
    other = clerk.import_paths([tmp_path / "副本2.pdf"], CASE_NO).files[0].item_id
    open_doc(qtbot, viewer, clerk, item)
    open_doc(qtbot, viewer, clerk, other)
    assert len(view_events(archive, item)) == 1 and view_events(archive, other) == []
    viewer.close_item()
    assert len(view_events(archive, other)) == 1


def test_open_denied_changes_nothing(qtbot, viewer, clerk, archive, item):
    from workstation.errors import NotFound

    open_doc(qtbot, viewer, clerk, item)
    with pytest.raises(NotFound):
        viewer.open_item(clerk, 987654)
    assert viewer.item_id == item and viewer.page_count == 60  # still showing the first


# --------------------------------------------------------------------------- watermark


def test_pages_carry_the_core_watermark(qtbot, viewer, clerk, item, long_pdf, monkeypatch):
    import pymupdf
    from PySide6.QtGui import QImage

    from workstation.archive.reader import ItemReader
    from workstation.ui.viewer.worker import image_from_pixmap

    calls = []
    original = ItemReader.render_page

    def spy(self, doc, page_no, zoom=1.5):
        calls.append(page_no)
        return original(self, doc, page_no, zoom)

    monkeypatch.setattr(ItemReader, "render_page", spy)
    open_doc(qtbot, viewer, clerk, item, zoom=1.0)
    dpr = viewer.canvas.devicePixelRatioF()
    shown: QImage = viewer.canvas.cache.get((0, round(dpr * 1000)))
    with pymupdf.open(long_pdf) as doc:
        raw = image_from_pixmap(doc[0].get_pixmap(matrix=pymupdf.Matrix(dpr, dpr)))
    assert (shown.width(), shown.height()) == (raw.width(), raw.height())
    differing = [(x, y) for y in range(0, raw.height(), 3) for x in range(0, raw.width(), 3)
                 if shown.pixel(x, y) != raw.pixel(x, y)]
    assert len(differing) > 0.005 * (raw.width() // 3) * (raw.height() // 3)
    # The mark is tiled over the whole page: every third of the page has some of it.
    for band in range(3):
        assert any(band * raw.height() / 3 <= y < (band + 1) * raw.height() / 3 for _x, y in differing)
    assert viewer.worker.renders_done == len(calls)  # every image came through ItemReader.render_page

    # What is on screen is that watermarked image.
    grab = viewer.canvas.viewport().grab().toImage()
    c = viewer.canvas
    box = c.layout.box(0, c.viewport().width())
    ox, oy = round(box.x - c.horizontalScrollBar().value()), round(box.y - c.verticalScrollBar().value())
    samples = [(x, y) for y in range(300, 600, 5) for x in range(100, 500, 5) if 0 <= oy + y < grab.height()]
    assert len(samples) > 1000
    same = sum(1 for x, y in samples if grab.pixel(ox + x, oy + y) == shown.pixel(x, y))
    assert same == len(samples)


# --------------------------------------------------------------------------- open at a search hit


def test_open_at_search_hit_with_highlights(qtbot, viewer, clerk, archive, item, long_pdf):
    from workstation.search import hit_boxes

    expected = expected_hits(long_pdf, TERM)
    page = next(p for p, _ in expected if p >= 25)
    rects = hit_boxes(long_pdf, page, [TERM])  # what the search panel passes
    assert rects
    rendered: list[int] = []
    viewer.page_rendered.connect(lambda p, _ms: rendered.append(p))
    open_doc(qtbot, viewer, clerk, item, page=page, highlights=[(page, rects)])
    assert rendered[0] == page  # the hit page is the first one rendered
    assert viewer.current_page == page
    assert viewer.canvas.highlights == {page - 1: [tuple(r) for r in rects]}
    top = min(rects, key=lambda r: (r[1], r[0]))
    assert viewer.canvas.viewport().rect().toRectF().contains(viewport_rect(viewer, page, top))
    assert viewer.canvas.drawn_sharp(page - 1)

    # Another hit in the same document (highlights without a page): the viewer moves to the
    # first highlighted page without reopening, so the viewing stays one audit event.
    reader = viewer.reader
    other = next(p for p, _ in expected if p >= 40)
    viewer.open_item(clerk, item, highlights=[(other, hit_boxes(long_pdf, other, [TERM]))])
    assert viewer.reader is reader and viewer.current_page == other
    assert set(viewer.canvas.highlights) == {other - 1}
    wait_drawn(qtbot, viewer, other)
    viewer.close_item()
    assert len(view_events(archive, item)) == 1


# --------------------------------------------------------------------------- thumbnails


def test_thumbnails_are_lazy(qtbot, viewer, clerk, item):
    from PySide6.QtCore import Qt

    open_doc(qtbot, viewer, clerk, item)
    assert not viewer.thumbnails.isVisible()
    assert len(viewer.thumbnails.thumbs.cache) == 0  # hidden: none rendered
    viewer.set_thumbnails_visible(True)
    assert viewer.thumbs_action.isChecked()
    model = viewer.thumbnails.thumbs
    qtbot.waitUntil(lambda: len(model.cache) >= 3, timeout=10_000)
    qtbot.wait(200)
    assert len(model.cache) < 20  # only those on screen, not all 60

    index = model.index(9)
    viewer.thumbnails.scrollTo(index)
    qtbot.wait(50)
    rect = viewer.thumbnails.visualRect(index)
    qtbot.mouseClick(viewer.thumbnails.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert viewer.current_page == 10
    qtbot.waitUntil(lambda: (9, round(model.zoom_for(9) * 1000)) in model.cache, timeout=10_000)


# --------------------------------------------------------------------------- encrypted items


def test_encrypted_item_opens_and_temp_copy_is_removed(qtbot, viewer, clerk, long_pdf):
    item_id = _import(clerk, long_pdf, case_no="京执罚〔2026〕99号", classification="秘密")
    open_doc(qtbot, viewer, clerk, item_id)
    plain = viewer.reader.path
    assert plain.exists() and plain.suffix == ".pdf"
    viewer.go_to_page(7)
    wait_drawn(qtbot, viewer, 7)
    viewer.close_item()
    assert not plain.exists()


# --------------------------------------------------------------------------- a long document


def test_thousand_pages_stay_responsive(qtbot, clerk, huge_pdf, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from workstation.archive.reader import ItemReader
    from workstation.ui.viewer import PdfViewer

    rendered: list[int] = []
    original = ItemReader.render_page

    def slow_render(self, doc, page_no, zoom=1.5):  # a heavy scanned page: 20 ms each
        time.sleep(0.02)
        rendered.append(page_no)
        return original(self, doc, page_no, zoom)

    monkeypatch.setattr(ItemReader, "render_page", slow_render)

    budget = 24 * 1024 * 1024
    viewer = PdfViewer(cache_bytes=budget)
    qtbot.addWidget(viewer)
    viewer.resize(900, 700)
    viewer.show()
    qtbot.waitExposed(viewer)
    item_id = _import(clerk, huge_pdf)
    try:
        open_doc(qtbot, viewer, clerk, item_id)
        assert viewer.page_count == 1000
        vs = viewer.canvas.verticalScrollBar()
        steps = []
        for k in range(1, 301):  # fling through the whole document
            t = time.perf_counter()
            vs.setValue(vs.maximum() * k // 300)
            QApplication.processEvents()
            steps.append(time.perf_counter() - t)
            time.sleep(0.002)
        assert viewer.current_page == 1000
        # The UI thread never waited for MuPDF: a step costs at most one render's GIL hold.
        assert statistics.median(steps) < 0.05, steps
        assert max(steps) < 1.0, max(steps)
        # Requests for pages flung past were dropped, not rendered: the last page shows at
        # once instead of after ~900 stale renders (18 s).
        wait_drawn(qtbot, viewer, 1000)
        assert len(rendered) < 150, len(rendered)
        assert len(set(rendered)) == len(rendered)  # nothing rendered twice
        image_bytes = max(v.sizeInBytes() for v, _ in viewer.canvas.cache._items.values())
        assert viewer.canvas.cache.bytes <= budget + image_bytes

        viewer.go_to_page(500)
        wait_drawn(qtbot, viewer, 500)
        with qtbot.waitSignal(viewer.find_finished, timeout=60_000):
            viewer.find(TERM)
        assert len(viewer.find_hits) > 100
    finally:
        viewer.close_item()
