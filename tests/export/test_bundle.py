"""Court bundles checked with independent tools: bagit validation, qpdf --check on every
PDF, ffprobe on every clip, text extraction (redacted words gone, Bates continuous on
every page), the XLSX read back with openpyxl; tampering with any file is named by verify."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import bagit
import pymupdf
import pytest

from tests.export.conftest import find_page, secret_rect
from workstation.export.package import verify_bundle
from workstation.export.spec import BundleSpec

ID_NO = "110101199003071234"


def _events(archive, action=None):
    from workstation.archive import audit

    with archive.read() as s:
        return [audit.event_to_json(e) for e in audit.iter_events(s) if action is None or e.action == action]


def _ffprobe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _spec(case, material, **kw) -> BundleSpec:
    items = case["items"]
    page = find_page(material["record"], ID_NO)
    parts = [{"item_id": items["notice"]}, {"item_id": items["record"]}, {"item_id": items["photo"]},
             {"clip_id": case["clip"]["id"], "proves": "当事人陈述", "audio_redactions": [
                 {"start_ms": 2000, "end_ms": 3000, "mode": "tone", "reason": "P1 电话号码"}],
              "masks": [{"start_ms": 1500, "end_ms": 3500, "x": 40, "y": 40, "w": 100, "h": 60, "reason": "P1"}]},
             {"item_id": items["decision"], "pages": [(2, 2)]}, {"item_id": items["audio"]}]
    base = dict(case_no=case["case_no"], parts=parts, recipient="某市某区人民法院",
                bates={"prefix": "MSJ", "start": 7, "digits": 5},
                redactions=[{"item_id": items["record"], "page": page,
                             "rect": secret_rect(material["record"], page, ID_NO), "reason": "P1"}])
    base.update(kw)
    return BundleSpec.from_json(base)


def test_full_bundle_checked_with_independent_tools(archive, clerk, case, material, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    res = clerk.export_bundle(_spec(case, material, zip=True, eep=True), out)
    root = Path(res["path"])
    assert root.is_dir() and Path(res["zip"]).is_file()
    assert sorted(p.name for p in out.iterdir()) == sorted([root.name, Path(res["zip"]).name])  # nothing else left

    # ---- BagIt, by the bagit library itself
    bag = bagit.Bag(str(root))
    bag.validate()
    info = bag.info
    assert info["Case-No"] == case["case_no"] and info["Recipient"] == "某市某区人民法院"
    assert info["Bates-Range"] == "MSJ00007–MSJ00015"

    data = root / "data"
    manifest = json.loads((data / "manifest.json").read_text("utf-8"))
    # ---- every PDF passes qpdf --check
    pdfs = sorted(data.rglob("*.pdf"))
    assert len(pdfs) >= 8
    for pdf in pdfs:
        proc = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert proc.returncode == 0, (pdf.name, proc.stdout[-400:], proc.stderr[-400:])

    # ---- Bates continuous across documents, one number per AV item; 第x页 共y页 on every page
    labels = []
    for ex in manifest["exhibits"]:
        if ex["kind"] == "document":
            with pymupdf.open(data / ex["file"]) as doc:
                for i, page in enumerate(doc):
                    text = page.get_text()
                    labels += re.findall(r"MSJ\d{5}", text)
                    assert f"第 {i + 1} 页 共 {doc.page_count} 页" in text
                    assert "提供给：某市某区人民法院" in text  # recipient watermark on every page
        else:
            labels.append(f"MSJ{ex['bates_first']:05d}")
    assert labels == [f"MSJ{n:05d}" for n in range(7, 16)]
    kinds = [(e["kind"], e["bates_first"], e["bates_last"]) for e in manifest["exhibits"]]
    assert kinds == [("document", 7, 8), ("document", 9, 11), ("document", 12, 12), ("av", 13, 13),
                     ("document", 14, 14), ("av", 15, 15)]

    # ---- the redacted words are gone from the file (not just covered)
    record = data / manifest["exhibits"][1]["file"]
    with pymupdf.open(record) as doc:
        full = "".join(p.get_text() for p in doc).replace("\n", "")
        assert ID_NO not in full
        assert "问：你店内销售的牛奶是否超过保质期" in full  # the rest is still there
    with pymupdf.open(material["record"]) as doc:  # the original is untouched
        assert ID_NO in "".join(p.get_text() for p in doc).replace("\n", "")
    log = json.loads((data / "redaction_log.json").read_text("utf-8"))
    assert log == [dict(log[0], reason_code="P1", by="clerk", bates=log[0]["bates"])] and log[0]["bates"].startswith("MSJ")
    # page range: only page 2 of the decision
    assert manifest["exhibits"][4]["source"]["pages"] == [[2, 2]]

    # ---- AV: ffprobe on every clip; H.264 + AAC for video, PCM WAV for sound
    clips = [f for f in manifest["files"] if f["role"] in ("av_clip", "av_recording")]
    assert len(clips) == 2
    for f in clips:
        info = _ffprobe(data / f["path"])
        codecs = sorted(s["codec_name"] for s in info["streams"])
        assert codecs in (["aac", "h264"], ["pcm_s16le"]), codecs
        assert f["source"]["sha256"] and f["source"]["end_ms"] > f["source"]["start_ms"]
    clip_file = next(f for f in clips if f["role"] == "av_clip")
    assert clip_file["source"]["start_ms"] == pytest.approx(1000, abs=1) and clip_file["source"]["exact_clip"]["sha256"]
    wav = next(f for f in clips if f["role"] == "av_recording")
    assert wav["sha256"] == clerk.media_info(case["items"]["audio"])["sha256"]  # copied byte for byte
    roles = sorted(f["role"] for f in manifest["files"])
    assert roles.count("av_production_note") == 2 and roles.count("av_transcript") == 1
    tx = next(f for f in manifest["files"] if f["role"] == "av_transcript")
    tx_text = "".join(p.get_text() for p in pymupdf.open(data / tx["path"])).replace("\n", "")
    assert "13912345678" not in tx_text and "已遮蔽" in tx_text  # the toned-over speech is not in the transcript

    # ---- 证据目录 PDF and XLSX
    index_text = "".join(p.get_text() for p in pymupdf.open(data / "00_证据目录.pdf")).replace("\n", "")
    for word in ("证", "序号", "证据名称", "证明对象", "MSJ00009–MSJ00011", "询问笔录", "当事人陈述"):
        assert word in index_text, word
    from openpyxl import load_workbook

    ws = load_workbook(data / "00_证据目录.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=7)]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[1][1] == "询问笔录" and rows[1][4].startswith("MSJ00009–MSJ00011")

    # ---- dual hashes in the manifest match the files; EEP parses
    from workstation.archive.hashing import digest_file

    listed = {f["path"] for f in manifest["files"]}
    on_disk = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk
    for f in manifest["files"]:
        d = digest_file(data / f["path"])
        assert (d.sha256, d.sm3, d.size) == (f["sha256"], f["sm3"], f["size"])
    from lxml import etree

    eep = etree.parse(str(next(data.glob("eep/*.xml"))))
    assert eep.getroot().tag.endswith("电子文件封装包")

    # ---- verify: folder and ZIP
    for target in (root, Path(res["zip"])):
        report = verify_bundle(target)
        assert report["ok"], report["problems"]
        assert report["pages_checked"] == 7 and report["bates"] == "MSJ00007–MSJ00015"
    with zipfile.ZipFile(res["zip"]) as zf:
        assert all(n.startswith(root.name + "/") for n in zf.namelist())

    # ---- audited per item, and the extract carries the record of this export
    items_ev = [e for e in _events(archive, "bundle.export_item") if e["details"]["bundle_id"] == res["bundle_id"]]
    assert len(items_ev) == 6 and {e["target"].split(":")[-1] for e in items_ev} == {str(v) for v in case["items"].values()}
    assert _events(archive, "bundle.complete")[-1]["details"]["bundle_id"] == res["bundle_id"]
    extract = [json.loads(x) for x in (data / "audit/audit_extract.jsonl").read_text("utf-8").splitlines()]
    assert any(e.get("action") == "bundle.export" for e in extract)
    assert any(e.get("action") == "import" for e in extract)


def test_video_mask_and_audio_tone_are_in_the_exported_clip_only(archive, clerk, case, material, tmp_path):
    import av
    import numpy as np

    spec = BundleSpec.from_json({"case_no": case["case_no"], "parts": [
        {"clip_id": case["clip"]["id"], "audio_redactions": [{"start_ms": 2000, "end_ms": 3000, "mode": "mute"}],
         "masks": [{"start_ms": 1500, "end_ms": 3500, "x": 40, "y": 40, "w": 100, "h": 60}]}]})
    res = clerk.export_bundle(spec, tmp_path)
    clip = next(Path(res["path"]).glob("data/av/*.mp4"))
    with av.open(str(clip)) as c:
        frames = {round(float(f.time), 2): f.to_ndarray(format="rgb24") for f in c.decode(video=0)}
    inside = [img for t, img in frames.items() if 0.6 <= t <= 2.4]  # clip time = source time - 1 s
    outside = [img for t, img in frames.items() if t <= 0.4 or t >= 2.6]
    assert inside and outside
    assert all(img[50:90, 50:130].mean() < 20 for img in inside)  # black box
    assert all(img[50:90, 50:130].mean() > 230 for img in outside)  # white picture untouched
    assert all(img[150:200, 200:300].mean() > 230 for img in inside)
    with av.open(str(clip)) as c:
        chunks = [(float(f.time), np.abs(f.to_ndarray()).mean()) for f in c.decode(audio=0)]
    muted = [lvl for t, lvl in chunks if 1.1 <= t <= 1.85]
    loud = [lvl for t, lvl in chunks if t <= 0.8 or 2.2 <= t <= 3.8]
    assert muted and loud and max(muted) < 1e-4 and min(loud) > 0.05
    # the original is untouched
    item = case["items"]["video"]
    from workstation.archive.hashing import digest_file

    assert digest_file(material["video"]).sha256 == clerk.media_info(item)["sha256"]


@pytest.mark.parametrize("victim", ["payload", "tags"])
def test_any_changed_byte_is_named_by_verify(clerk, case, material, tmp_path, victim):
    res = clerk.export_bundle(_spec(case, material), tmp_path)
    root = Path(res["path"])
    assert verify_bundle(root)["ok"]
    files = [p for p in root.rglob("*") if p.is_file()]
    files = [p for p in files if (p.parts[len(root.parts)] == "data") == (victim == "payload")]
    assert files
    for path in files:
        original = path.read_bytes()
        pos = len(original) // 2
        path.write_bytes(original[:pos] + bytes([original[pos] ^ 0x01]) + original[pos + 1:])
        try:
            report = verify_bundle(root, check_pages=False)
            rel = path.relative_to(root).as_posix()
            assert not report["ok"], rel
            assert rel in {p["file"] for p in report["problems"]}, (rel, report["problems"])
        finally:
            path.write_bytes(original)
    assert verify_bundle(root)["ok"]


def test_verify_cli_reports_the_changed_file(data_dir, clerk, case, material, tmp_path):
    import os
    import sys

    from tests.conftest import cli_env

    res = clerk.export_bundle(_spec(case, material, zip=True), tmp_path)
    cmd = [sys.executable, "-m", "workstation", "bundle", "verify", res["zip"], "--json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSTATION_")}
    ok = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["ok"] is True
    # change one page's Bates number text inside a stamped document, keep everything else
    doc_file = next(Path(res["path"]).glob("data/documents/*.pdf"))
    raw = bytearray(doc_file.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    doc_file.write_bytes(bytes(raw))
    bad = subprocess.run([sys.executable, "-m", "workstation", "bundle", "verify", res["path"], "--json"],
                         capture_output=True, text=True, env=cli_env(data_dir))
    assert bad.returncode == 4
    report = json.loads(bad.stdout)
    assert f"data/documents/{doc_file.name}" in {p["file"] for p in report["problems"]}


def test_redaction_blanks_image_pixels_on_a_scan(clerk, case, material, tmp_path):
    """A box over a photo/scan: the covered pixels of the embedded image are gone."""
    photo = case["items"]["photo"]
    spec = BundleSpec.from_json({"case_no": case["case_no"], "parts": [{"item_id": photo}],
                                 "redactions": [{"item_id": photo, "page": 1, "rect": [10, 10, 80, 60],
                                                 "reason": "P1 车牌号"}]})
    res = clerk.export_bundle(spec, tmp_path)
    pdf = next(Path(res["path"]).glob("data/documents/*.pdf"))
    with pymupdf.open(pdf) as doc:
        page = doc[0]
        images = page.get_images(full=True)
        assert images
        pix = pymupdf.Pixmap(doc, images[0][0])
        if pix.n - pix.alpha != 3:
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
        box = page.get_image_rects(images[0][0])[0]

        def at(x, y):  # page point → image pixel
            return pix.pixel(int((x - box.x0) * pix.width / box.width), int((y - box.y0) * pix.height / box.height))

        inside = at(45, 35)
        outside = at(box.x1 - 5, box.y1 - 5)
    assert outside[:3] == (200, 180, 90)
    assert inside[:3] != (200, 180, 90)
    subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)


def test_tone_over_speech_in_a_whole_recording(clerk, case, material, tmp_path):
    """A whole WAV with a tone over 1–2 s: re-encoded to WAV, the original's 300 Hz gone from
    that range (a 1 kHz tone instead), untouched elsewhere; the original keeps its bytes."""
    import wave

    import numpy as np

    audio = case["items"]["audio"]
    spec = BundleSpec.from_json({"case_no": case["case_no"], "parts": [{"item_id": audio, "audio_redactions": [
        {"start_ms": 1000, "end_ms": 2000, "mode": "tone", "reason": "L1"}]}]})
    res = clerk.export_bundle(spec, tmp_path)
    wav = next(Path(res["path"]).glob("data/av/*.wav"))
    assert sorted(s["codec_name"] for s in _ffprobe(wav)["streams"]) == ["pcm_s16le"]
    with wave.open(str(wav)) as w:
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(float)
        if w.getnchannels() > 1:
            x = x.reshape(-1, w.getnchannels())[:, 0]

    def peak_hz(a_s, b_s):
        seg = x[int(a_s * rate):int(b_s * rate)]
        spec_ = np.abs(np.fft.rfft(seg * np.hanning(len(seg))))
        return np.fft.rfftfreq(len(seg), 1 / rate)[spec_.argmax()]

    assert abs(peak_hz(1.2, 1.8) - 1000) < 20
    assert abs(peak_hz(0.2, 0.8) - 300) < 20 and abs(peak_hz(2.3, 3.5) - 300) < 20
    manifest = json.loads((Path(res["path"]) / "data/manifest.json").read_text("utf-8"))
    f = next(f for f in manifest["files"] if f["role"] == "av_recording")
    assert f["sha256"] != f["source"]["sha256"] and f["source"]["redactions"][0]["mode"] == "tone"
    from workstation.archive.hashing import digest_file

    assert digest_file(material["audio"]).sha256 == f["source"]["sha256"]
