"""The access policy: what a signed-in user may do and see.

Every read and write in the session facade asks this object. Role permissions follow
三员 separation (domain.md §4.2): system administrators manage accounts but see no case
content; the auditor reads the audit log; business roles work with cases. A user sees a
case only with clearance at or above its 密级.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ColumnElement, false, true

from workstation.archive.models import Case, User
from workstation.archive.vocab import Classification, Role


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    CONFIGURE = "configure"
    CREATE_CASE = "create_case"
    EDIT_CASE = "edit_case"
    IMPORT = "import"
    READ_CASES = "read_cases"
    READ_AUDIT = "read_audit"
    VERIFY_FIXITY = "verify_fixity"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.SYSADMIN: frozenset({Permission.MANAGE_USERS, Permission.CONFIGURE, Permission.VERIFY_FIXITY}),
    Role.SECADMIN: frozenset(),
    Role.AUDITOR: frozenset({Permission.READ_AUDIT, Permission.VERIFY_FIXITY}),
    Role.ARCHIVIST: frozenset({Permission.CREATE_CASE, Permission.EDIT_CASE, Permission.IMPORT,
                               Permission.READ_CASES, Permission.VERIFY_FIXITY}),
    Role.REVIEWER: frozenset({Permission.READ_CASES}),
    Role.EVALUATOR: frozenset({Permission.READ_CASES}),
    Role.READER: frozenset({Permission.READ_CASES}),
    Role.APPROVER: frozenset({Permission.READ_CASES}),
}

# 三员: no account may hold the auditor role together with either administrator role.
FORBIDDEN_ROLE_PAIRS = [
    (Role.SYSADMIN, Role.AUDITOR),
    (Role.SECADMIN, Role.AUDITOR),
]
ADMIN_ROLES = {Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR}


def check_role_combination(roles: set[Role]) -> str | None:
    """The reason a combination is forbidden, or None."""
    for a, b in FORBIDDEN_ROLE_PAIRS:
        if a in roles and b in roles:
            return f"{a}与{b}不得由同一账号担任（三员分立）"
    if roles & ADMIN_ROLES and roles - ADMIN_ROLES:
        return "管理员账号不得兼任业务角色（管理员不接触案卷内容）"
    return None


class Policy:
    def __init__(self, user: User):
        self.user = user
        self.roles = {Role(r) for r in user.role_names}
        self.permissions: frozenset[Permission] = frozenset().union(
            *(ROLE_PERMISSIONS.get(r, frozenset()) for r in self.roles))
        self.clearance = Classification(user.clearance)

    def allows(self, permission: Permission) -> bool:
        return permission in self.permissions

    def can_see_case(self, case: Case) -> bool:
        return self.allows(Permission.READ_CASES) and Classification(case.classification) <= self.clearance

    def can_see_level(self, level: Classification | str) -> bool:
        return Classification(level) <= self.clearance

    def case_filter(self) -> ColumnElement[bool]:
        """SQL condition selecting exactly the cases this user may know exist."""
        if not self.allows(Permission.READ_CASES):
            return false()
        visible = [c.value for c in Classification if c <= self.clearance]
        return Case.classification.in_(visible) if visible else true()
