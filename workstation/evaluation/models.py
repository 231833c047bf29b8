"""Tables of 案卷评查 (issue 9): rubric versions, plans, the cases drawn into a plan, their
evaluators, score sheets (with revisions and the reconciled final sheet) and deductions.

Shares ``models.Base``; listed in ``schema.MODEL_MODULES``; created by migration 0007.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.archive.models import Base, utcnow


class EvalRubric(Base):
    """One version of a rubric as it was used: the whole content, so a finished evaluation
    keeps the rubric it was scored with even after the YAML file changes."""

    __tablename__ = "eval_rubric"
    __table_args__ = (UniqueConstraint("rubric_key", "content_hash", name="uq_eval_rubric_key_hash"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_key: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    snapshot: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class EvalPlan(Base):
    """评查计划: the selection criteria, the optional random draw (seed recorded), the rubric
    version, and whether files are scored twice (optionally blind)."""

    __tablename__ = "eval_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    rubric_id: Mapped[int] = mapped_column(ForeignKey("eval_rubric.id"), index=True)
    criteria: Mapped[dict[str, Any]] = mapped_column(default=dict)
    candidates: Mapped[list[Any]] = mapped_column(default=list)  # 案号 of every case that matched, sorted
    sample_size: Mapped[int | None] = mapped_column()
    seed: Mapped[int | None] = mapped_column(BigInteger)
    double_scoring: Mapped[bool] = mapped_column(default=False)
    blind: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Closed (结束): the scores are final; no more sheets, deductions, corrections or assignments.
    closed_at: Mapped[dt.datetime | None] = mapped_column()
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    closing_note: Mapped[str] = mapped_column(Text, default="")

    rubric: Mapped[EvalRubric] = relationship()
    cases: Mapped[list[EvalPlanCase]] = relationship(back_populates="plan", order_by="EvalPlanCase.seq",
                                                     cascade="all, delete-orphan")


class EvalPlanCase(Base):
    __tablename__ = "eval_plan_case"
    __table_args__ = (UniqueConstraint("plan_id", "case_id", name="uq_eval_plan_case_plan_case"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("eval_plan.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column()  # order of the draw

    plan: Mapped[EvalPlan] = relationship(back_populates="cases")
    assignments: Mapped[list[EvalAssignment]] = relationship(back_populates="plan_case", order_by="EvalAssignment.slot",
                                                             cascade="all, delete-orphan")


class EvalAssignment(Base):
    """One evaluator on one case of a plan; ``slot`` 1 or 2 (double scoring: 甲, 乙)."""

    __tablename__ = "eval_assignment"
    __table_args__ = (UniqueConstraint("plan_case_id", "evaluator_id", name="uq_eval_assignment_case_evaluator"),
                      UniqueConstraint("plan_case_id", "slot", name="uq_eval_assignment_case_slot"))
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_case_id: Mapped[int] = mapped_column(ForeignKey("eval_plan_case.id", ondelete="CASCADE"))
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    slot: Mapped[int] = mapped_column(default=1)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    plan_case: Mapped[EvalPlanCase] = relationship(back_populates="assignments")


class EvalSheet(Base):
    """A score sheet. An evaluator's sheet belongs to an assignment; the reconciled final sheet
    has none. ``revision`` counts corrections: a submitted sheet is read-only, a correction is
    a new revision (the earlier one becomes ``superseded`` when the new one is submitted)."""

    __tablename__ = "eval_sheet"
    __table_args__ = (Index("ix_eval_sheet_plan_case", "plan_case_id", "assignment_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_case_id: Mapped[int] = mapped_column(ForeignKey("eval_plan_case.id", ondelete="CASCADE"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("eval_assignment.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft, submitted, superseded
    notes: Mapped[str] = mapped_column(Text, default="")
    item_notes: Mapped[dict[str, Any]] = mapped_column(default=dict)  # rubric item code -> the evaluator's remark
    revision_reason: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Float)
    deducted: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str] = mapped_column(String(16), default="")
    vetoed: Mapped[bool] = mapped_column(default=False)
    reconciliation: Mapped[dict[str, Any]] = mapped_column(default=dict)  # final sheets: choices per item
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column()

    deductions: Mapped[list[EvalDeduction]] = relationship(back_populates="sheet", order_by="EvalDeduction.id",
                                                           cascade="all, delete-orphan")


class EvalDeduction(Base):
    __tablename__ = "eval_deduction"
    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("eval_sheet.id", ondelete="CASCADE"), index=True)
    item_code: Mapped[str] = mapped_column(String(32))
    points: Mapped[float] = mapped_column(Float, default=0.0)
    count: Mapped[int] = mapped_column(default=1)
    reason: Mapped[str] = mapped_column(Text)
    anchor: Mapped[dict[str, Any]] = mapped_column()
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    sheet: Mapped[EvalSheet] = relationship(back_populates="deductions")
