"""Audio/video evidence core (issue 7): no Qt, no libVLC — the player widget lives in the UI.

Modules
-------
``frames``       exact frame times from the file (PyAV): ``FrameIndex`` (demux-only scan),
                 ``MediaFile.snap`` / ``boundary`` / ``frame_at``; audio snaps to samples.
``derivatives``  poster, thumbnail strip, waveform peaks (pure functions over a file).
``transcripts``  文字记录 segments: SRT / WebVTT / plain text in and out, PDF, editing
                 operations (insert, split, merge, edit, confirm), ``segment_at``.
``clips``        cutting a clip: fast (stream copy from the key frame before, the actual
                 start found by matching packets/pictures) or exact (re-encode from the frame).
``production``   制作说明 checks and the printable form.
``catalog``      derivative objects in the evidence store, transcript versions, clip rows.
``player``       ``MediaReader``: what the player widget holds while a recording is open.
``models``       tables (migration 0004): media_derivative, transcript, transcript_segment,
                 media_clip, media_clip_export.

Everything a user does goes through ``Workstation`` (``workstation.session_media``).

Time convention: "media time" in milliseconds from the container's start time (what
``ffmpeg -ss`` and players count from). Exact times are stored as the frame's pts in the
stream time base (``start_pts`` + ``time_base``) next to the ms value.
"""

from workstation.media.errors import MediaError, MediaToolMissing

__all__ = ["MediaError", "MediaToolMissing"]
