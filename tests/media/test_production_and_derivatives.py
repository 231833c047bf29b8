"""制作说明 checks and form; derivatives kept in the evidence store (reused, fixity-checked,
kept by recovery); playing is summarised in one audit event."""

from __future__ import annotations

import datetime as dt

import pymupdf
import pytest
from sqlalchemy import select

from workstation.archive.models import AVProductionNote, Blob
from workstation.media.models import MediaDerivative
from tests.media.conftest import need
from workstation.media.production import NoteCheckSettings, check_production_note

BJ = dt.timezone(dt.timedelta(hours=8))
GOOD = dict(method="执法记录仪现场拍摄", device="DSJ-V9", device_serial="SN20240012", is_original=True,
            recorded_from=dt.datetime(2026, 3, 2, 9, 15, 0, tzinfo=BJ),
            recorded_to=dt.datetime(2026, 3, 2, 9, 15, 6, tzinfo=BJ), clock_checked=True,
            makers=[{"name": "张三", "cert_no": "33010012345"}, {"name": "李四", "cert_no": "33010012346"}],
            proves="当事人销售超过保质期的食品", original_carrier="执法记录仪存储卡 01 号",
            carrier_location="局证据保管室 A-3 柜", unedited_statement="未经剪辑", interruption_notes="")


def keys(issues):
    return sorted(i["key"] for i in issues)


def test_a_complete_note_has_no_issues():
    assert check_production_note(GOOD, case_opened="2026-03-01", case_closed="2026-03-20", duration_ms=6000,
                                 has_sound=True, has_transcript=True) == []


@pytest.mark.parametrize("change,expected", [
    ({"makers": [{"name": "张三", "cert_no": "1"}]}, ["makers_fewer_than_two"]),
    ({"makers": [{"name": "张三", "cert_no": ""}, {"name": "李四", "cert_no": "2"}]}, ["maker_without_cert"]),
    ({"recorded_to": dt.datetime(2026, 3, 2, 9, 0, tzinfo=BJ)}, ["end_before_start"]),
    ({"recorded_from": None}, ["time_missing"]),
    ({"recorded_from": dt.datetime(2026, 2, 27, 9, 15, tzinfo=BJ),
      "recorded_to": dt.datetime(2026, 2, 27, 9, 15, 6, tzinfo=BJ)}, ["time_outside_case", "time_outside_case"]),
    ({"proves": ""}, ["proves_missing"]),
    ({"original_carrier": ""}, ["carrier_missing"]),
    ({"carrier_location": ""}, ["carrier_location_missing"]),
    ({"unedited_statement": " "}, ["unedited_statement_missing"]),
    ({"clock_checked": False}, ["clock_not_checked"]),
    ({"recorded_to": dt.datetime(2026, 3, 2, 9, 25, tzinfo=BJ)}, ["duration_mismatch"]),
    ({"is_original": False}, ["copy_method_missing"]),
    ({"method": "", "device": ""}, ["method_missing"]),
])
def test_each_problem_is_flagged(change, expected):
    issues = check_production_note({**GOOD, **change}, case_opened="2026-03-01", case_closed="2026-03-20",
                                   duration_ms=6000, has_sound=True, has_transcript=True)
    assert keys(issues) == sorted(expected)
    assert all(i["message"] and i["severity"] in ("error", "warning", "info") for i in issues)


def test_tolerance_is_configurable_and_utc_times_are_read_as_beijing():
    note = {**GOOD, "recorded_to": dt.datetime(2026, 3, 2, 9, 16, 10, tzinfo=BJ)}  # 70 s span for a 6 s file
    assert keys(check_production_note(note, duration_ms=6000, has_transcript=True)) == []
    strict = check_production_note(note, duration_ms=6000, settings=NoteCheckSettings(duration_tolerance_s=30))
    assert keys(strict) == ["duration_mismatch"] and "允许 30 秒" in strict[0]["message"]
    # 2026-03-01 23:30 Beijing is 15:30 UTC the same day; 2026-03-01 is inside the case period
    utc = {**GOOD, "recorded_from": dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.timezone.utc),
           "recorded_to": dt.datetime(2026, 3, 1, 15, 30, 6, tzinfo=dt.timezone.utc)}
    assert keys(check_production_note(utc, case_opened="2026-03-01", duration_ms=6000)) == []
    assert keys(check_production_note(None)) == ["no_note"]
    assert "transcript_missing" in keys(check_production_note(GOOD, duration_ms=6000, has_sound=True))


def test_facade_checks_and_renders_the_form(archive, clerk, media, tmp_path):
    clerk.create_case(case_no="罚〔2026〕9号", title="某公司销售过期食品案", category="处罚",
                      opened_on="2026-03-05", closed_on="2026-03-20")
    item = clerk.import_paths([media["mp4"]], "罚〔2026〕9号").files[0].item_id
    assert [i["key"] for i in clerk.production_note_issues(item)] == ["no_note"]
    with archive.write() as s:
        s.add(AVProductionNote(item_id=item, **{**GOOD, "makers": GOOD["makers"][:1]}))
    issues = clerk.production_note_issues(item)
    assert keys(issues) == ["makers_fewer_than_two", "time_outside_case", "time_outside_case", "transcript_missing"]
    clerk.save_transcript(item, [(0, 1000, "问", "现在开始检查")])
    assert "transcript_missing" not in keys(clerk.production_note_issues(item))
    out = clerk.export_production_note(item, tmp_path, include_issues=True)
    text = pymupdf.open(out["path"])[0].get_text()
    for word in ("音像资料制作说明", "罚〔2026〕9号", "张三", "33010012345", "SHA256", "未经剪辑", "请核实", "SM3"):
        assert word in text, word


def test_derivatives_are_stored_once_and_survive_recovery(archive, data_dir, clerk, case_with, media):
    items = case_with(media["mp4"], media["m4a"])
    vid, aud = items[media["mp4"].name], items[media["m4a"].name]
    made = clerk.make_derivatives(vid, thumbnails=5)
    assert {k: v for k, v in made["made"].items() if k != "waveform"} == {
        "frame_index": 150, "poster": made["made"]["poster"], "thumbnails": 5}
    assert made["made"]["waveform"] == pytest.approx(300, abs=1)  # 6 s at 50 peaks/s
    assert made["problems"] == []
    first = clerk.thumbnails(vid, n=5)
    assert [t["ms"] for t in first] == [600.0, 1800.0, 3000.0, 4200.0, 5400.0]
    wave = clerk.waveform(aud)
    assert wave["per_second"] == 50 and len(wave["peaks"]) == pytest.approx(wave["duration_ms"] / 20, abs=1)
    with archive.read() as s:
        rows = s.scalars(select(MediaDerivative)).all()
        n_rows = len(rows)
        blob_shas = {b for b in s.scalars(select(Blob.sha256))}
    assert n_rows == 1 + 1 + 5 + 1 + 1  # index, poster, thumbnails, two waveforms
    assert all(r.blob_sha256 in blob_shas for r in rows)
    assert clerk.thumbnails(vid, n=5)[2]["sha256"] == first[2]["sha256"]
    with archive.read() as s:
        assert len(s.scalars(select(MediaDerivative)).all()) == n_rows  # reused, not made again
    # recovery (run when an archive opens) keeps them: they have blob rows
    from workstation.session import Archive

    again = Archive.open(data_dir)
    try:
        assert not again.recovery_report["orphan_objects_removed"]
        assert all(again.store.exists(r.blob_sha256) for r in rows)
    finally:
        again.close()
    assert clerk.verify_fixity().passed


def test_playing_is_one_summarised_audit_event(archive, clerk, case_with, media):
    from workstation.archive import audit

    item = case_with(media["mp4"])[media["mp4"].name]
    with clerk.open_media(item) as player:
        assert player.path.exists() and player.duration_ms == 6000
        shown = player.snap(1234)
        assert shown["ms"] == 1240.0 and shown["player_ms"] == 1234 and shown["offset_ms"] == 6.0
        assert player.step(1240, 1).ms == 1280.0 and player.step(1240, -1).ms == 1200.0
        player.note_played(0, 2000)
        player.note_played(1500, 3000)
        img = player.frame_at(player.exact(2500), width=64)
        assert img.time.ms == 2520.0 or img.time.ms == 2480.0
    with archive.read() as s:
        views = [e for e in audit.iter_events(s) if e.action == "item.view"]
    assert len(views) == 1 and '"time_ranges_ms":[[0,3000]]' in views[0].details
    info = clerk.media_info(item)
    assert info["frame_index"]["frames"] == 150 and info["video"]["width"] == 320


def test_note_saved_through_the_facade(archive, clerk, media, secadmin):
    from tests.conftest import PASSWORD
    from workstation.archive.vocab import Role
    from workstation.errors import AccessDenied

    clerk.create_case(case_no="罚〔2026〕11号", title="案", category="处罚", opened_on="2026-03-01")
    item = clerk.import_paths([media["mp3"]], "罚〔2026〕11号").files[0].item_id
    assert clerk.production_note(item) is None
    issues = clerk.save_production_note(item, makers=["张三:33010012345", "李四:"], recorded_from="2026-03-02 09:15",
                                        recorded_to="2026-03-02 09:15:05", proves="当事人陈述", clock_checked=True)
    assert {"maker_without_cert", "carrier_missing", "unedited_statement_missing"} <= set(keys(issues))
    note = clerk.production_note(item)
    assert note["recorded_from"] == "2026-03-02T09:15:00+08:00" and note["makers"][1] == {"name": "李四", "cert_no": ""}
    archive.sign_in("admin", PASSWORD).add_user("rev", PASSWORD, [Role.REVIEWER])
    secadmin.add_grant("罚〔2026〕11号", user="rev", level="view", reason="审核")
    with pytest.raises(AccessDenied):
        archive.sign_in("rev", PASSWORD).save_production_note(item, proves="x")
    from workstation.archive import audit

    with archive.read() as s:
        saves = [e for e in audit.iter_events(s) if e.action == "production_note.save"]
    assert [e.outcome for e in saves] == ["success", "denied"] and "张三" in saves[0].details


def test_import_leaves_derivatives_pending_and_derive_pending_makes_them(archive, clerk, case_with, media):
    ids = case_with(need(media, "mp4"), need(media, "wav"), need(media, "truncated_end"))
    video, audio, broken = ids["bodycam.mp4"], ids["interview.wav"], ids["cut_moov_at_end.mp4"]
    pending = clerk.derivatives_pending()
    assert video in pending and audio in pending
    assert broken not in pending  # flagged 不可用 at ingest: nothing to derive, kept as it is

    result = clerk.derive_pending()
    assert set(result["items"]) == {video, audio} and result["problems"] == []
    assert clerk.derivatives_pending() == []
    assert clerk.poster(video)["sha256"]  # now served from the stored derivative
    assert len(clerk.thumbnails(video)) == 10
    assert clerk.waveform(audio)["peaks"]
    assert clerk.derive_pending()["items"] == []  # nothing made twice


def test_cli_import_makes_the_derivatives(tmp_path, media):
    import json

    from tests.test_cli import PASSWORD, run

    d = tmp_path / "arch"
    run(d, "init", "--admin", "admin", password=PASSWORD)
    run(d, "user", "add", "clerk", "--role", "archivist", user="admin", WORKSTATION_NEW_PASSWORD=PASSWORD)
    run(d, "case", "create", "--case-no", "测试〔2026〕7号", "--title", "询问录音", "--category", "处罚", user="clerk")
    data = json.loads(run(d, "import", str(need(media, "wav")), "--case", "测试〔2026〕7号", "--no-index", "--json",
                          user="clerk").stdout)
    assert len(data["derivatives"]["items"]) == 1 and data["derivatives"]["problems"] == []
