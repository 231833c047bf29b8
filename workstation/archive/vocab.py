"""Fixed vocabularies from the law and the archive standards (domain.md).

Locality-specific lists (document types, order templates, 档号 patterns) are data in
resources/, not here.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    PENALTY = "处罚"
    LICENSING = "许可"
    COERCION = "强制"
    INSPECTION = "检查"
    LEVY = "征收"
    REQUISITION = "征用"
    OTHER = "其他"


class Procedure(StrEnum):
    ORDINARY = "一般"
    SUMMARY = "简易"


class Retention(StrEnum):
    PERMANENT = "永久"
    Y30 = "定期30年"
    Y10 = "定期10年"

    @property
    def code(self) -> str:
        return {"永久": "Y", "定期30年": "D30", "定期10年": "D10"}[self.value]


class Classification(StrEnum):
    PUBLIC = "公开"
    INTERNAL = "内部"
    SECRET = "秘密"
    CONFIDENTIAL = "机密"
    TOP_SECRET = "绝密"

    @property
    def rank(self) -> int:
        return _CLASS_ORDER.index(self)

    def __le__(self, other):  # type: ignore[override]
        return self.rank <= Classification(other).rank

    def __lt__(self, other):  # type: ignore[override]
        return self.rank < Classification(other).rank

    def __ge__(self, other):  # type: ignore[override]
        return self.rank >= Classification(other).rank

    def __gt__(self, other):  # type: ignore[override]
        return self.rank > Classification(other).rank


_CLASS_ORDER = list(Classification)


class VolumeKind(StrEnum):
    MAIN = "正卷"
    INTERNAL = "副卷"


class ItemKind(StrEnum):
    DOCUMENT = "document"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    OTHER = "other"


class CaseStatus(StrEnum):
    COMPILING = "整理中"
    FILED = "已归档"


class Outcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    ERROR = "error"


class Role(StrEnum):
    SYSADMIN = "系统管理员"
    SECADMIN = "安全保密管理员"
    AUDITOR = "安全审计员"
    ARCHIVIST = "归档员"
    REVIEWER = "法制审核员"
    EVALUATOR = "评查员"
    READER = "调阅人"
    APPROVER = "负责人"


ROLE_ALIASES = {
    "sysadmin": Role.SYSADMIN,
    "secadmin": Role.SECADMIN,
    "auditor": Role.AUDITOR,
    "archivist": Role.ARCHIVIST,
    "reviewer": Role.REVIEWER,
    "evaluator": Role.EVALUATOR,
    "reader": Role.READER,
    "approver": Role.APPROVER,
}


def parse_role(text: str) -> Role:
    if text in ROLE_ALIASES:
        return ROLE_ALIASES[text]
    return Role(text)
