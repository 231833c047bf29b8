#!/usr/bin/env python3
"""Screenshots of the workstation's main screens, taken on a real X window under Xvfb.

    .venv/bin/python scripts/screenshots.py            # → docs/screenshots/*.png
    .venv/bin/python scripts/screenshots.py --lang en  # the English UI, file names end in -en

Builds a demo archive in a temporary directory (build_demo_archive: users, six realistic
dossiers), starts Xvfb on a free display unless $DISPLAY is already set, runs the Qt app
with the xcb platform, signs in as the demo users (clerk, reader, secadmin, admin, auditor)
and saves each screen with QWidget.grab(). The demo's master key goes to a file keyring in
the temporary directory, never to the user's keyring.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIDTH, HEIGHT = 1440, 900


def start_xvfb() -> subprocess.Popen | None:
    """Start Xvfb on the first free display (unless one is set) and point DISPLAY at it."""
    if os.environ.get("DISPLAY"):
        return None
    if shutil.which("Xvfb") is None:
        sys.exit("Xvfb is not installed (apt-get install xvfb)")
    for n in range(99, 120):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            break
    else:
        sys.exit("no free X display between :99 and :119")
    proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{WIDTH + 160}x{HEIGHT + 100}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{n}").exists():
            break
        time.sleep(0.05)
    os.environ["DISPLAY"] = f":{n}"
    return proc


class Shooter:
    def __init__(self, app, out: Path, suffix: str):
        self.app, self.out, self.suffix = app, out, suffix
        self.saved: list[Path] = []

    def settle(self, ms: int = 300) -> None:
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.02)

    def wait_for(self, condition, timeout_s: float = 20.0) -> bool:
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            self.app.processEvents()
            if condition():
                return True
            time.sleep(0.03)
        return False

    def save(self, widget, name: str) -> None:
        self.settle()
        path = self.out / f"{name}{self.suffix}.png"
        widget.grab().save(str(path))
        self.saved.append(path)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--keep", action="store_true", help="keep the temporary demo archive")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="workstation-shots-"))
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(tmp / "xdg")
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp / "runtime"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    xvfb = start_xvfb()
    try:
        return take_all(tmp, out, args.lang)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"demo archive kept in {tmp}")


def take_all(tmp: Path, out: Path, lang: str) -> int:
    from PySide6.QtCore import QSettings

    from workstation.devdata.demo_archive import DEMO_PASSWORD, build_demo_archive

    print("building the demo archive …")
    build_demo_archive(tmp / "archive")

    from workstation.ui import ops
    from workstation.ui.app import create_app

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qsettings"))
    app = create_app(["screenshots"], lang=lang, cache_dir=tmp / "qm")
    ops.set_runner(ops.InlineRunner())  # deterministic: every core call finishes before the next shot
    shots = Shooter(app, out, "" if lang == "zh_CN" else "-en")

    from workstation.session import Archive

    archive = Archive.open(tmp / "archive")
    archive.settings.fonds_code = archive.settings.fonds_code or "Z109"  # 全宗号 for the 档号 (not saved)
    with archive:
        sign_in_screen(shots, archive)
        clerk_screens(shots, archive.sign_in("clerk", DEMO_PASSWORD), tmp)
        reader_screens(shots, archive.sign_in("reader", DEMO_PASSWORD))
        secadmin_screens(shots, archive.sign_in("secadmin", DEMO_PASSWORD))
        admin_screens(shots, archive.sign_in("admin", DEMO_PASSWORD))
        auditor_screens(shots, archive.sign_in("auditor", DEMO_PASSWORD))
    print(f"{len(shots.saved)} screenshots")
    return 0


def window(ws):
    from workstation.ui.main_window import MainWindow

    win = MainWindow(ws, index_after_import=False)
    win.resize(WIDTH, HEIGHT)
    win.show()
    return win


def sign_in_screen(shots: Shooter, archive) -> None:
    from workstation.ui.dialogs.sign_in import SignInDialog

    dlg = SignInDialog(archive, username="clerk")
    dlg.password.setText("wrong-password")
    dlg.show()
    shots.save(dlg, "01-sign-in")
    dlg.submit()
    shots.save(dlg, "02-sign-in-wrong-password")
    dlg.close()


def clerk_screens(shots: Shooter, ws, tmp: Path) -> None:
    win = window(ws)
    browser = win.workspace.browser
    shots.wait_for(lambda: browser.loaded)
    browser.table.selectRow(0)
    shots.save(win, "03-case-browser")

    case_no = browser.visible_case_numbers()[0]
    view = win.workspace.open_case(case_no)
    shots.wait_for(lambda: view.detail is not None)
    items = [it for vol in view.detail["volumes"] for it in vol["items"]]
    doc = next((it for it in items if it.get("doc_no") and it["kind"] == "document"), items[0])
    view.tree.select_item(doc["id"])
    shots.save(win, "04-case-view")

    tab = win.workspace.open_document(doc, case_no)
    if tab.viewer is not None:
        drawn = []
        tab.viewer.first_page_drawn.connect(drawn.append)
        shots.wait_for(lambda: bool(drawn), 20)
    shots.save(win, "05-document")
    win.workspace.close_tab(win.workspace.indexOf(tab))

    if win.search_page is not None:
        win.show_page("search")
        win.search_page.query.setText("执法记录仪")
        win.search_page.search()
        shots.wait_for(lambda: win.search_page.result is not None, 30)
        shots.save(win, "06-search")

    # New case, then an import of loose files (one of them twice: a duplicate row).
    win.show_page("cases")
    win.new_case()
    dlg = win.new_case_dialog
    dlg.case_no.setText("某市监处罚〔2026〕301号")
    dlg.party.setText("某市佳禾商贸有限公司")
    dlg.cause.setText("销售不合格产品")
    dlg.party.editingFinished.emit()
    dlg.handling_unit.setText("执法稽查科")
    dlg.handlers.setText("王伟，李静")
    shots.save(dlg, "07-new-case")
    dlg.submit()
    from workstation.devdata.dossiers import make_dossier_folder

    folder = make_dossier_folder(tmp / "loose", seed=11, with_av=False)
    pdfs = sorted(folder.rglob("*.pdf"))[:4]
    win.importer.import_paths(pdfs + pdfs[:1], "某市监处罚〔2026〕301号")
    shots.wait_for(lambda: win.importer.results_dialog is not None)
    shots.save(win.importer.results_dialog, "08-import-results")
    win.importer.results_dialog.close()

    # 归档: template order, 页号, 档号, then the 卷内目录 preview and the readiness check.
    view = win.workspace.open_case(case_no)
    shots.wait_for(lambda: view.detail is not None)
    ctl = view.filing
    if ctl is not None:
        ctl.apply_template("samr-penalty")
        ctl.renumber(None)
        ctl.assign_code_with(None, "ZFJ")
        ctl.generate_contents_list()
        if ctl.preview is not None:
            shots.save(ctl.preview, "09-contents-list")
            ctl.preview.close()
        ctl.check()
        if ctl.dialog is not None:
            shots.save(ctl.dialog, "10-filing-check")
            ctl.dialog.close()
        view.refresh()
        shots.save(win, "11-case-after-filing-steps")

    win.lock_now()
    shots.save(win, "12-locked")
    win.lock_screen.password.setText("demo-pass-2026")
    win.lock_screen.submit()
    win.close()


def reader_screens(shots: Shooter, ws) -> None:
    win = window(ws)
    win.show_page("requests")
    page = win.requests_page
    page.req_case.setText("某市监处罚〔2025〕218号")
    page.req_reason.setText("行政诉讼应诉需要查阅")
    page.submit_request()
    shots.save(win, "13-reader-requests")
    win.close()


def secadmin_screens(shots: Shooter, ws) -> None:
    win = window(ws)
    win.show_page("requests")
    page = win.requests_page
    page.table.selectRow(0)
    shots.save(win, "14-secadmin-requests")
    win.show_page("access")
    shots.save(win, "15-secadmin-grants")
    win.access_page.tabs.setCurrentIndex(1)
    shots.save(win, "16-secadmin-rules")
    win.close()


def admin_screens(shots: Shooter, ws) -> None:
    win = window(ws)
    win.show_page("users")
    shots.save(win, "17-admin-users")
    win.close()


def auditor_screens(shots: Shooter, ws) -> None:
    win = window(ws)
    win.show_page("audit")
    page = win.audit_page
    shots.wait_for(lambda: page.chain is not None)
    shots.save(win, "18-auditor-audit-log")
    win.close()


if __name__ == "__main__":
    raise SystemExit(main())
