"""Items of 秘密 and above are encrypted at rest; reads decrypt; fixity checks both layers."""

import os

import pymupdf
import pytest

from workstation.errors import IntegrityError


@pytest.fixture
def secret_case(clerk, tmp_path):
    src = tmp_path / "秘密笔录.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "涉密询问笔录：当事人承认销售过期食品", fontname="china-s", fontsize=14)
    doc.save(src)
    clerk.create_case(case_no="密〔2026〕1号", title="涉密案", category="处罚", classification="秘密")
    report = clerk.import_paths([src], "密〔2026〕1号")
    return src, report.files[0]


def test_stored_bytes_hold_no_plaintext_and_reads_decrypt(archive, clerk, secret_case):
    src, outcome = secret_case
    stored = archive.store.path_of(outcome.sha256).read_bytes()
    plain = src.read_bytes()
    assert stored != plain and stored.startswith(b"WSENC1")
    for i in range(0, len(plain) - 32, 97):
        assert plain[i:i + 32] not in stored
    assert "涉密询问笔录".encode("utf-8") not in stored
    with clerk.open_item(outcome.item_id) as reader:
        assert reader.path.read_bytes() == plain
        doc = pymupdf.open(reader.path)
        assert "涉密询问笔录" in doc[0].get_text()
        temp = reader.path
    assert not temp.exists()  # the decrypted copy is gone when the reader closes
    assert outcome.sha256 and outcome.kind == "document" and outcome.status == "imported"
    assert clerk.verify_fixity().passed


def test_watermark_is_on_every_rendered_page(archive, clerk, secret_case):
    src, outcome = secret_case
    with clerk.open_item(outcome.item_id) as reader:
        text = reader.watermark_text()
        assert "clerk" in text and archive.settings.workstation_name in text
        doc = pymupdf.open(reader.path)
        plain_pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(1.5, 1.5))
        pix = reader.render_page(doc, 0, 1.5)
        assert pix.samples != plain_pix.samples


def test_tampered_ciphertext_fails_fixity(archive, clerk, secret_case):
    _src, outcome = secret_case
    path = archive.store.path_of(outcome.sha256)
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[200] ^= 1
    path.write_bytes(bytes(data))
    report = clerk.verify_fixity()
    assert not report.passed and report.problems[0].problem == "mismatch"


def test_lost_keyring_entry_gives_a_clear_error(archive, clerk, secret_case):
    import keyring

    from workstation.archive.crypto import KEYRING_SERVICE

    _src, outcome = secret_case
    keyring.delete_password(KEYRING_SERVICE, archive.archive_id())
    with clerk.open_item(outcome.item_id) as reader:
        with pytest.raises(IntegrityError) as exc:
            reader.path
    assert exc.value.key == "master_key_missing"
    assert "主密钥" in exc.value.message
