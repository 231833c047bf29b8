"""The security officer's and approvers' side of the session facade: clearances, 密级
decisions, 知悉范围 grants and rules, 调阅 requests, passwords. Mixed into Workstation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workstation.archive import catalog
from workstation.archive.access import Permission, check_role_combination
from workstation.archive.models import (
    AccessRequest,
    AccessRule,
    Case,
    ClassificationDecision,
    Grant,
    Item,
    User,
    UserRole,
    Volume,
    utcnow,
)
from workstation.archive.vocab import Classification, Outcome, Role
from workstation.changes import Changes
from workstation.errors import AccessDenied, Conflict, InvalidInput, NotFound

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _level(text: str) -> Classification:
    try:
        return Classification(text)
    except ValueError:
        raise InvalidInput(reason=f"密级“{text}”无效，可选：{'、'.join(c.value for c in Classification)}") from None


def _grant_level(text: str) -> str:
    from workstation.archive.access import parse_grant_level

    try:
        return parse_grant_level(text)
    except ValueError:
        raise InvalidInput(reason=f"授权级别“{text}”无效，可选：查看(view)、下载/导出(export)、编辑(edit)") from None


def _when(value: dt.datetime | dt.date | str | None, default: dt.datetime | None = None) -> dt.datetime | None:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value) if "T" in value or " " in value else dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(reason=f"日期“{value}”格式应为 YYYY-MM-DD") from None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=BEIJING)
    return dt.datetime(value.year, value.month, value.day, tzinfo=BEIJING)


BEIJING = dt.timezone(dt.timedelta(hours=8))


def grant_json(g: Grant, s: "Session") -> dict[str, Any]:
    now = utcnow()
    state = ("revoked" if g.revoked_at else "expired" if g.ends_at and g.ends_at <= now
             else "pending" if g.starts_at > now else "active")
    user = s.get(User, g.user_id) if g.user_id else None
    return {"id": g.id, "case_no": s.get(Case, g.case_id).case_no, "item_id": g.item_id,
            "user": user.username if user else None, "department": g.department, "level": g.level,
            "starts_at": g.starts_at.isoformat(), "ends_at": g.ends_at.isoformat() if g.ends_at else None,
            "reason": g.reason, "state": state, "request_id": g.request_id}


class AccessMethods:
    # -- users: clearance, passwords ---------------------------------------------------
    def set_clearance(self, username: str, level: str, *, department: str | None = None) -> Changes:
        self._require(Permission.MANAGE_ACCESS, "user.set_clearance", username)
        new = _level(level)
        with self.archive.write() as s:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                raise NotFound(what=f"用户 {username}")
            old = str(user.clearance)
            user.clearance = new
            if department is not None:
                user.department = department
            self._audit(s, "user.set_clearance", username, details={"old": old, "new": str(new),
                                                                     "department": user.department})
        return Changes(users=True)

    def set_roles(self, username: str, roles: list[Role]) -> Changes:
        self._require(Permission.MANAGE_USERS, "user.set_roles", username)
        reason = check_role_combination(set(roles))
        if reason:
            self.archive.audit_now(self.username, "user.set_roles", username, Outcome.DENIED, {"reason": reason})
            raise InvalidInput(key="role_conflict", reason=reason)
        with self.archive.write() as s:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                raise NotFound(what=f"用户 {username}")
            user.roles = [UserRole(role=str(r)) for r in dict.fromkeys(roles)]
            self._audit(s, "user.set_roles", username, details={"roles": [str(r) for r in roles]})
        return Changes(users=True)

    def set_active(self, username: str, active: bool) -> Changes:
        self._require(Permission.MANAGE_USERS, "user.set_active", username)
        with self.archive.write() as s:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                raise NotFound(what=f"用户 {username}")
            user.active = active
            self._audit(s, "user.set_active", username, details={"active": active})
        return Changes(users=True)

    # -- 密级 decisions ---------------------------------------------------------------------
    def classify(self, case_no: str, level: str, *, basis: str, item_id: int | None = None,
                 secrecy_term: str = "") -> Changes:
        """Change a case's or an item's 密级 — its own audited action for the security officer."""
        target = f"{case_no}" + (f"/item:{item_id}" if item_id else "")
        self._require(Permission.MANAGE_ACCESS, "classify", target)
        new = _level(level)
        if not basis.strip():
            raise InvalidInput(reason="定密须写明依据")
        if not self.policy.can_see_level(new):
            self.archive.audit_now(self.username, "classify", target, Outcome.DENIED, {"reason": "above_clearance"})
            raise AccessDenied(reason="不能设定高于本人密级的密级")
        with self.archive.write() as s:
            case = catalog.case_by_no(s, case_no)
            if case is None or not self.policy.can_see_level(case.classification):
                raise NotFound(what=f"案卷 {case_no}")
            obj: Case | Item = case
            if item_id is not None:
                obj = s.scalar(select(Item).join(Volume).where(Item.id == item_id, Volume.case_id == case.id))
                if obj is None or not self.policy.can_see_level(obj.classification):
                    raise NotFound(what=f"件 {item_id}")
                if new < Classification(case.classification):
                    raise InvalidInput(reason="件的密级不得低于所在案卷")
            old = str(obj.classification)
            obj.classification = new
            if item_id is None:
                case.secrecy_term = secrecy_term or case.secrecy_term
                for it in s.scalars(select(Item).join(Volume).where(Volume.case_id == case.id)):
                    if Classification(it.classification) < new:
                        it.classification = new
            s.add(ClassificationDecision(case_id=case.id, item_id=item_id, old_level=old, new_level=new,
                                         secrecy_term=secrecy_term, basis=basis, decided_by_id=self.user.id))
            self._audit(s, "classify", target, details={"old": old, "new": str(new), "basis": basis,
                                                         "secrecy_term": secrecy_term})
            to_encrypt = []
            if self.archive.needs_encryption(new):
                stmt = select(Item).join(Volume).where(Volume.case_id == case.id)
                if item_id is not None:
                    stmt = stmt.where(Item.id == item_id)
                to_encrypt = [it.blob.sha256 for it in s.scalars(stmt) if it.blob is not None and not it.blob.encrypted]
        # Raising an item to 秘密 or above encrypts its stored original at rest.
        for sha in dict.fromkeys(to_encrypt):
            self.archive.encrypt_blob(sha, self.username)
        return Changes(cases=True, items=True, index=True)

    # -- 知悉范围 grants and rules ------------------------------------------------------------
    def add_grant(self, case_no: str, *, user: str | None = None, department: str | None = None,
                  level: str = "view", starts: Any = None, ends: Any = None, reason: str,
                  item_id: int | None = None, request_id: int | None = None, _s: "Session | None" = None) -> int:
        self._require(Permission.MANAGE_ACCESS, "grant.add", case_no)
        if bool(user) == bool(department):
            raise InvalidInput(reason="授权对象须为一个用户或一个部门")
        if not reason.strip():
            raise InvalidInput(reason="授权须写明事由")
        lvl = _grant_level(level)
        start = _when(starts, utcnow())
        end = _when(ends)
        if end and end <= start:
            raise InvalidInput(reason="授权截止时间须晚于开始时间")
        with self.archive.write() as s:
            case = catalog.case_by_no(s, case_no)
            if case is None or not self.policy.can_see_level(case.classification):
                raise NotFound(what=f"案卷 {case_no}")
            uid = None
            if user:
                u = s.scalar(select(User).where(User.username == user))
                if u is None:
                    raise NotFound(what=f"用户 {user}")
                uid = u.id
            if item_id is not None and s.scalar(select(Item.id).join(Volume).where(
                    Item.id == item_id, Volume.case_id == case.id)) is None:
                raise NotFound(what=f"件 {item_id}")
            g = Grant(case_id=case.id, item_id=item_id, user_id=uid, department=department or None, level=lvl,
                      starts_at=start, ends_at=end, reason=reason, created_by_id=self.user.id, request_id=request_id)
            s.add(g)
            s.flush()
            self._audit(s, "grant.add", case_no, details=grant_json(g, s))
            return g.id

    def list_grants(self, case_no: str | None = None) -> list[dict[str, Any]]:
        self._require(Permission.MANAGE_ACCESS, "grant.list", case_no or "")
        with self.archive.read() as s:
            stmt = select(Grant).join(Case).where(Case.classification.in_(self.policy.visible_levels)).order_by(Grant.id)
            if case_no:
                stmt = stmt.where(Case.case_no == case_no)
            return [grant_json(g, s) for g in s.scalars(stmt)]

    def revoke_grant(self, grant_id: int) -> Changes:
        self._require(Permission.MANAGE_ACCESS, "grant.revoke", str(grant_id))
        with self.archive.write() as s:
            g = s.get(Grant, grant_id)
            if g is None:
                raise NotFound(what=f"授权 {grant_id}")
            if g.revoked_at is None:
                g.revoked_at, g.revoked_by_id = utcnow(), self.user.id
            self._audit(s, "grant.revoke", str(grant_id), details=grant_json(g, s))
        return Changes(grants=True)

    def add_rule(self, *, role: Role, max_classification: str, department: str = "", case_unit: str = "",
                 level: str = "view", reason: str = "") -> int:
        self._require(Permission.MANAGE_ACCESS, "rule.add", str(role))
        lvl, top = _grant_level(level), _level(max_classification)
        with self.archive.write() as s:
            rule = AccessRule(role=str(role), department=department, case_unit=case_unit, max_classification=top,
                              level=lvl, reason=reason, created_by_id=self.user.id)
            s.add(rule)
            s.flush()
            self._audit(s, "rule.add", str(role), details={"id": rule.id, "department": department,
                                                           "case_unit": case_unit, "max": str(top), "level": lvl})
            return rule.id

    def list_rules(self) -> list[dict[str, Any]]:
        self._require(Permission.MANAGE_ACCESS, "rule.list")
        with self.archive.read() as s:
            return [{"id": r.id, "role": r.role, "department": r.department, "case_unit": r.case_unit,
                     "max_classification": str(r.max_classification), "level": r.level, "active": r.active,
                     "reason": r.reason} for r in s.scalars(select(AccessRule).order_by(AccessRule.id))]

    def deactivate_rule(self, rule_id: int) -> Changes:
        self._require(Permission.MANAGE_ACCESS, "rule.deactivate", str(rule_id))
        with self.archive.write() as s:
            rule = s.get(AccessRule, rule_id)
            if rule is None:
                raise NotFound(what=f"规则 {rule_id}")
            rule.active = False
            self._audit(s, "rule.deactivate", str(rule_id))
        return Changes(grants=True)

    # -- 调阅 requests ---------------------------------------------------------------------------
    def create_request(self, case_no: str, *, reason: str, starts: Any = None, ends: Any, level: str = "view") -> int:
        """Ask for access to a case by its 案号 (known from paper files or a referral)."""
        self._require(Permission.REQUEST_ACCESS, "request.create", case_no)
        if not reason.strip():
            raise InvalidInput(reason="调阅申请须写明事由")
        lvl = _grant_level(level)
        start, end = _when(starts, utcnow()), _when(ends)
        if end is None or end <= start:
            raise InvalidInput(reason="调阅期限须有截止时间且晚于开始时间")
        with self.archive.write() as s:
            case = catalog.case_by_no(s, case_no)
            # Asking must not reveal whether a case above the requester's clearance exists.
            if case is None or not self.policy.can_see_level(case.classification):
                self._audit(s, "request.create", case_no, Outcome.DENIED, {"reason": "not_found_or_hidden"})
                raise NotFound(what=f"案卷 {case_no}")
            req = AccessRequest(requester_id=self.user.id, case_id=case.id, level=lvl, reason=reason,
                                starts_at=start, ends_at=end)
            s.add(req)
            s.flush()
            self._audit(s, "request.create", case_no, details={"id": req.id, "level": lvl, "reason": reason,
                                                               "ends": end.isoformat()})
            return req.id

    def list_requests(self, status: str | None = None) -> list[dict[str, Any]]:
        mine_only = not self.policy.allows(Permission.APPROVE_REQUESTS)
        with self.archive.read() as s:
            stmt = select(AccessRequest).order_by(AccessRequest.id)
            if mine_only:
                stmt = stmt.where(AccessRequest.requester_id == self.user.id)
            if status:
                stmt = stmt.where(AccessRequest.status == status)
            out = []
            for r in s.scalars(stmt):
                case = s.get(Case, r.case_id)
                if not self.policy.can_see_level(case.classification) and not mine_only:
                    continue
                out.append({"id": r.id, "requester": s.get(User, r.requester_id).username, "case_no": case.case_no,
                            "level": r.level, "reason": r.reason, "starts_at": r.starts_at.isoformat(),
                            "ends_at": r.ends_at.isoformat(), "status": r.status,
                            "decided_by": s.get(User, r.decided_by_id).username if r.decided_by_id else None,
                            "decision_note": r.decision_note})
            return out

    def decide_request(self, request_id: int, approve: bool, note: str = "") -> Changes:
        action = "request.approve" if approve else "request.refuse"
        self._require(Permission.APPROVE_REQUESTS, action, str(request_id))
        with self.archive.write() as s:
            req = s.get(AccessRequest, request_id)
            if req is None:
                raise NotFound(what=f"调阅申请 {request_id}")
            case = s.get(Case, req.case_id)
            requester = s.get(User, req.requester_id)
            if not self.policy.can_see_level(case.classification):
                raise NotFound(what=f"调阅申请 {request_id}")
            if req.status != "pending":
                raise Conflict(reason=f"该申请已{'批准' if req.status == 'approved' else '拒绝'}")
            if requester.id == self.user.id:
                raise AccessDenied(reason="不能审批本人的调阅申请")
            too_high = approve and Classification(case.classification) > Classification(requester.clearance)
            if too_high:
                low = str(requester.clearance), str(case.classification)
            else:
                req.status = "approved" if approve else "refused"
                req.decided_by_id, req.decided_at, req.decision_note = self.user.id, utcnow(), note
                details = {"requester": requester.username, "case_no": case.case_no, "note": note}
                if approve:
                    g = Grant(case_id=case.id, user_id=requester.id, level=req.level, starts_at=req.starts_at,
                              ends_at=req.ends_at, reason=f"调阅申请 {req.id}：{req.reason}",
                              created_by_id=self.user.id, request_id=req.id)
                    s.add(g)
                    s.flush()
                    details["grant_id"] = g.id
                self._audit(s, action, str(request_id), details=details)
        if too_high:
            self.archive.audit_now(self.username, action, str(request_id), Outcome.DENIED,
                                   {"reason": "requester_clearance_too_low"})
            raise AccessDenied(reason=f"申请人密级（{low[0]}）低于案卷密级（{low[1]}），不能批准")
        return Changes(grants=True, cases=True)
