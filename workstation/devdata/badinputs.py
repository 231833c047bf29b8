"""The bad-input set for the ingest tests (docs/manifest-format.md, "What aborts an import").

``make_bad_inputs(dest)`` writes, under ``dest``::

    files/                      single files
    outside.pdf                 the target of traversal_folder's "../outside.pdf"
    <name>_folder/              dossier folders, each valid except for one defect

Loose files (``dict`` keys):
  zero_byte            空文件.pdf, 0 bytes
  truncated_pdf        the first half of a real 6-page PDF (no xref/trailer: MuPDF repairs it or fails)
  encrypted_pdf        AES-256, user password ``ENCRYPTED_PDF_PASSWORD`` (``needs_pass`` is true)
  fake_mp4             UTF-8 text named 执法记录仪-伪造.mp4
  long_chinese_name    a valid PDF whose name is as many Chinese characters as the file system
                       allows + ".pdf" (ext4: 255 *bytes* per name = 83 CJK characters, not 200)
  long_chinese_name_text   str, not a path: the intended 200-character name + ".pdf", to use as
                       the original file name in metadata
  duplicate_a / duplicate_b  identical bytes, different names
Dossier folders (defect → the import must abort and write nothing):
  malformed_yaml_folder    YAML syntax error on line ``MALFORMED_YAML_LINE`` of dossier.yaml
  traversal_folder         an item ``file: ../outside.pdf`` (the file exists next to the folder)
  missing_file_folder      an item whose file does not exist
  zero_byte_folder         an item whose file is empty
  symlink_folder           an item that is a symlink to ../outside.pdf (only if symlinks work here)
  duplicate_listing_folder the same file listed twice
  unlisted_file_folder     valid; one extra file not in the manifest (a warning, not an error)
"""

from __future__ import annotations

import errno
import os
import random
import re
from datetime import date
from pathlib import Path
from typing import Union

import pymupdf

from . import corpus, pdfs
from .dossiers import FORMAT, MANIFEST, write_manifest

ENCRYPTED_PDF_PASSWORD = "secret-2026"
ENCRYPTED_PDF_OWNER_PASSWORD = "owner-2026"
MALFORMED_YAML_LINE = 5  # 1-based line of the syntax error in malformed_yaml_folder/dossier.yaml
LONG_NAME_CHARS = 200

BadInputs = dict[str, Union[Path, str]]


def long_chinese_text(n: int = LONG_NAME_CHARS) -> str:
    """``n`` Chinese characters of genuine corpus text (punctuation and digits dropped)."""
    chars = re.findall(r"[\u4e00-\u9fff]", "".join(corpus.paragraphs(min_cjk=30)[:40]))
    return "".join(chars[:n])


def _max_name(dest: Path, stem: str, suffix: str, content: bytes) -> Path:
    """Create ``stem[:k] + suffix`` for the largest k the file system accepts; return its path."""
    try:
        limit = os.pathconf(dest, "PC_NAME_MAX")
    except (AttributeError, ValueError, OSError):
        limit = 255
    k = len(stem)
    while k > 0 and len((stem[:k] + suffix).encode("utf-8")) > limit:
        k -= 1
    while k > 0:
        p = dest / (stem[:k] + suffix)
        try:
            p.write_bytes(content)
            return p
        except OSError as e:
            if e.errno not in (errno.ENAMETOOLONG, errno.EINVAL):
                raise
            k -= 1
    raise OSError(f"cannot create any Chinese file name in {dest}")


def _small_pdf(path: Path, title: str, seed: int = 0) -> Path:
    rng = random.Random(seed)
    return pdfs.make_text_pdf(path, title, corpus.sample_paragraphs(rng, 3), rng=rng)


def _manifest(case_no: str, items: list[dict]) -> dict:
    return {
        "format": FORMAT,
        "case": {"case_no": case_no, "title": f"坏输入测试案（{case_no}）", "party": "某市测试食品有限公司",
                 "cause": "销售超过保质期的食品", "category": "处罚", "procedure": "一般",
                 "opened_on": date(2026, 3, 2), "closed_on": date(2026, 5, 20), "retention": "永久",
                 "classification": "内部"},
        "volumes": [{"kind": "正卷", "seq": 1, "items": items}],
    }


def _item(file: str, title: str) -> dict:
    return {"file": file, "title": title, "author": "某市市场监督管理局", "date": date(2026, 3, 2),
            "doc_type": "立案审批表", "classification": "内部"}


def _folder(dest: Path, name: str, case_no: str, extra_items: list[dict]) -> Path:
    folder = dest / name
    (folder / "正卷").mkdir(parents=True, exist_ok=True)
    _small_pdf(folder / "正卷/01-立案审批表.pdf", "立案审批表", seed=len(name))
    items = [_item("正卷/01-立案审批表.pdf", "立案审批表"), *extra_items]
    write_manifest(folder, _manifest(case_no, items), comment=f"bad input: {name}")
    return folder


def make_bad_inputs(dest: Path | str) -> BadInputs:
    """Write the bad-input set under ``dest`` (see the module doc) and return name → path."""
    dest = Path(dest)
    files = dest / "files"
    files.mkdir(parents=True, exist_ok=True)
    out: BadInputs = {}

    zero = files / "空文件.pdf"
    zero.write_bytes(b"")
    out["zero_byte"] = zero

    full = _small_pdf_pages(files / "_full.pdf", 6)
    data = full.read_bytes()
    full.unlink()
    truncated = files / "截断文件.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    out["truncated_pdf"] = truncated

    enc = files / "加密文件.pdf"
    plain = _small_pdf(files / "_plain.pdf", "加密测试文件", seed=3)
    doc = pymupdf.open(stream=plain.read_bytes(), filetype="pdf")
    plain.unlink()
    pdfs.save_pdf(doc, enc, title="加密测试文件", encryption=pymupdf.PDF_ENCRYPT_AES_256,
                  user_pw=ENCRYPTED_PDF_PASSWORD, owner_pw=ENCRYPTED_PDF_OWNER_PASSWORD)
    out["encrypted_pdf"] = enc

    fake = files / "执法记录仪-伪造.mp4"
    fake.write_text("这不是视频文件，只是改了扩展名的文本。\nThis is not a video.\n" * 40, encoding="utf-8")
    out["fake_mp4"] = fake

    text = long_chinese_text()
    out["long_chinese_name_text"] = text + ".pdf"
    content = _small_pdf(files / "_long.pdf", text[:40], seed=4).read_bytes()
    (files / "_long.pdf").unlink()
    out["long_chinese_name"] = _max_name(files, text, ".pdf", content)

    dup = _small_pdf(files / "重复文件-甲.pdf", "重复文件", seed=5)
    (files / "重复文件-乙.pdf").write_bytes(dup.read_bytes())
    out["duplicate_a"] = dup
    out["duplicate_b"] = files / "重复文件-乙.pdf"

    # -- dossier folders ---------------------------------------------------------------------
    folder = _folder(dest, "malformed_yaml_folder", "某市监处罚〔2026〕9001号", [])
    lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    # line 5 is "  title: ..." under case: (line 1 is the comment); a second ": " is a syntax error
    assert lines[MALFORMED_YAML_LINE - 1].lstrip().startswith("title:")
    lines[MALFORMED_YAML_LINE - 1] += ": 冒号: [未闭合"
    (folder / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")
    out["malformed_yaml_folder"] = folder

    outside = _small_pdf(dest / "outside.pdf", "案卷目录之外的文件", seed=6)
    out["outside_pdf"] = outside
    out["traversal_folder"] = _folder(dest, "traversal_folder", "某市监处罚〔2026〕9002号",
                                      [_item("../outside.pdf", "目录之外的文件")])

    out["missing_file_folder"] = _folder(dest, "missing_file_folder", "某市监处罚〔2026〕9003号",
                                         [_item("正卷/02-不存在的文件.pdf", "不存在的文件")])

    folder = _folder(dest, "zero_byte_folder", "某市监处罚〔2026〕9004号", [_item("正卷/02-空文件.pdf", "空文件")])
    (folder / "正卷/02-空文件.pdf").write_bytes(b"")
    out["zero_byte_folder"] = folder

    folder = _folder(dest, "symlink_folder", "某市监处罚〔2026〕9005号", [_item("正卷/02-链接.pdf", "符号链接")])
    try:
        os.symlink(os.path.join("..", "..", "outside.pdf"), folder / "正卷/02-链接.pdf")
        out["symlink_folder"] = folder
    except (OSError, NotImplementedError):  # e.g. Windows without the symlink privilege
        pass

    out["duplicate_listing_folder"] = _folder(dest, "duplicate_listing_folder", "某市监处罚〔2026〕9006号",
                                              [_item("正卷/01-立案审批表.pdf", "立案审批表（重复）")])

    folder = _folder(dest, "unlisted_file_folder", "某市监处罚〔2026〕9007号", [])
    _small_pdf(folder / "正卷/99-未列入清单.pdf", "未列入清单的文件", seed=7)
    out["unlisted_file_folder"] = folder
    return out


def _small_pdf_pages(path: Path, pages: int) -> Path:
    rng = random.Random(pages)
    return pdfs.make_text_pdf(path, "多页测试文件", corpus.sample_paragraphs(rng, 4), pages=pages, rng=rng)
