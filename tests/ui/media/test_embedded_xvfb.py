"""The player embedded in a real X window (Xvfb, Qt's xcb platform): libVLC draws the frame
into the widget's native window, and the X server shows it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(shutil.which("xvfb-run") is None or shutil.which("Xvfb") is None,
                    reason="Xvfb is not installed (apt-get install xvfb): the embedded-window test needs an X server")
def test_video_is_rendered_into_an_embedded_x_window(av, tmp_path):
    item = av.ids["video"]
    av.archive.close()  # the child opens the archive itself
    out, shot = tmp_path / "result.json", tmp_path / "screen.png"
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", WORKSTATION_VLC_ARGS="--aout=dummy",
               XDG_RUNTIME_DIR=str(tmp_path))
    env.pop("DISPLAY", None)
    proc = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", sys.executable, "-m",
                           "tests.ui.media.xvfb_child", str(av.archive.data_dir), str(item), str(out), str(shot)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    r = json.loads(out.read_text("utf-8"))
    assert r["platform"] == "xcb" and r["opened"] and r["embedded"]
    assert r["has_vout"] and r["video_size"] == [320, 240]
    # testsrc2 is colourful: the embedded window shows a picture, not a black box
    assert r["lit_fraction"] > 0.3 and r["distinct_colours"] > 20, r
    assert r["released"] and shot.exists()
