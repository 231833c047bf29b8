"""Fixtures for the AV view: short real recordings made with ffmpeg (320×240, 25 fps, a few
seconds) imported once per test session into a template archive that each test copies.

Items: ``video`` (4 s H.264/AAC MP4, key frame every 25 frames, with a 3-segment transcript),
``audio`` (3 s WAV), ``broken`` (an MP4 cut off before its index: nothing decodable).
Users: clerk (归档员, 秘密), reader (调阅人) — sessions opened without the password check."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD

FF = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
CASE_NO = "某市监处罚〔2026〕77号"
SEGMENTS = [(0, 1200, "问", "请出示你的营业执照。"), (1200, 2600, "答", "好的，在这里。"),
            (2600, 3900, "问", "这批食品是从哪里进的货？")]


def _ff(args: list[str]) -> None:
    proc = subprocess.run(FF + args, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-800:])


def make_av(d: Path) -> dict[str, Path]:
    d.mkdir(parents=True, exist_ok=True)
    video = d / "执法记录仪_出示证件.mp4"
    _ff(["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=4", "-f", "lavfi", "-i",
         "sine=frequency=440:sample_rate=48000:duration=4", "-c:v", "libx264", "-preset", "veryfast",
         "-pix_fmt", "yuv420p", "-threads", "2", "-g", "25", "-c:a", "aac", "-b:a", "48k", "-shortest", str(video)])
    audio = d / "询问录音.wav"
    _ff(["-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.3:seed=7:sample_rate=16000:duration=3",
         "-af", "volume='if(lt(t,1),0.2,1)':eval=frame", "-c:a", "pcm_s16le", str(audio)])
    broken = d / "损坏的录像.mp4"
    broken.write_bytes(video.read_bytes()[: video.stat().st_size * 60 // 100])  # moov at the end: cut off
    return {"video": video, "audio": audio, "broken": broken}


@pytest.fixture(scope="session")
def av_template(tmp_path_factory, private_keyring):
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg not installed")
    from workstation.archive.vocab import Role
    from workstation.session import Archive

    root = tmp_path_factory.mktemp("av-template")
    files = make_av(root / "files")
    arch = Archive.open(root / "archive", create=True)
    try:
        arch.init_admin("admin", PASSWORD)
        admin = arch.sign_in("admin", PASSWORD)
        admin.add_user("sec", PASSWORD, [Role.SECADMIN], department="保密办")
        admin.add_user("clerk", PASSWORD, [Role.ARCHIVIST], department="档案室")
        admin.add_user("reader", PASSWORD, [Role.READER], department="执法稽查科")
        sec = arch.sign_in("sec", PASSWORD)
        sec.set_clearance("clerk", "秘密")
        clerk = arch.sign_in("clerk", PASSWORD)
        clerk.create_case(case_no=CASE_NO, title="某公司销售过期食品案", category="处罚")
        report = clerk.import_paths([files["video"], files["audio"], files["broken"]], CASE_NO)
        ids = {}
        for f in report.files:
            for key, path in files.items():
                if Path(f.original_name).name == path.name:
                    ids[key] = f.item_id
        clerk.save_transcript(ids["video"], SEGMENTS, note="测试")
    finally:
        arch.close()
    return SimpleNamespace(root=root / "archive", files=files, ids=ids)


@pytest.fixture
def av(av_template, tmp_path):
    """A fresh copy of the template archive with a clerk session."""
    from sqlalchemy import select

    from workstation.archive.models import User
    from workstation.session import Archive, Workstation

    data = tmp_path / "archive"
    shutil.copytree(av_template.root, data)
    arch = Archive.open(data)
    with arch.read() as s:
        user = s.scalar(select(User).where(User.username == "clerk"))
        s.expunge(user)
    ws = Workstation(arch, user)
    yield SimpleNamespace(archive=arch, ws=ws, ids=av_template.ids, files=av_template.files)
    arch.close()


@pytest.fixture
def view(qtbot, av):
    from workstation.ui.media import AvView

    v = AvView()
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    yield v
    v.close_item()


def wait_state(qtbot, view, *states, timeout=5000):
    qtbot.waitUntil(lambda: view._state in states, timeout=timeout)
