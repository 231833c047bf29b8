"""Facade methods for disputes over a signed 法制审核意见书 (domain.md §5.4): the handling
unit's 复核 request (registered by the legal office on receipt, within the allowed working
days), the answer (维持 / 变更, due in working days), the referral to 集体讨论 and its
decision. Mixed into ``Workstation``; every refusal is audited like the rest of 法制审核."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workstation.archive.access import Permission
from workstation.archive.models import utcnow
from workstation.errors import InvalidInput, NotFound
from workstation.review import workflow
from workstation.review.models import ReviewDispute, ReviewOpinion, ReviewSubmission
from workstation.review.workdays import parse_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _today() -> dt.date:
    return dt.date.today()


def _text(value: Any) -> str:
    return str(value or "").strip()


class DisputeMethods:
    def _dispute_step(self, case_no: str, action: str, step: str, permission: Permission = Permission.REVIEW):
        """(round id, dispute id or None), after permission, visibility and both state machines."""
        self._require(permission, action, case_no)
        with self.archive.read() as s:
            _case, sub = self._review_case(s, case_no, action)
            dispute = self._dispute_of(s, sub.id)
            try:
                workflow.require_dispute(sub.status, dispute.status if dispute else None, step)
            except workflow.IllegalTransition as exc:
                self._deny(action, case_no, exc, round=sub.round)
            return sub.id, dispute.id if dispute else None

    @staticmethod
    def _dispute_of(s: "Session", submission_id: int) -> ReviewDispute | None:
        return s.scalar(select(ReviewDispute).where(ReviewDispute.submission_id == submission_id))

    def review_dispute(self, case_no: str, *, reason: str, requested_by: str = "", points: list[int] | None = None,
                       requested_on: dt.date | str | None = None, received_on: dt.date | str | None = None
                       ) -> dict[str, Any]:
        """Register the handling unit's 复核 request on the signed 意见书. It must come within
        ``dispute_request_days`` working days of ``received_on`` (default: the sign-off day);
        the answer is then due ``dispute_answer_days`` working days after the request."""
        action = "review.dispute"
        if not _text(reason):
            raise InvalidInput(reason="须写明申请复核的理由")
        sub_id, _ = self._dispute_step(case_no, action, "dispute")
        cfg = self.review_config()
        cal = self.work_calendar()
        with self.archive.read() as s:
            opinion = s.scalar(select(ReviewOpinion).where(ReviewOpinion.submission_id == sub_id))
            signed_on = opinion.signed_at.astimezone().date() if opinion is not None else _today()  # local day
        received = parse_date(received_on) if received_on else signed_on
        requested = parse_date(requested_on) if requested_on else _today()
        if received < signed_on:
            raise InvalidInput(reason=f"收到意见书的日期不能早于签发日期 {signed_on.isoformat()}")
        if requested < received:
            raise InvalidInput(reason="申请复核的日期不能早于收到意见书的日期")
        valid_points = {p.no for p in cfg.points}
        chosen = sorted({int(p) for p in (points or [])})
        unknown = [p for p in chosen if p not in valid_points]
        if unknown:
            raise InvalidInput(reason=f"审核要点编号无效：{unknown}（可选 {sorted(valid_points)}）")
        deadline = cal.add_workdays(received, cfg.dispute_request_days, next_day=True)
        if requested > deadline:
            self._deny(action, case_no, InvalidInput(
                key="dispute_late", reason=f"申请复核须在收到意见书后 {cfg.dispute_request_days} 个工作日内提出"
                f"（{received.isoformat()} 收到，截止 {deadline.isoformat()}），{requested.isoformat()} 已逾期"))
        due = cal.add_workdays(requested, cfg.dispute_answer_days, next_day=True)
        with self.archive.write() as s:
            sub = s.get(ReviewSubmission, sub_id)
            workflow.require_dispute(sub.status, None if self._dispute_of(s, sub.id) is None else "requested",
                                     "dispute")
            d = ReviewDispute(submission_id=sub.id, case_id=sub.case_id, status="requested", received_on=received,
                              request_deadline=deadline, requested_on=requested, requested_by=_text(requested_by),
                              request_reason=_text(reason), points=chosen, answer_due=due,
                              calendar_version=cal.version, created_by_id=self.user.id)
            s.add(d)
            self._audit(s, action, case_no, details={
                "round": sub.round, "received_on": received.isoformat(), "requested_on": requested.isoformat(),
                "request_deadline": deadline.isoformat(), "answer_due": due.isoformat(), "points": chosen,
                "requested_by": d.requested_by, "reason": d.request_reason, "calendar": cal.version})
        return self.review_status(case_no)

    def review_dispute_answer(self, case_no: str, result: str, *, text: str, conclusion: str = "",
                              answered_on: dt.date | str | None = None) -> dict[str, Any]:
        """The legal office's answer: 维持 (the opinion stands) or 变更 with the new conclusion.
        An answer after the due day is accepted but marked 逾期 (and audited so). The
        复核意见书 (PDF and DOCX) is issued with it, stored and hashed like the 意见书."""
        from workstation.archive.models import Case
        from workstation.archive.vocab import Classification
        from workstation.review.opinion import reply_docx, reply_pdf

        action = "review.dispute_answer"
        result = _text(result)
        if result not in workflow.ANSWER_RESULTS:
            raise InvalidInput(reason=f"复核结果应为{'或'.join(workflow.ANSWER_RESULTS)}，而不是“{result}”")
        if not _text(text):
            raise InvalidInput(reason="须写明复核答复的内容和理由")
        cfg = self.review_config()
        conclusion = _text(conclusion)
        if result == "变更" and conclusion not in cfg.conclusions:
            raise InvalidInput(reason=f"变更审核意见须选定新的审核结论（{'、'.join(cfg.conclusions)}）")
        if result == "维持":
            conclusion = ""
        sub_id, dispute_id = self._dispute_step(case_no, action, "answer")
        day = parse_date(answered_on) if answered_on else _today()
        with self.archive.read() as s:
            d = s.get(ReviewDispute, dispute_id)
            if day < d.requested_on:
                raise InvalidInput(reason="答复日期不能早于申请复核的日期")
            sub = s.get(ReviewSubmission, sub_id)
            case = s.get(Case, sub.case_id)
            opinion = s.scalar(select(ReviewOpinion).where(ReviewOpinion.submission_id == sub_id))
            names = {p.no: f"{p.no}. {p.name}" for p in cfg.points}
            data = {"title": cfg.opinion.get("reply_title", "法制审核复核意见书"),
                    "agency": self.archive.settings.agency_name or "", "date": day.isoformat(),
                    "case": {"case_no": case.case_no, "title": case.title, "handling_unit": case.handling_unit or ""},
                    "opinion": {"number": opinion.number if opinion else "",
                                "signed_on": opinion.signed_at.astimezone().date().isoformat() if opinion else None,
                                "conclusion": sub.conclusion},
                    "request": {"requested_on": d.requested_on.isoformat(), "requested_by": d.requested_by,
                                "reason": d.request_reason, "points": [names.get(p, str(p)) for p in d.points or []]},
                    "result": result, "text": _text(text), "changed_conclusion": conclusion,
                    "reviewer": self.user.display_name or self.username,
                    "reviewer_qualification": sub.reviewer_qualification}
            level = Classification(case.classification)
        pdf, pages = reply_pdf(data)
        with self._issued_documents(pdf, reply_docx(data), level) as doc:
            with self.archive.write() as s:
                d = s.get(ReviewDispute, dispute_id)
                d.status = workflow.require_dispute("signed", d.status, "answer")
                d.answered_on, d.answer_result, d.answer_text = day, result, _text(text)
                d.changed_conclusion, d.answered_by_id, d.updated_at = conclusion, self.user.id, utcnow()
                pdf_blob, docx_blob = doc.blob_rows(s)
                d.reply_pdf_blob_id, d.reply_pdf_sha256 = pdf_blob.id, doc.pdf.sha256
                d.reply_docx_blob_id, d.reply_docx_sha256, d.reply_pages = docx_blob.id, doc.docx.sha256, pages
                sub = s.get(ReviewSubmission, sub_id)
                self._audit(s, action, case_no, details={
                    "round": sub.round, "result": result, "conclusion": conclusion, "answered_on": day.isoformat(),
                    "answer_due": d.answer_due.isoformat(), "late": day > d.answer_due, **doc.digests("reply_")})
        return self.review_status(case_no)

    def open_dispute_reply(self, case_no: str, fmt: str = "pdf") -> dict[str, Any]:
        """A readable path of the 复核意见书 of the case's latest round (``temporary`` when it
        is a decrypted copy the caller deletes). Audited."""
        from workstation.archive import crypto
        from workstation.archive.models import Blob

        action = "review.reply_open"
        if fmt not in ("pdf", "docx"):
            raise InvalidInput(reason="格式应为 pdf 或 docx")
        self._touch()
        with self.archive.read() as s:
            _case, sub = self._review_case(s, case_no, action)
            d = self._dispute_of(s, sub.id)
            blob_id = (d.reply_pdf_blob_id if fmt == "pdf" else d.reply_docx_blob_id) if d is not None else None
            if blob_id is None:
                self._deny(action, case_no, NotFound(what=f"案卷 {case_no} 的复核意见书"))
            blob = s.get(Blob, blob_id)
            sha256, encrypted, rnd, pages = blob.sha256, blob.encrypted, sub.round, d.reply_pages
        if encrypted:
            path = crypto.decrypt_to_temp(self.archive.store.path_of(sha256), self.archive.master_key(),
                                          self.archive.data_dir / "cache" / "plain", suffix="." + fmt)
        else:
            path = self.archive.store.path_of(sha256)
        self.archive.audit_now(self.username, action, case_no, details={"round": rnd, "format": fmt,
                                                                        "sha256": sha256})
        return {"case_no": case_no, "round": rnd, "format": fmt, "sha256": sha256, "pages": pages,
                "path": str(path), "temporary": encrypted}

    def review_dispute_refer(self, case_no: str, *, reason: str, referred_on: dt.date | str | None = None
                             ) -> dict[str, Any]:
        """The handling unit still disagrees after the answer: the matter goes to 集体讨论."""
        action = "review.dispute_refer"
        if not _text(reason):
            raise InvalidInput(reason="须写明提请集体讨论的理由（仍有的分歧）")
        _sub_id, dispute_id = self._dispute_step(case_no, action, "refer")
        day = parse_date(referred_on) if referred_on else _today()
        with self.archive.write() as s:
            d = s.get(ReviewDispute, dispute_id)
            d.status = workflow.require_dispute("signed", d.status, "refer")
            if d.answered_on and day < d.answered_on:
                raise InvalidInput(reason="提请日期不能早于复核答复的日期")
            d.referred_on, d.refer_reason, d.updated_at = day, _text(reason), utcnow()
            self._audit(s, action, case_no, details={"referred_on": day.isoformat(), "reason": d.refer_reason})
        return self.review_status(case_no)

    def review_discussion(self, case_no: str, *, chair: str, participants: list[str], outcome: str, decision: str,
                          held_on: dt.date | str | None = None, minutes: dict[str, Any] | None = None
                          ) -> dict[str, Any]:
        """The decision of 集体讨论: who chaired and took part (at least
        ``discussion_min_participants``, chair included), the outcome and the decision text;
        ``minutes`` optionally anchors the 集体讨论记录 in the dossier (an item and page)."""
        action = "review.discussion"
        cfg = self.review_config()
        chair = _text(chair)
        people = list(dict.fromkeys(p for p in (_text(x) for x in participants or []) if p))
        if not chair:
            raise InvalidInput(reason="须填写集体讨论的主持人")
        everyone = list(dict.fromkeys([chair, *people]))
        if len(everyone) < cfg.discussion_min_participants:
            raise InvalidInput(reason=f"集体讨论须至少 {cfg.discussion_min_participants} 人参加（含主持人），"
                                      f"现为 {len(everyone)} 人")
        outcome = _text(outcome)
        if outcome not in workflow.DISCUSSION_OUTCOMES:
            raise InvalidInput(reason=f"讨论结果应为：{'、'.join(workflow.DISCUSSION_OUTCOMES)}")
        if not _text(decision):
            raise InvalidInput(reason="须写明集体讨论的决定")
        _sub_id, dispute_id = self._dispute_step(case_no, action, "discuss")
        day = parse_date(held_on) if held_on else _today()
        anchor = None
        if minutes:
            with self.archive.read() as s:
                anchor, _item = self._resolve_anchor(s, dict(minutes), action)
        with self.archive.write() as s:
            d = s.get(ReviewDispute, dispute_id)
            d.status = workflow.require_dispute("signed", d.status, "discuss")
            if d.referred_on and day < d.referred_on:
                raise InvalidInput(reason="讨论日期不能早于提请日期")
            d.discussed_on, d.updated_at = day, utcnow()
            d.discussion = {"chair": chair, "participants": everyone, "outcome": outcome,
                            "decision": _text(decision), "minutes": anchor}
            self._audit(s, action, case_no, details={"held_on": day.isoformat(), **d.discussion})
        return self.review_status(case_no)

    def _dispute_json(self, s: "Session", sub_id: int, today: dt.date) -> dict[str, Any] | None:
        from workstation.review import anchors as anc

        d = self._dispute_of(s, sub_id)
        if d is None:
            return None
        names = self._user_names(s, {d.answered_by_id} if d.answered_by_id else set())
        minutes = (d.discussion or {}).get("minutes")
        return {"status": d.status, "status_name": workflow.DISPUTE_STATES.get(d.status, d.status),
                "received_on": d.received_on.isoformat(), "request_deadline": d.request_deadline.isoformat(),
                "requested_on": d.requested_on.isoformat(), "requested_by": d.requested_by,
                "reason": d.request_reason, "points": list(d.points or []), "answer_due": d.answer_due.isoformat(),
                "answer_overdue": d.answered_on is None and today > d.answer_due,
                "answered_on": d.answered_on.isoformat() if d.answered_on else None,
                "answered_late": bool(d.answered_on and d.answered_on > d.answer_due),
                "answer_result": d.answer_result, "answer_text": d.answer_text,
                "reply": {"pdf_sha256": d.reply_pdf_sha256, "docx_sha256": d.reply_docx_sha256,
                          "pages": d.reply_pages} if d.reply_pdf_blob_id else None,
                "changed_conclusion": d.changed_conclusion, "answered_by": names.get(d.answered_by_id, ""),
                "referred_on": d.referred_on.isoformat() if d.referred_on else None, "refer_reason": d.refer_reason,
                "discussed_on": d.discussed_on.isoformat() if d.discussed_on else None,
                "discussion": {**dict(d.discussion or {}),
                               "minutes_uri": anc.anchor_uri(minutes) if minutes else None} if d.discussion else None,
                "calendar_version": d.calendar_version}
