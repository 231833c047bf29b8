"""The facade: an opened archive, and one signed-in user's session over it.

Every read and write of cases, items, users and the audit log goes through
``Workstation``, which asks the access policy first and writes the audit event in the
same transaction as the change. Widgets and CLI commands receive a Workstation and call
its methods; nothing reaches the database, the evidence store or the index around it.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import workstation.archive.schema  # noqa: F401  (every table registered)
from workstation.archive import audit as audit_log
from workstation.archive import catalog, db
from workstation.archive.access import GRANT_LEVEL_NAMES, Permission, Policy, check_role_combination
from workstation.archive.models import ArchiveMeta, Case, Item, User
from workstation.archive.store import LocalEvidenceStore
from workstation.archive.vocab import Classification, Outcome, Role
from workstation.changes import Changes
from workstation.config import Settings, database_url, load_settings, resolve_data_dir, save_settings
from workstation.errors import (
    AccessDenied,
    AuthenticationFailed,
    PasswordExpired,
    SessionLocked,
    Conflict,
    InvalidInput,
    NotFound,
    WorkstationError,
)
from workstation.jobs import Job

SYSTEM_ACTOR = "system"


class Archive:
    """An archive on disk (data directory, catalog, evidence store), not yet signed in."""

    def __init__(self, data_dir: Path, settings: Settings, url: str):
        self.data_dir = data_dir
        self.settings = settings
        self.engine = db.make_engine(url)
        self.write_engine = db.make_engine(url, immediate=True) if url.startswith("sqlite") else self.engine
        self._read = db.session_factory(self.engine)
        self._write = db.session_factory(self.write_engine)
        self.store = LocalEvidenceStore(data_dir / "store")
        self.recovery_report: dict[str, Any] | None = None

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: str | Path | None = None, *, create: bool = False) -> "Archive":
        path = resolve_data_dir(data_dir)
        if not create and not (path / "settings.toml").exists():
            raise NotFound(key="no_archive", what=f"档案库 {path}（请先运行 workstation init）")
        path.mkdir(parents=True, exist_ok=True)
        settings = load_settings(path)
        if create and not (path / "settings.toml").exists():
            save_settings(path, settings)
        archive = cls(path, settings, database_url(path, settings))
        db.upgrade(archive.engine)
        from workstation.archive.recovery import recover

        archive.recovery_report = recover(archive)
        return archive

    def close(self) -> None:
        if getattr(self, "_search_index", None) is not None:
            self._search_index.close()
            self._search_index = None
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that takes the write lock first; commits on success."""
        with self._write.begin() as s:
            yield s

    def audit_now(self, actor: str, action: str, target: str = "", outcome: str = Outcome.SUCCESS,
                  details: dict | None = None) -> None:
        with self.write() as s:
            audit_log.append(s, actor=actor, action=action, target=target, outcome=outcome, details=details,
                             terminal=self.settings.workstation_name)

    # -- encryption at rest ------------------------------------------------------------
    def archive_id(self) -> str:
        with self.read() as s:
            meta = s.get(ArchiveMeta, "archive_id")
            return meta.value if meta else "default"

    def master_key(self, *, create: bool = False):
        """The master key from the OS keyring; created on first need when ``create``."""
        from workstation.archive import crypto

        if getattr(self, "_master", None) is not None:
            return self._master
        archive_id = self.archive_id()
        if create and not crypto.master_key_exists(archive_id):
            key_id = crypto.create_master_key(archive_id,
                                              allow_insecure_keyring=self.settings.allow_insecure_keyring)
            self.audit_now(SYSTEM_ACTOR, "crypto.master_key_created", archive_id, details={"key_id": key_id})
        self._master = crypto.load_master_key(archive_id)
        return self._master

    def search_index(self):
        """The full-text index (derived state: safe to delete, rebuilt by `index rebuild`)."""
        if getattr(self, "_search_index", None) is None:
            from workstation.search import SearchIndex, set_jieba_cache_dir

            set_jieba_cache_dir(self.data_dir / "cache")
            (self.data_dir / "cache").mkdir(exist_ok=True)
            self._search_index = SearchIndex(self.data_dir / "index")
        return self._search_index

    def needs_encryption(self, level: Classification | str) -> bool:
        return Classification(level) >= Classification(self.settings.encrypt_from)

    def encrypt_blob(self, sha256: str, actor: str) -> bool:
        """Encrypt a stored plaintext object in place and record it (classification raised)."""
        from workstation.archive.crypto import is_encrypted_file

        with self.store.ingest_lock():
            if is_encrypted_file(self.store.path_of(sha256)):
                return False
            master = self.master_key(create=True)
            stored = self.store.encrypt_in_place(sha256, master)
            self._record_encryption(sha256, stored, master.key_id, actor)
        self.store.clear_pending(sha256)
        return True

    def _record_encryption(self, sha256: str, stored, key_id: str, actor: str) -> None:
        from sqlalchemy import select as _select

        from workstation.archive.models import Blob, Digest

        with self.write() as s:
            blob = s.scalar(_select(Blob).where(Blob.sha256 == sha256))
            if blob is None or blob.encrypted:
                return
            blob.encrypted, blob.key_id = True, key_id
            s.add(Digest(blob_id=blob.id, algorithm="sha256", scope="stored", value=stored.sha256))
            s.add(Digest(blob_id=blob.id, algorithm="sm3", scope="stored", value=stored.sm3))
            audit_log.append(s, actor=actor, action="store.encrypt", target=sha256,
                             details={"key_id": key_id, "stored_sha256": stored.sha256},
                             terminal=self.settings.workstation_name)

    @contextmanager
    def plaintext_path(self, blob_sha256: str, encrypted: bool, suffix: str = "") -> Iterator[Path]:
        """A readable path of a stored original: the object itself, or a private decrypted copy."""
        if not encrypted:
            yield self.store.path_of(blob_sha256)
            return
        from workstation.archive import crypto

        tmp = self.data_dir / "cache" / "plain"
        path = crypto.decrypt_to_temp(self.store.path_of(blob_sha256), self.master_key(), tmp, suffix=suffix)
        try:
            yield path
        finally:
            path.unlink(missing_ok=True)

    # -- accounts -------------------------------------------------------------------
    def has_users(self) -> bool:
        with self.read() as s:
            return s.scalar(select(func.count(User.id))) > 0

    def init_admin(self, username: str, password: str) -> None:
        """Create the first account, the system administrator. Only on an empty archive."""
        from workstation.archive.users import create_user

        with self.write() as s:
            if s.scalar(select(func.count(User.id))):
                raise Conflict(key="already_initialised", reason="档案库已初始化，已有用户")
            create_user(s, username, password, [Role.SYSADMIN], self.settings.sign_in)
            s.merge(ArchiveMeta(key="archive_id", value=str(uuid.uuid4())))
            audit_log.append(s, actor=SYSTEM_ACTOR, action="archive.init", target=username,
                             details={"admin": username}, terminal=self.settings.workstation_name)

    def sign_in(self, username: str, password: str, *, new_password: str | None = None) -> "Workstation":
        """Sign in; an expired password (by the clearance's policy) must be replaced in the same step."""
        from workstation.archive.users import authenticate, change_password, password_expired

        failure: WorkstationError | None = None
        with self.write() as s:
            try:
                user = authenticate(s, username, password, self.settings.sign_in)
                if new_password is not None:
                    change_password(user, new_password, self.settings.sign_in)
                    audit_log.append(s, actor=username, action="user.change_password", target=username,
                                     terminal=self.settings.workstation_name)
                elif password_expired(user, self.settings.sign_in):
                    raise PasswordExpired()
            except AuthenticationFailed as exc:
                failure = exc
            except InvalidInput as exc:
                failure = exc
            else:
                audit_log.append(s, actor=username, action="auth.sign_in", target=username,
                                 terminal=self.settings.workstation_name)
                s.flush()
                s.expunge(user)
        if failure is not None:
            # The failure counter was committed above; the refusal is audited on its own.
            self.audit_now(username, "auth.sign_in", username, Outcome.DENIED, {"reason": failure.key})
            if failure.key == "authentication_failed":
                raise AuthenticationFailed()  # never reveal whether the user exists
            raise failure
        return Workstation(self, user)


from workstation.session_access import AccessMethods  # noqa: E402
from workstation.session_bundle import BundleMethods  # noqa: E402
from workstation.session_filing import FilingMethods  # noqa: E402
from workstation.session_media import MediaMethods  # noqa: E402
from workstation.session_search import SearchMethods  # noqa: E402
from workstation.session_review import ReviewMethods  # noqa: E402
from workstation.session_evaluation import EvaluationMethods  # noqa: E402
from workstation.session_disputes import DisputeMethods  # noqa: E402


class Workstation(AccessMethods, SearchMethods, FilingMethods, MediaMethods, BundleMethods, ReviewMethods,
                  DisputeMethods, EvaluationMethods):
    """One signed-in user's session: the only way in for the UI and the CLI."""

    def __init__(self, archive: Archive, user: User):
        self.archive = archive
        self.user = user
        self.policy = Policy(user)
        self._last_activity = time.monotonic()
        self._locked = False

    # -- idle lock --------------------------------------------------------------------
    @property
    def idle_limit_s(self) -> float:
        return self.archive.settings.sign_in.idle_lock_minutes * 60

    @property
    def locked(self) -> bool:
        if not self._locked and time.monotonic() - self._last_activity > self.idle_limit_s:
            self._locked = True
            self.archive.audit_now(self.username, "auth.idle_lock", self.username)
        return self._locked

    def touch(self) -> None:
        """User activity seen by the UI (mouse, keys): postpones the idle lock."""
        self._touch()

    def lock(self) -> None:
        """Lock the session now (the user stepped away); `unlock(password)` resumes it."""
        if not self._locked:
            self._locked = True
            self.archive.audit_now(self.username, "auth.lock", self.username)

    def _touch(self) -> None:
        """Every call of the facade: refuse while locked, else count as activity."""
        if self.locked:
            raise SessionLocked()
        self._last_activity = time.monotonic()

    def unlock(self, password: str) -> None:
        """Re-enter the password after an idle lock; the session (and the screen) resume."""
        from workstation.archive.users import authenticate

        failure = None
        with self.archive.write() as s:
            try:
                authenticate(s, self.username, password, self.archive.settings.sign_in)
            except AuthenticationFailed as exc:
                failure = exc
            else:
                self._audit(s, "auth.unlock", self.username)
        if failure is not None:
            self.archive.audit_now(self.username, "auth.unlock", self.username, Outcome.DENIED, {"reason": failure.key})
            raise failure
        self._locked = False
        self._last_activity = time.monotonic()

    @property
    def username(self) -> str:
        return self.user.username

    # -- plumbing -------------------------------------------------------------------
    def _audit(self, s: Session, action: str, target: str = "", outcome: str = Outcome.SUCCESS,
               details: dict | None = None) -> None:
        audit_log.append(s, actor=self.username, action=action, target=target, outcome=outcome, details=details,
                         terminal=self.archive.settings.workstation_name)

    def _require(self, permission: Permission, action: str, target: str = "") -> None:
        self._touch()
        if not self.policy.allows(permission):
            self.archive.audit_now(self.username, action, target, Outcome.DENIED, {"missing": str(permission)})
            raise AccessDenied(reason=f"当前账号没有“{permission}”权限")

    def _visible_case(self, s: Session, case_no: str, action: str, *, load_items: bool = False,
                      level: str = "view") -> Case:
        """The case, if this user may see it. A hidden case looks exactly like a missing one.

        With ``level`` "export" or "edit", a case the user may see but not act on is refused
        as such (the user already knows it exists)."""
        case = catalog.case_by_no(s, case_no, load_items=load_items)
        if case is None or not self.policy.may_case(s, case.id):
            self.archive.audit_now(self.username, action, case_no, Outcome.DENIED,
                                   {"reason": "not_found_or_hidden"})
            raise NotFound(what=f"案卷 {case_no}")
        if level != "view" and not self.policy.may_case(s, case.id, level, whole_case=True):
            self.archive.audit_now(self.username, action, case_no, Outcome.DENIED, {"reason": f"no_{level}_grant"})
            raise AccessDenied(reason=f"没有案卷 {case_no} 的“{GRANT_LEVEL_NAMES[level]}”授权")
        return case

    def sign_out(self) -> None:
        self.archive.audit_now(self.username, "auth.sign_out", self.username)

    # -- users ----------------------------------------------------------------------
    def add_user(self, username: str, password: str, roles: list[Role], *, display_name: str = "",
                 department: str = "", clearance: Classification = Classification.INTERNAL) -> Changes:
        from workstation.archive.users import create_user

        self._require(Permission.MANAGE_USERS, "user.add", username)
        if Classification(clearance) > Classification.INTERNAL and not self.policy.allows(Permission.MANAGE_ACCESS):
            self.archive.audit_now(self.username, "user.add", username, Outcome.DENIED, {"reason": "clearance"})
            raise AccessDenied(reason="内部以上的密级由安全保密管理员设定（user set-clearance）")
        reason = check_role_combination(set(roles))
        if reason:
            self.archive.audit_now(self.username, "user.add", username, Outcome.DENIED, {"reason": reason})
            raise InvalidInput(key="role_conflict", reason=reason)
        with self.archive.write() as s:
            create_user(s, username, password, roles, self.archive.settings.sign_in, display_name=display_name,
                        department=department, clearance=clearance)
            self._audit(s, "user.add", username, details={"roles": [str(r) for r in roles],
                                                           "clearance": str(clearance), "department": department})
        return Changes(users=True)

    def list_users(self) -> list[dict[str, Any]]:
        # The security officer needs the accounts to set clearances and grants.
        if not self.policy.allows(Permission.MANAGE_ACCESS):
            self._require(Permission.MANAGE_USERS, "user.list")
        self._touch()
        with self.archive.read() as s:
            users = s.scalars(select(User).order_by(User.username)).all()
            return [{"username": u.username, "display_name": u.display_name, "roles": sorted(u.role_names),
                     "department": u.department, "clearance": str(u.clearance), "active": u.active,
                     "locked_until": u.locked_until.isoformat() if u.locked_until else None} for u in users]

    # -- cases ----------------------------------------------------------------------
    def create_case(self, **fields: Any) -> dict[str, Any]:
        self._require(Permission.CREATE_CASE, "case.create", str(fields.get("case_no", "")))
        level = fields.get("classification") or Classification.INTERNAL
        try:
            level = Classification(level)
        except ValueError:
            raise InvalidInput(reason=f"密级“{level}”无效") from None
        if not self.policy.can_see_level(level):
            self.archive.audit_now(self.username, "case.create", str(fields.get("case_no", "")), Outcome.DENIED,
                                   {"reason": "classification_above_clearance"})
            raise AccessDenied(reason="不能创建高于本人密级的案卷")
        with self.archive.write() as s:
            case = catalog.create_case(s, fields, self.user.id)
            self._grant_creator(s, case)
            self._audit(s, "case.create", case.case_no, details=catalog.case_summary(case))
            return catalog.case_summary(case)

    def _grant_creator(self, s: Session, case: Case) -> None:
        """The 立卷人 who creates a dossier may edit it; recorded as an ordinary grant."""
        from workstation.archive.models import Grant, utcnow

        s.add(Grant(case_id=case.id, user_id=self.user.id, level="edit", starts_at=utcnow(),
                    reason="立卷人（创建案卷）", created_by_id=self.user.id))

    def list_cases(self, *, year: int | None = None, category: str | None = None, status: str | None = None,
                   limit: int | None = None) -> list[dict[str, Any]]:
        self._touch()
        with self.archive.read() as s:
            stmt = select(Case).where(self.policy.case_clause()).order_by(Case.opened_on.desc(), Case.case_no)
            if year:
                stmt = stmt.where(Case.opened_on >= dt.date(year, 1, 1), Case.opened_on < dt.date(year + 1, 1, 1))
            if category:
                stmt = stmt.where(Case.category == category)
            if status:
                stmt = stmt.where(Case.status == status)
            if limit:
                stmt = stmt.limit(limit)
            return [catalog.case_summary(c) for c in s.scalars(stmt)]

    def show_case(self, case_no: str) -> dict[str, Any]:
        self._touch()
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, "case.show", load_items=True)
            hidden = self.policy.hidden_item_ids(s, {case.id})
            detail = catalog.case_detail(case, hidden_item_ids=hidden)
        self.archive.audit_now(self.username, "case.show", case_no)
        return detail

    # -- ingest ---------------------------------------------------------------------
    def import_paths(self, paths: list[Path], case_no: str | None = None, job: Job | None = None):
        """Import loose files or folders into a case, or a dossier folder with a manifest."""
        from workstation.archive import ingest
        from workstation.archive.manifest import find_manifest, load_manifest

        job = job or Job()
        paths = [Path(p) for p in paths]
        target = case_no or (str(paths[0]) if paths else "")
        self._require(Permission.IMPORT, "import", target)
        try:
            if len(paths) == 1 and paths[0].is_dir() and find_manifest(paths[0]) is not None:
                manifest = load_manifest(paths[0])
                if case_no and case_no != manifest.case["case_no"]:
                    raise InvalidInput(reason=f"清单中的案号 {manifest.case['case_no']} 与 --case {case_no} 不一致")
                return self._import(ingest.sources_from_manifest(manifest), manifest.case, None,
                                    manifest.unlisted_files, job)
            if not case_no:
                raise InvalidInput(key="case_required", reason="导入单个文件或无清单的文件夹时须指定 --case 案号")
            return self._import(ingest.sources_from_paths(paths), None, case_no, [], job)
        except WorkstationError as exc:
            if not isinstance(exc, AccessDenied) and not (isinstance(exc, NotFound) and exc.key == "not_found"):
                outcome = Outcome.ERROR
                self.archive.audit_now(self.username, "import", target, outcome,
                                       {"error": exc.key, "message": exc.message})
            raise

    def _import(self, sources, new_case: dict | None, case_no: str | None, unlisted: list[str], job: Job):
        from workstation.archive import ingest

        store = self.archive.store
        # Check the target before storing anything.
        if new_case is not None:
            level = Classification(new_case.get("classification") or Classification.INTERNAL)
            if not self.policy.can_see_level(level):
                raise AccessDenied(reason="不能导入高于本人密级的案卷")
            with self.archive.read() as s:
                if catalog.case_by_no(s, new_case["case_no"]) is not None:
                    raise Conflict(key="case_exists", reason=f"案号 {new_case['case_no']} 已存在")
        else:
            with self.archive.read() as s:
                case = self._visible_case(s, case_no, "import", level="edit")
                catalog.require_editable(case, self.user.id)
        case_level = Classification(new_case.get("classification") or Classification.INTERNAL) \
            if new_case is not None else Classification(case.classification)
        levels = {id(src): max(Classification(src.classification or case_level), case_level) for src in sources}
        master = self.archive.master_key(create=True) if any(
            self.archive.needs_encryption(lv) for lv in levels.values()) else None

        def master_for(src):
            return master if self.archive.needs_encryption(levels[id(src)]) else None

        staged: list = []
        try:
            with store.ingest_lock():
                ingest.stage_files(store, sources, job, into=staged, master_for=master_for)
                job.check_cancelled()
                with self.archive.write() as s:
                    if new_case is not None:
                        case = catalog.create_case(s, new_case, self.user.id)
                        self._grant_creator(s, case)
                        self._audit(s, "case.create", case.case_no, details=catalog.case_summary(case))
                        approval = None
                    else:
                        case = catalog.case_by_no(s, case_no)
                        approval = catalog.require_editable(case, self.user.id)
                    outcomes = ingest.commit_staged(s, case, staged, user=self.user, audit=self._audit)
                    report = ingest.ImportReport(case.case_no, new_case is not None, outcomes,
                                                 [f"清单未列出、未导入：{u}" for u in unlisted])
                    details = {"files": len(outcomes), "imported": report.imported,
                               "created_case": new_case is not None}
                    if approval is not None:
                        details["edit_approval"] = approval
                    self._audit(s, "import", case.case_no, details=details)
        except BaseException:
            # Outside the shared ingest lock, so the exclusive maintenance lock can be taken.
            self._discard_after_failure([st.sha256 for st in staged if st.created])
            raise
        for st in staged:
            if st.key_id:
                store.clear_pending(st.sha256)
        return report

    def _discard_after_failure(self, created: list[str]) -> None:
        """Remove objects this import stored, unless something else now references them."""
        if not created:
            return
        from workstation.archive.recovery import remove_unreferenced_objects

        remove_unreferenced_objects(self.archive, created)

    # -- reading evidence -------------------------------------------------------------
    def open_item(self, item_id: int) -> "ItemReader":
        from workstation.archive.reader import ItemReader

        self._touch()
        with self.archive.read() as s:
            item = s.get(Item, item_id)
            case = item.volume.case if item is not None else None
            if item is None or not self.policy.may_item(s, item.id):
                self.archive.audit_now(self.username, "item.open", f"item:{item_id}", Outcome.DENIED,
                                       {"reason": "not_found_or_hidden"})
                raise NotFound(what=f"件 {item_id}")
            if item.blob is None:
                raise NotFound(what=f"件 {item_id} 的文件")
            return ItemReader(self, item.id, case.case_no, item.title, str(item.kind), item.blob.sha256,
                              item.page_count, item.duration_ms, encrypted=item.blob.encrypted,
                              suffix=Path(item.original_name).suffix.lower()[:17])

    def can_export_item(self, item_id: int) -> bool:
        """Whether this user may take content out (copy text, download, export) of an item."""
        if not self.policy.allows(Permission.EXPORT):
            return False
        with self.archive.read() as s:
            return self.policy.may_item(s, item_id, "export")

    # -- integrity and audit ------------------------------------------------------------
    def verify_fixity(self, *, due_only: bool = False, job: Job | None = None):
        from workstation.archive.integrity import run_fixity

        self._require(Permission.VERIFY_FIXITY, "fixity.verify")
        return run_fixity(self, due_only=due_only, job=job or Job())

    def verify_audit(self) -> audit_log.ChainReport:
        self._require(Permission.READ_AUDIT, "audit.verify")
        with self.archive.read() as s:
            report = audit_log.verify(s)
        self.archive.audit_now(self.username, "audit.verify", "", Outcome.SUCCESS if report.ok else Outcome.ERROR,
                               report.to_json())
        return report

    def export_audit(self, *, since: dt.datetime | None = None, until: dt.datetime | None = None,
                     **filters: Any) -> list[dict[str, Any]]:
        self._require(Permission.READ_AUDIT, "audit.export")
        with self.archive.read() as s:
            events = [audit_log.event_to_json(e) for e in audit_log.iter_events(s, since=since, until=until, **filters)]
        self.archive.audit_now(self.username, "audit.export", "",
                               details={"since": since.isoformat() if since else None, "events": len(events)})
        return events
