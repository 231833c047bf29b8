"""Visible watermarks (workstation.archive.watermark)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import statistics
import time

import pymupdf
import pytest

from workstation.archive import watermark as wm
from workstation.archive.watermark import (
    WatermarkSettings,
    render_page,
    stamp_page,
    stamp_pdf_copy,
    watermark_text,
)
from workstation.errors import InvalidInput

WHEN = dt.datetime(2026, 1, 1, 1, 30, tzinfo=dt.timezone.utc)  # 09:30 in Beijing
USER = "张三"
TERMINAL = "执法终端-01"
BODY = "行政处罚决定书 当事人李某某 违法事实"


def _text(settings: WatermarkSettings | None = None, **kw) -> str:
    kw = {"user": USER, "terminal": TERMINAL, "when": WHEN, **kw}
    return watermark_text(settings or WatermarkSettings(), **kw)


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def source_pdf(tmp_path):
    """A real PDF with Chinese text: portrait, rotated, cropped-landscape pages, an annotation."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i in range(30):
        page.insert_text((50, 60 + 24 * i), f"{BODY} 第{i}行", fontname="china-s", fontsize=12)
    page.add_freetext_annot(pymupdf.Rect(300, 760, 560, 800), "Reviewed-OK", fontsize=11)
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 80), "旋转页面 " + BODY, fontname="china-s", fontsize=12)
    page.set_rotation(90)
    page = doc.new_page(width=842, height=595)
    page.insert_text((150, 120), "裁剪页面 " + BODY, fontname="china-s", fontsize=12)
    page.set_cropbox(pymupdf.Rect(100, 50, 700, 500))
    path = tmp_path / "决定书.pdf"
    doc.save(path)
    doc.close()
    return path


# --------------------------------------------------------------------------- text


def test_default_text_in_beijing_time():
    assert _text() == "张三 2026-01-01 09:30 执法终端-01"


@pytest.mark.parametrize(
    "when, expected",
    [
        (dt.datetime(2025, 12, 31, 17, 5, tzinfo=dt.timezone.utc), "2026-01-01 01:05"),  # date rolls over
        (dt.datetime(2026, 6, 30, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), "2026-07-01 09:00"),
        (dt.datetime(2026, 3, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))), "2026-03-03 09:30"),
    ],
)
def test_time_is_converted_to_beijing(when, expected):
    assert _text(when=when) == f"{USER} {expected} {TERMINAL}"


def test_naive_time_is_local_time(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert wm.format_time(dt.datetime(2026, 1, 1, 1, 30)) == "2026-01-01 09:30"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_default_time_is_now():
    before = dt.datetime.now(dt.timezone.utc)
    text = watermark_text(WatermarkSettings(), user=USER, terminal=TERMINAL)
    stamp = re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", text).group(0)
    parsed = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=wm.BEIJING)
    assert abs(parsed - before) < dt.timedelta(minutes=2)


def test_template_placeholders():
    s = WatermarkSettings(template="{display_name}（{user}）于 {time} 在 {terminal} 查阅 {case_no} 用途：{purpose}")
    text = _text(s, display_name="张三丰", case_no="（2026）市监罚字第001号", purpose="法制审核")
    assert text == "张三丰（张三）于 2026-01-01 09:30 在 执法终端-01 查阅 （2026）市监罚字第001号 用途：法制审核"
    # display_name falls back to user; empty fields leave no double spaces.
    s = WatermarkSettings(template="{display_name} {case_no} {time} {terminal}")
    assert _text(s) == "张三 2026-01-01 09:30 执法终端-01"


def test_values_are_single_line():
    text = _text(user="张三\n伪造行", terminal="终端\t01\u202e")
    assert "\n" not in text and "\t" not in text and "\u202e" not in text
    assert text.startswith("张三 伪造行 2026-01-01 09:30 终端 01")


@pytest.mark.parametrize(
    "template",
    [
        "{time} {terminal}",  # nobody named
        "{user} {terminal}",  # no time
        "{user} {time}",  # no terminal
        "{user} {time} {terminal} {secret}",  # unknown placeholder
        "{user.__class__} {time} {terminal}",  # attribute access
        "{user!r} {time} {terminal}",
        "{user:>30} {time} {terminal}",
        "{user} {time} {terminal",  # malformed
        "",
        "   ",
    ],
)
def test_bad_templates_rejected(template):
    with pytest.raises(InvalidInput):
        WatermarkSettings(template=template)


@pytest.mark.parametrize(
    "kw",
    [{"opacity": 0}, {"opacity": 1.5}, {"density": 0}, {"density": 50}, {"font_size": 1}, {"angle": 120},
     {"color": (1, 2, 3)}, {"color": (0.5, 0.5)}, {"opacity": "x"}],
)
def test_bad_settings_rejected(kw):
    with pytest.raises(InvalidInput):
        WatermarkSettings(**kw)


def test_settings_round_trip_through_plain_values():
    s = WatermarkSettings(template="{display_name} {time} {terminal}", opacity=0.3, density=5, color=(1, 0, 0))
    data = s.to_dict()
    assert data["color"] == [1.0, 0.0, 0.0]
    assert WatermarkSettings.from_dict(data) == s
    assert WatermarkSettings.from_dict({"opacity": 0.2, "unknown": 1}) == WatermarkSettings(opacity=0.2)
    assert WatermarkSettings.from_dict(None) == WatermarkSettings()
    with pytest.raises(InvalidInput):
        WatermarkSettings.from_dict({"opacity": 0})


def test_user_and_terminal_required():
    with pytest.raises(InvalidInput):
        watermark_text(WatermarkSettings(), user=" ", terminal=TERMINAL)
    with pytest.raises(InvalidInput):
        watermark_text(WatermarkSettings(), user=USER, terminal="")


# --------------------------------------------------------------------------- exports


def test_stamped_copy_carries_watermark_on_every_page(source_pdf, tmp_path):
    before = _sha(source_pdf)
    text = _text()
    dst = tmp_path / "export" / "决定书-导出.pdf"
    assert stamp_pdf_copy(source_pdf, dst, text, WatermarkSettings()) == 3
    assert _sha(source_pdf) == before  # the source is never touched
    out = pymupdf.open(dst)
    assert out.page_count == 3
    for page in out:
        content = page.get_text()
        assert text in content, page.number
        assert USER in content and TERMINAL in content and "2026-01-01 09:30" in content
        assert BODY in content  # the original text is still there
    # Rotated and cropped pages keep their visible size and get a full lattice.
    assert out[1].rect == pymupdf.Rect(0, 0, 842, 595)
    assert out[2].rect == pymupdf.Rect(0, 0, 600, 450)
    for page in out:
        assert page.get_text().count(text) >= 6
    assert "Reviewed-OK" in out[0].get_text()  # the annotation was baked (under the mark), not lost
    assert not list(out[0].annots())
    # Font subset, mark shared between pages: small.
    assert dst.stat().st_size < source_pdf.stat().st_size + 150_000
    assert not list(dst.parent.glob(".stamp-*"))


def test_tiles_are_centred_on_the_visible_page(source_pdf, tmp_path):
    text = _text()
    dst = tmp_path / "out.pdf"
    stamp_pdf_copy(source_pdf, dst, text, WatermarkSettings(density=3))
    out = pymupdf.open(dst)
    for page in out:
        rect = page.rect
        centres = []
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                if "".join(s["text"] for s in line["spans"]) == text:
                    b = pymupdf.Rect(line["bbox"])
                    centres.append(((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2))
                    assert line["dir"][0] == pytest.approx(0.866, abs=0.01)  # 30°, rising
                    assert line["dir"][1] == pytest.approx(-0.5, abs=0.01)
        mid = ((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
        assert any(abs(x - mid[0]) < 2 and abs(y - mid[1]) < 2 for x, y in centres), (page.number, centres)


def test_stamp_copy_refuses_to_overwrite_source(source_pdf):
    before = _sha(source_pdf)
    with pytest.raises(InvalidInput):
        stamp_pdf_copy(source_pdf, source_pdf, _text(), WatermarkSettings())
    assert _sha(source_pdf) == before


def test_density_and_opacity_change_the_stamp(source_pdf, tmp_path):
    text = _text()
    counts, alphas = {}, {}
    for density, opacity in [(2, 0.15), (6, 0.15), (6, 0.6)]:
        dst = tmp_path / f"d{density}-{opacity}.pdf"
        stamp_pdf_copy(source_pdf, dst, text, WatermarkSettings(density=density, opacity=opacity))
        doc = pymupdf.open(dst)
        counts[(density, opacity)] = doc[0].get_text().count(text)
        alphas[(density, opacity)] = doc.tobytes(expand=True)
    assert counts[(6, 0.15)] > counts[(2, 0.15)] >= 1
    def fill_alphas(pdf: bytes) -> set[float]:
        return {float(v) for v in re.findall(rb"/ca\s*([0-9.]+)", pdf)}

    assert 0.6 in fill_alphas(alphas[(6, 0.6)]) and 0.15 in fill_alphas(alphas[(6, 0.15)])


def test_small_page_still_has_one_whole_mark(tmp_path):
    doc = pymupdf.open()
    doc.new_page(width=120, height=90).insert_text((5, 20), "小票", fontname="china-s")
    src = tmp_path / "small.pdf"
    doc.save(src)
    text = _text(WatermarkSettings(template="{user} {display_name} {time} {terminal} {purpose}"), display_name="张三丰", purpose="复核")
    stamp_pdf_copy(src, tmp_path / "out.pdf", text, WatermarkSettings(font_size=30))
    assert text in pymupdf.open(tmp_path / "out.pdf")[0].get_text()


def test_stamp_page_on_a_copy(source_pdf):
    doc = pymupdf.open(source_pdf)
    page = doc[0]
    stamp_page(page, _text(), WatermarkSettings())
    assert _text() in page.get_text()
    assert doc.is_dirty


def test_image_export_is_converted_and_stamped(tmp_path):
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 400, 300), False)
    pix.clear_with(255)
    src = tmp_path / "现场照片.png"
    pix.save(src)
    before = _sha(src)
    dst = tmp_path / "现场照片.pdf"
    assert stamp_pdf_copy(src, dst, _text(), WatermarkSettings()) == 1
    assert _text() in pymupdf.open(dst)[0].get_text()
    assert _sha(src) == before


def test_rare_characters_extract_exactly(tmp_path):
    if not wm.NOTO_CJK_PATH.is_file():
        pytest.skip("Noto Sans CJK not installed")
    text = _text(WatermarkSettings(template="{display_name} {time} {terminal}"), display_name="王䶮")
    doc = pymupdf.open()
    doc.new_page()
    src = tmp_path / "blank.pdf"
    doc.save(src)
    stamp_pdf_copy(src, tmp_path / "out.pdf", text, WatermarkSettings())
    assert text in pymupdf.open(tmp_path / "out.pdf")[0].get_text()


# --------------------------------------------------------------------------- screen


def _diff_pixels(a: pymupdf.Pixmap, b: pymupdf.Pixmap) -> int:
    assert (a.width, a.height, a.n) == (b.width, b.height, b.n)
    sa, sb, n = a.samples, b.samples, a.n
    return sum(1 for i in range(0, len(sa), n) if sa[i : i + n] != sb[i : i + n])


def _ink(pix: pymupdf.Pixmap) -> int:
    return sum(255 - v for v in pix.samples)


def test_render_page_shows_watermark_and_leaves_source_alone(source_pdf):
    before = _sha(source_pdf)
    doc = pymupdf.open(source_pdf)
    saved = doc.tobytes(no_new_id=True)
    xrefs = doc.xref_length()
    raw = doc[0].get_pixmap(matrix=pymupdf.Matrix(1, 1))
    pix = render_page(doc, 0, 1.0, _text(), WatermarkSettings(opacity=0.3))
    assert (pix.width, pix.height, pix.alpha) == (raw.width, raw.height, 0)
    assert _diff_pixels(raw, pix) > 2000  # visible
    assert not doc.is_dirty
    assert doc.xref_length() == xrefs
    assert doc.tobytes(no_new_id=True) == saved
    assert _text() not in doc[0].get_text()
    doc.close()
    assert _sha(source_pdf) == before


@pytest.mark.parametrize("page_no", [0, 1, 2])
def test_render_without_mark_is_identical_to_get_pixmap(source_pdf, page_no):
    """The renderer draws the page exactly as get_pixmap does (annotations, rotation,
    crop box), so the only difference on screen is the watermark."""
    doc = pymupdf.open(source_pdf)
    for zoom in (1.0, 1.5):
        raw = doc[page_no].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
        ours = wm._draw(doc[page_no], None, zoom, False)
        assert (ours.width, ours.height) == (raw.width, raw.height)
        assert ours.samples == raw.samples


@pytest.mark.parametrize("page_no", [1, 2])
def test_render_rotated_and_cropped_pages(source_pdf, page_no):
    doc = pymupdf.open(source_pdf)
    raw = doc[page_no].get_pixmap(matrix=pymupdf.Matrix(1.5, 1.5))
    pix = render_page(doc, page_no, 1.5, _text(), WatermarkSettings())
    assert (pix.width, pix.height) == (raw.width, raw.height)
    assert _diff_pixels(raw, pix) > 1000


def test_render_alpha(source_pdf):
    doc = pymupdf.open(source_pdf)
    pix = render_page(doc, 0, 0.5, _text(), WatermarkSettings(), alpha=True)
    assert pix.alpha == 1 and pix.n == 4


def test_opacity_and_density_change_the_rendering(tmp_path):
    doc = pymupdf.open()
    doc.new_page()
    text = _text()
    ink = {
        (d, o): _ink(render_page(doc, 0, 0.75, text, WatermarkSettings(density=d, opacity=o)))
        for d, o in [(2, 0.15), (6, 0.15), (6, 0.5)]
    }
    assert 0 < ink[(2, 0.15)] < ink[(6, 0.15)] < ink[(6, 0.5)]
    blank = _ink(doc[0].get_pixmap(matrix=pymupdf.Matrix(0.75, 0.75)))
    assert blank == 0
    # Colour and angle matter too.
    red = render_page(doc, 0, 0.75, text, WatermarkSettings(color=(1, 0, 0), opacity=0.5))
    grey = render_page(doc, 0, 0.75, text, WatermarkSettings(opacity=0.5))
    steep = render_page(doc, 0, 0.75, text, WatermarkSettings(angle=60, opacity=0.5))
    assert _diff_pixels(red, grey) > 0 and _diff_pixels(steep, grey) > 0


def test_render_non_pdf_document(tmp_path):
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 600, 400), False)
    pix.clear_with(255)
    path = tmp_path / "scan.png"
    pix.save(path)
    doc = pymupdf.open(path)
    raw = doc[0].get_pixmap()
    out = render_page(doc, 0, 1.0, _text(), WatermarkSettings(opacity=0.4))
    assert _diff_pixels(raw, out) > 1000


@pytest.mark.parametrize("page_no", [0, 1, 2])
@pytest.mark.parametrize("in_memory", [False, True])
def test_render_fallback_path(source_pdf, page_no, in_memory):
    """The scratch-copy fallback (for PyMuPDF builds without the low-level bindings)
    also marks the page and leaves the source alone."""
    doc = pymupdf.open("pdf", source_pdf.read_bytes()) if in_memory else pymupdf.open(source_pdf)
    raw = doc[page_no].get_pixmap()
    pix = wm._render_via_copy(doc, page_no, 1.0, _text(), WatermarkSettings(opacity=0.3), False)
    assert (pix.width, pix.height) == (raw.width, raw.height)
    assert _diff_pixels(raw, pix) > 1000
    assert not doc.is_dirty


@pytest.mark.parametrize("page_no, zoom", [(-1, 1), (3, 1), (0, 0), (0, -1), (0, 100), (0, "x")])
def test_render_arguments_checked(source_pdf, page_no, zoom):
    doc = pymupdf.open(source_pdf)
    with pytest.raises(InvalidInput):
        render_page(doc, page_no, zoom, _text(), WatermarkSettings())


def test_render_overhead_is_small(source_pdf):
    """Watermarked screen rendering costs about as much as a plain get_pixmap (the mark
    is a cached overlay drawn into the same pixmap).  Measured interleaved, best of N,
    with a lenient bound against CI noise: this catches gross regressions (re-embedding
    a font or copying the page on every render costs tens of milliseconds)."""
    doc = pymupdf.open(source_pdf)
    text, settings = _text(), WatermarkSettings()
    m = pymupdf.Matrix(1.5, 1.5)
    render_page(doc, 0, 1.5, text, settings)  # warm the overlay cache
    raw, marked = [], []
    for _ in range(20):
        t = time.perf_counter()
        doc[0].get_pixmap(matrix=m)
        raw.append(time.perf_counter() - t)
        t = time.perf_counter()
        render_page(doc, 0, 1.5, text, settings)
        marked.append(time.perf_counter() - t)
    best_raw, best_marked = min(raw) * 1000, min(marked) * 1000
    assert best_marked <= 2 * best_raw + 5, (best_raw, best_marked, statistics.median(marked) * 1000)
