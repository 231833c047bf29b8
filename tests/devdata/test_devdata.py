"""workstation.devdata: the generated dossiers, media and bad inputs are what they claim to be."""

from __future__ import annotations

import random
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pymupdf
import pytest
import yaml

from workstation.archive.vocab import Category, Classification, Procedure, Retention
from workstation.devdata import badinputs, corpus, dossiers, media, pdfs

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
HAVE_FFMPEG = shutil.which("ffmpeg") is not None
HAVE_ESPEAK = shutil.which("espeak-ng") is not None
needs_av = pytest.mark.skipif(not (HAVE_FFMPEG and HAVE_ESPEAK), reason="needs ffmpeg and espeak-ng")


def _documented_keys() -> dict[str, set[str]]:
    """Key sets of the example in docs/manifest-format.md (the format we must follow exactly)."""
    text = (ROOT / "docs" / "manifest-format.md").read_text(encoding="utf-8")
    example = yaml.safe_load(re.search(r"```yaml\n(.*?)```", text, re.S).group(1))
    doc_item, av_item = example["volumes"][0]["items"]
    return {"top": set(example), "case": set(example["case"]), "volume": set(example["volumes"][0]),
            "item": set(doc_item), "note": set(av_item["production_note"])}


def _items(manifest: dict):
    for vol in manifest["volumes"]:
        yield from vol["items"]


def _cjk(text: str) -> int:
    return len(CJK.findall(text))


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory) -> Path:
    return dossiers.make_dossier_folder(tmp_path_factory.mktemp("devdata") / "case", seed=3,
                                        with_av=HAVE_FFMPEG and HAVE_ESPEAK)


@pytest.fixture(scope="module")
def manifest(case_dir) -> dict:
    return yaml.safe_load((case_dir / "dossier.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict:
    return badinputs.make_bad_inputs(tmp_path_factory.mktemp("bad"))


# --- corpus -------------------------------------------------------------------------------------------
def test_corpus_paragraphs_are_stripped_chinese_text():
    paras = corpus.paragraphs()
    assert len(paras) > 500 and all(p and p == p.strip() for p in paras)
    assert sum(_cjk(p) for p in paras) > 20000
    assert all(_cjk(p) >= 30 for p in corpus.paragraphs(min_cjk=30))


def test_sample_text_is_deterministic_and_bounded():
    a = corpus.sample_text(random.Random(5), 300)
    assert a == corpus.sample_text(random.Random(5), 300)
    assert 150 <= len(a) <= 300 and _cjk(a) > 100
    assert corpus.sample_text(random.Random(5), 0) == ""


# --- manifest --------------------------------------------------------------------------------------------
def test_manifest_follows_the_documented_format(manifest):
    keys = _documented_keys()
    assert set(manifest) == keys["top"] and manifest["format"] == "workstation-dossier/1"
    case = manifest["case"]
    assert set(case) == keys["case"]
    assert case["category"] in set(Category) and case["procedure"] in set(Procedure)
    assert case["retention"] in set(Retention) and case["classification"] in set(Classification)
    assert case["closed_on"] >= case["opened_on"]
    assert re.fullmatch(r"某市监处罚〔20(25|26)〕\d+号", case["case_no"])
    assert case["title"].endswith("案") and len(case["handlers"]) >= 2
    assert [v["kind"] for v in manifest["volumes"]] == ["正卷", "副卷"]
    for vol in manifest["volumes"]:
        assert set(vol) == keys["volume"]
    for item in _items(manifest):
        assert set(item) - {"production_note"} == keys["item"]
        assert Classification(item["classification"]) >= Classification(case["classification"])
        assert case["opened_on"] - timedelta(days=10) <= item["date"] <= case["closed_on"]


def test_manifest_doc_types_are_reference_types(manifest):
    ref = yaml.safe_load((ROOT / "resources/reference/document_types.yaml").read_text(encoding="utf-8"))
    known = {t["name"] for t in ref["types"]}
    assert {i["doc_type"] for i in _items(manifest)} <= known


def test_penalty_dossier_order(manifest):
    titles = [[i["title"] for i in v["items"]] for v in manifest["volumes"]]
    main = [t for t in titles[0] if t not in ("执法记录仪视频", "询问录音")]
    assert main == ["立案审批表", "行政处罚决定书", "送达回证", "询问笔录", "现场检查笔录",
                    "营业执照复印件", "现场照片", "罚没款票据"]
    assert titles[1] == ["案源材料", "调查终结报告", "法制审核意见书", "集体讨论记录", "结案报告"]


def test_every_listed_file_exists_and_nothing_else(case_dir, manifest):
    listed = [i["file"] for i in _items(manifest)]
    assert len(listed) == len(set(listed))
    for rel in listed:
        assert not rel.startswith("/") and ".." not in rel.split("/")
        assert (case_dir / rel).is_file() and (case_dir / rel).stat().st_size > 0, rel
    on_disk = {p.relative_to(case_dir).as_posix() for p in case_dir.rglob("*") if p.is_file()}
    assert on_disk == set(listed) | {"dossier.yaml"}


def test_pdfs_have_chinese_text_except_the_scan(case_dir, manifest):
    pdf_items = [i for i in _items(manifest) if i["file"].endswith(".pdf")]
    assert len(pdf_items) >= 12
    for item in pdf_items:
        with pymupdf.open(case_dir / item["file"]) as doc:
            text = "".join(page.get_text() for page in doc)
            if "复印件" in item["title"]:
                assert text == "" and doc[0].get_images(), item["file"]
            else:
                assert _cjk(text) > 100, item["file"]
                assert f"第 1 页 共 {doc.page_count} 页" in doc[0].get_text()
    with pymupdf.open(case_dir / pdf_items[1]["file"]) as doc:  # the decision names the case
        text = doc[0].get_text()
    assert manifest["case"]["party"] in text and manifest["case"]["decision_no"] in text


def test_photo_is_a_jpeg(case_dir, manifest):
    (photo,) = [i for i in _items(manifest) if i["title"] == "现场照片"]
    data = (case_dir / photo["file"]).read_bytes()
    assert data[:3] == b"\xff\xd8\xff"
    pix = pymupdf.Pixmap(case_dir / photo["file"])
    assert (pix.width, pix.height) == (1024, 768)


@needs_av
def test_av_items_have_complete_production_notes(manifest):
    keys = _documented_keys()["note"]
    av = [i for i in _items(manifest) if "production_note" in i]
    assert [i["title"] for i in av] == ["执法记录仪视频", "询问录音"]
    for item in av:
        note = item["production_note"]
        assert set(note) == keys
        assert len(note["makers"]) >= 2 and all(m["name"] and m["cert_no"].isdigit() for m in note["makers"])
        assert note["recorded_from"].tzinfo is not None and note["recorded_to"] > note["recorded_from"]
        assert note["unedited_statement"] == "未剪辑"
        assert note["is_original"] or note["copy_method"]


@needs_av
def test_bodycam_mp4_is_h264_aac_with_expected_duration(case_dir, manifest):
    av = pytest.importorskip("av")
    (item,) = [i for i in _items(manifest) if i["title"] == "执法记录仪视频"]
    note = item["production_note"]
    with av.open(str(case_dir / item["file"])) as c:
        codecs = {s.type: s.codec_context.name for s in c.streams}
        assert codecs == {"video": "h264", "audio": "aac"}
        duration = c.duration / 1_000_000
        assert abs(duration - 6) < 0.2
        v = c.streams.video[0]
        assert (v.codec_context.width, v.codec_context.height) == (640, 360)
        meta = c.metadata
    assert meta["model"] == "DSJ-V9" and meta["serial"] == note["device_serial"]
    created = datetime.fromisoformat(meta["creation_time"].replace("Z", "+00:00"))
    assert created == note["recorded_from"].astimezone(timezone.utc)
    assert abs((note["recorded_to"] - note["recorded_from"]).total_seconds() - duration) < 0.5


def _rms(path: Path, start: float = 0.0, end: float | None = None) -> float:
    av = pytest.importorskip("av")
    np = pytest.importorskip("numpy")
    chunks = []
    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        for frame in c.decode(stream):
            t = float(frame.pts * stream.time_base) if frame.pts is not None else 0.0
            if t + frame.samples / frame.sample_rate < start or (end is not None and t > end):
                continue
            chunks.append(frame.to_ndarray().astype("float64").ravel())
    samples = np.concatenate(chunks)
    if samples.dtype.kind == "f" and np.abs(samples).max() <= 1.5:
        samples = samples * 32768
    return float(np.sqrt(np.mean(samples ** 2)))


@needs_av
def test_interview_recording_has_speech(case_dir, manifest):
    (item,) = [i for i in _items(manifest) if i["title"] == "询问录音"]
    path = case_dir / item["file"]
    assert path.suffix == ".m4a"
    assert _rms(path) > 500  # 16-bit scale; silence is < 50
    note = item["production_note"]
    spoken = (note["recorded_to"] - note["recorded_from"]).total_seconds()
    av = pytest.importorskip("av")
    with av.open(str(path)) as c:
        assert c.streams.audio[0].codec_context.name == "aac"
        assert abs(c.duration / 1_000_000 - spoken) < 1.5


@needs_av
def test_interview_segments_line_up_with_speech(tmp_path):
    lines = ["问：你叫什么名字？", "答：我叫王小明。", ("问", "你是这家店的负责人吗？"), "答：是的。"]
    path, segments = media.make_interview_audio(tmp_path / "a.wav", lines)
    assert [s[2] for s in segments] == ["问", "答", "问", "答"]
    assert segments[1][3] == "我叫王小明。"
    for (s0, e0, *_), (s1, _e1, *_) in zip(segments, segments[1:]):
        assert 0 <= s0 < e0 < s1
    inside = _rms(path, segments[1][0] / 1000, segments[1][1] / 1000)
    gap = _rms(path, segments[1][1] / 1000 + 0.15, segments[2][0] / 1000 - 0.15)
    assert inside > 500 and gap < 50


# --- determinism ------------------------------------------------------------------------------------------
def test_same_seed_same_dossier(tmp_path):
    a = dossiers.make_dossier_folder(tmp_path / "a", seed=11, with_av=False)
    b = dossiers.make_dossier_folder(tmp_path / "b", seed=11, with_av=False)
    text = (a / "dossier.yaml").read_text(encoding="utf-8")
    assert text == (b / "dossier.yaml").read_text(encoding="utf-8")
    other = dossiers.manifest_dict(dossiers.make_case(12), [], [])["case"]
    assert yaml.safe_load(text)["case"]["case_no"] != other["case_no"]
    for f in a.rglob("*"):
        if f.is_file():
            assert f.read_bytes() == (b / f.relative_to(a)).read_bytes(), f.name


def test_demo_set_mixes_categories_and_classifications(tmp_path):
    paths = dossiers.make_demo_set(tmp_path, n_cases=5, with_av=False, with_scan=False)
    cases = [yaml.safe_load((p / "dossier.yaml").read_text(encoding="utf-8"))["case"] for p in paths]
    assert len({c["case_no"] for c in cases}) == 5
    assert {c["category"] for c in cases} == {"处罚", "许可"}
    assert {c["procedure"] for c in cases} == {"一般", "简易"}
    assert {c["classification"] for c in cases} == {"公开", "内部", "秘密"}
    assert all(p.name.startswith(f"{n:02d}-") for n, p in enumerate(paths, start=1))


# --- pdf helpers -------------------------------------------------------------------------------------------
def test_text_pdf_exact_page_count_and_footer(tmp_path):
    p = pdfs.make_text_pdf(tmp_path / "t.pdf", "测试文件", ["短段落。"], pages=3, rng=random.Random(1))
    with pymupdf.open(p) as doc:
        assert doc.page_count == 3
        assert "第 3 页 共 3 页" in doc[2].get_text() and _cjk(doc[2].get_text()) > 300


def test_wrap_keeps_numbers_whole_and_hangs_punctuation():
    font = pdfs.pdf_font()
    lines = pdfs.wrap(font, "执法证号分别为33011475591、33018260626，这是我们的执法证件。", 200, 12)
    assert "".join(lines) == "执法证号分别为33011475591、33018260626，这是我们的执法证件。"
    assert not any(line[0] in "，。、" for line in lines)
    assert any(line.startswith("33018260626") or line.endswith("33018260626，") for line in lines)


def test_form_pdf_shows_labels_values_and_qa(tmp_path):
    p = pdfs.make_form_pdf(tmp_path / "f.pdf", "询问笔录", {"询问地点": "某市市场监督管理局询问室", "被询问人": "王小明"},
                           qa=[("问", "你叫什么名字？"), ("答", "我叫王小明。")])
    with pymupdf.open(p) as doc:
        text = doc[0].get_text()
    for s in ("询问笔录", "询问地点", "某市市场监督管理局询问室", "问：你叫什么名字？", "答：我叫王小明。"):
        assert s in text


def test_scanned_pdf_has_no_text_layer(tmp_path):
    p = pdfs.make_scanned_pdf(tmp_path / "s.pdf", ["名称：某某食品有限公司"], random.Random(2), title="营业执照")
    with pymupdf.open(p) as doc:
        assert doc.page_count == 1 and doc[0].get_text() == "" and len(doc[0].get_images()) == 1


def test_long_pdf(tmp_path):
    p = pdfs.make_long_pdf(tmp_path / "long.pdf", 30, random.Random(3), templates=8)
    with pymupdf.open(p) as doc:
        assert doc.page_count == 30
        assert "第 30 页 共 30 页" in doc[29].get_text() and _cjk(doc[29].get_text()) > 500


# --- bad inputs ------------------------------------------------------------------------------------------------
def test_bad_files(bad):
    assert bad["zero_byte"].stat().st_size == 0
    assert bad["fake_mp4"].suffix == ".mp4" and bad["fake_mp4"].read_bytes().decode("utf-8")
    a, b = bad["duplicate_a"], bad["duplicate_b"]
    assert a.name != b.name and a.read_bytes() == b.read_bytes()


def test_truncated_pdf_is_broken(bad):
    data = bad["truncated_pdf"].read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" not in data[-64:]
    try:
        doc = pymupdf.open(bad["truncated_pdf"])
    except Exception:
        return  # failing to open is one acceptable outcome
    with doc:  # the other: MuPDF repairs it and the text is gone
        assert doc.is_repaired and _cjk("".join(p.get_text() for p in doc)) < 100


def test_encrypted_pdf_needs_the_password(bad):
    with pymupdf.open(bad["encrypted_pdf"]) as doc:
        assert doc.needs_pass and doc.is_encrypted
        assert not doc.authenticate("wrong")
        assert doc.authenticate(badinputs.ENCRYPTED_PDF_PASSWORD)
        assert "AES" in doc.metadata["encryption"] and "256" in doc.metadata["encryption"]
        assert _cjk(doc[0].get_text()) > 20


def test_fake_mp4_is_not_a_video(bad):
    av = pytest.importorskip("av")
    with pytest.raises(av.error.FFmpegError):
        av.open(str(bad["fake_mp4"])).close()


def test_long_chinese_name(bad):
    text, path = bad["long_chinese_name_text"], bad["long_chinese_name"]
    assert isinstance(text, str) and text.endswith(".pdf") and _cjk(text) == 200
    assert len(path.name.encode("utf-8")) <= 255 and _cjk(path.name) >= 80
    assert text.startswith(path.stem)
    with pymupdf.open(path) as doc:
        assert _cjk(doc[0].get_text()) > 50


def test_bad_folders(bad):
    def load(key):
        return yaml.safe_load((bad[key] / "dossier.yaml").read_text(encoding="utf-8"))

    with pytest.raises(yaml.YAMLError) as exc:
        load("malformed_yaml_folder")
    assert exc.value.problem_mark.line + 1 == badinputs.MALFORMED_YAML_LINE

    files = [i["file"] for i in _items(load("traversal_folder"))]
    assert "../outside.pdf" in files and (bad["traversal_folder"] / "../outside.pdf").is_file()

    missing = [i["file"] for i in _items(load("missing_file_folder"))]
    assert [f for f in missing if not (bad["missing_file_folder"] / f).exists()] == ["正卷/02-不存在的文件.pdf"]

    empty = [i["file"] for i in _items(load("zero_byte_folder"))]
    assert [f for f in empty if (bad["zero_byte_folder"] / f).stat().st_size == 0] == ["正卷/02-空文件.pdf"]

    listed = [i["file"] for i in _items(load("duplicate_listing_folder"))]
    assert len(listed) == 2 and len(set(listed)) == 1

    if "symlink_folder" in bad:
        link = bad["symlink_folder"] / "正卷/02-链接.pdf"
        assert link.is_symlink() and link.resolve() == bad["outside_pdf"].resolve()
    case_nos = {load(k)["case"]["case_no"] for k in ("traversal_folder", "missing_file_folder",
                                                   "zero_byte_folder", "duplicate_listing_folder")}
    assert len(case_nos) == 4
