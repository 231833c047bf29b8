"""probe_file on real files: PDFs (text, scanned, encrypted, truncated), images, audio, video."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import wave
from pathlib import Path

import pymupdf
import pytest

from workstation.archive.probe import ProbeResult, is_media_extension, kind_from_extension, probe_file
from workstation.archive.vocab import ItemKind

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")


def _probe(path: Path, original_name: str | None = None) -> ProbeResult:
    result = probe_file(path, original_name)
    json.dumps(result.info)  # always JSON-serialisable
    assert isinstance(result.kind, ItemKind)
    return result


def make_text_pdf(path: Path, pages: int = 3, *, title: str = "行政处罚决定书") -> Path:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page()
        page.insert_text((72, 72), f"{title} 第{i + 1}页", fontname="china-s", fontsize=14)
        page.insert_text((72, 100), "当事人：某某食品有限公司。经查，当事人销售超过保质期的食品。" * 1,
                         fontname="china-s", fontsize=11)
    doc.set_metadata({"title": title, "author": "某市市场监督管理局", "producer": "test-suite",
                      "creationDate": "D:20260301093000+08'00'"})
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


def make_png(path: Path, width: int = 120, height: int = 80) -> Path:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.set_rect(pix.irect, (200, 30, 30))
    pix.save(str(path))
    return path


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                   check=True, timeout=120)


# --------------------------------------------------------------------------- PDF

def test_text_pdf(tmp_path):
    r = _probe(make_text_pdf(tmp_path / "决定书.pdf", 3))
    assert (r.kind, r.mime, r.usable, r.reason) == (ItemKind.DOCUMENT, "application/pdf", True, "")
    assert r.page_count == 3 and r.duration_ms is None
    assert r.info["has_text_layer"] is True
    assert r.info["pages_with_text"] == 3 and r.info["pages_checked"] == 3
    assert r.info["encrypted"] is False and r.info["repaired"] is False
    assert r.info["metadata"]["title"] == "行政处罚决定书"
    assert r.info["metadata"]["author"] == "某市市场监督管理局"
    assert r.info["metadata"]["creation_date"] == "2026-03-01T09:30:00+08:00"


def test_large_pdf_text_check_is_sampled(tmp_path):
    r = _probe(make_text_pdf(tmp_path / "big.pdf", 60))
    assert r.usable and r.page_count == 60
    assert r.info["text_check_sampled"] is True
    assert r.info["pages_checked"] < 60 and r.info["has_text_layer"] is True


def test_scanned_pdf_has_no_text_layer(tmp_path):
    png = make_png(tmp_path / "scan.png", 600, 800)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, filename=str(png))
    doc.save(tmp_path / "营业执照复印件.pdf")
    doc.close()
    r = _probe(tmp_path / "营业执照复印件.pdf")
    assert r.kind is ItemKind.DOCUMENT and r.usable and r.page_count == 1
    assert r.info["has_text_layer"] is False and r.info["pages_with_text"] == 0


def test_encrypted_pdf(tmp_path):
    src = make_text_pdf(tmp_path / "plain.pdf", 2)
    doc = pymupdf.open(src)
    doc.save(tmp_path / "加密.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret-2026",
             owner_pw="owner-2026")
    doc.close()
    r = _probe(tmp_path / "加密.pdf")
    assert r.kind is ItemKind.DOCUMENT and r.usable is False
    assert r.info["encrypted"] is True
    assert r.reason == "PDF 文件已加密，无法读取内容（需要密码）"


def test_truncated_pdf(tmp_path):
    data = make_text_pdf(tmp_path / "full.pdf", 6).read_bytes()
    (tmp_path / "截断.pdf").write_bytes(data[: len(data) // 2])
    r = _probe(tmp_path / "截断.pdf")
    assert r.kind is ItemKind.DOCUMENT and r.usable is False
    assert "PDF" in r.reason and ("截断" in r.reason or "损坏" in r.reason)
    assert r.info.get("has_eof_marker") is not True


def test_pdf_that_is_not_a_pdf(tmp_path):
    (tmp_path / "a.pdf").write_text("just text", encoding="utf-8")
    r = _probe(tmp_path / "a.pdf")
    assert r.kind is ItemKind.DOCUMENT and r.usable is False and ".pdf" in r.reason


def test_garbage_after_pdf_header(tmp_path):
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    r = _probe(tmp_path / "junk.pdf")
    assert r.kind is ItemKind.DOCUMENT and r.usable is False and "PDF" in r.reason


def test_content_wins_over_extension(tmp_path):
    src = make_text_pdf(tmp_path / "x.pdf", 1)
    shutil.copy(src, tmp_path / "照片.jpg")
    r = _probe(tmp_path / "照片.jpg")
    assert r.kind is ItemKind.DOCUMENT and r.usable and r.info.get("extension_mismatch") is True


def test_original_name_decides_the_extension(tmp_path):
    blob = tmp_path / "blob-0001"
    blob.write_text("hello", encoding="utf-8")
    assert _probe(blob, "说明.txt").kind is ItemKind.OTHER
    r = _probe(blob, "执法记录仪.mp4")
    assert r.kind is ItemKind.VIDEO and r.usable is False


# --------------------------------------------------------------------------- images

def test_png_image(tmp_path):
    r = _probe(make_png(tmp_path / "现场照片.png", 120, 80))
    assert (r.kind, r.mime, r.usable, r.page_count) == (ItemKind.IMAGE, "image/png", True, 1)
    assert (r.info["width"], r.info["height"], r.info["format"]) == (120, 80, "PNG")


def test_jpeg_image(tmp_path):
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 321, 123), False)
    pix.set_rect(pix.irect, (10, 200, 30))
    (tmp_path / "photo.JPG").write_bytes(pix.tobytes("jpeg"))
    r = _probe(tmp_path / "photo.JPG")
    assert (r.kind, r.mime, r.usable, r.page_count) == (ItemKind.IMAGE, "image/jpeg", True, 1)
    assert (r.info["width"], r.info["height"], r.info["format"]) == (321, 123, "JPEG")


def test_truncated_png(tmp_path):
    data = make_png(tmp_path / "full.png", 400, 400).read_bytes()
    (tmp_path / "half.png").write_bytes(data[: len(data) // 2])
    r = _probe(tmp_path / "half.png")
    assert r.kind is ItemKind.IMAGE and r.usable is False and "图像" in r.reason


def test_jpg_that_is_text(tmp_path):
    (tmp_path / "x.jpg").write_text("not an image", encoding="utf-8")
    r = _probe(tmp_path / "x.jpg")
    assert r.kind is ItemKind.IMAGE and r.usable is False and ".jpg" in r.reason


# --------------------------------------------------------------------------- audio / video

def test_text_named_mp4(tmp_path):
    fake = tmp_path / "执法记录仪-伪造.mp4"
    fake.write_text("这不是视频文件，只是改了扩展名的文本。\n" * 40, encoding="utf-8")
    r = _probe(fake)
    assert r.kind is ItemKind.VIDEO and r.usable is False
    assert r.reason.startswith("文件扩展名为 .mp4，但内容不是可识别的音视频：")
    assert r.duration_ms is None


@needs_ffmpeg
def test_real_mp4(tmp_path):
    out = tmp_path / "out.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
           "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
           "-metadata", "creation_time=2026-03-02T01:15:00Z", "-movflags", "use_metadata_tags",
           "-metadata", "make=某品牌", "-metadata", "model=DSJ-V9", str(out))
    r = _probe(out)
    assert (r.kind, r.mime, r.usable, r.reason) == (ItemKind.VIDEO, "video/mp4", True, "")
    assert abs(r.duration_ms - 2000) <= 50
    assert r.page_count is None
    info = r.info
    assert info["container"].startswith("mov,mp4")
    video = [s for s in info["streams"] if s["type"] == "video"]
    audio = [s for s in info["streams"] if s["type"] == "audio"]
    assert video[0]["codec"] == "h264" and audio[0]["codec"] == "aac"
    assert (video[0]["width"], video[0]["height"]) == (320, 240)
    assert video[0]["fps"] == 25.0 and video[0]["variable_frame_rate"] is False
    assert audio[0]["sample_rate"] == 44100 and audio[0]["channels"] == 1
    assert info["video"]["codec"] == "h264" and info["audio"]["codec"] == "aac"
    assert info["creation_time"].startswith("2026-03-02T01:15:00")
    assert info["device_tags"]["make"] == "某品牌" and info["device_tags"]["model"] == "DSJ-V9"


@needs_ffmpeg
def test_truncated_faststart_mp4(tmp_path):
    out = tmp_path / "fs.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-t", "2", "-c:v", "libx264",
           "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(out))
    data = out.read_bytes()
    (tmp_path / "cut.mp4").write_bytes(data[: int(len(data) * 0.7)])
    r = _probe(tmp_path / "cut.mp4")
    assert r.kind is ItemKind.VIDEO and r.usable is False
    assert r.info["truncated"] is True and "截断" in r.reason
    # cut before the index (moov at the end): PyAV cannot open it at all
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-t", "2", "-c:v", "libx264",
           "-pix_fmt", "yuv420p", str(tmp_path / "plain.mp4"))
    data = (tmp_path / "plain.mp4").read_bytes()
    (tmp_path / "cut2.mp4").write_bytes(data[: len(data) // 2])
    r = _probe(tmp_path / "cut2.mp4")
    assert r.kind is ItemKind.VIDEO and r.usable is False and r.reason


def test_wav_audio(tmp_path):
    path = tmp_path / "询问录音.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x01" * 24000)  # 1.5 s
    r = _probe(path)
    assert r.kind is ItemKind.AUDIO and r.usable and r.mime.startswith("audio/")
    assert abs(r.duration_ms - 1500) <= 20
    (stream,) = r.info["streams"]
    assert stream["codec"] == "pcm_s16le" and stream["sample_rate"] == 16000 and stream["channels"] == 1


@needs_ffmpeg
def test_mp3_with_cover_art_is_audio(tmp_path):
    out = tmp_path / "cover.mp3"
    ffmpeg("-f", "lavfi", "-t", "1", "-i", "sine=frequency=440", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=1",
           "-map", "0", "-map", "1", "-frames:v", "1", "-c:a", "libmp3lame", "-c:v", "mjpeg",
           "-disposition:v", "attached_pic", "-t", "1", str(out))
    r = _probe(out)
    assert r.kind is ItemKind.AUDIO and r.usable and r.mime == "audio/mpeg"
    assert any(s.get("attached_picture") for s in r.info["streams"])


@needs_ffmpeg
def test_media_without_extension_is_recognised(tmp_path):
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:a", "aac", str(tmp_path / "a.m4a"))
    os.rename(tmp_path / "a.m4a", tmp_path / "recording")
    r = _probe(tmp_path / "recording")
    assert r.kind is ItemKind.AUDIO and r.usable and abs(r.duration_ms - 1000) <= 50


# --------------------------------------------------------------------------- other

def test_docx_named_random_bytes(tmp_path):
    path = tmp_path / "说明.docx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    r = _probe(path)
    assert r.kind is ItemKind.OTHER and r.usable and r.reason == ""
    assert r.mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_unknown_binary(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 10)
    r = _probe(path)
    assert r.kind is ItemKind.OTHER and r.usable


def test_zero_byte_file(tmp_path):
    (tmp_path / "空文件.pdf").write_bytes(b"")
    r = _probe(tmp_path / "空文件.pdf")
    assert r.usable is False and r.reason == "空文件" and r.kind is ItemKind.DOCUMENT


def test_missing_file_does_not_raise(tmp_path):
    r = _probe(tmp_path / "nope.mp4")
    assert r.usable is False and r.kind is ItemKind.VIDEO and "无法读取" in r.reason


def test_extension_helpers():
    assert is_media_extension("音像/执法记录仪.MP4") and is_media_extension("a.m4a")
    assert not is_media_extension("a.pdf") and not is_media_extension("mp4")
    assert kind_from_extension("x.wav") is ItemKind.AUDIO
    assert kind_from_extension("x.tif") is ItemKind.IMAGE
    assert kind_from_extension("x.docx") is ItemKind.OTHER
