"""``AvView``: the libVLC player with exact time, the clips, the transcript and the 制作说明.

See the package docstring (workstation/ui/media/__init__.py) for the public API.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QSlider, QSplitter, QStyle,
                               QStackedWidget, QTabWidget, QToolButton, QVBoxLayout, QWidget)

from workstation.errors import WorkstationError
from workstation.ui import fmt
from workstation.ui.errors import error_text, show_error
from workstation.ui.media.player import RATES, VideoSurface, VlcPlayer
from workstation.ui.media.timecode import format_clock, parse_go_to_time
from workstation.ui.media.thumbs import ThumbnailStrip, load_thumbnails
from workstation.ui.media.timeline import SeekBar, WaveformView
from workstation.ui.ops import run_op

log = logging.getLogger(__name__)

TICK_MS = 100
SEEK_STEP_MS = 5000
OPEN_TIMEOUT_MS = 8000
#: the poster frame is shown only when the exact frame at the playhead is not there by then
#: (a long recording whose frame index is still being read): no flash of a poster otherwise
POSTER_AFTER_MS = 400


class AvView(QWidget):
    """Player + panes for one audio/video item at a time (see the package docstring)."""

    position_changed = Signal(int)
    range_selected = Signal(int, int)
    item_opened = Signal(int)
    item_closed = Signal(int)
    marker_clicked = Signal(int)
    error_shown = Signal(str)
    exact_resolved = Signal(object)  # the snapped frame (dict from ws.snap_time)

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        self.setObjectName("avView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ws = None
        self.item_id: int | None = None
        self.kind: str | None = None
        self.info: dict[str, Any] = {}
        self.duration_ms: int = 0
        self.reader = None
        self.player: VlcPlayer | None = None
        self.index_summary: dict[str, Any] | None = None
        self.index_ready = False
        self._pos = 0
        self._state = "idle"
        self._pending_seek: float | None = None
        self.still_frame: dict[str, Any] | None = None
        self._autoplay = False
        self._loaded = False
        self._play_from: int | None = None
        self._exact: dict[str, Any] | None = None
        self._exact_for: float | None = None
        self._opened_at_tick = 0
        self.poster_shown = False
        self._poster_ok = False  # until a video is opened; false again after the first seek or play
        self._build(compact)
        self._poster_timer = QTimer(self)
        self._poster_timer.setSingleShot(True)
        self._poster_timer.setInterval(POSTER_AFTER_MS)
        self._poster_timer.timeout.connect(self._load_poster)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._exact_timer = QTimer(self)
        self._exact_timer.setSingleShot(True)
        self._exact_timer.setInterval(150)
        self._exact_timer.timeout.connect(self._resolve_exact)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close_item)
        self._set_enabled(False)

    # ============================================================ layout
    def _build(self, compact: bool) -> None:
        from workstation.ui.media.clips import ClipsPane
        from workstation.ui.media.production import ProductionNoteForm
        from workstation.ui.media.transcript import TranscriptPane

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(self.splitter)

        left = QWidget(objectName="avPlayerColumn")
        col = QVBoxLayout(left)
        col.setContentsMargins(8, 8, 8, 8)
        col.setSpacing(6)
        self.title_label = QLabel(objectName="avTitle")
        self.title_label.setWordWrap(True)
        self.facts_label = QLabel(objectName="avFacts")
        self.facts_label.setProperty("role", "hint")
        self.facts_label.setWordWrap(True)
        self.message = QLabel(objectName="avMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel#avMessage { background: #fdf6ec; color: #8a5a00; border: 1px solid #f5dab1;"
                                   " border-radius: 4px; padding: 6px; }")
        self.message.hide()
        col.addWidget(self.title_label)
        col.addWidget(self.facts_label)
        col.addWidget(self.message)

        self.stack = QStackedWidget()
        self.surface = VideoSurface()
        self.surface.clicked.connect(self.toggle_play)
        self.surface.window_changed.connect(self._window_changed)
        self.waveform = WaveformView()
        self.waveform.seek_requested.connect(self.seek)
        self.still = QLabel(objectName="avStill")  # the exact frame, decoded from the file, while paused
        self.still.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still.setStyleSheet("QLabel#avStill { background: black; }")
        self.still.setMinimumSize(320, 180)
        self.still.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack.addWidget(self.surface)
        self.stack.addWidget(self.waveform)
        self.stack.addWidget(self.still)
        self.stack.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        col.addWidget(self.stack, 1)

        self.thumbs = ThumbnailStrip()
        self.thumbs.seek_requested.connect(self.seek)
        self.thumbs.hide()
        col.addWidget(self.thumbs)

        self.seek_bar = SeekBar()
        self.seek_bar.seek_requested.connect(self.seek)
        self.seek_bar.marker_clicked.connect(self.marker_clicked)
        col.addWidget(self.seek_bar)

        row = QHBoxLayout()
        row.setSpacing(4)

        def button(name: str, icon_name: str, tip: str, slot) -> QToolButton:
            b = QToolButton(objectName=name)
            b.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon_name)))
            b.setIconSize(QSize(20, 20))
            b.setToolTip(tip)
            b.setAutoRaise(False)
            b.setMinimumSize(QSize(34, 30))
            b.clicked.connect(slot)
            row.addWidget(b)
            return b

        self.back_button = button("avBack", "SP_MediaSeekBackward", self.tr("后退 5 秒（←）"),
                                  lambda: self.skip(-SEEK_STEP_MS))
        self.frame_back_button = button("avFrameBack", "SP_MediaSkipBackward", self.tr("上一帧（,）"),
                                        lambda: self.step_frames(-1))
        self.play_button = button("avPlay", "SP_MediaPlay", self.tr("播放/暂停（空格、K）"), self.toggle_play)
        self.frame_fwd_button = button("avFrameForward", "SP_MediaSkipForward", self.tr("下一帧（.）"),
                                       lambda: self.step_frames(1))
        self.fwd_button = button("avForward", "SP_MediaSeekForward", self.tr("前进 5 秒（→）"),
                                 lambda: self.skip(SEEK_STEP_MS))
        self.play_button.setMinimumWidth(44)

        clocks = QVBoxLayout()
        clocks.setSpacing(0)
        self.clock = QLabel(format_clock(0), objectName="avClock")
        self.clock.setStyleSheet("font-family: monospace; font-size: 15px; font-weight: 600;")
        self.clock.setToolTip(self.tr("播放器的位置（libVLC 时钟，约数）/ 总时长"))
        self.exact_label = QLabel(objectName="avExact")
        self.exact_label.setStyleSheet("font-family: monospace;")
        self.exact_label.setToolTip(self.tr("从文件读出的精确帧时间：标记、片段与引用都使用这一时间"))
        clocks.addWidget(self.clock)
        clocks.addWidget(self.exact_label)
        # Beside another pane (compact) the clocks and the go-to box get a second row.
        main_row, row = row, (QHBoxLayout() if compact else row)
        row.setSpacing(4)
        if not compact:
            row.addSpacing(8)
        row.addLayout(clocks)
        row.addStretch(1)
        if compact:
            row, second_row = main_row, row
            row.addStretch(1)

        row.addWidget(QLabel(self.tr("速度")))
        self.speed = QComboBox(objectName="avSpeed")
        for r in RATES:
            self.speed.addItem(f"{r:g}×", r)
        self.speed.setCurrentIndex(RATES.index(1.0))
        self.speed.setToolTip(self.tr("播放速度（音调保持不变）；J 减速、L 加速"))
        self.speed.currentIndexChanged.connect(lambda i: self.set_rate(self.speed.itemData(i)))
        row.addWidget(self.speed)

        self.mute_button = QToolButton(objectName="avMute")
        self.mute_button.setCheckable(True)
        self.mute_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume))
        self.mute_button.setToolTip(self.tr("静音（M）"))
        self.mute_button.toggled.connect(self.set_muted)
        row.addWidget(self.mute_button)
        self.volume = QSlider(Qt.Orientation.Horizontal, objectName="avVolume")
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setFixedWidth(72)
        self.volume.setToolTip(self.tr("音量"))
        self.volume.valueChanged.connect(self.set_volume)
        row.addWidget(self.volume)

        self.goto = QLineEdit(objectName="avGoTo")
        self.goto.setPlaceholderText(self.tr("转到 00:12:31.400"))
        self.goto.setToolTip(self.tr("转到时间：00:12:31.400、12:31（分:秒）或 751.4（秒）"))
        self.goto.setMinimumWidth(96)
        self.goto.setMaximumWidth(140)
        self.goto.returnPressed.connect(self.go_to_text)
        if compact:
            self.clock.setStyleSheet("font-family: monospace; font-size: 12px; font-weight: 600;")
            self.volume.setFixedWidth(60)
            self.goto.setFixedWidth(120)
            second_row.addWidget(self.goto)
        else:
            row.addWidget(self.goto)
        col.addLayout(main_row)
        if compact:
            col.addLayout(second_row)

        self.clips = ClipsPane(self)
        col.addWidget(self.clips.marks_bar)
        self.splitter.addWidget(left)

        self.side = QTabWidget(objectName="avSide")
        self.transcript = TranscriptPane(self)
        self.note_form = ProductionNoteForm(self)
        self.side.addTab(self.transcript, self.tr("文字记录"))
        self.side.addTab(self.clips, self.tr("片段"))
        self.side.addTab(self.note_form, self.tr("制作说明"))
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 520])
        self.side.setVisible(not compact)

        self._shortcuts()

    def _shortcuts(self) -> None:
        def sc(keys, slot):
            for k in keys:
                s = QShortcut(QKeySequence(k), self)
                s.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                s.activated.connect(slot)

        sc(["Space", "K"], self.toggle_play)
        sc(["L"], self.faster)
        sc(["J"], self.slower)
        sc(["Left"], lambda: self.skip(-SEEK_STEP_MS))
        sc(["Right"], lambda: self.skip(SEEK_STEP_MS))
        sc([","], lambda: self.step_frames(-1))
        sc(["."], lambda: self.step_frames(1))
        sc(["I"], self.clips.mark_in)
        sc(["O"], self.clips.mark_out)
        sc(["M"], lambda: self.mute_button.toggle())

    def set_side_panes_visible(self, visible: bool) -> None:
        self.side.setVisible(visible)

    def _set_enabled(self, on: bool) -> None:
        for w in (self.back_button, self.play_button, self.fwd_button, self.speed, self.mute_button, self.volume,
                  self.goto, self.seek_bar):
            w.setEnabled(on)
        frames = on and self.kind == "video" and self.index_ready
        self.frame_back_button.setEnabled(frames)
        self.frame_fwd_button.setEnabled(frames)
        self.clips.set_enabled(on)

    # ============================================================ opening and closing
    def open_item(self, ws, item_id: int, *, at_ms: float | None = None, autoplay: bool = False, **_ignored) -> None:
        """Open an AV item (closing the one shown). ``at_ms``: start there (paused unless
        ``autoplay``). Other keywords (``page``, ``highlights`` from the document tabs) are ignored."""
        if self.item_id == item_id and self.ws is ws and self.player is not None:
            if at_ms is not None:
                self.seek(at_ms)
            return
        self.close_item()
        self.ws, self.item_id = ws, item_id
        self.index_ready = False
        self.index_summary = None
        self._exact = None
        self._pos = int(at_ms or 0)
        self._pending_seek = float(at_ms) if at_ms else None
        self.hide_message()
        try:
            self.info = ws.media_info(item_id)
            self.kind = str(self.info.get("kind"))
            self.duration_ms = int(self.info.get("duration_ms") or 0)
            self.reader = ws.open_media(item_id)
        except Exception as exc:  # noqa: BLE001 - shown, the view stays usable
            self._fail_open(exc)
            return
        self._show_facts()
        self.seek_bar.set_duration(self.duration_ms)
        self.waveform.set_duration(self.duration_ms)
        self.thumbs.set_duration(self.duration_ms)
        self.thumbs.setVisible(self.kind == "video")
        self.still_frame = None
        self.poster_shown = False
        self._poster_ok = True
        self.stack.setCurrentWidget(self.surface if self.kind == "video" else self.waveform)
        self._problems_from_probe()
        self._autoplay = autoplay
        self._loaded = False
        try:
            self.player = VlcPlayer(self)
        except Exception as exc:  # noqa: BLE001
            self._release_player()
            self.show_message(self.tr("播放组件无法启动：{msg}").format(msg=error_text(exc)[1]))
        self._start_player()
        self._state = "opening"
        self._opened_at_tick = 0
        self._timer.start()
        self._set_enabled(True)
        self._update_clock()
        self._start_background_work()
        self.transcript.load()
        self.clips.load()
        self.note_form.load()
        self.item_opened.emit(item_id)

    def _start_player(self) -> None:
        """Load the file into libVLC — for video only once the surface is on screen: a
        native window handed over before the view is placed in its window would be
        replaced when Qt reparents it, and libVLC would draw into the old one."""
        if self.player is None or self._loaded or self.reader is None:
            return
        if self.kind == "video" and not self.player.headless and not self.surface.isVisible():
            return  # showEvent starts it
        try:
            if self.kind == "video":
                self.player.embed(self.surface)
            self.player.set_volume(self.volume.value())
            self.player.set_muted(self.mute_button.isChecked())
            self.player.load(self.reader.path, paused=not self._autoplay)
            self.player.set_rate(self.speed.currentData())
            self._loaded = True
        except Exception as exc:  # noqa: BLE001
            self._release_player()
            self.show_message(self.tr("播放组件无法启动：{msg}").format(msg=error_text(exc)[1]))

    def showEvent(self, event):  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.player is not None and not self._loaded:
            QTimer.singleShot(0, self._start_player)

    def _window_changed(self) -> None:
        """Qt re-created the surface's native window: hand the new one to libVLC."""
        if self.player is None or not self._loaded or not self.player.embedded:
            return
        playing = self._state == "playing"
        self.player.embed(self.surface)
        self.player.restart(self._pos, paused=not playing)
        self._pending_seek = float(self._pos) if self._pos else None
        self._state = "opening"

    def _fail_open(self, exc: BaseException) -> None:
        item_id = self.item_id
        self.ws = None
        self.item_id = None
        self.kind = None
        self.title_label.setText("")
        self.thumbs.hide()
        self.show_message(error_text(exc)[1])
        log.info("AV item %s could not be opened: %s", item_id, exc)
        self._set_enabled(False)

    def _show_facts(self) -> None:
        i = self.info
        self.title_label.setText(f"<b>{_html(i.get('title') or '')}</b>")
        v = i.get("video") or {}
        a = i.get("audio") or {}
        container = i.get("container") or ""
        if "," in container:  # demuxer names such as "mov,mp4,m4a,3gp,3g2,mj2"
            container = i.get("container_long_name") or container.split(",")[0]
        parts = [fmt.duration_text(self.duration_ms) if self.duration_ms else "", container.upper()]
        if v:
            res = f"{v.get('width')}×{v.get('height')}" if v.get("width") else ""
            fps = v.get("avg_frame_rate") or v.get("frame_rate") or v.get("fps")
            parts.append(" ".join(x for x in [str(v.get("codec") or "").upper(), res,
                                               f"{_num(fps)} fps" if fps else ""] if x))
        if a:
            parts.append(" ".join(x for x in [str(a.get("codec") or "").upper(),
                                               f"{a.get('sample_rate')} Hz" if a.get("sample_rate") else ""] if x))
        if i.get("creation_time"):
            parts.append(self.tr("拍摄时间 {t}（北京时间）").format(t=_beijing(str(i["creation_time"]))))
        tags = {k: v for k, v in (i.get("device_tags") or {}).items()
                if k != "encoder" and not str(v).startswith("Lav")}
        if tags:
            parts.append(self.tr("设备 {d}").format(d="，".join(f"{v}" for v in list(tags.values())[:2])))
        self.facts_label.setText(" · ".join(p for p in parts if p))

    def _problems_from_probe(self) -> None:
        i = self.info
        if i.get("truncated") or i.get("usable") is False:
            reason = i.get("unusable_reason") or ""
            text = self.tr("该文件不完整或无法完整解码{reason}：只能播放可读取的部分。原件按原样保存，未作任何改动。").format(
                reason=f"（{reason}）" if reason else "")
            self.show_message(text)

    def _start_background_work(self) -> None:
        ws, item_id = self.ws, self.item_id
        if self.kind == "video":
            run_op(lambda: ws.frame_index(item_id), success=lambda s, i=item_id: self._index_done(i, s),
                   failure=lambda e, i=item_id: self._index_failed(i, e), parent=self, serial=False)
            self.thumbs.set_message(self.tr("正在载入缩略图…"))
            run_op(lambda: load_thumbnails(ws, item_id), success=lambda t, i=item_id: self._thumbs_done(i, t),
                   failure=lambda e, i=item_id: self._thumbs_failed(i, e), parent=self, serial=False)
            self._poster_timer.start()
        else:
            self.index_ready = True
        if self.kind == "audio":
            self.waveform.set_message(self.tr("正在生成波形…"))
            run_op(lambda: ws.waveform(item_id), success=lambda w, i=item_id: self._waveform_done(i, w),
                   failure=lambda e, i=item_id: self._waveform_failed(i, e), parent=self, serial=False)
        self._set_enabled(self.item_id is not None)

    def _index_done(self, item_id: int, summary: dict) -> None:
        if item_id != self.item_id:
            return
        self.index_summary = summary
        self.index_ready = True
        self._set_enabled(True)
        fps = summary.get("average_fps")
        extra = self.tr("{n} 帧").format(n=summary.get("frames"))
        if fps and "fps" not in self.facts_label.text():
            extra += f" · {_num(fps)} fps"
        if summary.get("variable_frame_rate"):
            extra += self.tr(" · 可变帧率")
        if not summary.get("complete", True):
            extra += self.tr(" · 帧索引不完整")
        self.facts_label.setText(" · ".join(x for x in [self.facts_label.text(), extra] if x))
        self._schedule_exact()

    def _index_failed(self, item_id: int, exc: BaseException) -> None:
        if item_id != self.item_id:
            return
        self.show_message(self.tr("无法读取该视频的帧时间，逐帧和精确标记不可用：{msg}").format(msg=error_text(exc)[1]))

    def _thumbs_done(self, item_id: int, thumbs: list) -> None:
        if item_id != self.item_id:
            return
        if thumbs:
            self.thumbs.set_thumbnails(thumbs)
            self.thumbs.set_position(self._pos)
        else:
            self.thumbs.set_message(self.tr("该视频没有可显示的缩略图"))

    def _thumbs_failed(self, item_id: int, exc: BaseException) -> None:
        if item_id == self.item_id:
            self.thumbs.set_message(self.tr("缩略图不可用：{msg}").format(msg=error_text(exc)[1]))

    # ------------------------------------------------------------ the poster frame
    def _poster_wanted(self) -> bool:
        """Only while nothing better is on screen: before playback, with no exact frame
        decoded yet, and once libVLC has its window (the surface must stay visible until then)."""
        return (self._poster_ok and self.kind == "video" and self.item_id is not None and self.still_frame is None
                and self._state != "playing" and (self._loaded or self.player is None))

    def _load_poster(self) -> None:
        if not self._poster_wanted():
            return
        ws, item_id = self.ws, self.item_id

        def make():
            from PySide6.QtGui import QImage

            info = ws.poster(item_id)
            return info, QImage.fromData(info["image"])

        run_op(make, success=lambda r, i=item_id: self._poster_done(i, *r),
               failure=lambda e: log.info("poster frame not available: %s", e), parent=self, serial=False)

    def _poster_done(self, item_id: int, info: dict, image) -> None:
        if item_id != self.item_id or not self._poster_wanted() or image.isNull():
            return
        from PySide6.QtGui import QColor, QPainter, QPixmap

        pix = QPixmap.fromImage(image).scaled(self.stack.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)
        caption = self.tr("封面帧（{t} 处的画面）· 尚未播放，不是当前位置的画面").format(
            t=format_clock(float(info.get("ms") or 0)))
        p = QPainter(pix)
        band = pix.rect().adjusted(0, pix.height() - 28, 0, 0)
        p.fillRect(band, QColor(0, 0, 0, 160))
        p.setPen(QColor("white"))
        p.drawText(band.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, caption)
        p.end()
        self.still.setPixmap(pix)
        self.still.setToolTip(caption)
        self.poster_shown = True
        self.stack.setCurrentWidget(self.still)

    def _waveform_done(self, item_id: int, data: dict) -> None:
        if item_id == self.item_id:
            self.waveform.set_waveform(data)

    def _waveform_failed(self, item_id: int, exc: BaseException) -> None:
        if item_id == self.item_id:
            self.waveform.set_message(self.tr("无法生成波形：{msg}").format(msg=error_text(exc)[1]))

    def close_item(self) -> None:
        """Stop playback, release libVLC and the MediaReader (which writes the audit event)."""
        self._timer.stop()
        self._exact_timer.stop()
        self._poster_timer.stop()
        item_id = self.item_id
        if self.player is not None and not self.player.released:
            self._note_played()
        self._release_player()
        reader, self.reader = self.reader, None
        if reader is not None:
            try:
                reader.close()
            except Exception:  # noqa: BLE001 - closing must always succeed
                log.exception("media reader close failed")
        self.ws = None
        self.item_id = None
        self._state = "idle"
        self._exact = None
        self.still.clear()
        self.still.setToolTip("")
        self.still_frame = None
        self.poster_shown = False
        self.thumbs.clear()
        if item_id is not None:
            self.transcript.clear()
            self.clips.clear()
            self.note_form.clear()
            self.seek_bar.set_marks(None, None)
            self.seek_bar.set_clips([])
            self.item_closed.emit(item_id)
        self._set_enabled(False)

    def _release_player(self) -> None:
        player, self.player = self.player, None
        if player is not None:
            try:
                player.release()
            except Exception:  # noqa: BLE001
                log.exception("libVLC release failed")
            player.deleteLater()

    def closeEvent(self, event):  # noqa: N802 - Qt API
        self.close_item()
        super().closeEvent(event)

    # ============================================================ messages
    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.error_shown.emit(text)

    def hide_message(self) -> None:
        self.message.clear()
        self.message.hide()

    # ============================================================ transport
    def position_ms(self) -> int:
        """The current position (ms): the player's clock while playing, the requested or
        exact position after a seek or frame step."""
        return int(self._pos)

    def exact_time(self) -> dict[str, Any] | None:
        """The last resolved exact frame/sample for the position (ws.snap_time result)."""
        return self._exact

    def is_playing(self) -> bool:
        return self._state == "playing"

    def play(self) -> None:
        if self.player is None:
            return
        if self._state in ("ended", "stopped", "error"):
            at = 0 if self._pos >= self.duration_ms - 50 else self._pos
            self.player.restart(at, paused=False)
            self._pending_seek = float(at) if at else None
            self._pos = int(at)
        else:
            self.player.play()
        self._show_player_picture()
        self._play_from = self._pos

    def pause(self) -> None:
        if self.player is None:
            return
        was_playing = self._state == "playing"
        self.player.pause()
        t = self.player.time_ms()
        if was_playing and t is not None:
            self._pos = t
        self._note_played()
        self._state = "paused"
        self._update_play_button()
        if was_playing and self.kind == "video" and self.index_ready:
            # libVLC's clock lags or leads the picture: show the exact frame the time stamp says
            try:
                self._exact = None
                self._land_on(self.resolve_exact())
                return
            except Exception:  # noqa: BLE001 - the clock shows "not available" instead
                log.info("could not snap the paused position", exc_info=True)
        self._schedule_exact()

    def toggle_play(self) -> None:
        if self._state == "playing":
            self.pause()
        else:
            self.play()

    def seek(self, ms: float) -> None:
        """Jump to ``ms`` (clamped to the recording)."""
        if self.player is None:
            return
        ms = max(0.0, float(ms))
        if self.duration_ms:
            ms = min(ms, float(self.duration_ms))
        self._note_played()
        if self._state in ("ended", "stopped", "error"):
            self.player.restart(ms, paused=True)
            self._pending_seek = ms
        elif self._state in ("opening", "buffering"):
            self._pending_seek = ms
        else:
            self.player.set_time(math.ceil(ms))
        self._pos = int(round(ms))
        if self._state == "playing":
            self._play_from = self._pos
        self._exact = None
        self._show_player_picture()
        self._moved()

    def skip(self, delta_ms: int) -> None:
        self.seek(self._pos + delta_ms)

    def go_to_text(self, text: str | None = None) -> bool:
        """The go-to-time box (or ``text``): seek there. False (and a message) if unreadable."""
        raw = self.goto.text() if text is None else text
        try:
            ms = parse_go_to_time(raw)
        except WorkstationError as exc:
            show_error(exc, self)
            return False
        self.seek(ms)
        self.goto.selectAll()
        return True

    def step_frames(self, frames: int) -> None:
        """Pause and move ``frames`` (±) real frames, using the frame time stamps of the file."""
        if self.player is None or self.ws is None:
            return
        if self.kind != "video":
            self.skip(100 * frames)
            return
        if not self.index_ready:
            return
        if self._state == "playing":
            self.pause()
        try:
            here = self._exact if self._exact is not None and self._exact_for == self._pos else \
                self.ws.snap_time(self.item_id, self._pos, "floor")
            target = here
            for _ in range(abs(frames)):
                if frames > 0:
                    nxt = self.ws.snap_time(self.item_id, target["ms"] + 0.001, "ceil")
                else:
                    nxt = self.ws.snap_time(self.item_id, max(0.0, target["ms"] - 0.001), "floor")
                if nxt["pts"] == target["pts"]:
                    break
                target = nxt
        except Exception as exc:  # noqa: BLE001
            show_error(exc, self)
            return
        self._land_on(target)

    def _land_on(self, frame: dict[str, Any]) -> None:
        """Show exactly this frame: pause, set libVLC's time to it, keep the exact time."""
        ms = float(frame["ms"])
        if self._state in ("ended", "stopped", "error"):
            self.player.restart(ms, paused=True)
            self._pending_seek = ms
        elif self._state in ("opening", "buffering"):
            self._pending_seek = ms
        else:
            self.player.pause()
            self.player.set_time(math.ceil(ms - 1e-6))
        self._pos = int(round(ms))
        self._exact, self._exact_for = {**frame, "player_ms": ms, "offset_ms": 0.0}, self._pos
        self._show_still(self._exact)
        self._moved(resolve=False)
        self._show_exact()
        self.exact_resolved.emit(self._exact)

    def faster(self) -> None:
        if self._state != "playing":
            self.play()
            return
        i = self.speed.currentIndex()
        if i + 1 < self.speed.count():
            self.speed.setCurrentIndex(i + 1)

    def slower(self) -> None:
        """J: slower while playing faster than 1×; otherwise back 5 s (libVLC cannot play backwards)."""
        i = self.speed.currentIndex()
        if self._state == "playing" and self.speed.itemData(i) > 1.0:
            self.speed.setCurrentIndex(i - 1)
        else:
            self.skip(-SEEK_STEP_MS)

    def set_rate(self, rate: float) -> None:
        if self.player is not None and rate:
            self.player.set_rate(float(rate))
        idx = self.speed.findData(rate)
        if idx >= 0 and idx != self.speed.currentIndex():
            self.speed.setCurrentIndex(idx)

    def rate(self) -> float:
        return self.player.rate() if self.player is not None else float(self.speed.currentData())

    def set_volume(self, value: int) -> None:
        if self.player is not None:
            self.player.set_volume(int(value))

    def set_muted(self, muted: bool) -> None:
        self.mute_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaVolumeMuted if muted else QStyle.StandardPixmap.SP_MediaVolume))
        if self.mute_button.isChecked() != muted:
            self.mute_button.setChecked(muted)
        if self.player is not None:
            self.player.set_muted(bool(muted))

    # ============================================================ markers (public)
    def set_markers(self, markers) -> None:
        """Time-range markers on the seek bar: Marker or (start_ms, end_ms, color, tooltip)."""
        self.seek_bar.set_markers(markers)

    def clear_markers(self) -> None:
        self.seek_bar.set_markers([])

    # ============================================================ polling and time display
    def _tick(self) -> None:
        if self.player is None:
            return
        state = self.player.state()
        if state != self._state:
            self._on_state(state)
        if state == "playing":
            t = self.player.time_ms()
            if t is not None and t != self._pos:
                self._pos = t
                self._moved(resolve=False)
        elif state in ("opening", "buffering"):
            self._opened_at_tick += 1
            if self._opened_at_tick * TICK_MS > OPEN_TIMEOUT_MS and not self.message.isVisible():
                self.show_message(self.tr("播放器长时间无法打开该文件：文件可能已损坏或编码不受支持。原件按原样保存。"))

    def _on_state(self, state: str) -> None:
        if state == "playing" and self.player.finish_cue():
            return  # opened paused in a real window: wait for the pause
        old, self._state = self._state, state
        if state in ("paused", "playing") and self._pending_seek is not None:
            at, self._pending_seek = self._pending_seek, None
            self.player.set_time(math.ceil(at - 1e-6))
            self._pos = int(round(at))
            self._moved(resolve=state == "paused")
        if state == "playing":
            self._show_player_picture()
            self._play_from = self._pos
            if self.player is not None and self.kind == "video" and self.player.has_video() is False:
                pass
        if state == "ended":
            self._pos = self.duration_ms or self._pos
            self._note_played()
            self._moved()
        if state == "error":
            self._note_played()
            self.show_message(self.tr("无法播放该文件：文件可能已损坏、不完整或编码不受支持。原件按原样保存，未作任何改动。"))
        if old == "playing" and state == "paused":
            self._note_played()
            self._schedule_exact()
        self._update_play_button()

    def _update_play_button(self) -> None:
        playing = self._state == "playing"
        self.play_button.setProperty("playing", playing)
        self.play_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay))

    def _moved(self, *, resolve: bool = True) -> None:
        self.seek_bar.set_position(self._pos)
        self.thumbs.set_position(self._pos)
        self.waveform.set_position(self._pos)
        self._update_clock()
        self.transcript.follow(self._pos)
        self.position_changed.emit(self._pos)
        if resolve and self._state != "playing":
            self._schedule_exact()
        elif self._state == "playing":
            self._show_exact(stale=True)

    def _update_clock(self) -> None:
        total = format_clock(self.duration_ms) if self.duration_ms else "--:--:--.---"
        self.clock.setText(self.tr("播放器 {pos} / {total}").format(pos=format_clock(self._pos), total=total))

    def _schedule_exact(self) -> None:
        if self.item_id is not None and self.index_ready:
            self._exact_timer.start()

    def _resolve_exact(self) -> None:
        if self._state == "playing":
            return
        try:
            self.resolve_exact()
        except Exception as exc:  # noqa: BLE001 - the clock shows the problem, no dialog
            self._exact = None
            self.exact_label.setText(self.tr("精确时间不可用：{msg}").format(msg=error_text(exc)[1]))

    def resolve_exact(self) -> dict[str, Any] | None:
        """The exact frame shown at the current position ("floor": the picture on screen),
        or the nearest sample for sound, read from the file through the facade. Raises
        the facade's error when the file cannot be read."""
        if self.ws is None or self.item_id is None:
            return None
        if self._exact is not None and self._exact_for == self._pos:
            return self._exact
        self._exact = self.ws.snap_time(self.item_id, self._pos, "floor" if self.kind == "video" else "nearest")
        self._exact_for = self._pos
        self._show_still(self._exact)
        self._show_exact()
        self.exact_resolved.emit(self._exact)
        return self._exact

    def _show_still(self, frame: dict[str, Any] | None) -> None:
        """While paused, show the exact frame decoded from the file: libVLC 3 shows the key
        frame before the position after a paused seek, the picture would not match the time."""
        if self.kind != "video" or self.reader is None or frame is None or self._state == "playing":
            return
        from PySide6.QtGui import QPixmap

        try:
            img = self.reader.frame_at(float(frame["ms"]), width=max(160, min(1920, self.stack.width())))
            pix = QPixmap()
            pix.loadFromData(img.png(), "PNG")
        except Exception:  # noqa: BLE001 - the player's own picture stays
            log.info("exact frame picture not available", exc_info=True)
            return
        self.still_frame = frame
        self.poster_shown = False
        self.still.setToolTip("")
        self.still.setPixmap(pix.scaled(self.stack.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation))
        self.stack.setCurrentWidget(self.still)

    def _show_player_picture(self) -> None:
        if self.kind == "video" and self.stack.currentWidget() is self.still:
            self.stack.setCurrentWidget(self.surface)
        self._poster_ok = False  # once moved or playing, the poster is gone for good
        if self.poster_shown:
            self.poster_shown = False
            self.still.setToolTip("")

    def _show_exact(self, *, stale: bool = False) -> None:
        if stale or self._exact is None:
            self.exact_label.setText(self.tr("精确帧 暂停后读取") if self.kind == "video" else self.tr("精确时间 暂停后读取"))
            return
        e = self._exact
        if e.get("kind") == "audio":
            self.exact_label.setText(self.tr("精确时间 {t}（采样点 {n}）").format(t=format_clock(e["ms"]), n=e["pts"]))
        else:
            frame = e.get("frame")
            text = self.tr("精确帧 {t}").format(t=format_clock(e["ms"]))
            if frame is not None:
                text += self.tr("（第 {n} 帧{key}）").format(n=int(frame) + 1, key=self.tr("，关键帧") if e.get("key") else "")
            self.exact_label.setText(text)

    def _note_played(self) -> None:
        """Report the stretch just played to the reader (summarised in its audit event)."""
        start, self._play_from = self._play_from, None
        if start is None or self.reader is None:
            return
        end = self._pos
        if end > start:
            try:
                self.reader.note_played(start, end)
            except Exception:  # noqa: BLE001 - audit notes must never break playback
                log.exception("note_played failed")


def _num(value) -> str:
    try:
        f = float(value)
    except (TypeError, ValueError):
        try:
            from fractions import Fraction

            f = float(Fraction(str(value)))
        except (ValueError, ZeroDivisionError):
            return str(value)
    return f"{f:.3f}".rstrip("0").rstrip(".")


def _beijing(iso: str) -> str:
    """A container's creation_time (UTC, ISO) as Beijing time."""
    import datetime as dt

    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:19].replace("T", " ")
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S")


def _html(text: str) -> str:
    import html

    return html.escape(text)
