"""The score sheets of a plan (or of one evaluator's assignments) loaded at once.

The plan views look up, for every case, each evaluator's newest and newest submitted sheet
and the final one. One query per lookup made a plan of a thousand cases take thousands of
round trips (painful over PostgreSQL on a LAN); the book answers them from memory.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workstation.evaluation.models import EvalAssignment, EvalPlanCase, EvalSheet


class SheetBook:
    def __init__(self, sheets) -> None:
        by_key: dict[tuple[int, int | None], list[EvalSheet]] = defaultdict(list)
        for sheet in sheets:
            by_key[(sheet.plan_case_id, sheet.assignment_id)].append(sheet)
        for group in by_key.values():
            group.sort(key=lambda sh: sh.revision, reverse=True)
        self._by_key = dict(by_key)

    @classmethod
    def for_plan(cls, s: Session, plan_id: int, *, deductions: bool = False) -> "SheetBook":
        stmt = select(EvalSheet).join(EvalPlanCase).where(EvalPlanCase.plan_id == plan_id)
        if deductions:
            stmt = stmt.options(selectinload(EvalSheet.deductions))
        return cls(s.scalars(stmt))

    @classmethod
    def for_evaluator(cls, s: Session, user_id: int, *, deductions: bool = False) -> "SheetBook":
        stmt = select(EvalSheet).where(EvalSheet.assignment_id.in_(
            select(EvalAssignment.id).where(EvalAssignment.evaluator_id == user_id)))
        if deductions:
            stmt = stmt.options(selectinload(EvalSheet.deductions))
        return cls(s.scalars(stmt))

    def current(self, assignment_id: int | None, plan_case_id: int) -> EvalSheet | None:
        """The newest revision (draft or not)."""
        group = self._by_key.get((plan_case_id, assignment_id))
        return group[0] if group else None

    def submitted(self, assignment_id: int | None, plan_case_id: int) -> EvalSheet | None:
        for sheet in self._by_key.get((plan_case_id, assignment_id), ()):
            if sheet.status == "submitted":
                return sheet
        return None
