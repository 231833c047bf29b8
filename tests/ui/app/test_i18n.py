"""Chinese by default, English from the Qt translation files; every UI string is translated."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_english_catalog_is_complete():
    script = ROOT / "resources" / "translations" / "update_ts.py"
    import xml.etree.ElementTree as ET

    root = ET.parse(ROOT / "resources" / "translations" / "workstation_en.ts").getroot()
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation").get("type") == "unfinished"]
    assert unfinished == []
    assert (ROOT / "resources" / "translations" / "workstation_en.qm").exists()
    assert script.exists()


def test_english_is_selectable(qapp, tmp_path, clerk, make_window):
    from PySide6.QtCore import QCoreApplication

    from workstation.ui import i18n
    from workstation.ui.errors import error_text
    from workstation.errors import AuthenticationFailed

    assert error_text(AuthenticationFailed())[1] == "用户名或密码错误。"  # Chinese by default
    installed = i18n.install_translators(qapp, "en", cache_dir=tmp_path / "qm")
    try:
        assert QCoreApplication.translate("Vocab", "处罚") == "Penalty"
        assert error_text(AuthenticationFailed())[1] == "Wrong user name or password."
        assert i18n.tr_key(i18n.JOB_TEXT, "storing").startswith("Storing files")
        win = make_window(clerk)
        assert win.nav.item(0).text() == "Cases"
        assert win.workspace.browser.count.text() == "0 cases"
        assert win.workspace.browser.quick.placeholderText().startswith("Quick find")
    finally:
        for t in installed:
            qapp.removeTranslator(t)
        i18n.install_translators(qapp, "zh_CN")
    assert QCoreApplication.translate("Vocab", "处罚") == "处罚"


def test_compiled_at_run_time_or_from_the_committed_qm(tmp_path, monkeypatch):
    from workstation.ui import i18n

    qm = i18n.compiled_catalog("en", tmp_path)
    assert qm is not None and qm.exists()
    monkeypatch.setattr(i18n, "_lrelease", lambda: None)
    assert i18n.compiled_catalog("en", tmp_path / "none") == i18n.TRANSLATIONS / "workstation_en.qm"


def test_sign_in_window_starts_without_heavy_imports():
    """The sign-in window needs neither PyMuPDF nor jieba nor the main window."""
    code = ("import sys; import workstation.ui.launch, workstation.ui.dialogs.sign_in, workstation.ui.app; "
            "print(sorted(m for m in ('pymupdf', 'fitz', 'jieba', 'workstation.ui.main_window') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
