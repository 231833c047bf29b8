"""Audio/video evidence in the UI (issue 7): the libVLC player and the panes around it.

Public API (what other panes code against)
==========================================

    from workstation.ui.media import AvView, Marker

    view = AvView(parent)                       # a QWidget; put it in any layout or splitter
    view.open_item(ws, item_id, at_ms=12_500)   # opens through ws.open_media (access + audit)
    view.seek(31_400)                           # media time in ms (from the container start)
    view.position_ms()                          # the player's (approximate) position, int ms
    view.exact_time()                           # the snapped frame time as last resolved (dict) or None
    view.set_markers([Marker(12_000, 15_500, "#e6a23c", "批注：出示执法证"),
                      (40_000, 41_000, "#409eff", "另一条")])   # Marker or plain tuples
    view.clear_markers()
    view.close_item()                           # releases libVLC and the MediaReader (audit event)

Signals
-------
``position_changed(int ms)``           while playing (about 10×/s) and after each seek or frame step.
``range_selected(int start_ms, int end_ms)``
                                       the user marked in *and* out (times snapped to exact frames,
                                       rounded to whole ms; the exact pts stay in the clip row).
``item_opened(int item_id)`` / ``item_closed(int item_id)``
``marker_clicked(int index)``          a marker set with ``set_markers`` was clicked (index in the list).
``error_shown(str message)``           a problem shown inline (undecodable file, missing codec…).

Attributes that may help: ``view.item_id`` (None when nothing is open), ``view.kind``
("video"/"audio"), ``view.duration_ms``, ``view.player`` (the ``VlcPlayer``), ``view.seek_bar``
(the ``SeekBar`` with the markers), ``view.thumbs`` (the ``ThumbnailStrip`` over the seek bar,
video only: the stored strip of ``ws.thumbnails``, read in a worker; a click seeks to the
picture's time), ``view.transcript`` (with its version box: older versions read-only),
``view.clips``, ``view.note_form``. Before playback, while no exact frame is decoded yet
(e.g. the frame index of a long recording is still being read), the poster frame
(``ws.poster``) stands in, captioned as not being the current position.
``AvView(parent, compact=True)`` hides the side panes (transcript, clips, 制作说明) so the view
fits beside a PDF; ``view.set_side_panes_visible(bool)`` toggles them later.

Time: every ms value is "media time" as in ``workstation.media`` (from the container's start
time, what ``ffmpeg -ss`` counts from). libVLC's clock is approximate (it seeks to key frames);
marks, frame steps and clip ends are snapped to real frame time stamps read from the file
through the session facade (``ws.snap_time`` / ``ws.frame_index``), and the clock shows both.

Modules
-------
``player``      ``VlcPlayer`` (libVLC instance + media player, embedding) and ``VideoSurface``.
``timeline``    ``SeekBar`` (markers, clips, in/out) and ``WaveformView`` (audio items).
``thumbs``      ``ThumbnailStrip`` (the poster strip on the recording's time axis).
``clips``       in/out marks, named clips, the clip list and export (fast/exact) in a worker.
``transcript``  the 文字记录 editor following playback (versions, inline start/end times).
``production``  the 制作说明 form with the check's issues next to the fields.
``timecode``    parsing of the go-to-time box ("00:12:31.400", "12:31", "751.4" seconds).
``view``        ``AvView``, which puts them together.
"""

from workstation.ui.media.timecode import format_clock, parse_go_to_time
from workstation.ui.media.timeline import Marker
from workstation.ui.media.view import AvView

__all__ = ["AvView", "Marker", "format_clock", "parse_go_to_time"]
