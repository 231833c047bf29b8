"""Marks and clips, clip export in a worker, the transcript editor, the waveform of a sound
recording, the 制作说明 form, and a recording that cannot be decoded."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.ui.conftest import error_keys
from tests.ui.media.conftest import SEGMENTS, wait_state
from tests.ui.media.test_player import _frame_times


def _open(qtbot, view, av, key="video"):
    view.open_item(av.ws, av.ids[key])
    wait_state(qtbot, view, "paused")


def test_marks_create_clip_with_snapped_times(qtbot, view, av):
    _open(qtbot, view, av)
    times = _frame_times(av.files["video"])
    ranges = []
    view.range_selected.connect(lambda a, b: ranges.append((a, b)))
    view.seek(1013)  # frame 25 (1000 ms) is shown at 1013 ms
    view.clips.mark_in()
    view.seek(2234)  # frame 55 (2200 ms)
    view.clips.mark_out()
    assert view.clips.mark_in_ms == pytest.approx(times[25]) and view.clips.mark_out_ms == pytest.approx(times[55])
    assert ranges == [(1000, 2200)]
    assert view.seek_bar.mark_in == 1000 and view.seek_bar.mark_out == 2200
    assert view.clips.in_label.text() == "00:00:01.000"
    view.clips.name_edit.setText("出示证件")
    clip = view.clips.create_clip()
    assert clip["name"] == "出示证件"
    assert clip["start_ms"] == pytest.approx(times[25], abs=1e-6) and clip["end_ms"] == pytest.approx(times[55], abs=1e-6)
    assert [c["id"] for c in av.ws.list_clips(av.ids["video"])] == [clip["id"]]
    assert view.clips.table.rowCount() == 1 and view.clips.table.item(0, 0).text() == "出示证件"
    assert view.seek_bar.clips == [(1000, 2200, "出示证件")]
    assert view.clips.mark_in_ms is None  # marks cleared for the next clip
    # play from the clip, then withdraw it
    view.clips.play_clip(0)
    assert view.position_ms() == 1000
    view.pause()
    view.clips.remove_clip(0)
    assert av.ws.list_clips(av.ids["video"]) == [] and view.clips.table.rowCount() == 0


def test_create_clip_needs_marks_and_name(qtbot, view, av):
    _open(qtbot, view, av)
    assert view.clips.create_clip() is None and error_keys()[-1] == "invalid_input"
    view.seek(500)
    view.clips.mark_in()
    view.seek(1500)
    view.clips.mark_out()
    assert view.clips.create_clip() is None  # no name
    assert av.ws.list_clips(av.ids["video"]) == []


@pytest.mark.parametrize("mode", ["fast", "exact"])
def test_clip_export_runs_in_a_worker(qtbot, view, av, tmp_path, mode):
    from workstation.ui import ops

    _open(qtbot, view, av)
    sha = av.ws.media_info(av.ids["video"])["sha256"]
    src = av.archive.store.path_of(sha)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    view.seek(1500)
    view.clips.mark_in()
    view.seek(3000)
    view.clips.mark_out()
    view.clips.name_edit.setText("出示证件")
    clip = view.clips.create_clip()
    view.clips.mode.setCurrentIndex(view.clips.mode.findData(mode))
    assert "关键帧" in view.clips.mode_note.text() if mode == "fast" else "那一帧" in view.clips.mode_note.text()
    pool = ops.PoolRunner()
    ops.set_runner(pool)
    try:
        with qtbot.waitSignal(view.clips.exported, timeout=30000) as sig:
            handle = view.clips.export_clip(0, dest_dir=tmp_path)
            assert not handle.done  # running off the UI thread
        assert pool.wait_idle(5000)
    finally:
        ops.set_runner(ops.InlineRunner())
    result = sig.args[0]
    out = tmp_path / result["path"].split("/")[-1]
    assert out.exists() and hashlib.sha256(out.read_bytes()).hexdigest() == result["sha256"]
    assert result["clip_id"] == clip["id"] and result["source_sha256"] == sha
    if mode == "fast":
        assert result["start_ms"] <= clip["start_ms"] + 1e-6  # from the key frame before
        assert "关键帧" in view.clips.result_label.text() or result["lead_ms"] == 0
    else:
        assert result["start_ms"] == pytest.approx(clip["start_ms"], abs=1e-6)
    assert "SHA-256" in view.clips.result_label.text()
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before  # the original is untouched
    assert len(av.ws.clip_exports(av.ids["video"])) == 1


def test_clip_export_can_be_cancelled(qtbot, view, av, tmp_path):
    from workstation.ui import ops

    _open(qtbot, view, av)
    view.seek(0)
    view.clips.mark_in()
    view.seek(3900)
    view.clips.mark_out()
    view.clips.name_edit.setText("全程")
    view.clips.create_clip()
    dest = tmp_path / "exports"
    dest.mkdir()
    ops.set_runner(ops.InlineRunner(before=lambda op: op.job.cancel()))
    view.clips.export_clip(0, "exact", dest)
    assert view.clips.result_label.text() == "导出已取消。"
    assert list(dest.iterdir()) == [] and av.ws.clip_exports(av.ids["video"]) == []


def test_transcript_follows_playback_and_click_seeks(qtbot, view, av):
    from PySide6.QtCore import Qt

    _open(qtbot, view, av)
    tp = view.transcript
    assert tp.table.rowCount() == 3 and tp.version == 1
    assert tp.table.item(1, 3).text() == "好的，在这里。" and tp.table.item(1, 2).text() == "答"
    assert "第 1 版" in tp.version_label.text()
    view.seek(1800)
    assert tp.current_row == 1
    assert tp.table.item(1, 3).background().color().name() == "#fff3c4"
    assert tp.table.item(0, 3).background().style() == Qt.BrushStyle.NoBrush  # the old highlight is gone
    tp.table.cellClicked.emit(2, 3)
    assert view.position_ms() == 2600 and tp.current_row == 2
    # during playback the highlight moves on by itself
    view.seek(0)
    view.play()
    qtbot.waitUntil(lambda: tp.current_row == 1, timeout=5000)
    view.pause()


def test_transcript_edit_saves_a_new_version(qtbot, view, av):
    _open(qtbot, view, av)
    tp = view.transcript
    with qtbot.waitSignal(tp.saved):
        tp.edit_text(1, "好的，营业执照在这里。")
    assert tp.version == 2 and "第 2 版" in tp.version_label.text()
    assert av.ws.transcript(av.ids["video"])["segments"][1]["text"] == "好的，营业执照在这里。"
    assert [v["version"] for v in av.ws.transcript_versions(av.ids["video"])] == [1, 2]
    tp.table.item(0, 2).setText("执法人员")
    assert tp.version == 3 and av.ws.transcript(av.ids["video"])["segments"][0]["speaker"] == "执法人员"
    # insert at the current time, split at the current time, merge with the next
    view.seek(3950)
    tp.insert_at_current()
    assert tp.version == 4 and tp.table.rowCount() == 4
    view.seek(1900)
    tp.split_at_current()
    segs = av.ws.transcript(av.ids["video"])["segments"]
    assert tp.version == 5 and len(segs) == 5 and segs[1]["end_ms"] == 1900 and segs[2]["start_ms"] == 1900
    tp.table.selectRow(1)
    tp.merge_selected()
    assert tp.version == 6 and len(av.ws.transcript(av.ids["video"])["segments"]) == 4


def test_transcript_import_and_export(qtbot, view, av, tmp_path):
    _open(qtbot, view, av)
    srt = tmp_path / "draft.srt"
    srt.write_text("1\n00:00:00,500 --> 00:00:01,500\n问：你好\n\n2\n00:00:02,000 --> 00:00:03,000\n答：你好\n",
                   encoding="utf-8")
    view.transcript.import_file(srt)
    assert view.transcript.version == 2 and view.transcript.table.rowCount() == 2
    assert view.transcript.table.item(0, 2).text() == "问"
    out = tmp_path / "out"
    out.mkdir()
    view.transcript.export("srt", out)
    view.transcript.export("pdf", out)
    names = sorted(p.suffix for p in out.iterdir())
    assert names == [".pdf", ".srt"]
    assert "00:00:00,500 --> 00:00:01,500" in next(out.glob("*.srt")).read_text("utf-8")


def test_unconfirmed_segments_are_flagged(qtbot, view, av, tmp_path):
    av.ws.save_transcript(av.ids["video"], [dict(start_ms=0, end_ms=1000, text="自动识别的话", speaker="")],
                          source="auto")
    _open(qtbot, view, av)
    tp = view.transcript
    assert tp.table.item(0, 4).text() == "自动转写，需核对" and "需核对" in tp.version_label.text()
    tp.table.selectRow(0)
    tp.confirm_selected()
    assert tp.table.item(0, 4).text() == "已核对"


def test_audio_item_shows_waveform_and_click_seeks(qtbot, view, av):
    from PySide6.QtCore import QPoint, Qt

    _open(qtbot, view, av, "audio")
    assert view.kind == "audio" and view.stack.currentWidget() is view.waveform
    wf = view.waveform
    assert len(wf.peaks) == pytest.approx(150, abs=2)  # 3 s at 50 per second
    quiet = max(abs(x) for p in wf.peaks[:40] for x in p)
    loud = max(abs(x) for p in wf.peaks[60:] for x in p)
    assert loud > 2 * quiet  # the real signal: quieter first second
    assert not view.frame_fwd_button.isEnabled()  # no frames in sound
    qtbot.mouseClick(wf, Qt.MouseButton.LeftButton, pos=QPoint(wf.MARGIN + (wf.width() - 2 * wf.MARGIN) // 2,
                                                                wf.height() // 2))
    assert view.position_ms() == pytest.approx(1500, abs=20)
    assert wf.position == view.position_ms()
    img = wf.grab().toImage()
    x = int(wf.x_of(view.position_ms()))
    assert img.pixelColor(x, 2).red() > 150  # the playhead is drawn there
    view.clips.mark_in()
    assert view.exact_time()["kind"] == "audio"


def test_production_note_form_saves_and_shows_issues(qtbot, view, av):
    _open(qtbot, view, av)
    form = view.note_form
    assert [i["key"] for i in form.issues] == ["no_note"] and "未填写制作说明" in form.general_issues.text()
    form.method.setText("执法记录仪现场摄录")
    form.device.setText("DSJ-V9")
    form.device_serial.setText("SN-20260315-01")
    form.recorded_from.setText("2026-03-15 09:30:00")
    form.recorded_to.setText("2026-03-15 09:31:00")
    form.makers.setItem(0, 0, __import__("PySide6.QtWidgets", fromlist=["QTableWidgetItem"]).QTableWidgetItem("王伟"))
    form.makers.setItem(0, 1, __import__("PySide6.QtWidgets", fromlist=["QTableWidgetItem"]).QTableWidgetItem("13010001"))
    form.proves.setPlainText("执法人员出示执法证，当事人出示营业执照")
    with qtbot.waitSignal(form.saved) as sig:
        form.save()
    issues = sig.args[0]
    keys = {i["key"] for i in issues}
    assert "makers_fewer_than_two" in keys and "carrier_missing" in keys and "proves_missing" not in keys
    lab = form.issue_labels["makers"]
    assert not lab.isHidden() and "制作人" in lab.text()
    assert form.issue_labels["proves"].isHidden()
    note = av.ws.production_note(av.ids["video"])
    assert note["device_serial"] == "SN-20260315-01" and note["makers"] == [{"name": "王伟", "cert_no": "13010001"}]
    # reopening shows what is stored
    view.close_item()
    _open(qtbot, view, av)
    assert form.device.text() == "DSJ-V9" and form.recorded_from.text() == "2026-03-15 09:30:00"
    assert form.makers.item(0, 0).text() == "王伟"
    assert not form.issue_labels["makers"].isHidden()


def test_undecodable_video_shows_a_chinese_message(qtbot, view, av):
    shown = []
    view.error_shown.connect(shown.append)
    view.open_item(av.ws, av.ids["broken"])
    qtbot.waitUntil(lambda: bool(shown), timeout=8000)
    assert view.message.isVisible()
    assert "原件" in view.message.text() and any("\u4e00" <= ch <= "\u9fff" for ch in view.message.text())
    assert "Traceback" not in view.message.text()
    qtbot.wait(300)
    view.close_item()
    assert view.item_id is None


def test_close_releases_player_and_writes_the_audit_event(qtbot, view, av):
    from workstation.archive import audit

    _open(qtbot, view, av)
    view.play()
    qtbot.waitUntil(lambda: view.position_ms() > 200, timeout=5000)
    view.pause()
    player = view.player
    closed = []
    view.item_closed.connect(closed.append)
    view.close_item()
    assert player.released and view.player is None and view.reader is None and closed == [av.ids["video"]]
    with av.archive.read() as s:
        views = [e for e in audit.iter_events(s) if e.action == "item.view"]
    assert len(views) == 1
    details = json.loads(views[0].details) if isinstance(views[0].details, str) else views[0].details
    (start, end), = details["time_ranges_ms"]  # the stretch played is reported
    assert start == 0 and end >= 200
    view.close_item()  # twice is fine
