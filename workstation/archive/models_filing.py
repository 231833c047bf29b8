"""Tables of the 归档 workflow (issue 6): per-case filing state, 档号 serial counters,
generated forms (卷内目录, 卷内备考表) as derivatives, acknowledgements of unusable items,
post-filing edit approvals, and the blank-page cache used by page numbering.

Shares ``models.Base``; listed in ``schema.MODEL_MODULES``; created by migration 0003.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workstation.archive.models import Base, utcnow


class CaseFiling(Base):
    """One row per case that entered the 归档 workflow: its page-number convention, how its
    档号 was assigned, and when it was filed."""

    __tablename__ = "case_filing"
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), primary_key=True)
    page_convention: Mapped[str] = mapped_column(String(64), default="")  # "" = the configured default
    fonds_code: Mapped[str] = mapped_column(String(32), default="")
    archival_year: Mapped[int | None] = mapped_column()
    archival_serial: Mapped[int | None] = mapped_column()
    unit_code: Mapped[str] = mapped_column(String(32), default="")
    code_assigned_at: Mapped[dt.datetime | None] = mapped_column()
    code_assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    filed_at: Mapped[dt.datetime | None] = mapped_column()
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    filed_contents_list_id: Mapped[int | None] = mapped_column(ForeignKey("derivative.id"))


class ArchivalSerial(Base):
    """流水号 counter per (全宗号, 年度). Allocation updates the row first (a row lock on
    PostgreSQL, the write lock on SQLite) in the same transaction that stores the 档号."""

    __tablename__ = "archival_serial"
    fonds_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_serial: Mapped[int] = mapped_column(default=0)


class Derivative(Base):
    """A generated rendition (卷内目录, 卷内备考表, …): never an evidence item, never replaces an
    original. Regenerating adds a version. ``state_hash`` fingerprints the catalog data the
    rendition was made from, so a stale one can be recognised."""

    __tablename__ = "derivative"
    __table_args__ = (UniqueConstraint("case_id", "kind", "version", name="uq_derivative_case_kind_version"),
                      Index("ix_derivative_case_kind", "case_id", "kind"))
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))  # "contents_list", "closing_note"
    version: Mapped[int] = mapped_column()
    blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    page_count: Mapped[int] = mapped_column(default=0)
    state_hash: Mapped[str] = mapped_column(String(64), default="")
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class ItemAcknowledgement(Base):
    """An unusable item accepted into the filed dossier as it is, with the reason."""

    __tablename__ = "item_acknowledgement"
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    acknowledged_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    acknowledged_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class EditApproval(Base):
    """归档后修改: asked by the 归档员, approved by a 负责人 or the 安全保密管理员; approval opens
    a time-boxed window in which the requester may edit the filed case."""

    __tablename__ = "edit_approval"
    __table_args__ = (Index("ix_edit_approval_case_status", "case_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/approved/refused/closed
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column()
    decision_note: Mapped[str] = mapped_column(Text, default="")
    window_starts_at: Mapped[dt.datetime | None] = mapped_column()
    window_ends_at: Mapped[dt.datetime | None] = mapped_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column()


class BlobPages(Base):
    """Per-page facts of a stored PDF (content-addressed, so computed once): blank pages."""

    __tablename__ = "blob_pages"
    blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id", ondelete="CASCADE"), primary_key=True)
    page_count: Mapped[int] = mapped_column(default=0)
    blank_pages: Mapped[list[Any]] = mapped_column(default=list)  # 1-based page numbers
    method: Mapped[str] = mapped_column(String(32), default="")
    checked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
