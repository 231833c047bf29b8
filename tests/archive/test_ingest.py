"""Ingest: exact bytes, both digests, probing, duplicates, and bad input handled cleanly."""

import hashlib
import os
import subprocess
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import func, select

from workstation.archive import audit
from workstation.archive.models import Blob, Case, Item
from workstation.errors import InvalidInput, ManifestError, NotFound
from workstation.jobs import Job


def _counts(archive):
    with archive.read() as s:
        return (s.scalar(select(func.count(Case.id))), s.scalar(select(func.count(Item.id))),
                s.scalar(select(func.count(Blob.id))), len(list(archive.store.iter_objects())))


def _openssl_sm3(path: Path) -> str:
    out = subprocess.run(["openssl", "dgst", "-sm3", "-r", str(path)], capture_output=True, text=True, check=True)
    return out.stdout.split()[0]


def _sha256sum(path: Path) -> str:
    return subprocess.run(["sha256sum", str(path)], capture_output=True, text=True, check=True).stdout.split()[0]


def test_dossier_folder_imports_whole_case_in_order(clerk, archive, dossier):
    report = clerk.import_paths([dossier])
    assert report.created_case and report.imported >= 10
    case = clerk.show_case(report.case_no)
    from workstation.archive.manifest import load_manifest

    manifest = load_manifest(dossier)
    assert case["title"] == manifest.case["title"]
    for vol, mvol in zip(case["volumes"], manifest.volumes):
        assert vol["kind"] == str(mvol.kind)
        assert [it["title"] for it in vol["items"]] == [mi.title for mi in mvol.items]
        # 页号 run on through the volume.
        page = 0
        for it in vol["items"]:
            if it["page_count"] and it["kind"] in ("document", "image"):
                assert it["page_start"] == page + 1
                page = it["page_end"]
    items = [it for vol in case["volumes"] for it in vol["items"]]
    video = next(it for it in items if it["kind"] == "video")
    assert video["duration_ms"] > 1000
    for it, mi in zip(items, [mi for v in manifest.volumes for mi in v.items]):
        stored = archive.store.path_of(next(d["value"] for d in it["digests"] if d["algorithm"] == "sha256"))
        assert stored.read_bytes() == mi.file.read_bytes()
        assert {d["algorithm"] for d in it["digests"]} == {"sha256", "sm3"}
        assert next(d["value"] for d in it["digests"] if d["algorithm"] == "sha256") == _sha256sum(mi.file)
        assert next(d["value"] for d in it["digests"] if d["algorithm"] == "sm3") == _openssl_sm3(mi.file)
        assert os.stat(stored).st_mode & 0o222 == 0  # stored read-only
    with archive.read() as s:
        note_items = s.scalars(select(Item).where(Item.kind == "video")).all()
        assert note_items[0].production_note is not None
        assert len(note_items[0].production_note.makers) >= 2


def test_every_import_is_audited(clerk, archive, dossier):
    report = clerk.import_paths([dossier])
    with archive.read() as s:
        events = list(audit.iter_events(s, actor="clerk"))
    actions = [e.action for e in events]
    assert actions.count("item.import") == report.imported
    assert "case.create" in actions and "import" in actions


def test_reimport_does_not_duplicate(clerk, archive, dossier):
    clerk.import_paths([dossier])
    before = _counts(archive)
    with pytest.raises(Exception) as exc:
        clerk.import_paths([dossier])
    assert exc.value.key == "case_exists"
    case_no = clerk.list_cases()[0]["case_no"]
    pdf = next(dossier.rglob("*.pdf"))
    report = clerk.import_paths([pdf], case_no)
    assert [f.status for f in report.files] == ["duplicate"]
    assert _counts(archive) == before


def test_identical_content_is_stored_once_across_cases(clerk, archive, tmp_path, dossier):
    pdf = next(dossier.rglob("*.pdf"))
    clerk.create_case(case_no="甲〔2026〕1号", title="甲案", category="检查")
    clerk.create_case(case_no="乙〔2026〕2号", title="乙案", category="检查")
    clerk.import_paths([pdf], "甲〔2026〕1号")
    clerk.import_paths([pdf], "乙〔2026〕2号")
    cases, items, blobs, objects = _counts(archive)
    assert (items, blobs, objects) == (2, 1, 1)


def test_bad_inputs(clerk, archive, tmp_path):
    from workstation.devdata.badinputs import make_bad_inputs

    bad = make_bad_inputs(tmp_path / "bad")
    clerk.create_case(case_no="坏〔2026〕1号", title="坏文件测试", category="处罚")
    baseline = _counts(archive)

    # Zero-byte: refused, nothing written.
    with pytest.raises(InvalidInput) as exc:
        clerk.import_paths([bad["zero_byte"]], "坏〔2026〕1号")
    assert exc.value.key == "empty_file"
    assert _counts(archive) == baseline

    # Unparseable content is preserved byte for byte but flagged unusable with a reason.
    for key, kind in (("truncated_pdf", "document"), ("encrypted_pdf", "document"), ("fake_mp4", "video")):
        report = clerk.import_paths([bad[key]], "坏〔2026〕1号")
        (outcome,) = report.files
        assert outcome.status == "unusable", key
        assert outcome.kind == kind and outcome.reason
        assert archive.store.path_of(outcome.sha256).read_bytes() == bad[key].read_bytes()
    enc = report  # noqa: F841

    # Long Chinese file name, kept as given.
    report = clerk.import_paths([bad["long_chinese_name"]], "坏〔2026〕1号")
    assert report.files[0].status == "imported"
    assert report.files[0].original_name == bad["long_chinese_name"].name

    # Duplicates in one batch: stored once, second reported as duplicate.
    report = clerk.import_paths([bad["duplicate_a"], bad["duplicate_b"]], "坏〔2026〕1号")
    assert [f.status for f in report.files] == ["imported", "duplicate"]

    after_good = _counts(archive)
    # Manifest problems abort with file and line; nothing is written.
    for key, err_key in (("malformed_yaml_folder", "manifest_syntax"), ("traversal_folder", "path_escape"),
                         ("missing_file_folder", "missing_file"), ("zero_byte_folder", "empty_file")):
        with pytest.raises(ManifestError) as exc:
            clerk.import_paths([bad[key]])
        assert exc.value.key == err_key, key
        assert exc.value.data["line"] >= 1 or err_key == "manifest_syntax"
        assert "dossier.yaml" in str(exc.value.data["file"])
        assert _counts(archive) == after_good
    with archive.read() as s:
        errors = [e for e in audit.iter_events(s, action="import", outcome="error")]
    assert len(errors) >= 5


def test_unknown_case_and_missing_case_argument(clerk, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("内容", "utf-8")
    with pytest.raises(NotFound):
        clerk.import_paths([f], "不存在的案号")
    with pytest.raises(InvalidInput) as exc:
        clerk.import_paths([f])
    assert exc.value.key == "case_required"


def test_cancelled_import_leaves_nothing(clerk, archive, dossier):
    job = Job()
    calls = {"n": 0}

    def on_progress(done, total, key):
        calls["n"] += 1
        if key == "storing" and done >= 3:
            job.cancel()

    job.on_progress = on_progress
    from workstation.errors import Cancelled

    with pytest.raises(Cancelled):
        clerk.import_paths([dossier], job=job)
    assert _counts(archive) == (0, 0, 0, 0)
    assert not any((archive.data_dir / "store" / "tmp").iterdir())


def test_reading_an_item_writes_one_summarised_event(clerk, archive, dossier):
    report = clerk.import_paths([dossier])
    item = next(f for f in report.files if f.kind == "document" and f.status == "imported")
    with clerk.open_item(item.item_id) as reader:
        doc = pymupdf.open(reader.path)
        for n in range(doc.page_count):
            doc[n].get_pixmap(dpi=20)
            reader.note_pages([n + 1])
        reader.note_pages(range(1, doc.page_count + 1))  # scrolling back: still one event
    with archive.read() as s:
        views = list(audit.iter_events(s, action="item.view"))
    assert len(views) == 1
    import json

    assert json.loads(views[0].details)["pages"] == (f"1-{doc.page_count}" if doc.page_count > 1 else "1")
