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


def test_lost_keyring_entry_gives_a_clear_error(data_dir, archive, clerk, secret_case):
    import keyring

    from tests.conftest import PASSWORD
    from workstation.archive.crypto import KEYRING_SERVICE
    from workstation.session import Archive

    _src, outcome = secret_case
    keyring.delete_password(KEYRING_SERVICE, archive.archive_id())
    archive.close()
    reopened = Archive.open(data_dir)
    clerk = reopened.sign_in("clerk", PASSWORD)
    with clerk.open_item(outcome.item_id) as reader:
        with pytest.raises(IntegrityError) as exc:
            reader.path
    assert exc.value.key == "master_key_missing"
    assert "主密钥" in exc.value.message


def _no_plaintext(stored: bytes, plain: bytes) -> bool:
    return stored.startswith(b"WSENC1") and all(plain[i:i + 32] not in stored for i in range(0, len(plain) - 32, 61))


def test_same_content_reimported_as_secret_is_encrypted_in_place(archive, clerk, tmp_path):
    src = tmp_path / "共用附件.txt"
    src.write_text("同一份附件内容，先作为内部文件导入，后又作为秘密文件导入。" * 20, "utf-8")
    clerk.create_case(case_no="内〔2026〕1号", title="内部案", category="检查", classification="内部")
    clerk.create_case(case_no="密〔2026〕2号", title="涉密案", category="检查", classification="秘密")
    first = clerk.import_paths([src], "内〔2026〕1号").files[0]
    assert archive.store.path_of(first.sha256).read_bytes() == src.read_bytes()
    second = clerk.import_paths([src], "密〔2026〕2号").files[0]
    assert second.sha256 == first.sha256
    assert _no_plaintext(archive.store.path_of(first.sha256).read_bytes(), src.read_bytes())
    for outcome in (first, second):
        with clerk.open_item(outcome.item_id) as reader:
            assert reader.path.read_bytes() == src.read_bytes()
    assert clerk.verify_fixity().passed
    assert archive.store.pending_encryptions() == []


def test_same_content_imported_secret_first_then_public_stays_encrypted(archive, clerk, tmp_path):
    """The reverse order (and derivatives shared by a 秘密 and a public recording): the
    object already stored encrypted is reused as it is."""
    src = tmp_path / "共用附件.txt"
    src.write_text("同一份附件内容，先作为秘密文件导入，后又作为内部文件导入。" * 20, "utf-8")
    clerk.create_case(case_no="密〔2026〕3号", title="涉密案", category="检查", classification="秘密")
    clerk.create_case(case_no="内〔2026〕4号", title="内部案", category="检查", classification="内部")
    first = clerk.import_paths([src], "密〔2026〕3号").files[0]
    second = clerk.import_paths([src], "内〔2026〕4号").files[0]
    assert second.sha256 == first.sha256 and second.status != "unusable"
    assert _no_plaintext(archive.store.path_of(first.sha256).read_bytes(), src.read_bytes())
    for outcome in (first, second):
        with clerk.open_item(outcome.item_id) as reader:
            assert reader.path.read_bytes() == src.read_bytes()
    assert clerk.verify_fixity().passed


def test_raising_a_case_to_secret_encrypts_its_originals(archive, clerk, secadmin, tmp_path):
    src = tmp_path / "升密.txt"
    src.write_text("原为内部，后经定密升为秘密的材料。" * 30, "utf-8")
    clerk.create_case(case_no="升〔2026〕3号", title="升密案", category="检查", classification="内部")
    outcome = clerk.import_paths([src], "升〔2026〕3号").files[0]
    secadmin.classify("升〔2026〕3号", "秘密", basis="经审查涉及国家秘密")
    assert _no_plaintext(archive.store.path_of(outcome.sha256).read_bytes(), src.read_bytes())
    with clerk.open_item(outcome.item_id) as reader:
        assert reader.path.read_bytes() == src.read_bytes()
    assert clerk.verify_fixity().passed


def test_crash_between_encryption_and_catalog_is_reconciled(data_dir, archive, clerk, tmp_path):
    from workstation.session import Archive

    src = tmp_path / "中断.txt"
    src.write_text("加密后、登记前进程中断。" * 30, "utf-8")
    clerk.create_case(case_no="断〔2026〕4号", title="中断案", category="检查")
    outcome = clerk.import_paths([src], "断〔2026〕4号").files[0]
    # Simulate a crash: the object is encrypted in place but the catalog never heard of it.
    archive.store.encrypt_in_place(outcome.sha256, archive.master_key(create=True))
    archive.close()
    with Archive.open(data_dir) as reopened:
        assert reopened.recovery_report["encryption_reconciled"] == [outcome.sha256]
        ws = reopened.sign_in("clerk", "correct-horse-9")
        with ws.open_item(outcome.item_id) as reader:
            assert reader.path.read_bytes() == src.read_bytes()
        assert ws.verify_fixity().passed
