"""The Bates and page stamps keep the export's margin (``Bates.margin_mm``, default 8 mm) from
the page edge, measured on the exported PDFs with PyMuPDF; bad margins are refused before
anything is written; the setting round-trips through spec files, the CLI and the dialog."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import cli_env
from workstation.errors import InvalidInput
from workstation.export.spec import DEFAULT_MARGIN_MM, Bates, BundleSpec

MM = 72 / 25.4
#: PyMuPDF's text boxes are floats rounded on the way out: a hair of slack.
TOL = 0.5
#: How much further in than the margin a stamp may sit (the text box is placed at the margin).
SLACK_MM = 6.0
MARGIN_MESSAGE = "Bates 编号和页码距页边的距离须在 3 到 30 毫米之间"


@pytest.fixture
def out(tmp_path) -> Path:
    d = tmp_path / "bundles"
    d.mkdir()
    return d


def _spec(case, **bates) -> BundleSpec:
    items = case["items"]
    return BundleSpec.from_json({"case_no": case["case_no"], "parts": [
        {"item_id": items["notice"]}, {"item_id": items["record"]}, {"item_id": items["photo"]}],
        "bates": {"prefix": "ZJ", "digits": 5, **bates}})


def _stamp_boxes(root: Path, case, material, prefix: str = "ZJ", digits: int = 5):
    """[(page rect, Bates box, page-count box, Bates text)] for every page of every document.
    The test originals carry a "第 x 页 共 y 页" footer of their own: the stamp is the one
    that is not in the original at the same place."""
    originals = {case["items"][key]: material[key] for key in ("notice", "record", "decision", "photo")}
    out = []
    manifest = json.loads((root / "data" / "manifest.json").read_text("utf-8"))
    for ex in manifest["exhibits"]:
        if ex["kind"] != "document":
            continue
        src_pages = [n for a, b in ex["source"]["pages"] for n in range(a, b + 1)] if ex["source"].get("pages") \
            else None
        with pymupdf.open(root / "data" / ex["file"]) as doc, pymupdf.open(originals[ex["item_id"]]) as orig:
            for i, page in enumerate(doc):
                label = f"{prefix}{ex['bates_first'] + i:0{digits}d}"
                hits = page.search_for(label)
                assert len(hits) == 1, (ex["file"], i, label, hits)
                count_text = f"第 {i + 1} 页 共 {doc.page_count} 页"
                before = orig[(src_pages[i] if src_pages else i + 1) - 1].search_for(count_text) if orig.is_pdf else []
                count = [h for h in page.search_for(count_text)
                         if not any(abs(h.x0 - o.x0) < 0.5 and abs(h.y0 - o.y0) < 0.5 for o in before)]
                assert len(count) == 1, (ex["file"], i, count)
                out.append((page.rect, hits[0], count[0], label))
    assert out
    return out


def _gaps(page: pymupdf.Rect, box: pymupdf.Rect) -> dict[str, float]:
    """Distance of ``box`` from each page edge, in millimetres."""
    return {"top": (box.y0 - page.y0) / MM, "bottom": (page.y1 - box.y1) / MM,
            "left": (box.x0 - page.x0) / MM, "right": (page.x1 - box.x1) / MM}


def _assert_at(gap: float, margin_mm: float, what) -> None:
    assert margin_mm - TOL / MM <= gap <= margin_mm + SLACK_MM, (what, round(gap, 2), margin_mm)


@pytest.mark.parametrize("position", ["bottom-right", "bottom-center", "top-left"])
def test_stamps_keep_the_chosen_margin(clerk, case, material, out, position):
    res = clerk.export_bundle(_spec(case, margin_mm=12, position=position), out)
    manifest = json.loads((Path(res["path"]) / "data" / "manifest.json").read_text("utf-8"))
    assert manifest["bates"]["margin_mm"] == 12 and manifest["bates"]["position"] == position
    boxes = _stamp_boxes(Path(res["path"]), case, material)
    for page, bates, count, label in boxes:
        g, c = _gaps(page, bates), _gaps(page, count)
        vertical, _, horizontal = position.partition("-")
        _assert_at(g[vertical], 12, (label, vertical))
        if horizontal != "center":
            _assert_at(g[horizontal], 12, (label, horizontal))
        else:
            assert abs(g["left"] - g["right"]) < 1, label
        # the page count: bottom centre, or top centre when the Bates number is bottom centre
        _assert_at(c["top" if position == "bottom-center" else "bottom"], 12, (label, "page count"))
        assert abs(c["left"] - c["right"]) < 1, label
        if page.width > 400:  # (the 150-pt photo page is too narrow for both side by side)
            assert not bates.intersects(count), label
        for side in ("top", "bottom", "left", "right"):  # nowhere nearer the edge than the margin
            assert min(g[side], c[side]) >= 12 - TOL / MM, (label, side)


def test_default_margin_is_eight_millimetres(clerk, case, material, out):
    spec = BundleSpec.from_json({"case_no": case["case_no"], "parts": [{"item_id": case["items"]["record"]}]})
    assert spec.bates.margin_mm == DEFAULT_MARGIN_MM == 8.0
    res = clerk.export_bundle(spec, out)
    for page, bates, count, label in _stamp_boxes(Path(res["path"]), case, material, prefix="", digits=6):
        for box in (bates, count):
            gaps = _gaps(page, box)
            assert min(gaps.values()) >= 8 - TOL / MM, (label, gaps)
        _assert_at(_gaps(page, bates)["bottom"], 8, label)
        _assert_at(_gaps(page, count)["bottom"], 8, label)


def test_bad_margin_is_refused_in_chinese_and_leaves_nothing(clerk, case, out):
    for bad in (0, 2.9, 30.5, 100, -8, "abc", True, float("nan")):
        with pytest.raises(InvalidInput) as exc:
            Bates(margin_mm=bad)
        assert MARGIN_MESSAGE in exc.value.message, bad
        data = {"case_no": case["case_no"], "parts": [{"item_id": case["items"]["notice"]}],
                "bates": {"prefix": "ZJ", "margin_mm": bad}}
        with pytest.raises(InvalidInput) as exc:
            clerk.export_bundle(data, out)  # a dict spec, as an API caller would pass it
        assert MARGIN_MESSAGE in exc.value.message, bad
        assert list(out.iterdir()) == [], bad
    with pytest.raises(InvalidInput) as exc:
        Bates(margin_mm=100)
    assert exc.value.message.endswith("（现为 100）")


def test_margin_round_trips_and_old_specs_get_the_default(tmp_path):
    assert Bates(margin_mm=3).margin_mm == 3.0 and Bates(margin_mm="30").margin_mm == 30.0
    assert Bates(margin_mm=12.5).margin_pt == pytest.approx(12.5 * 72 / 25.4)
    spec = BundleSpec.from_json({"case_no": "X", "parts": [{"item_id": 1}], "bates": {"margin_mm": 12.5}})
    data = spec.to_json()
    assert data["bates"]["margin_mm"] == 12.5
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert BundleSpec.from_file(path).bates.margin_mm == 12.5
    assert BundleSpec.from_json(json.loads(json.dumps(data))).bates == spec.bates
    # written before the setting existed (or with null): the default
    old = {"case_no": "X", "parts": [{"item_id": 1}], "bates": {"prefix": "ZJ", "start": 1, "digits": 6,
                                                                   "position": "bottom-right"}}
    assert BundleSpec.from_json(old).bates.margin_mm == DEFAULT_MARGIN_MM
    assert BundleSpec.from_json({"case_no": "X", "parts": [{"item_id": 1}]}).bates.margin_mm == DEFAULT_MARGIN_MM
    assert Bates(margin_mm=None).margin_mm == DEFAULT_MARGIN_MM


def test_cli_option_reaches_the_spec(capsys):
    from workstation.cli import build_parser
    from workstation.cli_bundle import build_spec

    parser = build_parser()
    args = parser.parse_args(["bundle", "export", "X", "--out", ".", "--items", "3", "--stamp-margin-mm", "12.5"])
    assert build_spec(args, None).bates.margin_mm == 12.5
    args = parser.parse_args(["bundle", "export", "X", "--out", ".", "--items", "3"])
    assert build_spec(args, None).bates.margin_mm == DEFAULT_MARGIN_MM
    args = parser.parse_args(["bundle", "export", "X", "--out", ".", "--items", "3", "--stamp-margin-mm", "0"])
    with pytest.raises(InvalidInput) as exc:
        build_spec(args, None)
    assert MARGIN_MESSAGE in exc.value.message
    with pytest.raises(SystemExit):
        parser.parse_args(["bundle", "export", "--help"])
    help_text = capsys.readouterr().out
    assert "--stamp-margin-mm" in help_text and "距页边的距离（毫米" in help_text


def test_cli_export_with_a_margin_and_a_refused_one(data_dir, clerk, case, material, tmp_path):
    items = case["items"]
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    base = [sys.executable, "-m", "workstation", "--json", "bundle", "export", case["case_no"],
            "--items", str(items["notice"]), "--bates-prefix", "ZJ", "--bates-digits", "5"]
    proc = subprocess.run(base + ["--out", str(good), "--stamp-margin-mm", "15"], capture_output=True, text=True,
                          env=cli_env(data_dir, "clerk"))
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    for page, bates, count, label in _stamp_boxes(Path(res["path"]), case, material):
        _assert_at(_gaps(page, bates)["bottom"], 15, label)
        _assert_at(_gaps(page, bates)["right"], 15, label)
        _assert_at(_gaps(page, count)["bottom"], 15, label)
    proc = subprocess.run(base + ["--out", str(bad), "--stamp-margin-mm", "100"], capture_output=True, text=True,
                          env=cli_env(data_dir, "clerk"))
    assert proc.returncode != 0
    assert MARGIN_MESSAGE in proc.stdout + proc.stderr
    assert list(bad.iterdir()) == []


@pytest.fixture
def inline_ui(qapp):
    """The dialog loads its sources through workstation.ui.ops: run that inline (as tests/ui does)."""
    from workstation.ui import ops

    ops.set_runner(ops.InlineRunner())
    yield qapp
    ops.set_runner(None)


def test_dialog_margin_spin_box_reaches_the_spec_and_the_pages(qtbot, inline_ui, clerk, case, material, out):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout

    from workstation.ui.export.bundle_dialog import BundleDialog

    dialog = BundleDialog(clerk, case["case_no"], out_dir=out)
    qtbot.addWidget(dialog)
    spin = dialog.findChild(QDoubleSpinBox, "batesMargin")
    assert spin is dialog.margin
    assert (spin.minimum(), spin.maximum(), spin.singleStep(), spin.suffix()) == (3.0, 30.0, 0.5, " mm")
    assert spin.value() == DEFAULT_MARGIN_MM
    form = spin.parentWidget().layout()
    assert isinstance(form, QFormLayout) and form.labelForField(spin).text() == "边距（毫米）"
    row = dialog.row_for("item", case["items"]["notice"])
    row.setCheckState(0, Qt.CheckState.Checked)
    assert dialog.spec().bates.margin_mm == DEFAULT_MARGIN_MM
    spin.setValue(12.5)
    dialog.prefix.setText("ZJ")
    dialog.digits.setValue(5)
    assert dialog.spec().bates.margin_mm == 12.5
    spin.setValue(100)  # clamped by the spin box: the dialog cannot build an invalid spec
    assert dialog.spec().bates.margin_mm == 30.0
    spin.setValue(12.5)
    dialog.zip.setChecked(False)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result_data is not None, dialog.result_label.text()
    for page, bates, count, label in _stamp_boxes(Path(dialog.result_data["path"]), case, material):
        _assert_at(_gaps(page, bates)["bottom"], 12.5, label)
        _assert_at(_gaps(page, bates)["right"], 12.5, label)
        _assert_at(_gaps(page, count)["bottom"], 12.5, label)
