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

    def save_screen(self, widget, name: str) -> None:
        """Like ``save`` but from the X server's pixels: needed where libVLC draws the video
        into a native window (QWidget.grab() does not see it)."""
        self.settle()
        path = self.out / f"{name}{self.suffix}.png"
        top_left = widget.mapToGlobal(widget.rect().topLeft())
        shot = self.app.primaryScreen().grabWindow(0, top_left.x(), top_left.y(), widget.width(), widget.height())
        shot.save(str(path))
        self.saved.append(path)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--keep", action="store_true", help="keep the temporary demo archive")
    parser.add_argument("--only", choices=["all", "av", "review", "evaluation"], default="all",
                        help="av: only the audio/video screens, on a small archive with one body-cam video")
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
        if args.only == "av":
            return take_av_only(tmp, out, args.lang)
        if args.only == "review":
            return take_review_only(tmp, out, args.lang)
        if args.only == "evaluation":
            return take_evaluation_only(tmp, out, args.lang)
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
        av_screen(shots, archive.sign_in("clerk", DEMO_PASSWORD))
        bundle_screens(shots, archive.sign_in("clerk", DEMO_PASSWORD), tmp)
        reader_screens(shots, archive.sign_in("reader", DEMO_PASSWORD))
        secadmin_screens(shots, archive.sign_in("secadmin", DEMO_PASSWORD))
        admin_screens(shots, archive.sign_in("admin", DEMO_PASSWORD))
        auditor_screens(shots, archive.sign_in("auditor", DEMO_PASSWORD))
    review_screens(shots, tmp / "review")
    evaluation_screens(shots, tmp / "evaluation")
    print(f"{len(shots.saved)} screenshots")
    return 0


def take_av_only(tmp: Path, out: Path, lang: str) -> int:
    """The AV screens alone: a small archive (clerk, one case, one generated body-cam video)."""
    from PySide6.QtCore import QSettings

    from workstation.archive.vocab import Role
    from workstation.devdata.media import make_bodycam_mp4
    from workstation.session import Archive
    from workstation.ui import ops
    from workstation.ui.app import create_app

    password = "demo-pass-2026"
    archive = Archive.open(tmp / "archive", create=True)
    archive.init_admin("admin", password)
    admin = archive.sign_in("admin", password)
    admin.add_user("clerk", password, [Role.ARCHIVIST], department="档案室")
    clerk = archive.sign_in("clerk", password)
    case_no = "某市监处罚〔2026〕88号"
    clerk.create_case(case_no=case_no, title="某市佳禾商贸有限公司销售过期食品案", category="处罚")
    video = make_bodycam_mp4(tmp / "media" / "执法记录仪-0302.mp4", 12, officer="王伟")
    clerk.import_paths([video], case_no)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qsettings"))
    app = create_app(["screenshots"], lang=lang, cache_dir=tmp / "qm")
    ops.set_runner(ops.InlineRunner())
    shots = Shooter(app, out, "" if lang == "zh_CN" else "-en")
    with archive:
        av_screen(shots, archive.sign_in("clerk", password))
    print(f"{len(shots.saved)} screenshots")
    return 0


def take_review_only(tmp: Path, out: Path, lang: str) -> int:
    """The review workspace alone (法制审核 of one case with a PDF and a body-cam video)."""
    from PySide6.QtCore import QSettings

    from workstation.ui import ops
    from workstation.ui.app import create_app

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qsettings"))
    app = create_app(["screenshots"], lang=lang, cache_dir=tmp / "qm")
    ops.set_runner(ops.InlineRunner())
    shots = Shooter(app, out, "" if lang == "zh_CN" else "-en")
    review_screens(shots, tmp / "review")
    print(f"{len(shots.saved)} screenshots")
    return 0


def review_screens(shots: Shooter, tmp: Path) -> None:
    """法制审核: 询问笔录 PDF left, the body-cam video right, annotations and a link, the
    checklist half filled with citations and the countdown; then the 意见书 draft preview;
    then, the 意见书 signed, a 复核 requested by the handling unit and answered (变更)."""
    import random

    from workstation.archive.vocab import Role
    from workstation.devdata.media import make_bodycam_mp4
    from workstation.devdata.pdfs import make_long_pdf
    from workstation.session import Archive

    os.environ.setdefault("WORKSTATION_VLC_ARGS", "--aout=dummy")
    password = "demo-pass-2026"
    archive = Archive.open(tmp / "archive", create=True)
    archive.settings.agency_name = "某市市场监督管理局"
    archive.init_admin("admin", password)
    admin = archive.sign_in("admin", password)
    admin.add_user("sec", password, [Role.SECADMIN])
    admin.add_user("clerk", password, [Role.ARCHIVIST], department="档案室")
    admin.add_user("fazhi", password, [Role.REVIEWER], display_name="王法审", department="法制科")
    admin.add_user("head", password, [Role.APPROVER], display_name="赵科长", department="法制科")
    sec = archive.sign_in("sec", password)
    clerk = archive.sign_in("clerk", password)
    case_no = "某市监处罚〔2026〕88号"
    clerk.create_case(case_no=case_no, title="某市佳禾商贸有限公司销售过期食品案", category="处罚",
                      party="某市佳禾商贸有限公司", handling_unit="执法一队", handlers=["王伟", "李娜"])
    pdf = make_long_pdf(tmp / "询问笔录.pdf", 6, random.Random(4))
    video = make_bodycam_mp4(tmp / "执法记录仪-0302.mp4", 12, officer="王伟")
    report = clerk.import_paths([pdf, video], case_no)
    ids = {Path(f.original_name).suffix: f.item_id for f in report.files}
    for name in ("fazhi", "head"):
        sec.add_grant(case_no, user=name, level="view", reason="法制审核")
    ws = archive.sign_in("fazhi", password)
    import datetime as dt

    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    cal = ws.work_calendar()
    accepted = today
    try:  # accepted so that 2 working days remain today (a yellow countdown)
        while cal.remaining(today, cal.add_workdays(accepted, 7)) > 2:
            accepted -= dt.timedelta(days=1)
    except Exception:  # noqa: BLE001 - outside the holiday data: accept today
        accepted = today
    ws.review_submit(case_no, submitted_on=accepted, submitting_unit="执法一队", submitted_by="王伟", major_category="M4",
                     proposed_decision={"type": "罚款", "content": "没收违法所得，并处罚款五万元"},
                     materials=["送审报告", "行政执法决定书代拟稿", "案卷全部材料"], reviewer_qualification="A20201100001")
    ws.review_accept(case_no, accepted_on=accepted)
    hl = ws.add_annotation(ids[".pdf"], "highlight", page=1, rect=[72, 150, 500, 190], note="与录像中的陈述不一致",
                           category="证据")
    ws.add_annotation(ids[".pdf"], "redaction", page=1, rect=[300, 80, 520, 100], note="当事人身份证号")
    ws.add_annotation(ids[".mp4"], "av_range", start_ms=3000, end_ms=6500, note="出示执法证件", category="程序")
    ws.add_link({"annotation_id": hl["id"]}, {"item_id": ids[".mp4"], "start_ms": 4000, "end_ms": 6000},
                note="笔录与录像对照")
    for n, result in ((1, "符合"), (2, "符合"), (3, "符合"), (4, "符合")):
        ws.review_check(case_no, n, result, explanation="经审查符合规定",
                        citations=[{"item_id": ids[".pdf"], "page": n}] if n > 1 else [])
    ws.review_check(case_no, 5, "不符合", explanation="询问笔录第1页陈述与执法记录仪 00:00:04 处不一致",
                    citations=[{"annotation_id": hl["id"]}, {"item_id": ids[".mp4"], "start_ms": 4000,
                                                               "end_ms": 6000}])
    win = window(ws)
    win.show_page("review")
    page = win.review_page
    view = page.open_case(case_no)
    shots.wait_for(lambda: view.panes[0].pdf.page_count > 0 and view.panes[0].pdf.canvas.drawn_sharp(0), 20)
    av = view.panes[1].av
    if av is not None:
        shots.wait_for(lambda: getattr(av, "_state", "paused") == "paused", 20)
        av.seek(4500)
    view.split.setSizes([900, 540])
    view.select_annotation(next(a for a in view.annotations if a["id"] == hl["id"]))
    view.go_to(hl["anchor"])
    view.review_panel.table.setCurrentCell(4, 0)
    shots.settle(800)
    shots.save_screen(win, "20-review-side-by-side")
    view.side.setCurrentWidget(view.annotation_list)
    shots.save_screen(win, "21-review-annotations")
    view.side.setCurrentWidget(view.review_panel)
    for n in range(6, 10):
        ws.review_check(case_no, n, "不适用" if n == 9 else "符合", explanation="经审查符合规定")
    ws.review_conclude(case_no, "修改后再送审", note="补充证据后再送审")
    view.review_panel.refresh()
    out = view.review_panel.generate_opinion()
    if out:
        preview = view.review_panel.preview
        preview.resize(760, 880)
        shots.save(preview, "22-review-opinion-draft")
        preview.close()
    dispute_screen(shots, view, archive.sign_in("head", password), case_no)
    view.close_items()
    win.close()
    archive.close()


def dispute_screen(shots: Shooter, view, head, case_no: str) -> None:
    """The 意见书 signed by the head of the legal unit; the handling unit's 复核 request on
    two checklist points, answered today with a changed conclusion: the panel's 复核与集体讨论
    section with the deadlines, both steps and 提请集体讨论 as the next action."""
    from workstation.errors import WorkstationError

    ws = view.ws
    try:
        head.review_sign_off(case_no)
        ws.review_dispute(case_no, reason="当事人系初次违法且已主动召回，认为罚款数额裁量过重，应从轻处罚",
                          requested_by="执法一队 王伟", points=[5, 7])
        ws.review_dispute_answer(case_no, "变更", conclusion="修改后再送审",
                                 text="经复核，询问笔录与执法记录仪的陈述确不一致，请补充调查后按裁量基准第二档重新送审")
    except WorkstationError as exc:  # e.g. today is outside the working-day calendar's data
        print(f"  (dispute screen skipped: {exc.message})")
        return
    view.review_panel.refresh()
    page = view.parent()
    while page is not None and not hasattr(page, "case_box"):
        page = page.parent()
    if page is not None:  # the case list (signed: no countdown any more)
        page.refresh()
    shots.settle(400)
    shots.save_screen(view.window(), "26-review-dispute")


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


def av_screen(shots: Shooter, ws) -> None:
    """A body-cam video in the AV view: transcript following, a clip, in/out marks, a marker."""
    os.environ.setdefault("WORKSTATION_VLC_ARGS", "--aout=dummy")
    win = window(ws)
    browser = win.workspace.browser
    shots.wait_for(lambda: browser.loaded)
    for case_no in browser.visible_case_numbers():
        view = win.workspace.open_case(case_no)
        shots.wait_for(lambda: view.detail is not None)
        videos = [it for vol in view.detail["volumes"] for it in vol["items"] if it["kind"] == "video"]
        if videos:
            break
    else:
        print("  (no video item in the demo archive: AV screen skipped)")
        win.close()
        return
    item = videos[0]
    if ws.transcript(item["id"]) is None:
        ws.save_transcript(item["id"], [(0, 1800, "问", "我们是市场监督管理局的执法人员，这是我们的执法证。"),
                                        (1800, 3600, "答", "好的，我看一下。"),
                                        (3600, 6000, "问", "现在依法对你店内销售的食品进行检查。")], note="演示")
    tab = win.workspace.open_document(item, case_no)
    av = tab.viewer
    shots.wait_for(lambda: av._state == "paused", 20)
    duration = av.duration_ms or 6000
    av.seek(duration * 0.15)
    av.clips.mark_in()
    av.seek(duration * 0.35)
    av.clips.mark_out()
    av.clips.name_edit.setText("出示证件")
    av.clips.create_clip()
    av.seek(duration * 0.55)
    av.clips.mark_in()
    av.set_markers([(int(duration * 0.6), int(duration * 0.75), "#e6a23c", "批注：现场检查")])
    av.seek(duration * 0.4)
    av.step_frames(1)
    shots.settle(800)
    shots.save_screen(win, "30-av-player")
    av.side.setCurrentWidget(av.note_form)
    shots.save_screen(win, "31-av-production-note")
    win.close()


def bundle_screens(shots: Shooter, ws, tmp: Path) -> None:
    """The evidence bundle dialog after an export, the 证据目录 and a Bates-stamped page."""
    import pymupdf

    from workstation.ui.export.bundle_dialog import BundleDialog

    cases = [c for c in ws.list_cases() if c["classification"] in ("公开", "内部") and "处罚" in c["case_no"]]
    if not cases:
        print("  (no public penalty case: bundle screens skipped)")
        return
    case_no = cases[0]["case_no"]
    out = tmp / "bundles"
    out.mkdir(exist_ok=True)
    dialog = BundleDialog(ws, case_no, out_dir=out)
    dialog.resize(1240, 760)
    dialog.show()
    dialog.prefix.setText("ZJ")
    dialog.recipient.setText("某市某区人民法院")
    from PySide6.QtCore import Qt

    wanted = {"立案审批表", "询问笔录", "现场检查笔录", "行政处罚决定书", "送达回证"}
    for i in range(dialog.tree.topLevelItemCount()):
        top = dialog.tree.topLevelItem(i)
        if top.text(0) in wanted:
            top.setCheckState(0, Qt.CheckState.Checked)
        for j in range(top.childCount()):  # the clips marked on the recordings
            top.child(j).setCheckState(0, Qt.CheckState.Checked)
    dialog.export()
    shots.wait_for(lambda: dialog.result_data is not None or "失败" in dialog.result_label.text(), 120)
    shots.settle(300)
    shots.save(dialog, "40-bundle-dialog")
    if dialog.result_data:
        data = Path(dialog.result_data["path"]) / "data"
        pages = [("41-exhibit-index", data / "00_证据目录.pdf", 0)]
        docs = sorted((data / "documents").glob("*.pdf"))
        if docs:
            pages.append(("43-bundle-stamped-page", docs[0], 0))
        for name, pdf, page_no in pages:
            path = shots.out / f"{name}{shots.suffix}.png"
            with pymupdf.open(pdf) as doc:
                doc[page_no].get_pixmap(dpi=110).save(str(path))
            shots.saved.append(path)
            print(f"  {path}")
    dialog.close()


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


def take_evaluation_only(tmp: Path, out: Path, lang: str) -> int:
    """The 案卷评查 screens alone (a small archive of scored dossiers)."""
    from PySide6.QtCore import QSettings

    from workstation.ui import ops
    from workstation.ui.app import create_app

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qsettings"))
    app = create_app(["screenshots"], lang=lang, cache_dir=tmp / "qm")
    ops.set_runner(ops.InlineRunner())
    shots = Shooter(app, out, "" if lang == "zh_CN" else "-en")
    evaluation_screens(shots, tmp / "evaluation")
    print(f"{len(shots.saved)} screenshots")
    return 0


def evaluation_screens(shots: Shooter, tmp: Path) -> None:
    """案卷评查: the scoring view (rubric tree beside the dossier, deductions with anchors) and
    the plan report with its charts. A small archive: one realistic 一般程序 penalty dossier,
    plus cases of three units scored through the facade for the report."""
    import random

    from workstation.archive.vocab import Role
    from workstation.devdata.dossiers import make_dossier_folder
    from workstation.session import Archive

    password = "demo-pass-2026"
    archive = Archive.open(tmp / "archive", create=True)
    archive.init_admin("admin", password)
    admin = archive.sign_in("admin", password)
    admin.add_user("clerk", password, [Role.ARCHIVIST], department="档案室")
    admin.add_user("sec", password, [Role.SECADMIN], department="保密办")
    admin.add_user("pingcha", password, [Role.EVALUATOR], department="法制科", display_name="刘芳")
    sec = archive.sign_in("sec", password)
    sec.add_rule(role=Role.EVALUATOR, department="法制科", max_classification="内部", reason="年度案卷评查")
    clerk = archive.sign_in("clerk", password)
    folder = make_dossier_folder(tmp / "dossier", seed=11, with_av=False, cause="销售超过保质期的食品")
    case_no = clerk.import_paths([folder]).case_no
    rng = random.Random(5)
    units = ["执法稽查科", "食品安全科", "价格监督科"]
    others = []
    for i in range(14):
        no = f"某市监处罚〔2025〕{101 + i}号"
        clerk.create_case(case_no=no, title=f"评查样本案卷 {i + 1}", category="处罚", handling_unit=units[i % 3],
                          opened_on=f"2025-{1 + i % 12:02d}-10", handlers="张伟,李娜")
        others.append(no)
    ev = archive.sign_in("pingcha", password)
    plan = ev.create_plan("2025 年度行政处罚案卷评查", "penalty-ordinary", case_nos=[case_no, *others],
                          sample_size=12, seed=20251231)
    drawn = [c["case_no"] for c in plan["cases"]]
    if case_no not in drawn:
        plan = ev.create_plan("2025 年度行政处罚案卷评查", "penalty-ordinary", case_nos=[case_no, *others[:11]])
        drawn = [c["case_no"] for c in plan["cases"]]
    ev.assign_evaluators(plan["id"], ["pingcha"])
    detail = clerk.show_case(case_no)
    items = [it for v in detail["volumes"] for it in v["items"] if it.get("page_count")]
    # The other files: scored and submitted (a spread of scores, one veto), for the report.
    menu = [("1.6", {}), ("2.11", {"count": 2}), ("2.12", {"count": 3}), ("3.1", {"points": 2}), ("3.2", {"count": 1}),
            ("3.5", {"count": 2}), ("4.1", {}), ("4.2", {"points": 3}), ("5.5", {"count": 3}), ("5.7", {"count": 4}),
            ("3.3", {}), ("2.15", {})]
    from workstation.devdata.pdfs import make_text_pdf

    for n, no in enumerate(d for d in drawn if d != case_no):
        pdf = make_text_pdf(tmp / f"sample-{n}.pdf", "现场检查笔录", ["检查情况：现场检查时当事人在场。"] * 3)
        item_id = clerk.import_paths([pdf], no).files[0].item_id
        sheet = ev.sheet_for(plan["id"], no)
        for code, kw in rng.sample(menu, rng.randint(1, 6)):
            sheet = ev.add_deduction(sheet["id"], code, reason="评查发现的问题", anchor={"item_id": item_id, "page": 1},
                                     **kw)
        if n == 4:
            sheet = ev.add_deduction(sheet["id"], "F4", reason="违法所得计算无证据", anchor={"item_id": item_id, "page": 1})
        ev.submit_sheet(sheet["id"])

    win = window(ev)
    page = win.show_page("evaluation")
    page.refresh()
    row = next(i for i, r in enumerate(page.assignments.rows) if r["case_no"] == case_no)
    page.assignments.table.selectRow(row)
    view = page.open_assignment(page.assignments.rows[row]["assignment_id"])
    viewer = view.doc_tab.viewer
    shots.wait_for(lambda: viewer is not None and viewer.page_count > 0)
    interview = next((it for it in items if "询问" in it["title"]), items[min(2, len(items) - 1)])
    view.open_item(interview["id"], page=1)
    viewer = view.doc_tab.viewer
    shots.wait_for(lambda: viewer.page_count > 0)
    for code, kw, page_no, reason in (("2.12", {"count": 2}, 1, "两处涂改未由被询问人按指印"),
                                      ("3.1", {"points": 2}, 1, "调查终结报告未载明从轻情节的证据")):
        view.choose_item(code)
        view.set_anchor({"item_id": interview["id"], "page": page_no})
        if "points" in kw:
            view.points.setValue(kw["points"])
        if "count" in kw:
            view.count.setValue(kw["count"])
        view.reason.setText(reason)
        view.deduct()
    view.choose_item("2.11")
    view.set_anchor({"item_id": interview["id"], "page": min(2, interview["page_count"])})
    view.count.setValue(1)
    view.reason.setText("第 2 页被询问人未签名")
    shots.settle(800)
    shots.save(win, "23-evaluation-scoring")
    page.close_tab(page.tabs.indexOf(view))
    page.plans.refresh()
    page.tabs.setCurrentWidget(page.plans)
    page.plans.select_plan(plan["id"])
    shots.save(win, "24-evaluation-plans")
    report = page.open_report(plan["id"])
    shots.wait_for(lambda: report.data is not None)
    shots.settle(600)
    shots.save(win, "25-evaluation-report")
    reconcile_screen(shots, win, archive, admin, clerk, ev, others[-1], tmp)
    win.close()
    archive.close()


def reconcile_screen(shots: Shooter, win, archive, admin, clerk, ev, case_no: str, tmp: Path) -> None:
    """Double scoring of one file: the reconciliation view, 3.1 settled as 均不扣分 and the
    合议改定 dialog open for 2.11 (the count agreed in discussion, on the cited page)."""
    from workstation.archive.vocab import Role
    from workstation.devdata.pdfs import make_text_pdf

    password = "demo-pass-2026"
    admin.add_user("pingcha2", password, [Role.EVALUATOR], department="法制科", display_name="周强")
    ev2 = archive.sign_in("pingcha2", password)
    pdf = make_text_pdf(tmp / "询问笔录.pdf", "询问笔录", ["被询问人对记录内容无异议。"] * 120)
    item_id = clerk.import_paths([pdf], case_no).files[0].item_id
    plan = ev.create_plan("2025 年度双人评查（抽样复核）", "penalty-ordinary", case_nos=[case_no], double_scoring=True)
    ev.assign_evaluators(plan["id"], ["pingcha", "pingcha2"])
    for who, entries in ((ev, [("2.12", {"count": 2}, "两处涂改未按指印"), ("2.11", {"count": 3}, "三页未签名"),
                               ("3.1", {"points": 2}, "调查终结报告过简")]),
                         (ev2, [("2.12", {"count": 2}, "涂改处无指印"), ("2.11", {"count": 1}, "末页未签名")])):
        sheet = who.sheet_for(plan["id"], case_no)
        for code, kw, reason in entries:
            sheet = who.add_deduction(sheet["id"], code, reason=reason, anchor={"item_id": item_id, "page": 2}, **kw)
        who.submit_sheet(sheet["id"])
    page = win.show_page("evaluation")
    view = page.open_reconcile(plan["id"], case_no)
    shots.wait_for(lambda: bool(view.data))
    view.choose("3.1", "none")
    box = view.choice_boxes["2.11"]
    box.setCurrentIndex(box.findData("agreed"))
    box.activated.emit(box.currentIndex())
    dlg = view.agreed_dialog
    dlg.count.setValue(2)
    dlg.reason.setText("合议认定第 2、3 页未签名，末页已补签")
    dlg.move(win.geometry().center() - dlg.rect().center())
    shots.settle(600)
    shots.save_screen(win, "27-evaluation-reconcile")
    dlg.reject()


if __name__ == "__main__":
    raise SystemExit(main())
