"""文字记录: SRT/WebVTT/plain-text round trips, versioning, segment operations, playback sync,
PDF export, audit of readings."""

from __future__ import annotations

import pymupdf
import pytest

from workstation.errors import Conflict, InvalidInput
from workstation.media import transcripts as tx
from workstation.media.transcripts import Segment

SEGS = [
    Segment(300, 2480, "现在是2026年3月2日9时15分，我们是某市市场监督管理局执法人员，正在进行现场检查，全程录音录像。", "问"),
    Segment(2600, 3950, "好的，我知道了。", "答"),
    Segment(4100, 5200, "请出示营业执照 & 食品经营许可证 <原件>。", "执法人员"),
    Segment(5200, 5900, "Two lines\nof text", ""),
]


def _events(archive, action):
    from workstation.archive import audit

    with archive.read() as s:
        return [e for e in audit.iter_events(s) if e.action == action]


@pytest.mark.parametrize("fmt", ["srt", "vtt", "txt"])
def test_round_trip(fmt):
    text = tx.render(SEGS, fmt)
    back = tx.parse(text, fmt)
    want = SEGS if fmt != "txt" else SEGS[:3] + [Segment(5200, 5900, "Two lines of text", "")]
    assert back == want


def test_srt_and_vtt_from_other_tools():
    srt = ("\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>问：</i>你叫什么名字？\r\n\r\n"
           "2\r\n00:00:02,600 --> 00:00:04,000 X1:10 X2:20\r\n答：张三。\r\n")
    assert tx.parse(srt, "srt") == [Segment(1000, 2500, "你叫什么名字？", "问"), Segment(2600, 4000, "张三。", "答")]
    vtt = ("WEBVTT - 询问录音\n\nNOTE 由软件生成\n\ncue-1\n00:01.000 --> 00:02.500 align:start\n"
           "<v.loud 问>你叫什么名字？</v>\n\n00:00:02.600 --> 00:00:04.000\n<c.yellow>答：张三&amp;李四</c>\n")
    assert tx.parse(vtt, "vtt") == [Segment(1000, 2500, "你叫什么名字？", "问"), Segment(2600, 4000, "张三&李四", "答")]
    assert tx.detect_format("a.txt", srt.lstrip("\ufeff")) == "srt"
    with pytest.raises(InvalidInput):
        tx.parse("1\n00:00:01,000 -> 00:00:02,000\nx\n", "srt")


def test_plain_text_with_and_without_stamps():
    text = "[00:00:01.000] 问：姓名？\n答：张三。\n答：男。\n[00:07.5] 问：住址？\n【00:00:09.000 - 00:00:10.000】答：某市\n尾声"
    segs = tx.parse_plain(text, duration_ms=12000)
    assert [(s.start_ms, s.end_ms, s.speaker, s.confirmed) for s in segs] == [
        (1000, 3167, "问", True), (3167, 5333, "答", False), (5333, 7500, "答", False),
        (7500, 9000, "问", True), (9000, 10000, "答", True), (10500, 12000, "", False)]


def test_segment_at_and_operations():
    segs = list(SEGS)
    assert tx.segment_index_at(segs, 299) is None
    assert tx.segment_index_at(segs, 300) == 0 and tx.segment_index_at(segs, 2479) == 0
    assert tx.segment_index_at(segs, 2500) is None and tx.segment_index_at(segs, 5200) == 3
    overlapping = [Segment(0, 10000, "长", ""), Segment(2000, 3000, "短", "")]
    assert tx.segment_index_at(overlapping, 2500) == 1 and tx.segment_index_at(overlapping, 5000) == 0
    split = tx.split_at(segs, 0, 1200)
    assert (split[0].end_ms, split[1].start_ms) == (1200, 1200)
    assert split[0].text + split[1].text == SEGS[0].text and split[0].text.endswith("，")
    assert tx.merge_with_next(split, 0)[0] == SEGS[0]
    with pytest.raises(InvalidInput):
        tx.merge_with_next(segs, 0)  # 问 and 答
    with pytest.raises(InvalidInput):
        tx.split_at(segs, 1, 100)
    ins, at = tx.insert_at(segs, 2500, text="（停顿）")
    assert at == 1 and ins[1] == Segment(2500, 2600, "（停顿）", "")
    edited = tx.edit(tx.confirm([Segment(0, 10, "x", "", False)], []), 0, text="y")
    assert edited == [Segment(0, 10, "y", "", True)]


def test_versions_kept_and_edits_make_new_versions(archive, clerk, case_with, media):
    item = case_with(media["wav"])[media["wav"].name]
    assert clerk.transcript(item) is None
    v1 = clerk.save_transcript(item, SEGS[:2])
    assert (v1["version"], v1["source"], v1["confirmed"]) == (1, "manual", True)
    v2 = clerk.transcript_edit(item, 1, text="好的，我知道了，我配合。", base_version=1)
    v3 = clerk.transcript_split(item, 0, 1200)
    v4 = clerk.transcript_merge(item, 0)
    v5 = clerk.transcript_insert(item, "00:00:04.100", text="补充", speaker="问")
    assert [v["version"] for v in (v2, v3, v4, v5)] == [2, 3, 4, 5]
    assert [v["based_on"] for v in (v2, v3, v4, v5)] == [1, 2, 3, 4]
    old = clerk.transcript(item, version=1)
    assert [s["text"] for s in old["segments"]] == [SEGS[0].text, SEGS[1].text]
    latest = clerk.transcript(item)
    assert latest["version"] == 5 and [s["text"] for s in latest["segments"]] == [
        SEGS[0].text, "好的，我知道了，我配合。", "补充"]
    history = clerk.transcript_versions(item)
    assert [h["version"] for h in history] == [1, 2, 3, 4, 5] and "插入" in history[-1]["note"]
    with pytest.raises(Conflict) as exc:
        clerk.save_transcript(item, SEGS, base_version=3)
    assert exc.value.key == "transcript_changed"
    with pytest.raises(InvalidInput):
        clerk.save_transcript(item, [Segment(9_000_000, 9_000_100, "超出录音", "")])
    assert len(_events(archive, "transcript.save")) == 5


def test_import_export_and_auto_transcripts(archive, clerk, case_with, media, tmp_path):
    item = case_with(media["mp3"])[media["mp3"].name]
    src = tmp_path / "记录.srt"
    src.write_text(tx.to_srt(SEGS[:3]), encoding="gb18030")
    v = clerk.import_transcript(item, src)
    assert v["version"] == 1 and v["source"] == "import" and "SRT" in v["note"]
    vtt = clerk.export_transcript(item, "vtt", tmp_path)
    assert tx.parse((tmp_path / vtt["path"]).read_text(encoding="utf-8"), "vtt") == SEGS[:3]
    srt = clerk.export_transcript(item, "srt", tmp_path / "out.srt")
    assert tx.parse_srt(open(srt["path"], encoding="utf-8").read()) == SEGS[:3]
    with pytest.raises(Conflict):
        clerk.export_transcript(item, "srt", tmp_path / "out.srt")  # never overwritten
    auto = tmp_path / "auto.txt"
    auto.write_text("[00:00:00.500] 问：你好\n[00:00:01.500] 答：你好", encoding="utf-8")
    v2 = clerk.import_transcript(item, auto, source="auto")
    assert v2["confirmed"] is False and v2["unconfirmed"] == 2
    pdf = clerk.export_transcript(item, "pdf", tmp_path)
    text = "".join(p.get_text() for p in pymupdf.open(pdf["path"]))
    assert "文字记录" in text and "自动转写，需核对" in text and "你好" in text and "第 2 版" in text
    assert pymupdf.open(pdf["path"])[0].get_fonts()[0][3].endswith("Droid Sans Fallback Regular")
    v3 = clerk.transcript_confirm(item)
    assert v3["confirmed"] is True
    exports = _events(archive, "transcript.export")
    assert len(exports) == 3 and all(e.outcome == "success" for e in exports)
    imported = _events(archive, "transcript.import")
    assert len(imported) == 2 and "file_sha256" in imported[0].details


def test_playback_sync_reads_are_summarised(archive, clerk, case_with, media):
    item = case_with(media["mp4"])[media["mp4"].name]
    clerk.save_transcript(item, SEGS)
    other = archive.sign_in("clerk", __import__("tests.conftest", fromlist=["PASSWORD"]).PASSWORD)
    hits = [other.segment_at(item, ms) for ms in range(0, 6000, 100)]
    assert hits[0] is None and hits[3]["index"] == 0 and hits[27]["speaker"] == "答" and hits[25] is None
    assert len(_events(archive, "transcript.view")) == 1  # one reading for the whole playback
    clerk.transcript_edit(item, 1, text="新的文字")
    assert other.segment_at(item, 2700)["text"] == "新的文字"  # a new version is read again
    assert len(_events(archive, "transcript.view")) == 2
    with clerk.open_media(item) as player:
        assert player.segment_index_at(2700) == 1 and player.segments[1].text == "新的文字"


def test_search_indexer_gets_the_latest_segments(clerk, case_with, media):
    item = case_with(media["wav"])[media["wav"].name]
    assert clerk.transcript_segments_for_index(item) == [] and clerk.transcript_version_for_index(item) == 0
    clerk.save_transcript(item, SEGS[:2])
    segs = clerk.transcript_segments_for_index(item)
    assert [s["id"] for s in segs] == ["1.0", "1.1"] and segs[0]["text"].startswith("问：")
    assert clerk.transcript_version_for_index(item) == 1
