"""Who may export, what is audited, and what cancel / failure leave behind (nothing)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import cli_env
from tests.export.conftest import find_page, secret_rect
from workstation.errors import AccessDenied, Cancelled, InvalidInput, NotFound
from workstation.export.package import verify_bundle
from workstation.export.spec import Bates, BundleSpec, parse_part, parse_ranges, parse_redaction, reason_code
from workstation.jobs import Job
from workstation.session_bundle import PROGRESS_KEY

ID_NO = "110101199003071234"


def _events(archive, action):
    from workstation.archive import audit

    with archive.read() as s:
        return [audit.event_to_json(e) for e in audit.iter_events(s) if e.action == action]


def _docs_spec(case, **kw):
    items = case["items"]
    return BundleSpec.from_json({"case_no": case["case_no"], "parts": [
        {"item_id": items["notice"]}, {"item_id": items["record"]}, {"item_id": items["decision"]}], **kw})


@pytest.fixture
def out(tmp_path) -> Path:
    d = tmp_path / "bundles"
    d.mkdir()
    return d


def _nothing_left(out: Path) -> None:
    assert list(out.iterdir()) == [], list(out.iterdir())


def test_view_grant_only_is_refused_and_audited(archive, clerk, secadmin, reviewer, case, out):
    secadmin.add_grant(case["case_no"], user="reviewer", level="view", reason="法制审核")
    assert reviewer.show_case(case["case_no"])  # may see it
    with pytest.raises(AccessDenied) as err:
        reviewer.export_bundle(_docs_spec(case), out)
    assert "下载/导出" in err.value.message
    denied = [e for e in _events(archive, "bundle.export") if e["outcome"] == "denied"]
    assert denied and denied[-1]["actor"] == "reviewer" and denied[-1]["details"]["reason"] == "no_export_grant"
    _nothing_left(out)
    # an export grant lets the same selection through
    secadmin.add_grant(case["case_no"], user="reviewer", level="export", reason="提交法院")
    res = reviewer.export_bundle(_docs_spec(case), out)
    assert verify_bundle(res["path"])["ok"]


def test_hidden_case_and_foreign_items_look_missing(archive, clerk, reviewer, case, out):
    with pytest.raises(NotFound):
        reviewer.export_bundle(_docs_spec(case), out)
    other = "某市监处罚〔2026〕99号"
    clerk.create_case(case_no=other, title="另一案", category="处罚")
    with pytest.raises(NotFound):  # an item of another case cannot be slipped into this bundle
        clerk.export_bundle(BundleSpec.from_json({"case_no": other, "parts": [{"item_id": case["items"]["notice"]}]}),
                            out)
    _nothing_left(out)


def test_classified_item_needs_an_approved_export_request(archive, clerk, secadmin, case, out):
    items = case["items"]
    secadmin.classify(case["case_no"], "秘密", basis="涉及举报人信息", item_id=items["record"])
    with pytest.raises(AccessDenied) as err:
        clerk.export_bundle(_docs_spec(case), out)
    assert "审批" in err.value.message
    last = _events(archive, "bundle.export")[-1]
    assert last["outcome"] == "denied" and last["details"]["reason"] == "classified_needs_approval"
    _nothing_left(out)
    # a view-level request does not count; an approved export-level one does
    ends = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    rid_view = clerk.create_request(case["case_no"], reason="阅卷", ends=ends, level="view")
    secadmin.decide_request(rid_view, True)
    with pytest.raises(AccessDenied):
        clerk.export_bundle(_docs_spec(case), out)
    rid = clerk.create_request(case["case_no"], reason="向法院提交证据", ends=ends, level="export")
    secadmin.decide_request(rid, True)
    res = clerk.export_bundle(_docs_spec(case), out)
    ev = [e for e in _events(archive, "bundle.export") if e["details"].get("bundle_id") == res["bundle_id"]]
    assert ev[0]["details"]["approval_request"] == rid
    manifest = json.loads((Path(res["path"]) / "data/manifest.json").read_text("utf-8"))
    assert "密级：秘密" in manifest["exhibits"][1]["remarks"]


@pytest.mark.parametrize("cancel_at", [1, 4, 5])
def test_cancel_leaves_nothing(archive, clerk, case, out, cancel_at):
    """Cancel while stamping documents (1), while writing the index (4: after the exhibits),
    and after the audit record, while the bag is made (5)."""
    job = Job()

    def progress(done, total, key):
        if key == PROGRESS_KEY and done >= cancel_at:
            job.cancel()

    job.on_progress = progress
    spec = _docs_spec(case, zip=True)
    with pytest.raises(Cancelled):
        clerk.export_bundle(spec, out, job=job)
    _nothing_left(out)
    last = _events(archive, "bundle.export")[-1]
    assert last["outcome"] == "error" and last["details"]["error"] == "cancelled"


def test_crash_while_bagging_leaves_nothing(archive, clerk, case, out, monkeypatch):
    from workstation.export import package

    def boom(*a, **k):
        raise OSError("磁盘已满")

    monkeypatch.setattr(package, "make_bag", boom)
    with pytest.raises(OSError):
        clerk.export_bundle(_docs_spec(case), out)
    _nothing_left(out)
    assert _events(archive, "bundle.export")[-1]["outcome"] == "error"


def test_redaction_annotations_and_the_separate_annotated_copy(archive, clerk, case, material, out):
    items = case["items"]
    page = find_page(material["record"], ID_NO)
    rect = secret_rect(material["record"], page, ID_NO)
    anns = [{"id": 41, "kind": "redaction", "item_id": items["record"], "page": page, "rect": rect, "reason": "P1"},
            {"id": 42, "kind": "note", "item_id": items["record"], "page": 1, "rect": [72, 100, 300, 140],
             "text": "此处陈述与现场笔录一致"}]

    def list_annotations(case_no, kind=None):
        return [a for a in anns if kind is None or a["kind"] == kind]

    clerk.list_annotations = list_annotations  # what the review module's facade method returns
    spec = _docs_spec(case, redaction_annotations=[41], include_case_annotations=True)
    res = clerk.export_bundle(spec, out)
    data = Path(res["path"]) / "data"
    manifest = json.loads((data / "manifest.json").read_text("utf-8"))
    clean = data / manifest["exhibits"][1]["file"]
    with pymupdf.open(clean) as doc:
        assert ID_NO not in "".join(p.get_text() for p in doc).replace("\n", "")
        assert all(p.first_annot is None for p in doc)  # no annotation on the clean copy
    copy = next(f for f in manifest["files"] if f["role"] == "annotated_copy")
    with pymupdf.open(data / copy["path"]) as doc:
        notes = [a.info["content"] for p in doc for a in p.annots()]
        assert notes == ["此处陈述与现场笔录一致"]
        assert ID_NO not in "".join(p.get_text() for p in doc).replace("\n", "")
    assert copy["source"]["clean_copy"] == manifest["exhibits"][1]["file"]
    for pdf in (clean, data / copy["path"]):
        subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
    log = json.loads((data / "redaction_log.json").read_text("utf-8"))
    assert [e["annotation_id"] for e in log] == [41]
    assert verify_bundle(res["path"])["ok"]
    with pytest.raises(NotFound):
        clerk.export_bundle(_docs_spec(case, redaction_annotations=[99]), out)


def test_redaction_marks_from_the_review_module(archive, secadmin, reviewer, case, material, out):
    """With the review workspace present, its redaction marks (by id or all) are applied."""
    if not hasattr(reviewer, "add_annotation"):
        pytest.skip("review module (annotations) not installed")
    items = case["items"]
    secadmin.add_grant(case["case_no"], user="reviewer", level="export", reason="提交法院")
    page = find_page(material["record"], ID_NO)
    mark = reviewer.add_annotation(items["record"], "redaction", page=page,
                                   rect=secret_rect(material["record"], page, ID_NO), note="P1 身份证号")
    reviewer.add_annotation(items["notice"], "note", page=1, rect=[72, 100, 300, 140], note="立案审批及时")
    res = reviewer.export_bundle(_docs_spec(case, redaction_annotations="all", include_case_annotations=True), out)
    data = Path(res["path"]) / "data"
    log = json.loads((data / "redaction_log.json").read_text("utf-8"))
    assert [(e["annotation_id"], e["reason_code"], e["by"]) for e in log] == [(mark["id"], "P1", "reviewer")]
    manifest = json.loads((data / "manifest.json").read_text("utf-8"))
    with pymupdf.open(data / manifest["exhibits"][1]["file"]) as doc:
        assert ID_NO not in "".join(p.get_text() for p in doc).replace("\n", "")
    assert [f["role"] for f in manifest["files"]].count("annotated_copy") == 1
    assert verify_bundle(res["path"])["ok"]


def test_cli_export_and_verify(data_dir, clerk, case, material, tmp_path):
    items = case["items"]
    page = find_page(material["record"], ID_NO)
    x0, y0, x1, y1 = secret_rect(material["record"], page, ID_NO)
    out = tmp_path / "out"
    out.mkdir()
    cmd = [sys.executable, "-m", "workstation", "--json", "bundle", "export", case["case_no"], "--out", str(out),
           "--items", str(items["notice"]), f"{items['record']}:1-2", f"clip:{case['clip']['id']}",
           "--bates-prefix", "ZJ", "--bates-digits", "4", "--recipient", "某区人民法院", "--zip",
           "--redact", f"{items['record']}:{page}:{x0},{y0},{x1},{y1}:P1 身份证号",
           "--mute", f"clip:{case['clip']['id']}@2000-3000"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(data_dir, "clerk"))
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["bates"] == "ZJ0001–ZJ0005" and res["redactions"] == (1 if page <= 2 else 0)
    v = subprocess.run([sys.executable, "-m", "workstation", "bundle", "verify", res["zip"], "--json"],
                       capture_output=True, text=True, env=cli_env(data_dir))
    assert v.returncode == 0 and json.loads(v.stdout)["ok"]
    # the reader role has no export permission: exit code 3 and nothing written
    from workstation.archive.vocab import Role
    from tests.conftest import PASSWORD

    clerk.archive.sign_in("admin", PASSWORD).add_user("reader", PASSWORD, [Role.READER])
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = subprocess.run(cmd[:8] + [str(empty)] + cmd[9:13], capture_output=True, text=True,
                          env=cli_env(data_dir, "reader"))
    assert proc.returncode == 3, proc.stderr
    assert list(empty.iterdir()) == []


def test_spec_parsing():
    assert parse_ranges("1-3，5") == [(1, 3), (5, 5)]
    assert parse_part("12:2-4").pages == [(2, 4)] and parse_part("clip:3").clip_id == 3
    r = parse_redaction("4:2:10,20,110,40:P1 身份证号")
    assert r.rect == (10, 20, 110, 40) and reason_code(r.reason) == ("P1", "身份证号")
    assert reason_code("与本案无关") == ("O", "与本案无关")
    assert Bates("A", 98, 3).label(99) == "A099"
    for bad in ("x", "3:", "clip:x"):
        with pytest.raises(InvalidInput):
            parse_part(bad)
    with pytest.raises(InvalidInput):
        parse_redaction("4:2:10,20,5,40:P1")  # x1 < x0
    with pytest.raises(InvalidInput):
        Bates("A B")
    with pytest.raises(InvalidInput):
        BundleSpec.from_json({"case_no": "X", "parts": [{"item_id": 1}, {"item_id": 1}]})
    with pytest.raises(InvalidInput):
        BundleSpec.from_json({"case_no": "X", "parts": [{"item_id": 1}], "redactions": [
            {"item_id": 1, "page": 1, "rect": [0, 0, 10, 10], "reason": ""}]})


def test_original_rehashed_before_export(archive, clerk, case, out):
    """An original whose bytes no longer match its ingest digest stops the export."""
    import os
    import stat

    from workstation.errors import IntegrityError

    item = next(it for v in clerk.show_case(case["case_no"])["volumes"] for it in v["items"]
                if it["id"] == case["items"]["decision"])
    sha = next(d["value"] for d in item["digests"] if d["algorithm"] == "sha256" and d["scope"] == "content")
    path = archive.store.path_of(sha)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    path.write_bytes(bytes(data))
    with pytest.raises(IntegrityError):
        clerk.export_bundle(_docs_spec(case), out)
    _nothing_left(out)
    errors = [e for e in _events(archive, "bundle.export") if e["outcome"] == "error"]
    assert errors[0]["details"]["reason"] == "fixity_mismatch"


def test_deleted_or_added_file_is_named(clerk, case, out):
    res = clerk.export_bundle(_docs_spec(case), out)
    root = Path(res["path"])
    victim = next(root.glob("data/documents/*.pdf"))
    data = victim.read_bytes()
    victim.unlink()
    report = verify_bundle(root)
    assert not report["ok"] and f"data/documents/{victim.name}" in {p["file"] for p in report["problems"]}
    victim.write_bytes(data)
    (root / "data" / "documents" / "extra.pdf").write_bytes(data)
    report = verify_bundle(root)
    assert "data/documents/extra.pdf" in {p["file"] for p in report["problems"]}


def test_verify_against_the_archive_detects_a_rewritten_extract(data_dir, clerk, case, out):
    """Rewriting the audit extract consistently (hashes recomputed, manifests redone) passes the
    offline check but not the check against the archive's own chain."""
    import bagit

    from workstation.archive import audit as audit_log
    from workstation.archive.hashing import digest_file
    from workstation.export import auditx

    res = clerk.export_bundle(_docs_spec(case), out)
    root = Path(res["path"])
    assert clerk.verify_bundle(root)["anchored"] is True
    v = subprocess.run([sys.executable, "-m", "workstation", "bundle", "verify", str(root), "--against-archive",
                        "--json"], capture_output=True, text=True, env=cli_env(data_dir, "clerk"))
    assert v.returncode == 0 and json.loads(v.stdout)["anchored"] is True
    # forge: change who imported the files, recompute every hash after it
    path = root / "data/audit/audit_extract.jsonl"
    events = auditx.loads(path.read_bytes())
    prev = None
    for ev in events:
        if prev is not None:
            ev["prev_hash"] = prev
        if not ev.get("elided"):
            if ev["action"] == "import":
                ev["actor"] = "someone-else"
            fields = dict(ev, details=audit_log.canonical_details(ev["details"]))
            ev["hash"] = audit_log.event_hash(fields)
        prev = ev["hash"]
    path.write_bytes(auditx.dumps(events))
    manifest = json.loads((root / "data/manifest.json").read_text("utf-8"))
    entry = next(f for f in manifest["files"] if f["role"] == "audit_extract")
    d = digest_file(path)
    entry.update(sha256=d.sha256, sm3=d.sm3, size=d.size)
    manifest["audit"]["last_hash"] = events[-1]["hash"]
    (root / "data/manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    bag = bagit.Bag(str(root))
    bag.save(manifests=True)
    assert verify_bundle(root)["ok"]  # consistent forgery: the bundle alone cannot tell
    report = clerk.verify_bundle(root)
    assert not report["ok"] and report["anchored"] is False
    assert "data/audit/audit_extract.jsonl" in {p["file"] for p in report["problems"]}


def test_leftovers_of_a_killed_export_are_swept(clerk, case, out):
    """A killed export leaves a hidden partial folder (never the bundle's name); the next
    export in that folder removes it when its owner process is gone, and keeps one whose
    owner still runs (another export in progress)."""
    import os
    import socket
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    host = socket.gethostname()
    killed = out / ".某案_证据包_20260101-000000.partial-deadbeef"
    killed.mkdir()
    (killed / "bag-info.txt").write_text("half written", "utf-8")
    killed.with_name(killed.name + ".owner").write_text(f"{host} {dead.pid}\n", "utf-8")
    running = out / ".某案_证据包_20260101-000001.partial-cafebabe"
    running.mkdir()
    running.with_name(running.name + ".owner").write_text(f"{host} {os.getpid()}\n", "utf-8")
    ancient = out / ".某案_证据包_20250101-000000.partial-0badf00d"
    ancient.mkdir()
    os.utime(ancient, (1_600_000_000, 1_600_000_000))

    res = clerk.export_bundle(_docs_spec(case), out)
    left = sorted(p.name for p in out.iterdir())
    assert not killed.exists() and not ancient.exists()
    assert running.exists() and running.name + ".owner" in left
    assert Path(res["path"]).name in left
    assert not [n for n in left if n.endswith(".owner") and "cafebabe" not in n]


@pytest.mark.parametrize("prefix", ["ZJ", "证据"])
def test_stamps_embed_small_fonts_and_any_prefix_reads_back(clerk, case, out, prefix):
    """ASCII prefixes use the small stamp font; any other prefix falls back to the full CJK
    font, subset. Either way the stamps read back and no document carries a whole font."""
    import pymupdf

    res = clerk.export_bundle(_docs_spec(case, bates={"prefix": prefix, "digits": 5}), out)
    docs = sorted((Path(res["path"]) / "data" / "documents").glob("*.pdf"))
    assert docs
    n = 1
    for pdf in docs:
        assert pdf.stat().st_size < 600_000, pdf.name  # the CJK font alone is 3.5 MB
        with pymupdf.open(pdf) as doc:
            for i, page in enumerate(doc):
                text = page.get_text()
                assert f"{prefix}{n:05d}" in text and f"第 {i + 1} 页 共 {doc.page_count} 页" in text
                n += 1
