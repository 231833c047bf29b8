"""libVLC (python-vlc) behind a small Qt-friendly class, and the widget it draws into.

Embedding
---------
libVLC draws the picture itself into a native window that Qt hands over:

* **X11** (Qt platform ``xcb``): ``player.set_xwindow(int(widget.winId()))``. On a Wayland
  desktop run the application with ``QT_QPA_PLATFORM=xcb`` (XWayland): libVLC 3 cannot draw
  into a Wayland surface and would open a window of its own.
* **Windows**: ``player.set_hwnd(int(widget.winId()))``.
* **macOS** (documented, not built here): ``player.set_nsobject(int(widget.winId()))`` — the
  ``winId()`` of a Qt widget on Cocoa is an ``NSView*``, which is what libVLC's macosx video
  output expects; the widget must be a native widget (``WA_NativeWindow``) and libVLC must be
  the VLC.app framework build (``VLC_PLUGIN_PATH`` pointing into VLC.app/Contents/MacOS/plugins).
* **offscreen / minimal** (tests, headless servers): there is no window system, so the
  instance is created with ``--vout=dummy --aout=dummy``: decoding, timing and seeking
  behave as usual, nothing is displayed.

Extra libVLC options can be given in the environment variable ``WORKSTATION_VLC_ARGS``
(split like a shell command line), e.g. ``--aout=dummy`` on a machine without sound.

Speed changes keep the pitch: ``--audio-time-stretch`` (libVLC's scaletempo filter, on by
default in VLC 3) is passed explicitly so a configuration file cannot switch it off.

Nothing here reads the evidence store: the file path comes from ``MediaReader.path``
(``Workstation.open_media``), which also writes the viewing's audit event when closed.
The libVLC player is polled from the UI thread (no libVLC event callbacks, which arrive on
libVLC's own threads).
"""

from __future__ import annotations

import logging
import os
import shlex
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QWidget

log = logging.getLogger(__name__)

HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc"}
RATES = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
BASE_ARGS = ("--no-xlib", "--quiet", "--no-video-title-show", "--no-snapshot-preview", "--no-osd",
             "--audio-time-stretch", "--no-stats", "--no-media-library")


def _vlc():
    import vlc  # python-vlc; libVLC comes from the operating system

    return vlc


def platform_is_headless() -> bool:
    app = QGuiApplication.instance()
    name = QGuiApplication.platformName() if app is not None else ""
    return name in HEADLESS_PLATFORMS


def instance_args(headless: bool) -> list[str]:
    args = list(BASE_ARGS)
    if headless:
        args += ["--vout=dummy", "--aout=dummy"]
    extra = os.environ.get("WORKSTATION_VLC_ARGS", "").strip()
    if extra:
        args += shlex.split(extra)
    return args


class VideoSurface(QFrame):
    """The native window libVLC draws into (black when nothing is shown). Mouse and keys go
    to Qt (libVLC's own input handling is switched off), so a click toggles play."""

    clicked = Signal()
    double_clicked = Signal()
    window_changed = Signal()  # the native window was re-created (e.g. reparented): embed again

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("videoSurface")
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        self.setPalette(pal)
        # libVLC draws here: Qt must not paint over its picture on expose or repaint
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAutoFillBackground(False)
        self.video_attached = False
        self.setMinimumSize(320, 180)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def event(self, event):  # noqa: D102 - Qt API
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.WinIdChange:
            self.window_changed.emit()
        return super().event(event)

    def paintEvent(self, event):  # noqa: N802 - Qt API
        if not self.video_attached:  # black until libVLC shows a picture; then never over it
            from PySide6.QtGui import QPainter

            p = QPainter(self)
            p.fillRect(self.rect(), Qt.GlobalColor.black)
            p.end()

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event):  # noqa: N802 - Qt API
        self.double_clicked.emit()
        super().mouseDoubleClickEvent(event)


class VlcPlayer(QObject):
    """One libVLC instance and media player. Call ``release()`` when done (AvView does)."""

    def __init__(self, parent: QObject | None = None, *, headless: bool | None = None):
        super().__init__(parent)
        vlc = _vlc()
        self.headless = platform_is_headless() if headless is None else headless
        self.args = instance_args(self.headless)
        os.environ.setdefault("XDG_RUNTIME_DIR", _runtime_dir())
        self._instance = vlc.Instance(self.args)
        if self._instance is None:
            from workstation.errors import WorkstationError

            raise WorkstationError(reason="无法启动 libVLC 播放组件（请确认已安装 VLC 3）")
        self._player = self._instance.media_player_new()
        self._player.video_set_mouse_input(False)
        self._player.video_set_key_input(False)
        self._media = None
        self.cueing = False
        self.embedded = False
        self.path: str | None = None

    # -- window -------------------------------------------------------------------------------
    def embed(self, surface: QWidget) -> bool:
        """Hand ``surface``'s native window to libVLC (no-op when headless)."""
        if self.headless or self._player is None:
            return False
        wid = int(surface.winId())
        if sys.platform.startswith("win"):
            self._player.set_hwnd(wid)
        elif sys.platform == "darwin":
            self._player.set_nsobject(wid)
        else:
            self._player.set_xwindow(wid)
        self.embedded = True
        if isinstance(surface, VideoSurface):
            surface.video_attached = True
        return True

    # -- media --------------------------------------------------------------------------------
    def load(self, path: str | Path, *, start_ms: float | None = None, paused: bool = True) -> None:
        """Open ``path`` and start it (paused on its first frame unless ``paused=False``)."""
        self.path = str(path)
        media = self._instance.media_new_path(self.path)
        self.cueing = False
        if paused and self.headless:
            media.add_option(":start-paused")
        elif paused:
            self.cueing = True
            self._player.audio_set_volume(0)
        if start_ms:
            media.add_option(f":start-time={max(0.0, start_ms) / 1000:.3f}")
        self._player.set_media(media)
        if self._media is not None:
            self._media.release()
        self._media = media
        self._player.play()

    def restart(self, at_ms: float = 0, *, paused: bool = False) -> None:
        """After the end (or an error) libVLC must be started again."""
        if self.path is not None:
            self._player.stop()
            self.load(self.path, start_ms=at_ms, paused=paused)

    # -- transport ------------------------------------------------------------------------------
    def play(self) -> None:
        self._player.set_pause(0)
        if self.state() in ("stopped", "opening") and not self._player.is_playing():
            self._player.play()

    def pause(self) -> None:
        self._player.set_pause(1)

    def finish_cue(self) -> bool:
        """Opening paused in a real window: libVLC 3 draws nothing with ``:start-paused``,
        so the file is started (volume 0) and paused as soon as it plays. True if this
        "playing" was that start (the caller then waits for "paused")."""
        if not self.cueing or self._player is None:
            return False
        self.cueing = False
        self._player.set_pause(1)
        self._player.audio_set_volume(getattr(self, "_volume", 80))
        return True

    def is_playing(self) -> bool:
        return bool(self._player is not None and self._player.is_playing())

    def state(self) -> str:
        """"opening", "buffering", "playing", "paused", "stopped", "ended", "error" or "idle"."""
        if self._player is None:
            return "idle"
        s = self._player.get_state()
        vlc = _vlc()
        return {vlc.State.Opening: "opening", vlc.State.Buffering: "buffering", vlc.State.Playing: "playing",
                vlc.State.Paused: "paused", vlc.State.Stopped: "stopped", vlc.State.Ended: "ended",
                vlc.State.Error: "error"}.get(s, "idle")

    def set_time(self, ms: float) -> None:
        self._player.set_time(int(max(0, ms)))

    def time_ms(self) -> int | None:
        """libVLC's (approximate) clock; None before the media runs."""
        if self._player is None:
            return None
        t = self._player.get_time()
        return None if t is None or t < 0 else int(t)

    def length_ms(self) -> int | None:
        if self._player is None:
            return None
        n = self._player.get_length()
        return int(n) if n and n > 0 else None

    def has_video(self) -> bool:
        return bool(self._player is not None and self._player.has_vout())

    def video_size(self) -> tuple[int, int] | None:
        if self._player is None:
            return None
        size = self._player.video_get_size(0)
        return (int(size[0]), int(size[1])) if size and size[0] else None

    # -- speed and sound ------------------------------------------------------------------------
    def set_rate(self, rate: float) -> None:
        self._player.set_rate(float(min(max(rate, RATES[0]), RATES[-1])))

    def rate(self) -> float:
        return float(self._player.get_rate()) if self._player is not None else 1.0

    def set_volume(self, volume: int) -> None:
        self._volume = int(min(max(volume, 0), 100))
        if not self.cueing:
            self._player.audio_set_volume(self._volume)

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        self._player.audio_set_mute(self._muted)

    def is_muted(self) -> bool:
        return getattr(self, "_muted", False)

    # -- pictures --------------------------------------------------------------------------------
    def take_snapshot(self, path: str | Path, width: int = 0, height: int = 0) -> bool:
        """libVLC writes the picture it shows now (PNG). Works with a real video output only."""
        return self._player.video_take_snapshot(0, str(path), width, height) == 0

    # -- lifetime --------------------------------------------------------------------------------
    def release(self) -> None:
        """Stop and free libVLC (idempotent)."""
        player, self._player = self._player, None
        if player is not None:
            try:
                player.stop()
                if self.embedded and sys.platform.startswith("linux"):
                    player.set_xwindow(0)
            finally:
                player.release()
        if self._media is not None:
            self._media.release()
            self._media = None
        inst, self._instance = self._instance, None
        if inst is not None:
            inst.release()

    @property
    def released(self) -> bool:
        return self._player is None


def _runtime_dir() -> str:
    import tempfile

    d = Path(tempfile.gettempdir()) / f"workstation-vlc-{os.getuid() if hasattr(os, 'getuid') else 'u'}"
    d.mkdir(mode=0o700, exist_ok=True)
    return str(d)
