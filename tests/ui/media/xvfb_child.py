"""Run under Xvfb with QT_QPA_PLATFORM=xcb (by test_embedded_xvfb.py): open a video item in an
AvView embedded in a real X window, seek, and report what the X server shows in the video
widget (grabbed from the screen: libVLC draws into the native window, QWidget.grab() would
not see it).

    python -m tests.ui.media.xvfb_child ARCHIVE_DIR ITEM_ID OUT.json [SCREENSHOT.png]
"""

from __future__ import annotations

import json
import sys
import time


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from workstation.archive.models import User
    from workstation.session import Archive, Workstation
    from workstation.ui import ops

    data, item_id, out = argv[0], int(argv[1]), argv[2]
    shot = argv[3] if len(argv) > 3 else None
    app = QApplication(["xvfb-child"])
    ops.set_runner(ops.InlineRunner())
    arch = Archive.open(data)
    with arch.read() as s:
        user = s.scalar(select(User).where(User.username == "clerk"))
        s.expunge(user)
    ws = Workstation(arch, user)

    from workstation.ui.media import AvView

    view = AvView()
    view.resize(1000, 640)
    view.show()
    result: dict = {"platform": app.platformName()}

    def pump(seconds: float, until=None) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            if until is not None and until():
                return True
            time.sleep(0.01)
        return until is None

    pump(0.3)
    view.open_item(ws, item_id)
    result["opened"] = pump(8, lambda: view._state == "paused")
    view.seek(2000)
    view.play()
    pump(8, lambda: view.position_ms() > 2300)
    view.pause()
    pump(1.0)
    result["embedded"] = bool(view.player and view.player.embedded)
    result["has_vout"] = bool(view.player and view.player.has_video())
    result["video_size"] = view.player.video_size() if view.player else None
    surface = view.surface
    top_left = surface.mapToGlobal(surface.rect().topLeft())
    pix = app.primaryScreen().grabWindow(0, top_left.x(), top_left.y(), surface.width(), surface.height())
    img = pix.toImage()
    colours, lit, total = set(), 0, 0
    for y in range(0, img.height(), 4):
        for x in range(0, img.width(), 4):
            c = img.pixelColor(x, y)
            total += 1
            if c.red() + c.green() + c.blue() > 60:
                lit += 1
            colours.add((c.red() // 16, c.green() // 16, c.blue() // 16))
    result.update(lit_fraction=lit / max(1, total), distinct_colours=len(colours),
                  surface=[surface.width(), surface.height()])
    if shot:
        app.primaryScreen().grabWindow(0).save(shot)
    view.close_item()
    result["released"] = view.player is None
    view.close()
    arch.close()
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
