"""A case with real documents (Chinese text PDFs with a known secret on page 2, a scanned
page image) and real recordings (ffmpeg: a white video with a 440 Hz tone, a WAV), a clip
and a transcript — the material of a court bundle."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest

FF = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
SECRET = "身份证号码110101199003071234"
PHONE = "联系电话13912345678"


def _ff(args):
    proc = subprocess.run(FF + args, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-600:])


@pytest.fixture(scope="session")
def material(tmp_path_factory) -> dict[str, Path]:
    if not shutil.which("ffmpeg") or not shutil.which("qpdf"):
        pytest.skip("ffmpeg and qpdf are needed")
    from workstation.devdata.pdfs import make_text_pdf

    d = tmp_path_factory.mktemp("bundle-material")
    out = {}
    out["notice"] = make_text_pdf(d / "立案审批表.pdf", "立案审批表", [
        "经初步核查，当事人某某食品有限公司涉嫌销售超过保质期的食品，拟立案调查。",
        "承办人意见：建议立案。"], pages=2)
    out["record"] = make_text_pdf(d / "询问笔录.pdf", "询问笔录", [
        "问：请说明你的基本情况。", f"答：我叫张三，{SECRET}，{PHONE}，住某市某区某路1号。",
        "问：你店内销售的牛奶是否超过保质期？", "答：是的，有十二盒已过期。"], pages=3)
    out["decision"] = make_text_pdf(d / "行政处罚决定书.pdf", "行政处罚决定书", [
        "当事人销售超过保质期的食品，违反《中华人民共和国食品安全法》第三十四条的规定。",
        "决定：没收违法所得并处罚款人民币五万元。"], pages=2)
    # a photo of the premises (an image item: converted to PDF in the bundle)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 150), 0)
    pix.set_rect(pix.irect, (200, 180, 90))
    out["photo"] = d / "现场照片.png"
    pix.save(out["photo"])
    out["video"] = d / "执法记录仪.mp4"
    _ff(["-f", "lavfi", "-i", "color=c=white:s=320x240:r=25:d=6", "-f", "lavfi", "-i",
         "sine=frequency=440:sample_rate=48000:duration=6", "-c:v", "libx264", "-preset", "veryfast",
         "-pix_fmt", "yuv420p", "-g", "25", "-c:a", "aac", "-b:a", "64k", "-shortest", "-threads", "2",
         str(out["video"])])
    out["audio"] = d / "询问录音.wav"
    _ff(["-f", "lavfi", "-i", "sine=frequency=300:sample_rate=16000:duration=4", "-c:a", "pcm_s16le",
         str(out["audio"])])
    return out


@pytest.fixture
def reviewer(archive, admin, secadmin):
    from workstation.archive.vocab import Role

    from tests.conftest import PASSWORD

    admin.add_user("reviewer", PASSWORD, [Role.REVIEWER], department="法制科")
    return archive.sign_in("reviewer", PASSWORD)


@pytest.fixture
def case(clerk, material):
    """The case, its items by key, one clip and a transcript."""
    no = "某市监处罚〔2026〕12号"
    clerk.create_case(case_no=no, title="某某食品有限公司销售过期食品案", category="处罚", party="某某食品有限公司",
                      cause="销售超过保质期的食品", handling_unit="执法稽查科")
    keys = ["notice", "record", "decision", "photo", "video", "audio"]
    report = clerk.import_paths([material[k] for k in keys], no)
    by_name = {Path(f.original_name).name: f.item_id for f in report.files}
    items = {k: by_name[material[k].name] for k in keys}
    clip = clerk.create_clip(items["video"], 1000, 5000, "出示执法证件")
    clerk.save_transcript(items["video"], [(0, 2000, "执法人员", "我们是某市市场监督管理局的执法人员。"),
                                           (2000, 4000, "当事人", f"我的{PHONE}。"),
                                           (4000, 6000, "执法人员", "现在开始检查。")])
    clerk.save_production_note(items["video"], method="执法记录仪现场拍摄", device="DSJ-V9", device_serial="SN001",
                               recorded_from="2026-03-01 09:00", recorded_to="2026-03-01 09:00:06",
                               makers=["李四:12345", "王五:12346"], proves="现场检查过程及当事人陈述",
                               original_carrier="执法记录仪存储卡", unedited_statement="未剪辑")
    return {"case_no": no, "items": items, "clip": clip}


def secret_rect(path: Path, page: int, text: str) -> list[float]:
    with pymupdf.open(path) as doc:
        hits = doc[page - 1].search_for(text)
        assert hits, f"{text} not on page {page}"
        r = hits[0]
        for h in hits[1:]:
            r |= h
        return [r.x0 - 1, r.y0 - 1, r.x1 + 1, r.y1 + 1]


def find_page(path: Path, text: str) -> int:
    with pymupdf.open(path) as doc:
        for i, p in enumerate(doc):
            if text in p.get_text().replace("\n", ""):
                return i + 1
    raise AssertionError(f"{text} not in {path}")
