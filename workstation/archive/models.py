"""The catalog: SQLAlchemy 2 typed models.

Hierarchy (domain.md §2.1): 案件/案卷 (Case) → 卷 (Volume, 正卷/副卷) → 件 (Item) → 页.
Order, numbering and volume split are metadata over immutable stored files (Blob).
Schema changes go through Alembic migrations in ``migrations/versions``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from workstation.archive.vocab import (
    CaseStatus,
    Category,
    Classification,
    ItemKind,
    Procedure,
    Retention,
    VolumeKind,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on both SQLite (which has no time zones) and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc)


def _enum(cls, name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, validate_strings=True, length=16,
                values_callable=lambda e: [m.value for m in e])


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Agency(Base):
    """全宗: the fonds, normally one enforcement agency."""

    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(primary_key=True)
    fonds_code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Case(Base):
    """案件 and its 案卷 (一案一卷: one dossier per case, so they share a row)."""

    __tablename__ = "case_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    case_no: Mapped[str] = mapped_column(String(100), unique=True)  # 案号
    title: Mapped[str] = mapped_column(String(500))  # 案卷题名
    party: Mapped[str] = mapped_column(String(300), default="")  # 当事人
    party_id_no: Mapped[str] = mapped_column(String(64), default="")  # 身份证号 / 统一社会信用代码
    cause: Mapped[str] = mapped_column(String(500), default="")  # 案由
    category: Mapped[Category] = mapped_column(_enum(Category, "category"))  # 执法类别
    procedure: Mapped[Procedure] = mapped_column(_enum(Procedure, "procedure"), default=Procedure.ORDINARY)
    handling_unit: Mapped[str] = mapped_column(String(200), default="")  # 承办机构
    handlers: Mapped[list[Any]] = mapped_column(default=list)  # 承办人 names
    decision_no: Mapped[str] = mapped_column(String(200), default="")  # 决定书文号
    opened_on: Mapped[dt.date | None] = mapped_column(Date)  # 立案日期
    closed_on: Mapped[dt.date | None] = mapped_column(Date)  # 结案日期
    retention: Mapped[Retention] = mapped_column(_enum(Retention, "retention"), default=Retention.PERMANENT)
    classification: Mapped[Classification] = mapped_column(
        _enum(Classification, "classification"), default=Classification.INTERNAL)  # 密级
    secrecy_term: Mapped[str] = mapped_column(String(100), default="")  # 保密期限 or 解密条件
    archival_code: Mapped[str | None] = mapped_column(String(100), unique=True)  # 档号
    filing_no: Mapped[str | None] = mapped_column(String(32), unique=True)  # 归档号
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus, "case_status"), default=CaseStatus.COMPILING)
    remarks: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    volumes: Mapped[list[Volume]] = relationship(
        back_populates="case", order_by="(Volume.kind, Volume.seq)", cascade="all, delete-orphan")
    agency: Mapped[Agency | None] = relationship()


class Volume(Base):
    """卷: 正卷 (main) or 副卷 (internal); large cases have several of each."""

    __tablename__ = "volume"
    __table_args__ = (UniqueConstraint("case_id", "kind", "seq", name="uq_volume_case_kind_seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    kind: Mapped[VolumeKind] = mapped_column(_enum(VolumeKind, "volume_kind"))
    seq: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300), default="")

    case: Mapped[Case] = relationship(back_populates="volumes")
    items: Mapped[list[Item]] = relationship(
        back_populates="volume", order_by="Item.seq", cascade="all, delete-orphan")


class Blob(Base):
    """One stored original, content-addressed by SHA-256; identical content is stored once."""

    __tablename__ = "blob"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    stored_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_fixity_at: Mapped[dt.datetime | None] = mapped_column()
    last_fixity_ok: Mapped[bool | None] = mapped_column()
    # Encrypted at rest (items of 秘密 and above); key_id names the master key that wraps its file key.
    encrypted: Mapped[bool] = mapped_column(default=False)
    key_id: Mapped[str] = mapped_column(String(64), default="")

    digests: Mapped[list[Digest]] = relationship(back_populates="blob", cascade="all, delete-orphan")

    def digest(self, algorithm: str, scope: str = "content") -> str | None:
        for d in self.digests:
            if d.algorithm == algorithm and d.scope == scope:
                return d.value
        return None


class Digest(Base):
    """A digest is never stored bare: the algorithm name sits beside it (domain.md §7.4)."""

    __tablename__ = "digest"
    __table_args__ = (UniqueConstraint("blob_id", "algorithm", "scope", name="uq_digest_blob_alg_scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id", ondelete="CASCADE"), index=True)
    algorithm: Mapped[str] = mapped_column(String(16))  # "sha256", "sm3"
    # "content": the bytes as received; "stored": the bytes on disk when encrypted at rest.
    scope: Mapped[str] = mapped_column(String(16), default="content")
    value: Mapped[str] = mapped_column(String(128))

    blob: Mapped[Blob] = relationship(back_populates="digests")


class Item(Base):
    """件: one document (with attachments) or one recording; one 卷内目录 row."""

    __tablename__ = "item"
    __table_args__ = (Index("ix_item_volume_seq", "volume_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    volume_id: Mapped[int] = mapped_column(ForeignKey("volume.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column()  # order within the volume (顺序号)
    kind: Mapped[ItemKind] = mapped_column(_enum(ItemKind, "item_kind"))
    title: Mapped[str] = mapped_column(String(500))  # 题名
    doc_no: Mapped[str] = mapped_column(String(200), default="")  # 文号
    author: Mapped[str] = mapped_column(String(200), default="")  # 责任者
    doc_date: Mapped[dt.date | None] = mapped_column(Date)  # 日期
    doc_type: Mapped[str] = mapped_column(String(100), default="")  # from resources/reference
    classification: Mapped[Classification] = mapped_column(
        _enum(Classification, "classification"), default=Classification.INTERNAL)
    page_count: Mapped[int | None] = mapped_column()
    duration_ms: Mapped[int | None] = mapped_column(BigInteger)
    page_start: Mapped[int | None] = mapped_column()  # 页号 range
    page_end: Mapped[int | None] = mapped_column()
    blob_id: Mapped[int | None] = mapped_column(ForeignKey("blob.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(1000), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    usable: Mapped[bool] = mapped_column(default=True)
    unusable_reason: Mapped[str] = mapped_column(Text, default="")
    probe: Mapped[dict[str, Any]] = mapped_column(default=dict)
    remarks: Mapped[str] = mapped_column(Text, default="")

    volume: Mapped[Volume] = relationship(back_populates="items")
    blob: Mapped[Blob | None] = relationship()
    production_note: Mapped[AVProductionNote | None] = relationship(
        back_populates="item", cascade="all, delete-orphan", uselist=False)


class AVProductionNote(Base):
    """制作说明 for an AV item (domain.md §3.2)."""

    __tablename__ = "av_production_note"
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), primary_key=True)
    method: Mapped[str] = mapped_column(Text, default="")  # 制作方法
    device: Mapped[str] = mapped_column(String(200), default="")
    device_serial: Mapped[str] = mapped_column(String(100), default="")
    is_original: Mapped[bool] = mapped_column(default=True)
    copy_method: Mapped[str] = mapped_column(String(300), default="")
    recorded_from: Mapped[dt.datetime | None] = mapped_column()  # 制作时间
    recorded_to: Mapped[dt.datetime | None] = mapped_column()
    clock_checked: Mapped[bool] = mapped_column(default=False)
    makers: Mapped[list[Any]] = mapped_column(default=list)  # [{"name":…, "cert_no":…}] 制作人
    proves: Mapped[str] = mapped_column(Text, default="")  # 证明对象
    original_carrier: Mapped[str] = mapped_column(String(300), default="")  # 原始载体
    carrier_location: Mapped[str] = mapped_column(String(300), default="")
    unedited_statement: Mapped[str] = mapped_column(Text, default="")  # 剪辑声明
    interruption_notes: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[Item] = relationship(back_populates="production_note")


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    password_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)
    department: Mapped[str] = mapped_column(String(200), default="")
    clearance: Mapped[Classification] = mapped_column(
        _enum(Classification, "classification"), default=Classification.INTERNAL)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    must_change_password: Mapped[bool] = mapped_column(default=False)

    roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}


class UserRole(Base):
    __tablename__ = "user_role"
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class AuditEvent(Base):
    """Append-only, hash-chained. Rows are never updated or deleted by any code path."""

    __tablename__ = "audit_event"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    ts: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC, hashed as text
    actor: Mapped[str] = mapped_column(String(64))
    terminal: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(500), default="")
    outcome: Mapped[str] = mapped_column(String(16))
    details: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the chain's last sequence number and hash.

    Appending starts by updating this row, which serialises writers on both SQLite and
    PostgreSQL, so the chain cannot fork; it also reveals deletion of the newest events.
    """

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class FixityCheck(Base):
    __tablename__ = "fixity_check"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(String(40), index=True)
    blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id", ondelete="CASCADE"), index=True)
    checked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ok: Mapped[bool] = mapped_column()
    problem: Mapped[str] = mapped_column(String(32), default="")  # "", "missing", "mismatch", "unreadable"
    detail: Mapped[str] = mapped_column(Text, default="")


class ArchiveMeta(Base):
    """Key/value facts about this archive (e.g. its id, whether it holds demo data)."""

    __tablename__ = "archive_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# ---- access control (知悉范围, 调阅, 密级 decisions) ---------------------------------------

class Grant(Base):
    """知悉范围: one person's or one department's right to a case (or a single item), for a time."""

    __tablename__ = "access_grant"
    __table_args__ = (Index("ix_access_grant_case", "case_id"), Index("ix_access_grant_user", "user_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    department: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))  # "view" < "export" < "edit"
    starts_at: Mapped[dt.datetime] = mapped_column()
    ends_at: Mapped[dt.datetime | None] = mapped_column()
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("access_request.id"))


class AccessRule(Base):
    """A role-wide rule set by the security officer, e.g. "归档员 of 档案室 see all 内部
    cases handled by 执法稽查科". Empty department / unit mean any."""

    __tablename__ = "access_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(200), default="")  # the users' department
    case_unit: Mapped[str] = mapped_column(String(200), default="")  # the cases' 承办机构
    max_classification: Mapped[Classification] = mapped_column(_enum(Classification, "classification"))
    level: Mapped[str] = mapped_column(String(16), default="view")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)


class AccessRequest(Base):
    """调阅 request: approval creates a time-boxed grant."""

    __tablename__ = "access_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(16), default="view")
    reason: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[dt.datetime] = mapped_column()
    ends_at: Mapped[dt.datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending / approved / refused
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column()
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ClassificationDecision(Base):
    """Who set a 密级, on what basis, when (domain.md §4.1): one row per change."""

    __tablename__ = "classification_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"))
    old_level: Mapped[str] = mapped_column(String(16), default="")
    new_level: Mapped[Classification] = mapped_column(_enum(Classification, "classification"))
    secrecy_term: Mapped[str] = mapped_column(String(100), default="")
    basis: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
