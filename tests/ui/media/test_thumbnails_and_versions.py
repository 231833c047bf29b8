"""The thumbnail strip (stored poster strip, loaded in a worker, click seeks), the poster frame
before playback, the transcript's version selector (older versions read-only) and inline
editing of a segment's start/end time."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui.conftest import error_keys
from tests.ui.media.conftest import wait_state
from tests.ui.media.test_player import _frame_times


def _open(qtbot, view, av, key="video"):
    view.open_item(av.ws, av.ids[key])
    wait_state(qtbot, view, "paused")


# ------------------------------------------------------------------ thumbnail strip
def test_thumbnail_strip_loads_in_a_worker_and_click_seeks(qtbot, view, av):
    from workstation.ui import ops

    ws = av.ws
    real, threads = ws.thumbnails, []

    def thumbnails(*a, **kw):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*a, **kw)

    ws.thumbnails = thumbnails
    pool = ops.PoolRunner()
    ops.set_runner(pool)
    try:
        view.open_item(ws, av.ids["video"])
        assert pool.wait_idle(30000)
    finally:
        ops.set_runner(ops.InlineRunner())
    wait_state(qtbot, view, "paused")
    strip = view.thumbs
    assert threads == [False]  # read off the UI thread
    assert strip.isVisible() and len(strip.thumbs) == 10
    stored = real(av.ids["video"], n=10)
    assert strip.times() == pytest.approx([t["ms"] for t in stored])  # the stored strip, in order
    frames = _frame_times(av.files["video"])
    for ms in strip.times():  # each is a real frame of the file, spread over the recording
        assert any(ms == pytest.approx(f, abs=1e-3) for f in frames)
    assert strip.times() == sorted(strip.times()) and strip.times()[-1] < view.duration_ms
    assert strip.thumbs[0].image.width() == 160
    assert strip.current_index() == 0

    # a click on the 7th thumbnail seeks to its picture's time and frames it
    rect = strip.slot_rect(6)
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.center().x()), int(rect.center().y())))
    assert view.position_ms() == round(strip.times()[6])
    assert strip.current_index() == 6 and view.seek_bar.position == view.position_ms()
    assert not strip.grab().isNull()
    # the playhead moving on moves the frame
    view.seek(view.duration_ms * 0.05)
    assert strip.current_index() == 0
    view.close_item()
    assert strip.thumbs == []


def test_thumbnail_strip_only_for_video_and_says_when_unavailable(qtbot, view, av):
    _open(qtbot, view, av, "audio")
    assert not view.thumbs.isVisible() and view.thumbs.thumbs == []
    view.close_item()

    def broken(*_a, **_kw):
        from workstation.errors import InvalidInput

        raise InvalidInput(reason="无法从文件中解码缩略图")

    av.ws.thumbnails = broken
    _open(qtbot, view, av)
    assert view.thumbs.isVisible() and view.thumbs.thumbs == []
    msg = view.thumbs.message
    assert msg.startswith("缩略图不可用：") and msg.endswith("无法从文件中解码缩略图")
    assert error_keys() == []  # shown in the strip, no dialog; the player works on
    view.seek(1000)
    assert view.position_ms() == 1000


# ------------------------------------------------------------------ poster frame
def test_poster_shown_only_until_the_exact_frame_or_playback(qtbot, view, av):
    # normally the exact frame at the playhead comes first: no poster flashes up
    _open(qtbot, view, av)
    qtbot.waitUntil(lambda: view.still_frame is not None, timeout=3000)
    qtbot.wait(600)
    assert not view.poster_shown and view.stack.currentWidget() is view.still
    view.close_item()

    # without the frame index (a long recording still being read) the poster stands in
    def no_index(*_a, **_kw):
        from workstation.errors import InvalidInput

        raise InvalidInput(reason="帧索引尚未生成")

    av.ws.frame_index = no_index
    _open(qtbot, view, av)
    qtbot.waitUntil(lambda: view.poster_shown, timeout=3000)
    poster = av.ws.poster(av.ids["video"])
    from workstation.ui.media.timecode import format_clock

    assert view.stack.currentWidget() is view.still and not view.still.pixmap().isNull()
    tip = view.still.toolTip()
    assert "封面帧" in tip and format_clock(poster["ms"]) in tip and "不是当前位置" in tip
    view.play()
    assert not view.poster_shown and view.stack.currentWidget() is view.surface and view.still.toolTip() == ""
    view.pause()


# ------------------------------------------------------------------ transcript versions and times
def test_transcript_versions_old_one_read_only_and_back(qtbot, view, av, tmp_path):
    _open(qtbot, view, av)
    tp = view.transcript
    with qtbot.waitSignal(tp.saved):
        tp.edit_text(1, "好的，营业执照在这里。")
    tp.edit_time(1, "start", "1.5")  # seconds
    assert tp.version == 3 and tp.latest_version == 3
    segs = av.ws.transcript(av.ids["video"])["segments"]
    assert segs[1]["start_ms"] == 1500 and segs[0]["end_ms"] == 1200
    assert tp.table.item(1, 0).text() == "00:00:01.500"

    box = tp.version_box
    assert [box.itemData(i) for i in range(box.count())] == [3, 2, 1]
    assert box.itemText(0).startswith("第 3 版（当前）") and "clerk" in box.itemText(0)
    assert "人工录入" in box.itemText(2) and "（当前）" not in box.itemText(2)
    assert "说明：测试" in box.itemData(2, Qt.ItemDataRole.ToolTipRole)
    assert "说明：修改第 2 段" in box.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert not tp.history_banner.isVisible()

    # choose version 1: shown read-only, clearly not the current one
    box.setCurrentIndex(2)
    box.activated.emit(2)
    assert tp.version == 1 and tp.viewing_old
    assert tp.history_banner.isVisible()
    assert "第 1 版" in tp.history_label.text() and "不是当前版本" in tp.history_label.text()
    assert "第 3 版" in tp.history_label.text()
    assert tp.table.item(1, 3).text() == "好的，在这里。" and tp.table.item(1, 0).text() == "00:00:01.200"
    for c in range(5):
        assert not tp.table.item(1, c).flags() & Qt.ItemFlag.ItemIsEditable
    for b in (tp.insert_button, tp.split_button, tp.merge_button, tp.confirm_button, tp.import_button):
        assert not b.isEnabled()
    assert tp.export_srt_button.isEnabled()
    tp.edit_text(1, "不应保存")  # even a programmatic edit saves nothing here
    assert [v["version"] for v in av.ws.transcript_versions(av.ids["video"])] == [1, 2, 3]
    # an export writes the version shown
    out = tmp_path / "out"
    out.mkdir()
    tp.export("srt", out)
    assert tp.last_export["version"] == 1
    assert "好的，在这里。" in next(out.glob("*.srt")).read_text("utf-8")
    # the old version still follows playback (and a click seeks)
    tp.row_clicked(2)
    assert view.position_ms() == 2600 and tp.current_row == 2

    tp.back_button.click()
    assert tp.version == 3 and not tp.viewing_old and not tp.history_banner.isVisible()
    assert box.currentData() == 3 and tp.insert_button.isEnabled()
    assert tp.table.item(1, 3).flags() & Qt.ItemFlag.ItemIsEditable
    assert tp.table.item(1, 3).text() == "好的，营业执照在这里。"


def test_transcript_time_edit_refusals_and_from_playhead(qtbot, view, av):
    _open(qtbot, view, av)
    tp = view.transcript
    tp.edit_time(0, "end", "abc")
    assert error_keys()[-1] == "invalid_input" and tp.table.item(0, 1).text() == "00:00:01.200"
    tp.edit_time(2, "end", "2.0")  # before its start (2.6 s): the facade refuses, nothing saved
    assert error_keys()[-1] == "bad_segment_time"
    assert tp.version == 1 and tp.table.item(2, 1).text() == "00:00:03.900"
    tp.edit_time(0, "end", "00:00:01.200")  # unchanged: no new version
    assert tp.version == 1
    assert [v["version"] for v in av.ws.transcript_versions(av.ids["video"])] == [1]
    # the context menu's "set the end to the current position"
    view.seek(3400)
    tp.set_time(2, "end", view.position_ms())
    assert tp.version == 2 and av.ws.transcript(av.ids["video"])["segments"][2]["end_ms"] == 3400
    assert tp.table.item(2, 1).text() == "00:00:03.400"
