"""The access policy: what a signed-in user may do and see.

Every read and write in the session facade asks this object; there is no other path.
Two questions are asked each time:
1. **Function** (role): may this kind of account do this at all? 三员 separation (domain.md
   §4.2): system administrators manage accounts and configuration but see no case content;
   the security officer manages clearances, grants and approvals; the auditor reads the
   audit log; business roles work with cases.
2. **Data** (密级 and 知悉范围): clearance ≥ the case's (and item's) 密级, AND an active grant
   to the user or their department, or a role-wide rule. Grants are checked against the
   clock on every call, so an expired or revoked grant stops working at once.

The same rules exist twice, in Python (for one object) and as SQL (for lists, counts
and the search filter); tests compare the two.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case as sql_case, exists, false, literal, or_, select
from sqlalchemy.orm import Session

from workstation.archive.models import AccessRule, Case, Grant, Item, User, Volume, utcnow
from workstation.archive.vocab import Classification, Role


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    CONFIGURE = "configure"
    CREATE_CASE = "create_case"
    EDIT_CASE = "edit_case"
    IMPORT = "import"
    READ_CASES = "read_cases"
    EXPORT = "export"
    READ_AUDIT = "read_audit"
    VERIFY_FIXITY = "verify_fixity"
    MANAGE_ACCESS = "manage_access"  # clearances, grants, rules, 密级 decisions
    APPROVE_REQUESTS = "approve_requests"
    REQUEST_ACCESS = "request_access"
    ANNOTATE = "annotate"  # annotations and links on evidence (never on originals)
    REVIEW = "review"  # 法制审核: submissions, checklist, 意见书 drafts
    SIGN_OFF_REVIEW = "sign_off_review"  # 法制机构负责人 signs the 意见书 off
    SCORE = "score"  # 案卷评查: score assigned dossiers
    MANAGE_EVALUATIONS = "manage_evaluations"  # 评查 plans, assignment, reconciliation, reports


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.SYSADMIN: frozenset({Permission.MANAGE_USERS, Permission.CONFIGURE, Permission.VERIFY_FIXITY}),
    Role.SECADMIN: frozenset({Permission.MANAGE_ACCESS, Permission.APPROVE_REQUESTS}),
    Role.AUDITOR: frozenset({Permission.READ_AUDIT}),
    Role.ARCHIVIST: frozenset({Permission.CREATE_CASE, Permission.EDIT_CASE, Permission.IMPORT,
                               Permission.READ_CASES, Permission.EXPORT, Permission.VERIFY_FIXITY,
                               Permission.REQUEST_ACCESS}),
    Role.REVIEWER: frozenset({Permission.READ_CASES, Permission.EXPORT, Permission.REQUEST_ACCESS,
                              Permission.ANNOTATE, Permission.REVIEW}),
    Role.EVALUATOR: frozenset({Permission.READ_CASES, Permission.EXPORT, Permission.REQUEST_ACCESS,
                               Permission.ANNOTATE, Permission.SCORE, Permission.MANAGE_EVALUATIONS}),
    Role.READER: frozenset({Permission.READ_CASES, Permission.REQUEST_ACCESS}),
    Role.APPROVER: frozenset({Permission.READ_CASES, Permission.APPROVE_REQUESTS, Permission.REQUEST_ACCESS,
                              Permission.SIGN_OFF_REVIEW, Permission.MANAGE_EVALUATIONS}),
}

GRANT_LEVELS = ("view", "export", "edit")
GRANT_LEVEL_NAMES = {"view": "查看", "export": "下载/导出", "edit": "编辑"}

# 三员: no account may hold the auditor role together with either administrator role.
FORBIDDEN_ROLE_PAIRS = [(Role.SYSADMIN, Role.AUDITOR), (Role.SECADMIN, Role.AUDITOR)]
ADMIN_ROLES = {Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR}


def check_role_combination(roles: set[Role]) -> str | None:
    """The reason a combination is forbidden, or None."""
    for a, b in FORBIDDEN_ROLE_PAIRS:
        if a in roles and b in roles:
            return f"{a}与{b}不得由同一账号担任（三员分立）"
    if roles & ADMIN_ROLES and roles - ADMIN_ROLES:
        return "管理员账号不得兼任业务角色（管理员不接触案卷内容）"
    return None


def parse_grant_level(text: str) -> str:
    for key, name in GRANT_LEVEL_NAMES.items():
        if text in (key, name, name.split("/")[0]):
            return key
    raise ValueError(text)


def _rank_sql(column) -> ColumnElement[int]:
    return sql_case(*[(column == c.value, i) for i, c in enumerate(Classification)], else_=99)


def _active(now: dt.datetime):
    return and_(Grant.revoked_at.is_(None), Grant.starts_at <= now, or_(Grant.ends_at.is_(None), Grant.ends_at > now))


class Policy:
    def __init__(self, user: User):
        self.user = user
        self.roles = {Role(r) for r in user.role_names}
        self.permissions: frozenset[Permission] = frozenset().union(
            *(ROLE_PERMISSIONS.get(r, frozenset()) for r in self.roles))
        self.clearance = Classification(user.clearance)

    # -- function ---------------------------------------------------------------------
    def allows(self, permission: Permission) -> bool:
        return permission in self.permissions

    def can_see_level(self, level: Classification | str) -> bool:
        return Classification(level) <= self.clearance

    @property
    def visible_levels(self) -> list[str]:
        return [c.value for c in Classification if c <= self.clearance]

    # -- data: SQL ------------------------------------------------------------------------
    def _grantee(self):
        conds = [Grant.user_id == self.user.id]
        if self.user.department:
            conds.append(and_(Grant.user_id.is_(None), Grant.department == self.user.department))
        return or_(*conds)

    def _rule_clause(self, level_required: str) -> ColumnElement[bool]:
        roles = [str(r) for r in self.roles]
        wanted = GRANT_LEVELS[GRANT_LEVELS.index(level_required):]
        return exists(select(AccessRule.id).where(
            AccessRule.active.is_(True), AccessRule.role.in_(roles), AccessRule.level.in_(wanted),
            or_(AccessRule.department == "", AccessRule.department == (self.user.department or "")),
            or_(AccessRule.case_unit == "", AccessRule.case_unit == Case.handling_unit),
            _rank_sql(Case.classification) <= _rank_sql(AccessRule.max_classification)))

    def case_clause(self, now: dt.datetime | None = None, level: str = "view", *,
                    whole_case: bool = False) -> ColumnElement[bool]:
        """Cases this user may know exist (level "view"), or act on at ``level``.

        With ``whole_case`` an item-only grant does not count (e.g. to edit the case)."""
        if not self.allows(Permission.READ_CASES):
            return false()
        now = now or utcnow()
        wanted = GRANT_LEVELS[GRANT_LEVELS.index(level):]
        case_grant = exists(select(Grant.id).where(Grant.case_id == Case.id, Grant.item_id.is_(None),
                                                   Grant.level.in_(wanted), self._grantee(), _active(now)))
        reasons = [case_grant, self._rule_clause(level)]
        if not whole_case:
            reasons.append(exists(select(Grant.id).join(Item, Item.id == Grant.item_id).where(
                Grant.case_id == Case.id, Grant.level.in_(wanted), self._grantee(), _active(now),
                Item.classification.in_(self.visible_levels))))
        return and_(Case.classification.in_(self.visible_levels), or_(*reasons))

    def item_clause(self, now: dt.datetime | None = None, level: str = "view") -> ColumnElement[bool]:
        """Items (joined with Volume and Case) this user may open at ``level``."""
        now = now or utcnow()
        wanted = GRANT_LEVELS[GRANT_LEVELS.index(level):]
        item_grant = exists(select(Grant.id).where(Grant.item_id == Item.id, Grant.level.in_(wanted),
                                                   self._grantee(), _active(now)))
        return and_(Item.classification.in_(self.visible_levels),
                    or_(self.case_clause(now, level, whole_case=True),
                        and_(Case.classification.in_(self.visible_levels), item_grant)))

    # -- data: one object -----------------------------------------------------------------
    def may_case(self, s: Session, case_id: int, level: str = "view", *, whole_case: bool = False) -> bool:
        return s.scalar(select(literal(1)).select_from(Case).where(
            Case.id == case_id, self.case_clause(level=level, whole_case=whole_case))) is not None

    def may_item(self, s: Session, item_id: int, level: str = "view") -> bool:
        return s.scalar(select(literal(1)).select_from(Item).join(Volume, Item.volume_id == Volume.id)
                        .join(Case, Volume.case_id == Case.id)
                        .where(Item.id == item_id, self.item_clause(level=level))) is not None

    def visible_case_ids(self, s: Session) -> set[int]:
        return set(s.scalars(select(Case.id).where(self.case_clause())))

    def hidden_item_ids(self, s: Session, case_ids: set[int]) -> set[int]:
        """Items inside visible cases that this user still may not open (higher 密级, item grants)."""
        if not case_ids:
            return set()
        all_items = set(s.scalars(select(Item.id).join(Volume).where(Volume.case_id.in_(case_ids))))
        ok = set(s.scalars(select(Item.id).join(Volume, Item.volume_id == Volume.id).join(Case, Volume.case_id == Case.id)
                           .where(Volume.case_id.in_(case_ids), self.item_clause())))
        return all_items - ok
