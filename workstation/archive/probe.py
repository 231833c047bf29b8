"""Look inside an evidence file: what it is, whether it can be read, and its technical facts.

Evidence is never refused because of its content. ``probe_file`` therefore never raises for
bad content: an encrypted or truncated PDF, or a "video" that is not a video, comes back as
``usable=False`` with the reason in Chinese (plus the parser's own message), and the file is
stored byte for byte like any other.

The kind is decided by content first (magic bytes, then the parsers), and only falls back to
the extension when the content is not recognised. The audio/video probe reads container
metadata only (PyAV demuxer, no full decode), so it stays fast for long recordings.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
import struct
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO

from workstation.archive.vocab import ItemKind

# --------------------------------------------------------------------------- extensions

PDF_EXTENSIONS = frozenset({".pdf"})
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".tif", ".tiff", ".bmp", ".gif"})
AUDIO_EXTENSIONS = frozenset({
    ".mp3", ".wav", ".m4a", ".aac", ".amr", ".awb", ".flac", ".ogg", ".oga", ".opus", ".wma",
    ".aif", ".aiff", ".aifc", ".caf", ".ape", ".ac3", ".3ga", ".mka", ".m4b", ".wv", ".spx",
})
VIDEO_EXTENSIONS = frozenset({
    ".mp4", ".m4v", ".mov", ".qt", ".avi", ".mkv", ".webm", ".wmv", ".asf", ".flv", ".f4v",
    ".3gp", ".3g2", ".mpg", ".mpeg", ".mpe", ".m2v", ".vob", ".ts", ".mts", ".m2ts", ".mxf",
    ".ogv", ".dav", ".h264", ".264", ".h265", ".265", ".hevc", ".rm", ".rmvb", ".divx",
})
MEDIA_EXTENSIONS = AUDIO_EXTENSIONS | VIDEO_EXTENSIONS

#: Only PDFs up to this many pages get every page's text layer checked; larger ones are sampled.
TEXT_CHECK_ALL_PAGES = 50
TEXT_SAMPLE_PAGES = 20
#: Images larger than this (pixels) are not decoded to validate them; headers only.
IMAGE_DECODE_MAX_PIXELS = 120_000_000

_AV_MIME = {
    "mov,mp4,m4a,3gp,3g2,mj2": None,  # decided by extension / streams below
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "flac": "audio/flac",
    "ogg": None,
    "matroska,webm": None,
    "avi": "video/x-msvideo",
    "asf": None,
    "flv": "video/x-flv",
    "mpegts": "video/mp2t",
    "mpeg": "video/mpeg",
    "aac": "audio/aac",
    "amr": "audio/amr",
    "aiff": "audio/aiff",
    "caf": "audio/x-caf",
    "h264": "video/h264",
    "hevc": "video/h265",
    "mxf": "application/mxf",
}

_IMAGE_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff", "BMP": "image/bmp",
               "GIF": "image/gif"}


def extension(name: str | os.PathLike[str]) -> str:
    """Lower-case extension with the dot (``".mp4"``), ``""`` when there is none."""
    return os.path.splitext(os.fspath(name).replace("\\", "/").rsplit("/", 1)[-1])[1].lower()


def is_media_extension(name: str | os.PathLike[str]) -> bool:
    """True when the file name claims audio or video (used for 制作说明 checks)."""
    return extension(name) in MEDIA_EXTENSIONS


def kind_from_extension(name: str | os.PathLike[str]) -> ItemKind:
    ext = extension(name)
    if ext in PDF_EXTENSIONS:
        return ItemKind.DOCUMENT
    if ext in IMAGE_EXTENSIONS:
        return ItemKind.IMAGE
    if ext in VIDEO_EXTENSIONS:
        return ItemKind.VIDEO
    if ext in AUDIO_EXTENSIONS:
        return ItemKind.AUDIO
    return ItemKind.OTHER


def guess_mime(name: str | os.PathLike[str]) -> str:
    mime, _ = mimetypes.guess_type(os.fspath(name).replace("\\", "/").rsplit("/", 1)[-1], strict=False)
    return mime or "application/octet-stream"


# --------------------------------------------------------------------------- result

@dataclass
class ProbeResult:
    kind: ItemKind
    mime: str
    usable: bool
    reason: str  # Chinese explanation when not usable (or a warning), "" otherwise
    page_count: int | None
    duration_ms: int | None
    info: dict[str, Any] = field(default_factory=dict)  # JSON-serialisable details


def probe_file(path: Path, original_name: str | None = None) -> ProbeResult:
    """Probe one file. Never raises for bad or unreadable content."""
    path = Path(path)
    name = original_name or path.name
    ext = extension(name)
    try:
        size = path.stat().st_size
    except (OSError, ValueError) as exc:
        return ProbeResult(kind_from_extension(name), guess_mime(name), False,
                           f"无法读取文件：{exc}", None, None, {"size": None, "extension": ext})
    base_info: dict[str, Any] = {"size": size, "extension": ext}
    if size == 0:
        return ProbeResult(kind_from_extension(name), guess_mime(name), False, "空文件", None, None,
                           base_info)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        sniffed = _sniff(head)
        base_info["detected"] = sniffed or ""
        if sniffed == "pdf":
            result = _probe_pdf(path, base_info)
        elif sniffed in _IMAGE_MIME:
            result = _probe_image(path, sniffed, base_info)
        elif sniffed in ("media", "media?") or ext in MEDIA_EXTENSIONS:
            result = _probe_av(path, name, ext, sniffed == "media", base_info)
            if result is None:  # weak signature, unknown extension, not media after all
                base_info["detected"] = ""
                result = ProbeResult(ItemKind.OTHER, guess_mime(name), True, "", None, None, base_info)
        elif ext in PDF_EXTENSIONS:
            result = ProbeResult(ItemKind.DOCUMENT, "application/pdf", False,
                                 f"文件扩展名为 {ext}，但内容不是 PDF 文件（缺少 %PDF 文件头）",
                                 None, None, base_info)
        elif ext in IMAGE_EXTENSIONS:
            result = ProbeResult(ItemKind.IMAGE, guess_mime(name), False,
                                 f"文件扩展名为 {ext}，但内容不是可识别的图像（JPEG/PNG/TIFF/BMP/GIF）",
                                 None, None, base_info)
        else:
            result = ProbeResult(ItemKind.OTHER, guess_mime(name), True, "", None, None, base_info)
        if ext and result.kind is not ItemKind.OTHER and kind_from_extension(name) not in (
                result.kind, ItemKind.OTHER):
            result.info["extension_mismatch"] = True
        return result
    except Exception as exc:  # last resort: evidence is never refused
        return ProbeResult(kind_from_extension(name), guess_mime(name), False,
                           f"检测文件内容时出错：{type(exc).__name__}: {exc}", None, None, base_info)


# --------------------------------------------------------------------------- sniffing

def _sniff(head: bytes) -> str | None:
    """Recognise a file by its first bytes: "pdf", an image format name, "media" or None."""
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"BM") and len(head) >= 26 and struct.unpack_from("<I", head, 14)[0] in (
            12, 40, 52, 56, 64, 108, 124):
        return "BMP"
    if len(head) >= 12:
        if head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
            return "media"
        if head[:4] == b"RIFF" and head[8:12] in (b"WAVE", b"AVI ", b"RMP3"):
            return "media"
        if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
            return "media"
    if head.startswith((b"ID3", b"OggS", b"fLaC", b"\x1a\x45\xdf\xa3", b"FLV\x01", b"#!AMR",
                        b"caff", b".RMF", b"MAC ", b"wvpk",
                        b"\x30\x26\xb2\x75\x8e\x66\xcf\x11",  # ASF / WMV / WMA
                        b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3",  # MPEG-PS / MPEG video
                        b"\x06\x0e\x2b\x34")):  # MXF
        return "media"
    # Weak signatures: a few bytes that random data can also contain.
    if len(head) > 376 and head[0] == 0x47 and head[188] == 0x47 and head[376] == 0x47:
        return "media?"  # MPEG-TS
    if len(head) > 388 and head[4] == 0x47 and head[196] == 0x47 and head[388] == 0x47:
        return "media?"  # M2TS (192-byte packets)
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06) != 0:
        return "media?"  # MPEG audio frame sync (MP3)
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xF6) == 0xF0:
        return "media?"  # ADTS AAC
    return None


# --------------------------------------------------------------------------- PDF

def _mupdf():
    import pymupdf

    try:
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)
    except Exception:  # older PyMuPDF without the switches
        pass
    return pymupdf


def _mupdf_warnings(pymupdf) -> list[str]:
    try:
        text = pymupdf.TOOLS.mupdf_warnings(reset=True) or ""
    except Exception:
        return []
    return [line for line in text.splitlines() if line.strip() and not line.startswith("... repeated")][:50]


def _pdf_date(value: str) -> str:
    """``D:20260301093000+08'00'`` → ISO-8601; returns the input when it cannot be parsed."""
    text = (value or "").strip()
    if not text:
        return ""
    raw = text[2:] if text.startswith("D:") else text
    digits = ""
    for ch in raw:
        if ch.isdigit():
            digits += ch
        else:
            break
    rest = raw[len(digits):]
    try:
        parts = [int(digits[0:4]), int(digits[4:6] or 1), int(digits[6:8] or 1),
                 int(digits[8:10] or 0), int(digits[10:12] or 0), int(digits[12:14] or 0)]
        tz = None
        if rest[:1] in ("Z", "z"):
            tz = dt.timezone.utc
        elif rest[:1] in ("+", "-"):
            zone = rest[1:].replace("'", "")
            hours, minutes = int(zone[0:2] or 0), int(zone[2:4] or 0)
            offset = dt.timedelta(hours=hours, minutes=minutes)
            tz = dt.timezone(offset if rest[0] == "+" else -offset)
        return dt.datetime(*parts, tzinfo=tz).isoformat()
    except (ValueError, IndexError):
        return text


def _tail_has_eof(path: Path, size: int) -> bool:
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 1024))
        return b"%%EOF" in fh.read()


def _probe_pdf(path: Path, base: dict[str, Any]) -> ProbeResult:
    pymupdf = _mupdf()
    info = dict(base)
    mime = "application/pdf"
    _mupdf_warnings(pymupdf)  # drop anything left over from earlier work
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:
        info["warnings"] = _mupdf_warnings(pymupdf)
        return ProbeResult(ItemKind.DOCUMENT, mime, False, f"PDF 文件损坏或被截断：{exc}", None, None, info)
    try:
        page_count: int | None
        try:
            page_count = doc.page_count
        except Exception:
            page_count = None
        info["encrypted"] = bool(doc.is_encrypted or doc.needs_pass)
        if doc.needs_pass:
            try:
                info["pdf_version"] = (doc.metadata or {}).get("format", "") or ""
            except Exception:
                pass
            info["warnings"] = _mupdf_warnings(pymupdf)
            return ProbeResult(ItemKind.DOCUMENT, mime, False, "PDF 文件已加密，无法读取内容（需要密码）",
                               page_count or None, None, info)

        meta = doc.metadata or {}
        info["pdf_version"] = meta.get("format", "") or ""
        info["metadata"] = {
            key: (_pdf_date(meta.get(src, "")) if "Date" in src else (meta.get(src) or ""))
            for key, src in (("title", "title"), ("author", "author"), ("subject", "subject"),
                             ("keywords", "keywords"), ("creator", "creator"), ("producer", "producer"),
                             ("creation_date", "creationDate"), ("mod_date", "modDate"))
            if meta.get(src)
        }
        if info["encrypted"]:
            info["encryption"] = meta.get("encryption") or ""
        repaired = bool(getattr(doc, "is_repaired", False))

        # Text layer: every page of small documents, an even sample of large ones.
        n = page_count or 0
        if n <= TEXT_CHECK_ALL_PAGES:
            indices = list(range(n))
        else:
            step = (n - 1) / (TEXT_SAMPLE_PAGES - 1)
            indices = sorted({round(i * step) for i in range(TEXT_SAMPLE_PAGES)})
        text_pages = 0
        page_errors: list[str] = []
        for index in indices:
            try:
                page = doc.load_page(index)
                if index == 0:
                    rect = page.rect
                    info["first_page_size_pt"] = [round(rect.width, 1), round(rect.height, 1)]
                if page.get_text("text").strip():
                    text_pages += 1
            except Exception as exc:
                page_errors.append(f"第 {index + 1} 页：{exc}")
        info["pages_checked"] = len(indices)
        info["pages_with_text"] = text_pages
        info["text_check_sampled"] = n > TEXT_CHECK_ALL_PAGES
        info["has_text_layer"] = text_pages > 0
        warnings = _mupdf_warnings(pymupdf)
        if warnings:
            info["warnings"] = warnings
        info["repaired"] = repaired
        has_eof = _tail_has_eof(path, int(base.get("size") or 0))
        info["has_eof_marker"] = has_eof
        if repaired:
            detail = "；".join([w for w in warnings if "repair" not in w][:3])
            reason = "PDF 结构损坏（被截断或已损坏），已尝试修复" + (f"：{detail}" if detail else "")
            return ProbeResult(ItemKind.DOCUMENT, mime, False, reason, page_count, None, info)
        if page_errors:
            info["page_errors"] = page_errors[:20]
            return ProbeResult(ItemKind.DOCUMENT, mime, False,
                               "PDF 文件部分页面无法读取：" + "；".join(page_errors[:3]), page_count, None, info)
        if not n:
            return ProbeResult(ItemKind.DOCUMENT, mime, False, "PDF 文件没有页面", 0, None, info)
        reason = "" if has_eof else "PDF 文件末尾缺少 %%EOF 标记，可能不完整（内容可以读取）"
        return ProbeResult(ItemKind.DOCUMENT, mime, True, reason, page_count, None, info)
    finally:
        try:
            doc.close()
        except Exception:
            pass


# --------------------------------------------------------------------------- images

def _image_header(path: Path, fmt: str) -> dict[str, Any]:
    """Width and height from the image header, without decoding pixels."""
    with open(path, "rb") as fh:
        if fmt == "PNG":
            data = fh.read(33)
            if len(data) >= 24 and data[12:16] == b"IHDR":
                w, h = struct.unpack(">II", data[16:24])
                return {"width": w, "height": h, "bit_depth": data[24], "color_type": data[25]}
        elif fmt == "GIF":
            data = fh.read(10)
            w, h = struct.unpack("<HH", data[6:10])
            return {"width": w, "height": h}
        elif fmt == "BMP":
            data = fh.read(30)
            if struct.unpack_from("<I", data, 14)[0] == 12:
                w, h = struct.unpack_from("<HH", data, 18)
            else:
                w, h = struct.unpack_from("<ii", data, 18)
            return {"width": abs(w), "height": abs(h), "bits_per_pixel": struct.unpack_from("<H", data, 28)[0]}
        elif fmt == "JPEG":
            return _jpeg_header(fh)
        elif fmt == "TIFF":
            return _tiff_header(fh)
    return {}


def _jpeg_header(fh: BinaryIO) -> dict[str, Any]:
    fh.seek(2)
    for _ in range(10000):
        byte = fh.read(1)
        while byte and byte != b"\xff":
            byte = fh.read(1)
        while byte == b"\xff":
            byte = fh.read(1)
        if not byte:
            return {}
        marker = byte[0]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            continue
        if marker in (0xD9, 0xDA):
            return {}
        length_bytes = fh.read(2)
        if len(length_bytes) < 2:
            return {}
        length = struct.unpack(">H", length_bytes)[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            data = fh.read(6)
            if len(data) < 6:
                return {}
            precision, h, w, components = struct.unpack(">BHHB", data)
            return {"width": w, "height": h, "components": components,
                    "progressive": marker in (0xC2, 0xC6, 0xCA, 0xCE)}
        fh.seek(length - 2, os.SEEK_CUR)
    return {}


def _tiff_header(fh: BinaryIO) -> dict[str, Any]:
    data = fh.read(8)
    order = "<" if data[:2] == b"II" else ">"
    offset = struct.unpack(order + "I", data[4:8])[0]
    out: dict[str, Any] = {}
    seen: set[int] = set()
    pages = 0
    while offset and offset not in seen and pages < 100000:
        seen.add(offset)
        fh.seek(offset)
        raw = fh.read(2)
        if len(raw) < 2:
            break
        count = struct.unpack(order + "H", raw)[0]
        entries = fh.read(12 * count)
        if len(entries) < 12 * count:
            break
        if pages == 0:
            for i in range(count):
                tag, typ, _n = struct.unpack_from(order + "HHI", entries, 12 * i)
                if tag in (256, 257):
                    value = (struct.unpack_from(order + "H", entries, 12 * i + 8)[0] if typ == 3
                             else struct.unpack_from(order + "I", entries, 12 * i + 8)[0])
                    out["width" if tag == 256 else "height"] = value
        pages += 1
        nxt = fh.read(4)
        if len(nxt) < 4:
            break
        offset = struct.unpack(order + "I", nxt)[0]
    out["frames"] = pages
    return out


def _probe_image(path: Path, fmt: str, base: dict[str, Any]) -> ProbeResult:
    info = dict(base)
    info["format"] = fmt
    mime = _IMAGE_MIME[fmt]
    try:
        header = _image_header(path, fmt)
    except (OSError, struct.error, IndexError) as exc:
        header = {}
        info["header_error"] = str(exc)
    frames = header.pop("frames", None)
    info.update(header)
    page_count = 1
    if fmt == "TIFF" and frames and frames > 1:
        page_count = frames  # multi-page scans are common in TIFF
        info["frames"] = frames
    if not info.get("width") or not info.get("height"):
        return ProbeResult(ItemKind.IMAGE, mime, False, f"{fmt} 图像文件头损坏，无法读取图像尺寸", None, None,
                           info)
    if info["width"] * info["height"] > IMAGE_DECODE_MAX_PIXELS:
        info["decoded"] = False
        return ProbeResult(ItemKind.IMAGE, mime, True, "", page_count, None, info)
    pymupdf = _mupdf()
    _mupdf_warnings(pymupdf)
    try:
        pix = pymupdf.Pixmap(str(path))
        info["decoded"] = True
        if pix.xres and pix.yres and (pix.xres, pix.yres) != (96, 96):
            info["dpi"] = [pix.xres, pix.yres]
        del pix
    except Exception as exc:
        info["warnings"] = _mupdf_warnings(pymupdf)
        return ProbeResult(ItemKind.IMAGE, mime, False, f"图像文件损坏或被截断：{exc}", page_count, None, info)
    warnings = _mupdf_warnings(pymupdf)
    if warnings:
        info["warnings"] = warnings
        if any(("premature end" in w or "truncated" in w) for w in warnings):
            return ProbeResult(ItemKind.IMAGE, mime, False,
                               "图像文件损坏或被截断：" + "；".join(warnings[:3]), page_count, None, info)
    return ProbeResult(ItemKind.IMAGE, mime, True, "", page_count, None, info)


# --------------------------------------------------------------------------- audio / video

_DEVICE_TAG_HINTS = ("make", "model", "encoder", "manufacturer", "device", "software", "location",
                     "serial", "creation_time", "date", "com.apple.quicktime.", "com.android.")


def _rate(value) -> tuple[str | None, float | None]:
    if value is None:
        return None, None
    try:
        frac = Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None, None
    if frac <= 0:
        return None, None
    return f"{frac.numerator}/{frac.denominator}", round(float(frac), 3)


def _tags(mapping) -> dict[str, str]:
    try:
        return {str(k): str(v) for k, v in dict(mapping or {}).items()}
    except Exception:
        return {}


def _mp4_truncation(path: Path, size: int) -> str:
    """Walk the top-level ISO-BMFF boxes; returns a description when a box runs past the end."""
    with open(path, "rb") as fh:
        offset = 0
        for _ in range(100000):
            if offset >= size:
                return ""
            fh.seek(offset)
            header = fh.read(16)
            if len(header) < 8:
                return f"文件末尾有 {size - offset} 字节不完整的数据"
            box_size, box_type = struct.unpack(">I4s", header[:8])
            name = box_type.decode("latin-1")
            if box_size == 1:
                if len(header) < 16:
                    return f"“{name}” 数据块头不完整"
                box_size = struct.unpack(">Q", header[8:16])[0]
            elif box_size == 0:
                return ""  # runs to the end of the file by definition
            if box_size < 8:
                return f"“{name}” 数据块大小无效（{box_size}）"
            if offset + box_size > size:
                return (f"“{name}” 数据块应有 {box_size} 字节，实际只有 {size - offset} 字节"
                        f"（缺少 {offset + box_size - size} 字节）")
            offset += box_size
    return ""


def _probe_av(path: Path, name: str, ext: str, sniffed: bool, base: dict[str, Any]) -> ProbeResult | None:
    """Probe with PyAV. ``sniffed`` = a strong media signature was found; returns None when
    neither the extension nor a strong signature claims media and PyAV cannot open it."""
    info = dict(base)
    ext_kind = kind_from_extension(name)
    fallback_kind = ext_kind if ext_kind in (ItemKind.AUDIO, ItemKind.VIDEO) else ItemKind.VIDEO

    def not_media(detail: str) -> ProbeResult | None:
        if not sniffed and ext not in MEDIA_EXTENSIONS:
            return None
        what = f"文件扩展名为 {ext}，但内容不是可识别的音视频" if ext in MEDIA_EXTENSIONS and not sniffed \
            else "音视频文件无法解析（可能已损坏或被截断）"
        return ProbeResult(fallback_kind, guess_mime(name) if ext else "application/octet-stream", False,
                           f"{what}：{detail}", None, None, info)

    try:
        import av
    except ImportError as exc:  # pragma: no cover - dependency is mandatory
        return not_media(f"缺少 PyAV：{exc}")

    try:
        with open(path, "rb") as fh:
            container = av.open(fh, mode="r", metadata_errors="ignore")
            try:
                result = _describe_container(container, name, ext, info)
            finally:
                container.close()
    except Exception as exc:  # av.error.FFmpegError and friends
        return not_media(f"{type(exc).__name__}: {exc}")
    if result is None:
        return not_media("文件中没有音频或视频流")

    if info.get("container", "").startswith("mov,mp4"):
        try:
            problem = _mp4_truncation(path, int(base.get("size") or 0))
        except OSError as exc:
            problem = str(exc)
        if problem:
            info["truncated"] = True
            result.usable = False
            result.reason = f"音视频文件被截断或已损坏：{problem}"
    elif info.get("container") == "wav" and not result.reason:
        with open(path, "rb") as fh:
            head = fh.read(8)
        declared = struct.unpack("<I", head[4:8])[0] + 8 if len(head) == 8 else None
        size = int(base.get("size") or 0)
        if declared and declared not in (0xFFFFFFFF + 8, 8) and declared > size:
            info["truncated"] = True
            result.reason = f"WAV 文件头声明 {declared} 字节，实际只有 {size} 字节，录音可能不完整"
    return result


def _describe_container(container, name: str, ext: str, info: dict[str, Any]) -> ProbeResult | None:
    from av.stream import Disposition

    info["container"] = container.format.name
    info["container_long_name"] = container.format.long_name or ""
    tags = _tags(container.metadata)
    if tags:
        info["tags"] = tags
    streams: list[dict[str, Any]] = []
    has_video = has_audio = False
    duration_candidates: list[int] = []
    for stream in container.streams:
        entry: dict[str, Any] = {"index": stream.index, "type": stream.type}
        cc = stream.codec_context
        codec = None
        if cc is not None:
            codec = cc.name
            try:
                entry["codec_long_name"] = cc.codec.long_name
            except Exception:
                pass
            profile = getattr(cc, "profile", None)
            if profile:
                entry["profile"] = str(profile)
            bit_rate = getattr(cc, "bit_rate", None)
            if bit_rate:
                entry["bit_rate"] = int(bit_rate)
        entry["codec"] = codec or ""
        try:
            disposition = int(stream.disposition)
        except Exception:
            disposition = 0
        attached = bool(disposition & int(Disposition.attached_pic))
        if stream.type == "video":
            entry["width"] = int(getattr(cc, "width", 0) or 0)
            entry["height"] = int(getattr(cc, "height", 0) or 0)
            pix_fmt = getattr(cc, "pix_fmt", None)
            if pix_fmt:
                entry["pix_fmt"] = str(pix_fmt)
            avg_text, avg = _rate(getattr(stream, "average_rate", None))
            r_text, r = _rate(getattr(stream, "base_rate", None))
            if avg_text:
                entry["avg_frame_rate"] = avg_text
                entry["fps"] = avg
            if r_text:
                entry["r_frame_rate"] = r_text
            entry["variable_frame_rate"] = bool(avg_text and r_text and avg_text != r_text)
            if attached:
                entry["attached_picture"] = True
            elif entry["width"] and entry["height"]:
                has_video = True
        elif stream.type == "audio":
            entry["sample_rate"] = int(getattr(cc, "sample_rate", 0) or 0)
            entry["channels"] = int(getattr(cc, "channels", 0) or 0)
            layout = getattr(cc, "layout", None)
            if layout is not None and getattr(layout, "name", None):
                entry["channel_layout"] = layout.name
            if entry["sample_rate"] > 0:
                has_audio = True
        try:
            if stream.frames:
                entry["frames"] = int(stream.frames)
            if stream.duration is not None and stream.time_base is not None:
                ms = int(round(float(stream.duration * stream.time_base) * 1000))
                entry["duration_ms"] = ms
                if stream.type in ("audio", "video") and not attached:
                    duration_candidates.append(ms)
        except Exception:
            pass
        stream_tags = _tags(stream.metadata)
        if stream_tags:
            entry["tags"] = stream_tags
        streams.append(entry)
    info["streams"] = streams
    if not (has_video or has_audio):
        return None

    duration_ms: int | None = None
    if container.duration is not None and container.duration > 0:
        duration_ms = int(round(container.duration / 1000))  # AV_TIME_BASE is microseconds
    elif duration_candidates:
        duration_ms = max(duration_candidates)
    info["duration_ms"] = duration_ms
    if container.bit_rate:
        info["bit_rate"] = int(container.bit_rate)

    # Promote the facts a reviewer looks for: when and on what it was recorded.
    all_tags = dict(tags)
    for entry in streams:
        for key, value in (entry.get("tags") or {}).items():
            all_tags.setdefault(key, value)
    device = {k: v for k, v in all_tags.items()
              if any(h in k.lower() for h in _DEVICE_TAG_HINTS) and k.lower() != "creation_time"}
    if device:
        info["device_tags"] = device
    creation = all_tags.get("creation_time") or all_tags.get("com.apple.quicktime.creationdate") \
        or all_tags.get("date")
    if creation:
        info["creation_time"] = creation
    video = next((s for s in streams if s["type"] == "video" and not s.get("attached_picture")), None)
    if video:
        info["video"] = {k: video.get(k) for k in ("codec", "width", "height", "fps", "avg_frame_rate",
                                                    "r_frame_rate", "variable_frame_rate") if k in video}
    audio = next((s for s in streams if s["type"] == "audio"), None)
    if audio:
        info["audio"] = {k: audio.get(k) for k in ("codec", "sample_rate", "channels") if k in audio}

    kind = ItemKind.VIDEO if has_video else ItemKind.AUDIO
    mime = _av_mime(container.format.name, name, ext, kind)
    return ProbeResult(kind, mime, True, "", None, duration_ms, info)


def _av_mime(fmt: str, name: str, ext: str, kind: ItemKind) -> str:
    prefix = "video" if kind is ItemKind.VIDEO else "audio"
    fixed = _AV_MIME.get(fmt)
    if fixed:
        if fixed.startswith(("audio/", "video/")):
            return prefix + "/" + fixed.split("/", 1)[1] if fmt in ("mpegts", "mpeg", "avi") else fixed
        return fixed
    guessed = guess_mime(name) if ext else ""
    if guessed.startswith(prefix + "/"):
        return guessed
    if guessed.startswith(("audio/", "video/")):
        return prefix + "/" + guessed.split("/", 1)[1]
    if fmt.startswith("mov,mp4"):
        return "video/mp4" if kind is ItemKind.VIDEO else "audio/mp4"
    if fmt == "matroska,webm":
        return f"{prefix}/x-matroska"
    if fmt == "ogg":
        return f"{prefix}/ogg"
    if fmt == "asf":
        return "video/x-ms-wmv" if kind is ItemKind.VIDEO else "audio/x-ms-wma"
    return f"{prefix}/x-{fmt.split(',')[0]}" if fmt else "application/octet-stream"
