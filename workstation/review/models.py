"""Tables of the review workspace and the 法制审核 workflow (issue 8): annotations (with their
revision history), links between anchors, review submissions (one row per round), the
9-point checklist, signed 法制审核意见书 and the working-day override table.

Shares ``models.Base``; listed in ``schema.MODEL_MODULES``; created by migration 0006.
Originals are never touched: annotations and links point at an item and a page region or
a time range; a redaction mark is applied only when something is exported.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workstation.archive.models import Base, utcnow


class Annotation(Base):
    """One annotation on an item: a page region (highlight, rect, note, redaction) or a time
    range of a recording (av_range). ``rect`` and ``quads`` are PDF points on ``page``
    (1-based); ``start_ms``/``end_ms`` for recordings. Deleting only marks it deleted."""

    __tablename__ = "annotation"
    __table_args__ = (Index("ix_annotation_case_item", "case_id", "item_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # highlight | rect | note | redaction | av_range
    page: Mapped[int | None] = mapped_column()
    rect: Mapped[list[Any]] = mapped_column(default=list)  # [x0, y0, x1, y1]
    quads: Mapped[list[Any]] = mapped_column(default=list)  # [[x0, y0, x1, y1], ...], one per text line
    start_ms: Mapped[int | None] = mapped_column(BigInteger)
    end_ms: Mapped[int | None] = mapped_column(BigInteger)
    quote: Mapped[str] = mapped_column(Text, default="")  # the text under a highlight
    note: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(32), default="")
    visibility: Mapped[str] = mapped_column(String(16), default="shared")  # private | shared
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revision: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[dt.datetime | None] = mapped_column()


class AnnotationRevision(Base):
    """The edit history: a full snapshot of the annotation after each change."""

    __tablename__ = "annotation_revision"
    __table_args__ = (UniqueConstraint("annotation_id", "revision", name="uq_annotation_revision_annotation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotation.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(16))  # create | edit | delete
    editor_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    edited_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AnchorLink(Base):
    """A link between two anchors of one case (page region ⇄ time range, page ⇄ page, …)
    with a note; both ends list it. Each anchor is a dict: item_id, and page (+ rect) or
    start_ms/end_ms, and optionally the annotation it was made from."""

    __tablename__ = "anchor_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    a_item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    a_anchor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    b_item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    b_anchor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="shared")
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column()


class ReviewSubmission(Base):
    """One round of 法制审核 of a case: registered (送审), accepted when the package is
    complete (the deadline counts from then), checked, concluded, its 意见书 signed off.
    A case that comes back (修改后再送审, or a returned package) starts a new round."""

    __tablename__ = "review_submission"
    __table_args__ = (UniqueConstraint("case_id", "round", name="uq_review_submission_case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    submitting_unit: Mapped[str] = mapped_column(String(200), default="")
    submitted_by: Mapped[str] = mapped_column(String(100), default="")  # the officer who hands it in
    major_category: Mapped[str] = mapped_column(String(200), default="")  # 重大 目录 entry
    proposed_decision: Mapped[dict[str, Any]] = mapped_column(default=dict)
    materials: Mapped[dict[str, Any]] = mapped_column(default=dict)  # name -> received?
    accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    limit_days: Mapped[int] = mapped_column(default=7)
    next_day: Mapped[bool] = mapped_column(default=True)  # 次日起算
    extension_days: Mapped[int] = mapped_column(default=0)
    extension: Mapped[dict[str, Any]] = mapped_column(default=dict)  # approved_by, reason, approved_on
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    calendar_version: Mapped[str] = mapped_column(String(64), default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reviewer_qualification: Mapped[str] = mapped_column(String(100), default="")  # 法律职业资格证号
    conclusion: Mapped[str] = mapped_column(String(32), default="")
    conclusion_note: Mapped[str] = mapped_column(Text, default="")
    concluded_on: Mapped[dt.date | None] = mapped_column(Date)
    returned_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReviewCheck(Base):
    """One point of the checklist in one round: 符合 / 不符合 / 不适用, the explanation and
    the anchors it cites."""

    __tablename__ = "review_check"
    __table_args__ = (UniqueConstraint("submission_id", "point", name="uq_review_check_submission_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("review_submission.id", ondelete="CASCADE"))
    point: Mapped[int] = mapped_column()
    result: Mapped[str] = mapped_column(String(16), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    suggestion: Mapped[str] = mapped_column(Text, default="")
    citations: Mapped[list[Any]] = mapped_column(default=list)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReviewOpinion(Base):
    """A signed-off 法制审核意见书: PDF and DOCX in the evidence store (both digests recorded
    on their blobs), immutable. ``content`` is the data it was rendered from."""

    __tablename__ = "review_opinion"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("review_submission.id", ondelete="CASCADE"),
                                               unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)  # 文号
    year: Mapped[int] = mapped_column()
    serial: Mapped[int] = mapped_column()
    pdf_blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id"), index=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    docx_blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id"), index=True)
    docx_sha256: Mapped[str] = mapped_column(String(64))
    page_count: Mapped[int] = mapped_column(default=0)
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    signed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WorkdayOverride(Base):
    """An entry of the admin-editable working-day table: it wins over chinesecalendar, and
    a year outside chinesecalendar's range is usable only once it has entries here."""

    __tablename__ = "workday_override"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column()
    source: Mapped[str] = mapped_column(String(300), default="")  # e.g. 国办发明电〔2026〕x号
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReviewDispute(Base):
    """A dispute over a signed 意见书 (domain.md §5.4): the handling unit's request for
    re-review (复核) within the allowed working days, the legal office's answer (维持 or
    变更, due within its working days), and, if still unresolved, the referral to and the
    decision of 集体讨论. One per round; the signed 意见书 itself never changes."""

    __tablename__ = "review_dispute"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("review_submission.id", ondelete="CASCADE"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="requested")  # requested answered referred discussed
    received_on: Mapped[dt.date] = mapped_column(Date)  # the unit received the 意见书
    request_deadline: Mapped[dt.date] = mapped_column(Date)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(200), default="")  # unit / officer asking
    request_reason: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[list[Any]] = mapped_column(default=list)  # checklist points disputed
    answer_due: Mapped[dt.date] = mapped_column(Date)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    answer_result: Mapped[str] = mapped_column(String(16), default="")  # 维持 | 变更
    answer_text: Mapped[str] = mapped_column(Text, default="")
    changed_conclusion: Mapped[str] = mapped_column(String(32), default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # the 复核意见书 issued with the answer: stored and hashed like the 意见书, immutable
    reply_pdf_blob_id: Mapped[int | None] = mapped_column(ForeignKey("blob.id"), index=True)
    reply_pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    reply_docx_blob_id: Mapped[int | None] = mapped_column(ForeignKey("blob.id"), index=True)
    reply_docx_sha256: Mapped[str] = mapped_column(String(64), default="")
    reply_pages: Mapped[int] = mapped_column(default=0)
    referred_on: Mapped[dt.date | None] = mapped_column(Date)
    refer_reason: Mapped[str] = mapped_column(Text, default="")
    discussed_on: Mapped[dt.date | None] = mapped_column(Date)
    discussion: Mapped[dict[str, Any]] = mapped_column(default=dict)  # chair, participants, outcome, decision, minutes
    calendar_version: Mapped[str] = mapped_column(String(64), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
