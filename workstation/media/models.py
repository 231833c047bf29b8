"""Media tables: derivatives of recordings, transcripts (versioned), clips and clip exports.

Share ``Base`` with the catalog (registered through ``workstation.archive.schema``);
migration ``0004_media``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.archive.models import Base, utcnow


class MediaDerivative(Base):
    """A file derived from an original (poster, thumbnail, waveform, frame index), stored
    in the evidence store like any object (its own ``blob`` row and digests) and linked to
    the original by the original's SHA-256. Originals are never modified."""

    __tablename__ = "media_derivative"
    __table_args__ = (UniqueConstraint("source_sha256", "kind", "params_key", name="uq_media_derivative_source_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # poster / thumbnail / waveform / frame_index
    params_key: Mapped[str] = mapped_column(String(200))  # canonical text of the request parameters
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)  # request + result facts (time, size…)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"), index=True)
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class Transcript(Base):
    """One saved version of an item's 文字记录; every save adds a version, none is changed."""

    __tablename__ = "transcript"
    __table_args__ = (UniqueConstraint("item_id", "version", name="uq_transcript_item_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()
    source: Mapped[str] = mapped_column(String(16))  # manual / import / auto
    confirmed: Mapped[bool] = mapped_column(default=False)  # every segment checked by a person
    based_on: Mapped[int | None] = mapped_column()  # the version this one was edited from
    note: Mapped[str] = mapped_column(Text, default="")  # what changed (operation, imported file)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    segments: Mapped[list[TranscriptSegment]] = relationship(
        back_populates="transcript", order_by="TranscriptSegment.seq", cascade="all, delete-orphan")


class TranscriptSegment(Base):
    __tablename__ = "transcript_segment"
    __table_args__ = (Index("ix_transcript_segment_transcript_seq", "transcript_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column()
    start_ms: Mapped[int] = mapped_column(BigInteger)
    end_ms: Mapped[int] = mapped_column(BigInteger)
    speaker: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    confirmed: Mapped[bool] = mapped_column(default=True)

    transcript: Mapped[Transcript] = relationship(back_populates="segments")


class Clip(Base):
    """A named time range of a recording (a time annotation), snapped to exact frames:
    the times are frame time stamps read from the file (``start_pts``/``end_pts`` in
    ``time_base``), ``start_ms``/``end_ms`` the same times in ms from the media start."""

    __tablename__ = "media_clip"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    start_ms: Mapped[float] = mapped_column(Float)
    end_ms: Mapped[float] = mapped_column(Float)
    start_pts: Mapped[int] = mapped_column(BigInteger)
    end_pts: Mapped[int] = mapped_column(BigInteger)
    time_base: Mapped[str] = mapped_column(String(32))  # "1/12800"; "1/16000" = audio samples
    requested_start_ms: Mapped[float] = mapped_column(Float)  # the player's position when marked
    requested_end_ms: Mapped[float] = mapped_column(Float)
    source_sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[dt.datetime | None] = mapped_column()
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class ClipExport(Base):
    """One exported clip file: its digests, its source's digest and the exact time range."""

    __tablename__ = "media_clip_export"
    id: Mapped[int] = mapped_column(primary_key=True)
    clip_id: Mapped[int] = mapped_column(ForeignKey("media_clip.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    mode: Mapped[str] = mapped_column(String(8))  # fast / exact
    file_name: Mapped[str] = mapped_column(String(1000))
    dest_path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    sm3: Mapped[str] = mapped_column(String(64))
    source_sha256: Mapped[str] = mapped_column(String(64))
    start_ms: Mapped[float] = mapped_column(Float)  # actual first frame (fast: the key frame before)
    end_ms: Mapped[float] = mapped_column(Float)
    requested_start_ms: Mapped[float] = mapped_column(Float)  # the clip's marked range
    requested_end_ms: Mapped[float] = mapped_column(Float)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)  # command, notes, frame counts
    exported_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    exported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
