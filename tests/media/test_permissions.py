"""Access to recordings follows open_item: hidden items look missing (denials audited);
exports need the export grant and permission; transcript changes need the edit grant;
derivatives of items encrypted at rest are encrypted too."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from workstation.archive.vocab import Role
from workstation.errors import AccessDenied, NotFound


def _denials(archive):
    from workstation.archive import audit

    with archive.read() as s:
        return [e for e in audit.iter_events(s) if e.outcome == "denied"]


@pytest.fixture
def setup(archive, admin, secadmin, clerk, case_with, media, tmp_path):
    ids = case_with(media["mp4"], case_no="罚〔2026〕7号")
    item = ids[media["mp4"].name]
    clerk.save_transcript(item, [(0, 1000, "问", "你好")])
    clip = clerk.create_clip(item, 1000, 2000, "片段")
    for name, role in (("rev", Role.REVIEWER), ("viewer", Role.REVIEWER), ("exporter", Role.REVIEWER),
                       ("reader", Role.READER)):
        admin.add_user(name, PASSWORD, [role], department=f"科-{name}")
    secadmin.add_grant("罚〔2026〕7号", user="viewer", level="view", reason="审核")
    secadmin.add_grant("罚〔2026〕7号", user="exporter", level="export", reason="复制给当事人")
    secadmin.add_grant("罚〔2026〕7号", user="reader", level="export", reason="调阅")
    users = {n: archive.sign_in(n, PASSWORD) for n in ("rev", "viewer", "exporter", "reader")}
    return item, clip, users


def _calls(item, clip, dest):
    return {
        "media_info": lambda ws: ws.media_info(item),
        "snap_time": lambda ws: ws.snap_time(item, 1234),
        "frame_index": lambda ws: ws.frame_index(item),
        "frame_image": lambda ws: ws.frame_image(item, 1000),
        "thumbnails": lambda ws: ws.thumbnails(item, n=2),
        "poster": lambda ws: ws.poster(item),
        "waveform": lambda ws: ws.waveform(item),
        "transcript": lambda ws: ws.transcript(item),
        "segment_at": lambda ws: ws.segment_at(item, 500),
        "transcript_versions": lambda ws: ws.transcript_versions(item),
        "list_clips": lambda ws: ws.list_clips(item),
        "create_clip": lambda ws: ws.create_clip(item, 0, 500, "x"),
        "production_note_issues": lambda ws: ws.production_note_issues(item),
        "open_media": lambda ws: ws.open_media(item).close(),
        "save_transcript": lambda ws: ws.save_transcript(item, [(0, 10, "", "x")]),
        "export_transcript": lambda ws: ws.export_transcript(item, "srt", dest),
        "export_clip": lambda ws: ws.export_clip(clip["id"], "fast", dest),
        "export_production_note": lambda ws: ws.export_production_note(item, dest),
    }


@pytest.fixture
def dest(tmp_path):
    d = tmp_path / "out"
    d.mkdir()
    return d


def test_hidden_item_looks_missing_everywhere(archive, admin, setup, dest):
    item, clip, users = setup
    tmp_path = dest
    for who in (users["rev"], admin):  # no grant; the system administrator sees no case content
        before = len(_denials(archive))
        for name, call in _calls(item, clip, tmp_path).items():
            with pytest.raises((NotFound, AccessDenied)) as exc:
                call(who)
            if who is users["rev"] or name not in ("export_transcript", "export_clip", "export_production_note"):
                assert isinstance(exc.value, NotFound), name
        assert len(_denials(archive)) - before >= len(_calls(item, clip, tmp_path)) - 1
    assert not list(tmp_path.iterdir())


def test_view_grant_allows_viewing_not_exporting_or_editing(archive, setup, dest):
    item, clip, users = setup
    tmp_path = dest
    viewer = users["viewer"]
    calls = _calls(item, clip, tmp_path)
    for name in ("media_info", "snap_time", "frame_image", "thumbnails", "poster", "waveform", "transcript",
                 "segment_at", "list_clips", "create_clip", "production_note_issues", "open_media"):
        calls[name](viewer)
    before = len(_denials(archive))
    for name in ("save_transcript", "export_transcript", "export_clip", "export_production_note"):
        with pytest.raises(AccessDenied):
            calls[name](viewer)
    new = _denials(archive)[before:]
    assert len(new) == 4 and {e.action for e in new} == {"transcript.save", "transcript.export", "clip.export",
                                                         "production_note.export"}
    assert all("no_" in e.details for e in new)
    assert not list(tmp_path.iterdir())


def test_export_grant_exports_and_reader_role_cannot(archive, setup, tmp_path):
    item, clip, users = setup
    out = users["exporter"].export_clip(clip["id"], "fast", tmp_path)
    assert out["sha256"]
    users["exporter"].export_transcript(item, "pdf", tmp_path)
    with pytest.raises(AccessDenied):  # 调阅人: export grant, but the role may not export
        users["reader"].export_clip(clip["id"], "fast", tmp_path)
    with pytest.raises(AccessDenied):
        users["exporter"].save_transcript(item, [(0, 10, "", "x")])  # export ≠ edit


def test_clip_removal_by_creator_or_editor_only(archive, setup):
    item, clip, users = setup
    mine = users["viewer"].create_clip(item, 0, 400, "我的")
    with pytest.raises(AccessDenied):
        users["viewer"].remove_clip(clip["id"])  # made by clerk
    users["viewer"].remove_clip(mine["id"])


def test_secret_recording_derivatives_are_encrypted(archive, secadmin, clerk, case_with, media, tmp_path):
    ids = case_with(media["mp4"], case_no="密〔2026〕3号", classification="秘密")
    item = ids[media["mp4"].name]
    thumbs = clerk.thumbnails(item, n=3)
    poster = clerk.poster(item)
    clerk.frame_index(item)
    assert all(t["image"].startswith(b"\xff\xd8") for t in thumbs) and poster["image"].startswith(b"\xff\xd8")
    from sqlalchemy import select

    from workstation.archive.models import Blob
    from workstation.media.models import MediaDerivative

    with archive.read() as s:
        rows = s.scalars(select(MediaDerivative)).all()
        blobs = {b.sha256: b for b in s.scalars(select(Blob))}
    assert len(rows) == 5
    for r in rows:
        stored = archive.store.path_of(r.blob_sha256).read_bytes()
        assert stored.startswith(b"WSENC1") and b"\xff\xd8\xff" not in stored[:64]
        assert blobs[r.blob_sha256].encrypted
    assert not list((archive.data_dir / "cache" / "plain").iterdir())  # no plaintext left behind
    # someone cleared only for 内部, even with a grant, does not see it
    from workstation.archive.vocab import Role as R

    admin = archive.sign_in("admin", PASSWORD)
    admin.add_user("low", PASSWORD, [R.REVIEWER])
    secadmin.add_grant("密〔2026〕3号", user="low", level="export", reason="x")
    low = archive.sign_in("low", PASSWORD)
    with pytest.raises(NotFound):
        low.thumbnails(item)
    assert clerk.verify_fixity().passed
