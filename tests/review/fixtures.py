"""Shared fixtures for the review tests: a case with a Chinese PDF (询问笔录) and a short
body-camera MP4, a legal reviewer and the head of the legal unit with grants on it, and a
reviewer without any grant."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

CASE_NO = "京市监罚〔2026〕118号"


@pytest.fixture(scope="session")
def review_pdf(tmp_path_factory) -> Path:
    from workstation.devdata.pdfs import make_long_pdf

    return make_long_pdf(tmp_path_factory.mktemp("review-pdf") / "询问笔录.pdf", 5, random.Random(8))


@pytest.fixture(scope="session")
def review_video(tmp_path_factory) -> Path:
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg not installed")
    from workstation.devdata.media import make_bodycam_mp4

    return make_bodycam_mp4(tmp_path_factory.mktemp("review-av") / "执法记录仪.mp4", seconds=4, width=320,
                            height=180)


@pytest.fixture
def review_case(archive, admin, secadmin, clerk, review_pdf, review_video):
    """{case_no, pdf, video, reviewer, head, outsider}: sessions for the users."""
    from workstation.archive.vocab import Role

    clerk.create_case(case_no=CASE_NO, title="某超市销售过期食品案", category="处罚", party="某超市有限公司",
                      party_id_no="91110000MA00000001", handling_unit="执法一队", handlers=["张三", "李四"],
                      cause="销售超过保质期的食品")
    report = clerk.import_paths([review_pdf, review_video], CASE_NO)
    ids = {Path(f.original_name).suffix: f.item_id for f in report.files}
    admin.add_user("fazhi", PASSWORD, [Role.REVIEWER], display_name="王法审", department="法制科")
    admin.add_user("head", PASSWORD, [Role.APPROVER], display_name="赵科长", department="法制科")
    admin.add_user("other", PASSWORD, [Role.REVIEWER], display_name="钱某", department="法制科")
    for name in ("fazhi", "head"):
        secadmin.add_grant(CASE_NO, user=name, level="view", reason="法制审核")
    return {"case_no": CASE_NO, "pdf": ids[".pdf"], "video": ids[".mp4"],
            "reviewer": archive.sign_in("fazhi", PASSWORD), "head": archive.sign_in("head", PASSWORD),
            "outsider": archive.sign_in("other", PASSWORD)}
