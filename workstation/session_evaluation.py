"""案卷评查 through the facade (issue 9): plans, assignment, score sheets, double scoring and
reconciliation, reports. Mixed into Workstation.

Who may do what:
* plans, assignment, reconciliation and reports need ``MANAGE_EVALUATIONS``; a plan only ever
  holds cases its author may see (the access policy picks them, a named hidden case is
  refused exactly like a missing one), and an evaluator is only assigned cases *they* may
  see and did not handle themselves;
* scoring needs ``SCORE`` and the assignment; the case must still be visible at every call;
* blind double scoring: an evaluator assigned to a case does not see the other evaluator's
  sheet until both have submitted (even with ``MANAGE_EVALUATIONS``).
Every change writes its audit event in the same transaction; refusals are audited as
``denied``.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workstation.archive.access import Permission, Policy
from workstation.archive.models import Case, Item, User, Volume, utcnow
from workstation.archive.vocab import Category, Classification, Outcome
from workstation.errors import AccessDenied, ConfigError, Conflict, InvalidInput, NotFound, WorkstationError
from workstation.evaluation import plans as plan_rules
from workstation.evaluation import scoring
from workstation.evaluation.models import EvalAssignment, EvalDeduction, EvalPlan, EvalPlanCase, EvalRubric, EvalSheet
from workstation.evaluation.rubric import RUBRIC_DIR, Rubric, load_all
from workstation.evaluation.sheetbook import SheetBook

SLOT_NAMES = {1: "甲", 2: "乙"}
STATUS_NAMES = {"todo": "未开始", "draft": "评查中", "submitted": "已提交", "superseded": "已更正"}


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(int(year), 1, 1), dt.date(int(year) + 1, 1, 1)


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v not in (None, "")]
    return [value]


class EvaluationMethods:
    # ---------------------------------------------------------------- plumbing
    def _eval_refuse(self, action: str, target: str, exc: WorkstationError, *, quiet: bool = False, **details: Any):
        """Audit the refusal (own transaction) and raise. ``quiet`` inside a write transaction:
        the refusal was already checked and audited before it, only a race gets here."""
        if not quiet:
            self.archive.audit_now(self.username, action, target, Outcome.DENIED, {"reason": exc.key, **details})
        raise exc

    def rubric_dirs(self) -> list[Path]:
        """Shipped rubrics, then the archive's own (``<data dir>/rubrics``, overriding by id)."""
        return [RUBRIC_DIR, self.archive.data_dir / "rubrics"]

    def _rubrics(self) -> dict[str, Rubric]:
        return load_all(self.rubric_dirs())

    def _plan_rubric(self, plan: EvalPlan) -> Rubric:
        cache = self.__dict__.setdefault("_eval_rubric_cache", {})
        row = plan.rubric
        if row.id not in cache:
            cache[row.id] = Rubric.from_snapshot(row.snapshot)
        return cache[row.id]

    def _load_plan(self, s: Session, plan_id: int, action: str) -> EvalPlan:
        """A plan this user may know of: managers see every plan, evaluators the plans they
        are assigned in. Anything else looks like a missing plan."""
        plan = s.get(EvalPlan, int(plan_id))
        if plan is not None and (self.policy.allows(Permission.MANAGE_EVALUATIONS) or s.scalar(
                select(EvalAssignment.id).join(EvalPlanCase).where(
                    EvalPlanCase.plan_id == plan.id, EvalAssignment.evaluator_id == self.user.id).limit(1))):
            return plan
        self._eval_refuse(action, f"plan:{plan_id}", NotFound(what=f"评查计划 {plan_id}"))

    def _open_plan(self, plan: EvalPlan, action: str, target: str, *, quiet: bool = False) -> None:
        """Refuse changes to a closed plan: its scores are final."""
        if plan.closed_at is not None:
            self._eval_refuse(action, target, Conflict(
                key="plan_closed", reason=f"评查计划“{plan.name}”已结束（{plan.closed_at:%Y-%m-%d}），评分不能再改动"),
                quiet=quiet)

    def _plan_case(self, s: Session, plan: EvalPlan, case_no: str, action: str) -> tuple[EvalPlanCase, Case]:
        case = self._visible_case(s, case_no, action)
        pc = s.scalar(select(EvalPlanCase).where(EvalPlanCase.plan_id == plan.id, EvalPlanCase.case_id == case.id))
        if pc is None:
            self._eval_refuse(action, case_no, NotFound(what=f"评查计划 {plan.id} 中的案卷 {case_no}"))
        return pc, case

    @staticmethod
    def _current_sheet(s: Session, assignment_id: int | None, plan_case_id: int,
                       book: SheetBook | None = None) -> EvalSheet | None:
        """The newest revision of an evaluator's sheet (or of the final sheet when None)."""
        if book is not None:
            return book.current(assignment_id, plan_case_id)
        stmt = select(EvalSheet).where(EvalSheet.plan_case_id == plan_case_id)
        stmt = stmt.where(EvalSheet.assignment_id.is_(None) if assignment_id is None
                          else EvalSheet.assignment_id == assignment_id)
        return s.scalar(stmt.order_by(EvalSheet.revision.desc()).limit(1))

    @staticmethod
    def _submitted_sheet(s: Session, assignment_id: int | None, plan_case_id: int,
                         book: SheetBook | None = None) -> EvalSheet | None:
        if book is not None:
            return book.submitted(assignment_id, plan_case_id)
        stmt = select(EvalSheet).where(EvalSheet.plan_case_id == plan_case_id, EvalSheet.status == "submitted")
        stmt = stmt.where(EvalSheet.assignment_id.is_(None) if assignment_id is None
                          else EvalSheet.assignment_id == assignment_id)
        return s.scalar(stmt.order_by(EvalSheet.revision.desc()).limit(1))

    def _final_sheet(self, s: Session, plan: EvalPlan, pc: EvalPlanCase,
                     book: SheetBook | None = None) -> EvalSheet | None:
        """The sheet that counts for the case: the reconciled one (double scoring) or the
        evaluator's submitted one."""
        if plan.double_scoring:
            return self._submitted_sheet(s, None, pc.id, book)
        if not pc.assignments:
            return None
        return self._submitted_sheet(s, pc.assignments[0].id, pc.id, book)

    def _blind_closed(self, s: Session, plan: EvalPlan, pc: EvalPlanCase, book: SheetBook | None = None) -> bool:
        """Blind scoring still running for this case: not every evaluator has submitted."""
        if not (plan.double_scoring and plan.blind):
            return False
        return any(self._submitted_sheet(s, a.id, pc.id, book) is None for a in pc.assignments)

    def _may_read_sheet(self, s: Session, sheet: EvalSheet, plan: EvalPlan, pc: EvalPlanCase,
                        book: SheetBook | None = None) -> tuple[bool, str]:
        mine = next((a for a in pc.assignments if a.evaluator_id == self.user.id), None)
        if sheet.assignment_id is not None and mine is not None and mine.id == sheet.assignment_id:
            return True, ""
        if mine is not None and self._blind_closed(s, plan, pc, book):
            return False, "背靠背评查：双方都提交评分表之前，不能查看另一位评查员的评分"
        if self.policy.allows(Permission.MANAGE_EVALUATIONS):
            return True, ""
        if mine is not None and (sheet.assignment_id is None or plan.double_scoring and not plan.blind):
            return True, ""
        return False, "只能查看本人的评分表"

    def _load_sheet(self, s: Session, sheet_id: int, action: str, *, write: bool = False, quiet: bool = False
                    ) -> tuple[EvalSheet, EvalPlan, EvalPlanCase, Case]:
        refuse = partial(self._eval_refuse, quiet=quiet)
        sheet = s.get(EvalSheet, int(sheet_id))
        pc = s.get(EvalPlanCase, sheet.plan_case_id) if sheet is not None else None
        if sheet is None or pc is None or not self.policy.may_case(s, pc.case_id):
            refuse(action, f"sheet:{sheet_id}", NotFound(what=f"评分表 {sheet_id}"))
        plan = pc.plan
        case = s.get(Case, pc.case_id)
        if write:
            if not self.policy.allows(Permission.SCORE):
                refuse(action, f"sheet:{sheet_id}", AccessDenied(reason="当前账号没有“评查打分”权限"))
            owner = sheet.assignment_id is not None and s.get(EvalAssignment, sheet.assignment_id).evaluator_id == \
                self.user.id
            if not owner:
                refuse(action, f"sheet:{sheet_id}", AccessDenied(reason="只能修改分配给本人的评分表"))
            self._open_plan(plan, action, f"sheet:{sheet_id}", quiet=quiet)
            if sheet.status != "draft":
                refuse(action, f"sheet:{sheet_id}", Conflict(
                    key="sheet_submitted", reason="评分表已提交，不能再修改；如需更正请新建更正稿（将留痕）"))
        else:
            ok, why = self._may_read_sheet(s, sheet, plan, pc)
            if not ok:
                refuse(action, f"sheet:{sheet_id}", AccessDenied(reason=why))
        return sheet, plan, pc, case

    def _item_titles(self, s: Session, case: Case) -> dict[int, dict[str, Any]]:
        return self._items_by_case(s, [case.id]).get(case.id, {})

    def _items_by_case(self, s: Session, case_ids: list[int]) -> dict[int, dict[int, dict[str, Any]]]:
        """Every item of the cases (titles of items one may not see replaced), by case."""
        out: dict[int, dict[int, dict[str, Any]]] = {}
        ids = sorted(set(case_ids))
        for i in range(0, len(ids), 500):  # bounded IN lists
            part = ids[i:i + 500]
            hidden = self.policy.hidden_item_ids(s, set(part))
            rows = s.execute(select(Volume.case_id, Item.id, Item.title, Item.kind, Item.page_count, Item.duration_ms,
                                    Item.page_start).join(Volume).where(Volume.case_id.in_(part))).all()
            for r in rows:
                out.setdefault(r.case_id, {})[r.id] = {
                    "title": r.title if r.id not in hidden else f"件 {r.id}（无权查看）", "kind": str(r.kind),
                    "page_count": r.page_count, "duration_ms": r.duration_ms, "page_start": r.page_start,
                    "hidden": r.id in hidden}
        return out

    def _sheet_json(self, s: Session, sheet: EvalSheet, plan: EvalPlan, pc: EvalPlanCase, case: Case,
                    *, items: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
        rubric = self._plan_rubric(plan)
        items = items if items is not None else self._item_titles(s, case)
        assignment = s.get(EvalAssignment, sheet.assignment_id) if sheet.assignment_id else None
        evaluator = s.get(User, assignment.evaluator_id) if assignment else None
        users = {u.id: u.username for u in s.scalars(select(User).where(
            User.id.in_({d.created_by_id for d in sheet.deductions} | {sheet.created_by_id})))}
        deductions = []
        for d in sheet.deductions:
            it = rubric.items.get(d.item_code)
            info = items.get(int(d.anchor.get("item_id", 0)), {})
            label = None
            if info.get("page_start") and d.anchor.get("page"):
                label = str(info["page_start"] + int(d.anchor["page"]) - 1)
            deductions.append({
                "id": d.id, "item_code": d.item_code, "item_title": it.title if it else d.item_code,
                "stage": it.stage if it else "", "kind": it.kind if it else "", "points": d.points, "count": d.count,
                "reason": d.reason, "anchor": dict(d.anchor),
                "anchor_text": scoring.anchor_text(d.anchor, info.get("title", ""), label),
                "created_by": users.get(d.created_by_id, ""), "created_at": d.created_at.isoformat()})
        result = scoring.compute(rubric, [{"item_code": d.item_code, "points": d.points} for d in sheet.deductions])
        editable = (sheet.status == "draft" and evaluator is not None and evaluator.id == self.user.id
                    and self.policy.allows(Permission.SCORE))
        return {
            "id": sheet.id, "plan_id": plan.id, "plan_name": plan.name, "case_no": case.case_no,
            "case_title": case.title, "handling_unit": case.handling_unit, "category": str(case.category),
            "kind": "evaluator" if assignment else "final",
            "evaluator": evaluator.username if evaluator else "", "evaluator_name":
                (evaluator.display_name or evaluator.username) if evaluator else "",
            "slot": assignment.slot if assignment else None, "assignment_id": assignment.id if assignment else None,
            "revision": sheet.revision, "status": sheet.status, "status_name": STATUS_NAMES.get(sheet.status, ""),
            "editable": editable, "notes": sheet.notes, "item_notes": dict(sheet.item_notes or {}),
            "revision_reason": sheet.revision_reason,
            "created_by": users.get(sheet.created_by_id, ""),
            "submitted_at": sheet.submitted_at.isoformat() if sheet.submitted_at else None,
            "deductions": deductions, "result": result.to_json(),
            "rubric": {"id": rubric.key, "name": rubric.name, "version": rubric.version, "hash": rubric.content_hash},
            "double_scoring": plan.double_scoring, "blind": plan.blind,
            "reconciliation": dict(sheet.reconciliation or {}),
        }

    # ---------------------------------------------------------------- rubrics
    def list_rubrics(self) -> list[dict[str, Any]]:
        """The rubrics this workstation offers (files validated; a bad file is an error)."""
        self._touch()
        return [r.summary() for r in self._rubrics().values()]

    def show_rubric(self, rubric_id: str) -> dict[str, Any]:
        self._touch()
        rubrics = self._rubrics()
        if rubric_id not in rubrics:
            raise NotFound(what=f"评分表 {rubric_id}")
        return rubrics[rubric_id].to_json()

    def plan_rubric(self, plan_id: int) -> dict[str, Any]:
        """The rubric version a plan is scored with (its stored snapshot), as a tree."""
        self._touch()
        with self.archive.read() as s:
            plan = self._load_plan(s, plan_id, "eval.rubric")
            return self._plan_rubric(plan).to_json()

    def _rubric_row(self, s: Session, rubric: Rubric) -> EvalRubric:
        row = s.scalar(select(EvalRubric).where(EvalRubric.rubric_key == rubric.key,
                                                EvalRubric.content_hash == rubric.content_hash))
        if row is not None:
            return row
        clash = s.scalar(select(EvalRubric).where(EvalRubric.rubric_key == rubric.key,
                                                  EvalRubric.version == rubric.version))
        if clash is not None:
            raise ConfigError(key="rubric_version_reused", reason=(
                f"评分表 {rubric.key}（{rubric.source}）的内容已修改，但版本号仍为 {rubric.version}，"
                f"与已用于评查的版本不同：请提高 version 后再建计划"))
        row = EvalRubric(rubric_key=rubric.key, version=rubric.version, content_hash=rubric.content_hash,
                         name=rubric.name, snapshot=rubric.snapshot())
        s.add(row)
        s.flush()
        return row

    # ---------------------------------------------------------------- plans
    def _candidate_query(self, *, units=None, categories=None, years=None, classifications=None):
        stmt = select(Case).where(self.policy.case_clause())
        units, categories, years, levels = (_as_list(units), _as_list(categories), _as_list(years),
                                            _as_list(classifications))
        if units:
            stmt = stmt.where(Case.handling_unit.in_([str(u) for u in units]))
        if categories:
            try:
                stmt = stmt.where(Case.category.in_([Category(c) for c in categories]))
            except ValueError:
                raise InvalidInput(reason=f"执法类别无效：{categories}，可选：{'、'.join(c.value for c in Category)}") from None
        if years:
            from sqlalchemy import or_

            conds = []
            for y in years:
                try:
                    lo, hi = _year_bounds(int(y))
                except (TypeError, ValueError):
                    raise InvalidInput(reason=f"年度“{y}”无效") from None
                conds.append((Case.opened_on >= lo) & (Case.opened_on < hi))
            stmt = stmt.where(or_(*conds))
        if levels:
            try:
                wanted = [Classification(c) for c in levels]
            except ValueError:
                raise InvalidInput(reason=f"密级无效：{levels}") from None
            above = [str(c) for c in wanted if not self.policy.can_see_level(c)]
            if above:
                raise AccessDenied(key="classification_above_clearance",
                                   reason=f"不能按高于本人密级（{self.policy.clearance}）的密级选取案卷：{'、'.join(above)}")
            stmt = stmt.where(Case.classification.in_(wanted))
        return stmt.order_by(Case.case_no)

    def evaluation_candidates(self, *, units=None, categories=None, years=None, classifications=None
                              ) -> list[dict[str, Any]]:
        """The visible cases matching the criteria (what a plan would choose from)."""
        from workstation.archive import catalog

        self._require(Permission.MANAGE_EVALUATIONS, "eval.candidates")
        try:
            stmt = self._candidate_query(units=units, categories=categories, years=years,
                                         classifications=classifications)
        except AccessDenied as exc:
            self._eval_refuse("eval.candidates", "", exc)
        with self.archive.read() as s:
            return [catalog.case_summary(c) for c in s.scalars(stmt)]

    def create_plan(self, name: str, rubric_id: str, *, units=None, categories=None, years=None,
                    classifications=None, case_nos=None, sample_size: int | None = None, seed: int | None = None,
                    double_scoring: bool = False, blind: bool = False) -> dict[str, Any]:
        """A plan over the visible cases matching the criteria (and/or the named cases), optionally
        a random sample of ``sample_size`` with a recorded ``seed`` (one is made when omitted)."""
        action = "eval.plan_create"
        self._require(Permission.MANAGE_EVALUATIONS, action, name)
        name = (name or "").strip()
        if not name:
            raise InvalidInput(reason="评查计划须有名称")
        if blind and not double_scoring:
            raise InvalidInput(reason="背靠背评查只用于双人评查（请同时选择双人评查）")
        rubrics = self._rubrics()
        if rubric_id not in rubrics:
            raise NotFound(what=f"评分表 {rubric_id}（可选：{'、'.join(rubrics)}）")
        rubric = rubrics[rubric_id]
        named = [str(c).strip() for c in _as_list(case_nos) if str(c).strip()]
        has_criteria = any(_as_list(v) for v in (units, categories, years, classifications))
        if not named and not has_criteria:
            raise InvalidInput(reason="请给出选案条件（承办机构、执法类别、年度、密级）或指定案号")
        try:
            stmt = self._candidate_query(units=units, categories=categories, years=years,
                                         classifications=classifications) if has_criteria else None
        except AccessDenied as exc:
            self._eval_refuse(action, name, exc)
        with self.archive.read() as s:
            pool: dict[str, int] = {}
            if stmt is not None:
                pool.update({c.case_no: c.id for c in s.scalars(stmt)})
            for case_no in named:  # a hidden case is refused like a missing one (audited)
                case = self._visible_case(s, case_no, action)
                pool[case.case_no] = case.id
        if not pool:
            raise InvalidInput(key="no_cases", reason="没有符合条件且本人有权查阅的案卷")
        if sample_size is not None:
            sample_size = int(sample_size)
            if seed is None:
                seed = plan_rules.new_seed()
        drawn = plan_rules.draw(list(pool), sample_size, seed)
        criteria = {"units": _as_list(units), "categories": _as_list(categories),
                    "years": [int(y) for y in _as_list(years)], "classifications": _as_list(classifications),
                    "case_nos": named}
        with self.archive.write() as s:
            row = self._rubric_row(s, rubric)
            plan = EvalPlan(name=name, rubric_id=row.id, criteria=criteria, candidates=sorted(pool),
                            sample_size=sample_size, seed=seed if sample_size is not None else None,
                            double_scoring=bool(double_scoring), blind=bool(blind), created_by_id=self.user.id)
            s.add(plan)
            s.flush()
            for i, case_no in enumerate(drawn, 1):
                if not self.policy.may_case(s, pool[case_no]):  # checked again inside the write
                    raise NotFound(what=f"案卷 {case_no}")
                s.add(EvalPlanCase(plan_id=plan.id, case_id=pool[case_no], seq=i))
            self._audit(s, action, f"plan:{plan.id}", details={
                "name": name, "rubric": rubric.key, "rubric_version": rubric.version, "rubric_hash": rubric.content_hash,
                "criteria": criteria, "candidates": len(pool), "sample_size": sample_size,
                "seed": plan.seed, "cases": drawn, "double_scoring": plan.double_scoring, "blind": plan.blind})
            plan_id = plan.id
        return self.show_plan(plan_id, audit=False)

    def _progress(self, s: Session, plan: EvalPlan) -> dict[str, Any]:
        # Two queries whatever the plan's size (a provincial plan has thousands of cases).
        plan_cases = self._plan_cases(s, plan)
        handed_in = {(pc_id, a_id) for pc_id, a_id in s.execute(
            select(EvalSheet.plan_case_id, EvalSheet.assignment_id).join(EvalPlanCase)
            .where(EvalPlanCase.plan_id == plan.id, EvalSheet.status == "submitted"))}
        cases = len(plan_cases)
        assigned = sheets_needed = submitted = final = to_reconcile = 0
        for pc in plan_cases:
            if pc.assignments:
                assigned += 1
            sheets_needed += len(pc.assignments)
            done = [(pc.id, a.id) in handed_in for a in pc.assignments]
            submitted += sum(done)
            if plan.double_scoring:
                is_final = (pc.id, None) in handed_in
            else:
                is_final = bool(pc.assignments) and (pc.id, pc.assignments[0].id) in handed_in
            if is_final:
                final += 1
            elif plan.double_scoring and len(done) == 2 and all(done):
                to_reconcile += 1
        per_case = 2 if plan.double_scoring else 1
        return {"cases": cases, "assigned": assigned, "sheets": cases * per_case, "sheets_assigned": sheets_needed,
                "submitted": submitted, "to_reconcile": to_reconcile, "finished": final,
                "percent": round(100.0 * final / cases, 1) if cases else 0.0}

    @staticmethod
    def _plan_cases(s: Session, plan: EvalPlan) -> list[EvalPlanCase]:
        """The plan's cases in order, with their assignments, in two queries."""
        return list(s.scalars(select(EvalPlanCase).where(EvalPlanCase.plan_id == plan.id)
                              .order_by(EvalPlanCase.seq).options(selectinload(EvalPlanCase.assignments))))

    @staticmethod
    def _cases_of(s: Session, plan_cases: list[EvalPlanCase]) -> dict[int, Case]:
        ids = sorted({pc.case_id for pc in plan_cases})
        out: dict[int, Case] = {}
        for i in range(0, len(ids), 500):  # bounded IN lists
            out.update((c.id, c) for c in s.scalars(select(Case).where(Case.id.in_(ids[i:i + 500]))))
        return out

    def _plan_summary(self, s: Session, plan: EvalPlan) -> dict[str, Any]:
        rubric = plan.rubric
        author = s.get(User, plan.created_by_id)
        return {"id": plan.id, "name": plan.name, "rubric": {"id": rubric.rubric_key, "name": rubric.name,
                                                              "version": rubric.version, "hash": rubric.content_hash},
                "criteria": dict(plan.criteria or {}), "sample_size": plan.sample_size, "seed": plan.seed,
                "candidates": len(plan.candidates or []), "double_scoring": plan.double_scoring, "blind": plan.blind,
                "created_by": author.username if author else "", "created_at": plan.created_at.isoformat(),
                "closed_at": plan.closed_at.isoformat() if plan.closed_at else None,
                "closed_by": (s.get(User, plan.closed_by_id).username if plan.closed_by_id else ""),
                "closing_note": plan.closing_note or "",
                "progress": self._progress(s, plan)}

    def close_plan(self, plan_id: int, *, note: str = "", allow_incomplete: bool = False) -> dict[str, Any]:
        """End a plan (结束): its scores become final and nothing in it can change any more.
        A plan with cases still without a final sheet is only closed when ``allow_incomplete``
        says so (their number goes into the audit event)."""
        action = "eval.plan_close"
        self._require(Permission.MANAGE_EVALUATIONS, action, f"plan:{plan_id}")
        with self.archive.read() as s:
            plan = self._load_plan(s, plan_id, action)
            self._open_plan(plan, action, f"plan:{plan_id}")
            progress = self._progress(s, plan)
        unfinished = progress["cases"] - progress["finished"]
        if unfinished and not allow_incomplete:
            self._eval_refuse(action, f"plan:{plan_id}", Conflict(
                key="plan_incomplete", reason=f"还有 {unfinished} 件案卷没有最终评分；确认要结束计划请选择“仍然结束”"))
        with self.archive.write() as s:
            plan = s.get(EvalPlan, int(plan_id))
            self._open_plan(plan, action, f"plan:{plan_id}", quiet=True)
            plan.closed_at, plan.closed_by_id, plan.closing_note = utcnow(), self.user.id, (note or "").strip()
            self._audit(s, action, f"plan:{plan_id}", details={
                "name": plan.name, "finished": progress["finished"], "unfinished": unfinished,
                "note": plan.closing_note})
        return self.show_plan(plan_id, audit=False)

    def list_plans(self) -> list[dict[str, Any]]:
        """Plans with progress: every plan for a manager, the plans one is assigned in otherwise."""
        self._touch()
        if not (self.policy.allows(Permission.MANAGE_EVALUATIONS) or self.policy.allows(Permission.SCORE)):
            self._require(Permission.MANAGE_EVALUATIONS, "eval.plan_list")
        with self.archive.read() as s:
            stmt = select(EvalPlan).order_by(EvalPlan.created_at.desc(), EvalPlan.id.desc())
            if not self.policy.allows(Permission.MANAGE_EVALUATIONS):
                stmt = stmt.where(EvalPlan.id.in_(select(EvalPlanCase.plan_id).join(EvalAssignment).where(
                    EvalAssignment.evaluator_id == self.user.id)))
            return [self._plan_summary(s, p) for p in s.scalars(stmt)]

    def show_plan(self, plan_id: int, *, audit: bool = True) -> dict[str, Any]:
        """A plan, its cases (only those you may see; the rest counted) with evaluators and states."""
        self._touch()
        with self.archive.read() as s:
            plan = self._load_plan(s, plan_id, "eval.plan_show")
            out = self._plan_summary(s, plan)
            out["candidate_case_nos"] = list(plan.candidates or [])
            visible = self.policy.visible_case_ids(s)
            names = {u.id: u for u in s.scalars(select(User))}
            plan_cases = self._plan_cases(s, plan)
            cases = self._cases_of(s, plan_cases)
            book = SheetBook.for_plan(s, plan.id)
            rows, hidden = [], 0
            for pc in plan_cases:
                if pc.case_id not in visible:
                    hidden += 1
                    continue
                case = cases[pc.case_id]
                evaluators = []
                for a in pc.assignments:
                    cur = self._current_sheet(s, a.id, pc.id, book)
                    sub = self._submitted_sheet(s, a.id, pc.id, book)
                    entry = {"assignment_id": a.id, "slot": a.slot, "slot_name": SLOT_NAMES.get(a.slot, str(a.slot)),
                             "username": names[a.evaluator_id].username,
                             "name": names[a.evaluator_id].display_name or names[a.evaluator_id].username,
                             "status": cur.status if cur else "todo", "revision": cur.revision if cur else 0,
                             "sheet_id": None, "score": None, "grade": None}
                    if sub is not None and self._may_read_sheet(s, sub, plan, pc, book)[0]:
                        entry.update(sheet_id=sub.id, score=sub.score, grade=sub.grade)
                    elif cur is not None and self._may_read_sheet(s, cur, plan, pc, book)[0]:
                        entry["sheet_id"] = cur.id
                    evaluators.append(entry)
                final = self._final_sheet(s, plan, pc, book)
                if final is not None:
                    state = "finished"
                elif not pc.assignments:
                    state = "unassigned"
                elif plan.double_scoring and len(pc.assignments) == 2 and all(
                        self._submitted_sheet(s, a.id, pc.id, book) for a in pc.assignments):
                    state = "to_reconcile"
                else:
                    state = "scoring"
                show_final = final is not None and self._may_read_sheet(s, final, plan, pc, book)[0]
                rows.append({"case_no": case.case_no, "title": case.title, "handling_unit": case.handling_unit,
                             "category": str(case.category), "classification": str(case.classification),
                             "opened_on": case.opened_on.isoformat() if case.opened_on else None, "seq": pc.seq,
                             "evaluators": evaluators, "state": state,
                             "final": {"sheet_id": final.id, "score": final.score, "grade": final.grade,
                                       "vetoed": final.vetoed} if show_final else None})
            out["cases"] = rows
            out["hidden_cases"] = hidden
        if audit:
            self.archive.audit_now(self.username, "eval.plan_show", f"plan:{plan_id}")
        return out

    # ---------------------------------------------------------------- assignment
    def _evaluator_obstacle(self, s: Session, user: User, case: Case) -> str | None:
        pol = Policy(user)
        if not user.active:
            return f"账号 {user.username} 已停用"
        if not pol.allows(Permission.SCORE):
            return f"{user.username} 没有评查打分权限"
        names = {str(h).strip() for h in (case.handlers or [])}
        if user.username in names or (user.display_name and user.display_name in names):
            return f"{user.username} 是案卷 {case.case_no} 的承办人，不能评查本人承办的案卷"
        if not pol.may_case(s, case.id):
            return f"{user.username} 无权查阅案卷 {case.case_no}（密级或知悉范围）"
        return None

    def list_evaluators(self) -> list[dict[str, Any]]:
        """Active accounts that may score (for choosing evaluators): name, department, clearance."""
        self._require(Permission.MANAGE_EVALUATIONS, "eval.evaluators")
        with self.archive.read() as s:
            users = s.scalars(select(User).where(User.active.is_(True)).order_by(User.username)).all()
            return [{"username": u.username, "display_name": u.display_name or u.username,
                     "department": u.department, "clearance": str(u.clearance)}
                    for u in users if Policy(u).allows(Permission.SCORE)]

    def assign_evaluators(self, plan_id: int, evaluators: list[str], case_nos: list[str] | None = None
                          ) -> dict[str, Any]:
        """Give the plan's unassigned cases (or ``case_nos``) evaluators from ``evaluators``: one
        per case, two different ones with double scoring, spread evenly. An evaluator who
        may not see a case, or handled it, is never given it."""
        action = "eval.assign"
        self._require(Permission.MANAGE_EVALUATIONS, action, f"plan:{plan_id}")
        evaluators = list(dict.fromkeys(str(e).strip() for e in evaluators if str(e).strip()))
        if not evaluators:
            raise InvalidInput(reason="请指定评查员")
        with self.archive.read() as s:
            plan = self._load_plan(s, plan_id, action)
            self._open_plan(plan, action, f"plan:{plan_id}")
            users = {}
            for name in evaluators:
                u = s.scalar(select(User).where(User.username == name))
                if u is None:
                    raise NotFound(what=f"用户 {name}")
                users[name] = u
            per_case = 2 if plan.double_scoring else 1
            if case_nos:
                targets = [self._plan_case(s, plan, c, action) for c in case_nos]
            else:
                visible = self.policy.visible_case_ids(s)
                targets = [(pc, s.get(Case, pc.case_id)) for pc in plan.cases if pc.case_id in visible]
            targets = [(pc, case) for pc, case in targets if len(pc.assignments) < per_case]
            if not targets:
                raise Conflict(key="nothing_to_assign", reason="所选案卷都已分配评查员")
            excluded: dict[str, set[str]] = {}
            reasons: dict[str, list[str]] = {}
            for pc, case in targets:
                for name, u in users.items():
                    why = self._evaluator_obstacle(s, u, case)
                    if why or any(a.evaluator_id == u.id for a in pc.assignments):
                        excluded.setdefault(case.case_no, set()).add(name)
                        if why:
                            reasons.setdefault(case.case_no, []).append(why)
            load: dict[str, int] = {}
            for pc in plan.cases:
                for a in pc.assignments:
                    for name, u in users.items():
                        if u.id == a.evaluator_id:
                            load[name] = load.get(name, 0) + 1
            needs = {case.case_no: per_case - len(pc.assignments) for pc, case in targets}
        out: dict[str, list[str]] = {}
        try:
            for n in sorted(set(needs.values())):
                group = [c for c, k in needs.items() if k == n]
                chosen = plan_rules.distribute(group, evaluators, n, excluded, load)
                out.update(chosen)
                for names in chosen.values():
                    for name in names:
                        load[name] = load.get(name, 0) + 1
        except InvalidInput as exc:
            bad = next((c for c in needs if c in exc.message), None)
            detail = "；".join(reasons.get(bad, [])) if bad else ""
            err = InvalidInput(key=exc.key, reason=exc.data.get("reason", exc.message) + (f"：{detail}" if detail else ""))
            self._eval_refuse(action, f"plan:{plan_id}", err)
        with self.archive.write() as s:
            plan = s.get(EvalPlan, int(plan_id))
            made = []
            for pc in plan.cases:
                case = s.get(Case, pc.case_id)
                if case.case_no not in out:
                    continue
                used = {a.slot for a in pc.assignments}
                for name in out[case.case_no]:
                    u = s.scalar(select(User).where(User.username == name))
                    why = self._evaluator_obstacle(s, u, case)  # again, inside the write
                    if why:
                        raise AccessDenied(reason=why)
                    slot = next(i for i in (1, 2, 3, 4) if i not in used)
                    used.add(slot)
                    s.add(EvalAssignment(plan_case_id=pc.id, evaluator_id=u.id, slot=slot,
                                         assigned_by_id=self.user.id))
                    made.append({"case_no": case.case_no, "evaluator": name, "slot": slot})
            self._audit(s, action, f"plan:{plan_id}", details={"assignments": made})
        return {"plan_id": int(plan_id), "assignments": made}

    # ---------------------------------------------------------------- my work
    def my_assignments(self, plan_id: int | None = None) -> list[dict[str, Any]]:
        """The files assigned to me (visible ones), with the state of my sheet."""
        self._require(Permission.SCORE, "eval.my_assignments")
        with self.archive.read() as s:
            # (the plan is loaded once per plan, not decoded again on every row: its JSON
            # columns hold every candidate case)
            stmt = (select(EvalAssignment, EvalPlanCase).join(EvalPlanCase, EvalAssignment.plan_case_id ==
                                                              EvalPlanCase.id)
                    .where(EvalAssignment.evaluator_id == self.user.id)
                    .order_by(EvalPlanCase.plan_id.desc(), EvalPlanCase.seq))
            if plan_id is not None:
                stmt = stmt.where(EvalPlanCase.plan_id == int(plan_id))
            visible = self.policy.visible_case_ids(s)
            rows = [row for row in s.execute(stmt).all() if row[1].case_id in visible]
            plans = {p.id: p for p in s.scalars(select(EvalPlan).where(
                EvalPlan.id.in_({pc.plan_id for _a, pc in rows})))} if rows else {}
            found = [(a, pc, plans[pc.plan_id]) for a, pc in rows]
            cases = self._cases_of(s, [pc for _a, pc, _p in found])
            book = SheetBook.for_evaluator(s, self.user.id, deductions=True)
            out = []
            for a, pc, plan in found:
                case = cases[pc.case_id]
                cur = self._current_sheet(s, a.id, pc.id, book)
                res = None
                if cur is not None and cur.status != "draft" and cur.score is not None:
                    res = {"score": cur.score, "grade": cur.grade}  # fixed when it was submitted
                elif cur is not None:
                    rubric = self._plan_rubric(plan)
                    res = scoring.compute(rubric, [{"item_code": d.item_code, "points": d.points}
                                                   for d in cur.deductions]).to_json()
                out.append({"assignment_id": a.id, "plan_id": plan.id, "plan_name": plan.name, "slot": a.slot,
                            "case_no": case.case_no, "title": case.title, "handling_unit": case.handling_unit,
                            "category": str(case.category), "status": cur.status if cur else "todo",
                            "status_name": STATUS_NAMES[cur.status if cur else "todo"],
                            "revision": cur.revision if cur else 0, "sheet_id": cur.id if cur else None,
                            "score": res["score"] if res else None, "grade": res["grade"] if res else None,
                            "blind": plan.blind, "double_scoring": plan.double_scoring,
                            "rubric": plan.rubric.rubric_key})
            return out

    def open_sheet(self, assignment_id: int) -> dict[str, Any]:
        """My sheet for an assignment (the newest revision), started on first open."""
        action = "eval.sheet_open"
        self._require(Permission.SCORE, action, f"assignment:{assignment_id}")
        with self.archive.read() as s:
            a = s.get(EvalAssignment, int(assignment_id))
            if a is None or a.evaluator_id != self.user.id:
                self._eval_refuse(action, f"assignment:{assignment_id}", NotFound(what=f"评查任务 {assignment_id}"))
            pc = s.get(EvalPlanCase, a.plan_case_id)
            case = s.get(Case, pc.case_id)
            self._visible_case(s, case.case_no, action)
            cur = self._current_sheet(s, a.id, pc.id)
            if cur is None:
                self._open_plan(pc.plan, action, f"assignment:{assignment_id}")
        if cur is None:
            with self.archive.write() as s:
                cur = self._current_sheet(s, int(assignment_id), pc.id)
                if cur is None:
                    cur = EvalSheet(plan_case_id=pc.id, assignment_id=int(assignment_id), revision=1, status="draft",
                                    created_by_id=self.user.id)
                    s.add(cur)
                    s.flush()
                    self._audit(s, "eval.sheet_start", f"{case.case_no}/sheet:{cur.id}",
                                details={"plan_id": pc.plan_id, "assignment_id": int(assignment_id)})
        return self.show_sheet(cur.id)

    def sheet_for(self, plan_id: int, case_no: str) -> dict[str, Any]:
        """My sheet for a case of a plan (CLI scripting: address a sheet by plan and 案号)."""
        self._require(Permission.SCORE, "eval.sheet_open", case_no)
        with self.archive.read() as s:
            plan = self._load_plan(s, plan_id, "eval.sheet_open")
            pc, _case = self._plan_case(s, plan, case_no, "eval.sheet_open")
            a = next((a for a in pc.assignments if a.evaluator_id == self.user.id), None)
            if a is None:
                self._eval_refuse("eval.sheet_open", case_no, NotFound(
                    what=f"分配给您的评查任务（计划 {plan_id}，案卷 {case_no}）"))
            assignment_id = a.id
        return self.open_sheet(assignment_id)

    def show_sheet(self, sheet_id: int) -> dict[str, Any]:
        self._touch()
        with self.archive.read() as s:
            sheet, plan, pc, case = self._load_sheet(s, sheet_id, "eval.sheet_show")
            return self._sheet_json(s, sheet, plan, pc, case)

    # ---------------------------------------------------------------- scoring
    def _check_anchor(self, s: Session, case: Case, anchor: scoring.Anchor) -> None:
        item = s.get(Item, anchor.item_id)
        if item is None or item.volume.case_id != case.id or not self.policy.may_item(s, item.id):
            raise NotFound(what=f"案卷 {case.case_no} 中的件 {anchor.item_id}")
        if anchor.page is not None:
            if item.page_count and (anchor.page > item.page_count or (anchor.page_end or 0) > item.page_count):
                raise InvalidInput(key="anchor_out_of_range",
                                   reason=f"“{item.title}”只有 {item.page_count} 页，没有第 {anchor.page_end or anchor.page} 页")
        if anchor.ms is not None:
            if item.duration_ms is None and str(item.kind) not in ("audio", "video"):
                raise InvalidInput(reason=f"“{item.title}”不是音视频，请用页号注明位置")
            end = anchor.ms_end if anchor.ms_end is not None else anchor.ms
            if item.duration_ms and end > item.duration_ms:
                raise InvalidInput(key="anchor_out_of_range",
                                   reason=f"“{item.title}”只有 {scoring.clock(item.duration_ms)} 长，"
                                          f"时间点 {scoring.clock(end)} 超出范围")

    def add_deduction(self, sheet_id: int, item_code: str, *, reason: str, anchor: dict[str, Any],
                      points: float | None = None, count: int | None = None) -> dict[str, Any]:
        """Enter a deduction (or a veto) on my draft sheet → the sheet with its new total.

        ``anchor``: {"item_id", "page"[, "page_end"]} or {"item_id", "ms"[, "ms_end"]}."""
        action = "eval.deduct"
        self._touch()
        with self.archive.read() as s:
            sheet, plan, pc, case = self._load_sheet(s, sheet_id, action, write=True)
            rubric = self._plan_rubric(plan)
            try:
                anc = scoring.Anchor.parse(anchor)
                self._check_anchor(s, case, anc)
                value, n = scoring.check_deduction(
                    rubric, str(item_code), [{"item_code": d.item_code} for d in sheet.deductions],
                    points=points, count=count, reason=reason)
            except NotFound as exc:
                self._eval_refuse(action, f"{case.case_no}/sheet:{sheet_id}", exc)
        with self.archive.write() as s:
            sheet, plan, pc, case = self._load_sheet(s, sheet_id, action, write=True, quiet=True)
            value, n = scoring.check_deduction(rubric, str(item_code),
                                               [{"item_code": d.item_code} for d in sheet.deductions],
                                               points=points, count=count, reason=reason)
            d = EvalDeduction(sheet_id=sheet.id, item_code=str(item_code), points=value, count=n,
                              reason=reason.strip(), anchor=anc.to_json(), created_by_id=self.user.id)
            sheet.deductions.append(d)
            s.flush()
            item = rubric.item(str(item_code))
            self._audit(s, "eval.veto" if item.is_veto else action, f"{case.case_no}/sheet:{sheet.id}", details={
                "deduction_id": d.id, "item": item.code, "kind": item.kind, "points": value, "count": n,
                "reason": d.reason, "anchor": d.anchor, "plan_id": plan.id})
            return self._sheet_json(s, sheet, plan, pc, case)

    def remove_deduction(self, deduction_id: int) -> dict[str, Any]:
        action = "eval.remove_deduction"
        self._touch()
        with self.archive.read() as s:
            d = s.get(EvalDeduction, int(deduction_id))
            if d is None:
                self._eval_refuse(action, f"deduction:{deduction_id}", NotFound(what=f"扣分记录 {deduction_id}"))
            sheet_id = d.sheet_id
            self._load_sheet(s, sheet_id, action, write=True)
        with self.archive.write() as s:
            sheet, plan, pc, case = self._load_sheet(s, sheet_id, action, write=True, quiet=True)
            d = s.get(EvalDeduction, int(deduction_id))
            gone = {"deduction_id": d.id, "item": d.item_code, "points": d.points, "count": d.count,
                    "reason": d.reason, "anchor": d.anchor}
            sheet.deductions.remove(d)
            s.flush()
            self._audit(s, action, f"{case.case_no}/sheet:{sheet.id}", details=gone)
            return self._sheet_json(s, sheet, plan, pc, case)

    def set_sheet_notes(self, sheet_id: int, notes: str) -> dict[str, Any]:
        action = "eval.notes"
        self._touch()
        with self.archive.read() as s:
            self._load_sheet(s, sheet_id, action, write=True)
        with self.archive.write() as s:
            sheet, plan, pc, case = self._load_sheet(s, sheet_id, action, write=True, quiet=True)
            sheet.notes = notes or ""
            self._audit(s, action, f"{case.case_no}/sheet:{sheet.id}", details={"notes": sheet.notes})
            return self._sheet_json(s, sheet, plan, pc, case)

    def set_item_note(self, sheet_id: int, item_code: str, note: str) -> dict[str, Any]:
        """A remark on one rubric item of my draft sheet (with or without a deduction); an
        empty remark removes it."""
        action = "eval.item_note"
        self._touch()
        with self.archive.read() as s:
            _sheet, plan, _pc, _case = self._load_sheet(s, sheet_id, action, write=True)
            rubric = self._plan_rubric(plan)
        code = str(item_code).strip()
        if code not in rubric.items:
            raise InvalidInput(reason=f"评分表中没有评查项 {code}")
        text = (note or "").strip()
        with self.archive.write() as s:
            sheet, plan, pc, case = self._load_sheet(s, sheet_id, action, write=True, quiet=True)
            notes = dict(sheet.item_notes or {})
            if text:
                notes[code] = text
            else:
                notes.pop(code, None)
            sheet.item_notes = notes  # a new dict: the JSON column is not mutation-tracked
            self._audit(s, action, f"{case.case_no}/sheet:{sheet.id}", details={"item": code, "note": text})
            return self._sheet_json(s, sheet, plan, pc, case)

    def submit_sheet(self, sheet_id: int) -> dict[str, Any]:
        """Submit my draft: the score is fixed and the sheet becomes read-only; a submitted
        earlier revision is marked superseded."""
        action = "eval.submit"
        self._touch()
        with self.archive.read() as s:
            self._load_sheet(s, sheet_id, action, write=True)
        with self.archive.write() as s:
            sheet, plan, pc, case = self._load_sheet(s, sheet_id, action, write=True, quiet=True)
            rubric = self._plan_rubric(plan)
            res = scoring.compute(rubric, [{"item_code": d.item_code, "points": d.points} for d in sheet.deductions])
            earlier = self._submitted_sheet(s, sheet.assignment_id, pc.id)
            if earlier is not None and earlier.id != sheet.id:
                earlier.status = "superseded"
            sheet.status, sheet.submitted_at = "submitted", utcnow()
            sheet.score, sheet.deducted, sheet.grade, sheet.vetoed = res.score, res.deducted, res.grade, res.vetoed
            s.flush()
            self._audit(s, action, f"{case.case_no}/sheet:{sheet.id}", details={
                "plan_id": plan.id, "revision": sheet.revision, "score": res.score, "grade": res.grade,
                "vetoed": res.vetoed, "deductions": len(sheet.deductions),
                "supersedes": earlier.id if earlier is not None and earlier.id != sheet.id else None,
                "rubric": rubric.key, "rubric_version": rubric.version, "rubric_hash": rubric.content_hash})
            return self._sheet_json(s, sheet, plan, pc, case)

    def revise_sheet(self, sheet_id: int, reason: str) -> dict[str, Any]:
        """Correct a submitted sheet: a new draft revision with the same deductions (audited with
        the reason); the submitted one stays in force until the correction is submitted."""
        action = "eval.revise"
        self._require(Permission.SCORE, action, f"sheet:{sheet_id}")
        if not (reason or "").strip():
            raise InvalidInput(reason="更正评分表须写明理由")
        with self.archive.read() as s:
            sheet, plan, pc, case = self._load_sheet(s, sheet_id, action)
            self._open_plan(plan, action, f"sheet:{sheet_id}")
            a = s.get(EvalAssignment, sheet.assignment_id) if sheet.assignment_id else None
            refusal = None
            if a is None or a.evaluator_id != self.user.id:
                refusal = AccessDenied(reason="只能更正本人的评分表（合议结果由评查负责人重新合议）")
            elif sheet.status != "submitted":
                refusal = Conflict(key="not_submitted", reason="只有已提交的评分表才需要更正；草稿可直接修改")
            elif self._current_sheet(s, a.id, pc.id).id != sheet.id:
                refusal = Conflict(key="revision_open", reason="已有一份更正稿，请在更正稿上修改")
            elif plan.double_scoring and self._submitted_sheet(s, None, pc.id) is not None:
                refusal = Conflict(key="already_reconciled",
                                   reason="该案卷已合议定稿，个人评分表不能再更正；如有错误请评查负责人重新合议")
        if refusal is not None:
            self._eval_refuse(action, f"sheet:{sheet_id}", refusal)
        with self.archive.write() as s:
            old = s.get(EvalSheet, int(sheet_id))
            new = EvalSheet(plan_case_id=old.plan_case_id, assignment_id=old.assignment_id, revision=old.revision + 1,
                            status="draft", notes=old.notes, item_notes=dict(old.item_notes or {}),
                            revision_reason=reason.strip(), created_by_id=self.user.id)
            for d in old.deductions:
                new.deductions.append(EvalDeduction(item_code=d.item_code, points=d.points, count=d.count,
                                                    reason=d.reason, anchor=dict(d.anchor), created_by_id=d.created_by_id))
            s.add(new)
            s.flush()
            self._audit(s, action, f"{case.case_no}/sheet:{new.id}", details={
                "revises": old.id, "revision": new.revision, "reason": new.revision_reason, "plan_id": plan.id})
            new_id = new.id
        return self.show_sheet(new_id)

    # ---------------------------------------------------------------- double scoring
    def _both_sheets(self, s: Session, plan: EvalPlan, pc: EvalPlanCase, action: str, target: str, *,
                     quiet: bool = False):
        refuse = partial(self._eval_refuse, quiet=quiet)
        if not plan.double_scoring:
            refuse(action, target, InvalidInput(key="not_double", reason="本计划不是双人评查，无需合议"))
        if len(pc.assignments) < 2:
            refuse(action, target, Conflict(key="not_assigned", reason="该案卷尚未分配两名评查员"))
        sheets = [self._submitted_sheet(s, a.id, pc.id) for a in pc.assignments[:2]]
        if any(x is None for x in sheets):
            refuse(action, target, Conflict(key="not_submitted", reason="两名评查员都提交评分表后才能合议"))
        return sheets

    def reconciliation(self, plan_id: int, case_no: str) -> dict[str, Any]:
        """Both evaluators' submitted sheets lined up item by item (differences marked)."""
        action = "eval.reconciliation"
        self._require(Permission.MANAGE_EVALUATIONS, action, case_no)
        with self.archive.read() as s:
            plan = self._load_plan(s, plan_id, action)
            pc, case = self._plan_case(s, plan, case_no, action)
            a, b = self._both_sheets(s, plan, pc, action, case_no)
            rubric = self._plan_rubric(plan)
            items = self._item_titles(s, case)
            sa, sb = (self._sheet_json(s, x, plan, pc, case, items=items) for x in (a, b))
            final = self._submitted_sheet(s, None, pc.id)
            out = {"plan_id": plan.id, "case_no": case.case_no, "title": case.title, "a": sa, "b": sb,
                   "rows": _line_up(rubric, sa, sb),
                   "final": self._sheet_json(s, final, plan, pc, case, items=items) if final else None}
            out["differences"] = [r["code"] for r in out["rows"] if not r["same"]]
        self.archive.audit_now(self.username, action, case_no, details={"plan_id": plan_id, "sheets": [a.id, b.id],
                                                                        "differences": out["differences"]})
        return out

    def reconcile(self, plan_id: int, case_no: str, choices: dict[str, str] | None = None, notes: str = ""
                  ) -> dict[str, Any]:
        """The final sheet: where the two sheets agree their deductions are taken; where they
        differ ``choices`` decides every such item: "a" (甲's deductions), "b" (乙's), "none"
        (no deduction) or the deduction agreed in discussion (合议改定), a dict
        ``{"points", "count", "reason", "anchor"}`` checked like any deduction."""
        action = "eval.reconcile"
        self._require(Permission.MANAGE_EVALUATIONS, action, case_no)
        choices = {str(k): (dict(v) if isinstance(v, dict) else str(v).lower()) for k, v in (choices or {}).items()}
        with self.archive.read() as s:
            plan = self._load_plan(s, plan_id, action)
            self._open_plan(plan, action, case_no)
            pc, case = self._plan_case(s, plan, case_no, action)
            self._both_sheets(s, plan, pc, action, case_no)
        with self.archive.write() as s:
            plan = s.get(EvalPlan, int(plan_id))
            pc = s.get(EvalPlanCase, pc.id)
            case = s.get(Case, pc.case_id)
            if not self.policy.may_case(s, case.id):
                raise NotFound(what=f"案卷 {case_no}")
            a, b = self._both_sheets(s, plan, pc, action, case_no, quiet=True)
            rubric = self._plan_rubric(plan)
            sa, sb = (self._sheet_json(s, x, plan, pc, case) for x in (a, b))
            rows = _line_up(rubric, sa, sb)
            bad = {k: v for k, v in choices.items()
                   if (not isinstance(v, dict) and v not in RECONCILE_SIDES) or k not in rubric.items}
            if bad:
                raise InvalidInput(reason=f"合议选择无效：{bad}（每项选 a、b、none 或给出合议改定的扣分）")
            agreed: dict[str, EvalDeduction] = {}
            for code, v in choices.items():
                if isinstance(v, dict):
                    anchor = scoring.Anchor.parse(v.get("anchor") or {})
                    self._check_anchor(s, case, anchor)
                    value, n = scoring.check_deduction(rubric, code, [], points=v.get("points"), count=v.get("count"),
                                                       reason=str(v.get("reason") or ""))
                    agreed[code] = EvalDeduction(item_code=code, points=value, count=n,
                                                 reason=str(v["reason"]).strip(), anchor=anchor.to_json(),
                                                 created_by_id=self.user.id)
            missing = [r["code"] for r in rows if not r["same"] and r["code"] not in choices]
            if missing:
                raise InvalidInput(key="choices_required", reason=f"以下评查项两位评查员意见不一致，须逐项选定：{'、'.join(missing)}")
            source = {"a": a, "b": b}
            taken: dict[str, str] = {}
            prior = self._submitted_sheet(s, None, pc.id)
            revision = (s.scalar(select(EvalSheet.revision).where(EvalSheet.plan_case_id == pc.id,
                                                                  EvalSheet.assignment_id.is_(None))
                                 .order_by(EvalSheet.revision.desc()).limit(1)) or 0) + 1
            final = EvalSheet(plan_case_id=pc.id, assignment_id=None, revision=revision, status="submitted",
                              notes=notes or "", created_by_id=self.user.id, submitted_at=utcnow(),
                              item_notes=_merged_item_notes(a.item_notes, b.item_notes))
            for r in rows:
                if not (r["a"]["deductions"] or r["b"]["deductions"]):
                    continue
                side = choices.get(r["code"], "a") if not r["same"] else "a"
                if isinstance(side, dict):
                    taken[r["code"]] = "agreed"
                    final.deductions.append(agreed[r["code"]])
                    continue
                taken[r["code"]] = side
                if side == "none":
                    continue
                for d in source[side].deductions:
                    if d.item_code == r["code"]:
                        final.deductions.append(EvalDeduction(item_code=d.item_code, points=d.points, count=d.count,
                                                              reason=d.reason, anchor=dict(d.anchor),
                                                              created_by_id=d.created_by_id))
            res = scoring.compute(rubric, [{"item_code": d.item_code, "points": d.points} for d in final.deductions])
            final.score, final.deducted, final.grade, final.vetoed = res.score, res.deducted, res.grade, res.vetoed
            final.reconciliation = {"a_sheet": a.id, "b_sheet": b.id, "taken": taken,
                                    "agreed": {c: {"points": d.points, "count": d.count, "reason": d.reason,
                                                   "anchor": d.anchor} for c, d in agreed.items()},
                                    "differences": [r["code"] for r in rows if not r["same"]],
                                    "a_score": a.score, "b_score": b.score}
            if prior is not None:
                prior.status = "superseded"
            s.add(final)
            s.flush()
            self._audit(s, action, f"{case.case_no}/sheet:{final.id}", details={
                "plan_id": plan.id, "revision": revision, "supersedes": prior.id if prior else None,
                **final.reconciliation, "score": res.score, "grade": res.grade, "vetoed": res.vetoed})
            return self._sheet_json(s, final, plan, pc, case)

    # ---------------------------------------------------------------- reports
    def _report_data(self, s: Session, plan: EvalPlan, unit: str | None) -> dict[str, Any]:
        rubric = self._plan_rubric(plan)
        visible = self.policy.visible_case_ids(s)
        plan_cases = self._plan_cases(s, plan)
        cases = self._cases_of(s, plan_cases)
        book = SheetBook.for_plan(s, plan.id, deductions=True)
        items_of = self._items_by_case(s, [pc.case_id for pc in plan_cases if pc.case_id in visible])
        rows, pending, hidden = [], [], 0
        for pc in plan_cases:
            if pc.case_id not in visible:
                hidden += 1
                continue
            case = cases[pc.case_id]
            if unit and case.handling_unit != unit:
                continue
            final = self._final_sheet(s, plan, pc, book)
            base = {"case_no": case.case_no, "title": case.title, "unit": case.handling_unit or "（未填承办机构）",
                    "category": str(case.category)}
            if final is None:
                pending.append(base)
                continue
            res = scoring.compute(rubric, [{"item_code": d.item_code, "points": d.points} for d in final.deductions])
            items = items_of.get(case.id, {})
            deds = []
            for d in final.deductions:
                it = rubric.items.get(d.item_code)
                info = items.get(int(d.anchor.get("item_id", 0)), {})
                deds.append({"item_code": d.item_code, "item_title": it.title if it else d.item_code,
                             "points": d.points, "count": d.count, "reason": d.reason,
                             "anchor_text": scoring.anchor_text(d.anchor, info.get("title", ""))})
            rows.append({**base, "sheet_id": final.id, "score": res.score, "grade": res.grade, "vetoed": res.vetoed,
                         "applied": {c: i["applied"] for c, i in res.to_json()["items"].items()},
                         "veto_items": res.veto_items, "deductions": deds})
        from workstation.evaluation import reports  # PyMuPDF: loaded when a report is made
        stats = reports.statistics(rubric, rows)
        return {"plan": self._plan_summary(s, plan), "rubric": rubric.summary(), "unit": unit or "",
                "generated_at": utcnow().isoformat(), "generated_by": self.username, "stats": stats,
                "cases": rows, "pending": pending, "hidden_cases": hidden}

    def plan_report(self, plan_id: int, *, unit: str | None = None) -> dict[str, Any]:
        """Counts per grade, mean/median, distribution, top defect items and the comparison of
        units over the finished files of a plan (only cases you may see)."""
        action = "eval.report"
        self._require(Permission.MANAGE_EVALUATIONS, action, f"plan:{plan_id}")
        with self.archive.read() as s:
            plan = self._load_plan(s, plan_id, action)
            data = self._report_data(s, plan, unit)
        self.archive.audit_now(self.username, action, f"plan:{plan_id}",
                               details={"unit": unit or "", "files": data["stats"]["files"]})
        return data

    def export_plan_report(self, plan_id: int, fmt: str, *, unit: str | None = None) -> bytes:
        """The plan (or unit) report as PDF or XLSX bytes, charts included."""
        action = "eval.report_export"
        fmt = fmt.lower().lstrip(".")
        if fmt not in ("pdf", "xlsx"):
            raise InvalidInput(reason=f"报告格式只能是 pdf 或 xlsx，不是 {fmt}")
        self._require(Permission.MANAGE_EVALUATIONS, action, f"plan:{plan_id}")
        with self.archive.read() as s:
            plan = self._load_plan(s, plan_id, action)
            data = self._report_data(s, plan, unit)
        from workstation.evaluation import reports  # PyMuPDF: loaded when a report is made
        blob = reports.report_pdf(data) if fmt == "pdf" else reports.report_xlsx(data)
        self.archive.audit_now(self.username, action, f"plan:{plan_id}", details={
            "format": fmt, "unit": unit or "", "files": data["stats"]["files"], "bytes": len(blob)})
        return blob

    def export_sheet_pdf(self, sheet_id: int) -> bytes:
        """One score sheet as PDF: every deduction with its reason and anchor."""
        action = "eval.sheet_export"
        self._touch()
        with self.archive.read() as s:
            sheet, plan, pc, case = self._load_sheet(s, sheet_id, action)
            data = self._sheet_json(s, sheet, plan, pc, case)
            rubric = self._plan_rubric(plan).to_json()
        from workstation.evaluation import reports  # PyMuPDF: loaded when a report is made
        blob = reports.sheet_pdf(data, rubric)
        self.archive.audit_now(self.username, action, f"{data['case_no']}/sheet:{sheet_id}",
                               details={"bytes": len(blob), "revision": data["revision"], "status": data["status"]})
        return blob


def _merged_item_notes(a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, str]:
    """Both evaluators' item remarks on the final sheet (marked 甲/乙 where both wrote one)."""
    a, b = dict(a or {}), dict(b or {})
    out: dict[str, str] = {}
    for code in sorted(set(a) | set(b)):
        if code in a and code in b and a[code] != b[code]:
            out[code] = f"甲：{a[code]}；乙：{b[code]}"
        else:
            out[code] = a.get(code) or b.get(code) or ""
    return out


#: How a differing item is settled besides a dict of the agreed deduction (合议改定).
RECONCILE_SIDES = ("a", "b", "none")


def _line_up(rubric: Rubric, sa: dict[str, Any], sb: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for it in rubric.ordered_items():
        side = {}
        for key, sheet in (("a", sa), ("b", sb)):
            deds = [d for d in sheet["deductions"] if d["item_code"] == it.code]
            res = sheet["result"]["items"].get(it.code, {})
            side[key] = {"deductions": deds, "applied": res.get("applied", 0.0), "vetoed": bool(res.get("vetoed"))}
        same = (abs(side["a"]["applied"] - side["b"]["applied"]) < 1e-9 and side["a"]["vetoed"] == side["b"]["vetoed"])
        rows.append({"code": it.code, "title": it.title, "stage": it.stage, "kind": it.kind, "max": it.max_points,
                     "rule": it.rule_text(), **side, "same": same})
    return rows
