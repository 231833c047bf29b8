"""The 归档 workflow through the facade (issue 6): order, 页号, 档号, 卷内目录 and 卷内备考表,
the 已归档 lock and 归档后修改 approvals. Mixed into Workstation.

Every change needs the 归档员's function (EDIT_CASE) and an "edit" grant on the whole case,
is refused on a filed case outside an approved edit window, and appends its audit event in
the transaction that makes it (with the approval's id when made inside a window). Checks
that can fail are made (and refusals audited) before the write transaction, so a refusal
never waits on the write lock; the write transaction checks again.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator

from sqlalchemy import select

from workstation.archive import catalog, filing
from workstation.archive.access import Permission
from workstation.archive.models import Blob, Case, Item, User, utcnow
from workstation.archive.models_filing import BlobPages, CaseFiling, Derivative, EditApproval, ItemAcknowledgement
from workstation.archive.vocab import CaseStatus, Classification, Outcome, VolumeKind
from workstation.changes import Changes
from workstation.errors import AccessDenied, Conflict, InvalidInput, NotFound, WorkstationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EDIT_WINDOW_HOURS = 24
MAX_EDIT_WINDOW_HOURS = 24 * 7
_KIND_ALIASES = {"main": VolumeKind.MAIN, "正": VolumeKind.MAIN, "internal": VolumeKind.INTERNAL,
                 "副": VolumeKind.INTERNAL}


def _volume_kind(text: str | VolumeKind) -> VolumeKind:
    try:
        return VolumeKind(_KIND_ALIASES.get(str(text), text))
    except ValueError:
        raise InvalidInput(reason=f"卷别“{text}”无效，可选：正卷、副卷") from None


class FilingMethods:
    # ---------------------------------------------------------------- plumbing
    def _refuse(self, action: str, target: str, exc: WorkstationError, **details: Any) -> None:
        self.archive.audit_now(self.username, action, target, Outcome.DENIED, {"reason": exc.key, **details})
        raise exc

    def _check_edit(self, case_no: str, action: str) -> None:
        """Function, edit grant and the 已归档 lock, refusals audited; before any write."""
        self._require(Permission.EDIT_CASE, action, case_no)
        refusal = None
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, action, level="edit")
            try:
                filing.require_editable(s, case, self.user.id)
            except Conflict as exc:
                refusal = exc
        if refusal is not None:
            self._refuse(action, case_no, refusal)

    @contextmanager
    def _write_case(self, case_no: str) -> Iterator[tuple["Session", Case, int | None]]:
        """The write transaction on a case already checked by ``_check_edit`` (checked again
        here: a grant may have expired in between). Yields (session, case, approval id)."""
        with self.archive.write() as s:
            case = filing.load_case(s, case_no)
            if case is None or not self.policy.may_case(s, case.id, "edit", whole_case=True):
                raise NotFound(what=f"案卷 {case_no}")
            approval = filing.require_editable(s, case, self.user.id)
            yield s, case, approval

    def _no_hidden_items(self, s: "Session", case: Case, action: str) -> None:
        if self.policy.hidden_item_ids(s, {case.id}):
            raise Conflict(key="hidden_items",
                           reason=f"案卷 {case.case_no} 中有超出您密级或知悉范围的文件，须由有权查看全部文件的人员办理")

    def _blank_pages(self, case_no: str, conv: filing.PageNumbering) -> tuple[dict[int, list[int]], list[BlobPages]]:
        """Blank pages of the case's PDFs (only when ``conv`` skips blanks): cached per stored
        file; new findings are returned as rows for the caller's write transaction."""
        if conv.count_blank:
            return {}, []
        with self.archive.read() as s:
            case = filing.load_case(s, case_no)
            blobs = {it.blob.id: (it.blob.sha256, it.blob.encrypted)
                     for v in case.volumes for it in v.items if filing.needs_blank_check(it)}
            cached = {r.blob_id: list(r.blank_pages) for r in s.scalars(
                select(BlobPages).where(BlobPages.blob_id.in_(list(blobs)), BlobPages.method == filing.BLANK_METHOD))}
        found: dict[int, list[int]] = dict(cached)
        new: list[BlobPages] = []
        for blob_id, (sha256, encrypted) in blobs.items():
            if blob_id in cached:
                continue
            try:
                with self.archive.plaintext_path(sha256, encrypted, ".pdf") as path:
                    count, blanks = filing.detect_blank_pages(path)
            except Exception:  # noqa: BLE001 - an unreadable PDF keeps all its pages numbered
                continue
            found[blob_id] = blanks
            new.append(BlobPages(blob_id=blob_id, page_count=count, blank_pages=blanks, method=filing.BLANK_METHOD))
        return found, new

    def _numbering_inputs(self, case_no: str, convention_id: str | None = None):
        if convention_id is None:
            with self.archive.read() as s:
                case = catalog.case_by_no(s, case_no)
                conv = filing.case_convention(s, case)
        else:
            conv = filing.convention(convention_id)
        blanks, new_rows = self._blank_pages(case_no, conv)
        return conv, blanks, new_rows

    @staticmethod
    def _store_blank_rows(s: "Session", rows: list[BlobPages]) -> None:
        for row in rows:
            s.merge(row)

    # ---------------------------------------------------------------- reference data
    def page_conventions(self) -> list[dict[str, Any]]:
        """The configured 页号 conventions (page_numbering.yaml); the default is marked."""
        self._touch()
        conventions, default = filing.page_numbering_conventions()
        return [{**c.to_json(), "default": c.id == default} for c in conventions]

    def order_templates(self) -> list[dict[str, Any]]:
        """The configured 排列 templates (order_templates.yaml)."""
        from workstation.archive import refdata

        self._touch()
        return [{"id": t.id, "name": t.name, "volumes": {k: list(v) for k, v in t.volumes.items()}}
                for t in refdata.order_templates()]

    # ---------------------------------------------------------------- order
    def reorder_items(self, case_no: str, volume_kind: str, volume_seq: int, item_ids: list[int]) -> Changes:
        """Put the items of one 卷 in a new order (all the items you can see, each once;
        items above your clearance keep their places), then renumber the pages."""
        action = "filing.reorder"
        kind = _volume_kind(volume_kind)
        ids = [int(i) for i in item_ids]
        self._check_edit(case_no, action)
        conv, blanks, new_rows = self._numbering_inputs(case_no)
        with self._write_case(case_no) as (s, case, approval):
            vol = next((v for v in case.volumes if v.kind == kind and v.seq == int(volume_seq)), None)
            if vol is None:
                raise NotFound(what=f"案卷 {case_no} 的{kind}第 {volume_seq} 卷")
            hidden = self.policy.hidden_item_ids(s, {case.id})
            current = filing.ordered_items(vol)
            visible = {it.id for it in current if it.id not in hidden}
            if len(ids) != len(set(ids)) or set(ids) != visible:
                raise InvalidInput(key="bad_order", reason=f"新顺序须恰好列出{kind}第 {volume_seq} 卷的全部文件，每件一次")
            by_id = {it.id: it for it in current}
            queue = iter(ids)
            new = [it if it.id in hidden else by_id[next(queue)] for it in current]
            before = [it.id for it in current]
            filing.resequence(new)
            self._store_blank_rows(s, new_rows)
            numbering = filing.renumber_case(s, case, conv, blanks)
            self._audit(s, action, case_no, details={
                "volume": {"kind": str(kind), "seq": int(volume_seq)}, "before": before,
                "after": [it.id for it in new], "convention": conv.id,
                "renumbered_items": numbering["changed_items"], "edit_approval": approval})
        return Changes(cases=True, items=True)

    def _editable_item_case(self, item_id: int, action: str) -> str:
        """The 案号 of an item this user may see and edit (hidden looks like missing)."""
        self._touch()
        with self.archive.read() as s:
            item = s.get(Item, item_id)
            visible = item is not None and self.policy.may_item(s, item.id)
            case_no = item.volume.case.case_no if visible else ""
        if not visible:
            self._refuse(action, f"item:{item_id}", NotFound(what=f"件 {item_id}"))
        self._check_edit(case_no, action)
        return case_no

    def move_item(self, item_id: int, to_volume_kind: str, to_seq: int = 1, position: int | None = None) -> Changes:
        """Move an item to another 卷 (created when it does not exist yet: the next number of
        its kind at most), before the ``position``-th item (1-based, as you see them);
        ``None`` or past the end appends. Pages are renumbered."""
        action = "filing.move_item"
        kind = _volume_kind(to_volume_kind)
        to_seq = int(to_seq)
        if to_seq < 1 or (position is not None and int(position) < 1):
            raise InvalidInput(reason="卷号与位置须为正整数")
        case_no = self._editable_item_case(item_id, action)
        conv, blanks, new_rows = self._numbering_inputs(case_no)
        with self._write_case(case_no) as (s, case, approval):
            item = s.get(Item, item_id)
            if item is None or item.volume.case_id != case.id:
                raise NotFound(what=f"件 {item_id}")
            source = item.volume
            same_kind = [v.seq for v in case.volumes if v.kind == kind]
            if to_seq not in same_kind and to_seq > max(same_kind, default=0) + 1:
                raise InvalidInput(reason=f"{kind}目前最多到第 {max(same_kind, default=0)} 卷，新卷只能是第 "
                                          f"{max(same_kind, default=0) + 1} 卷")
            target = catalog.get_or_create_volume(s, case, kind, to_seq)
            hidden = self.policy.hidden_item_ids(s, {case.id})
            src_items = [it for it in filing.ordered_items(source) if it.id != item.id]
            dst_items = src_items if target.id == source.id else filing.ordered_items(target)
            visible_dst = [it for it in dst_items if it.id not in hidden]
            if position is None or int(position) > len(visible_dst):
                index = len(dst_items)
            else:
                index = dst_items.index(visible_dst[int(position) - 1])
            before = {"kind": str(source.kind), "seq": source.seq, "position": item.seq}
            dst_items.insert(index, item)
            item.volume_id = target.id
            filing.resequence(dst_items)
            if target.id != source.id:
                filing.resequence(src_items)
            self._store_blank_rows(s, new_rows)
            numbering = filing.renumber_case(s, case, conv, blanks)
            self._audit(s, action, f"{case_no}/item:{item_id}", details={
                "from": before, "to": {"kind": str(kind), "seq": to_seq, "position": item.seq},
                "convention": conv.id, "renumbered_items": numbering["changed_items"], "edit_approval": approval})
        return Changes(cases=True, items=True)

    def plan_order_template(self, case_no: str, template_id: str, *, move_volumes: bool = True) -> dict[str, Any]:
        """Preview of ``apply_order_template``: every item in its new order, with where it was
        (``moves`` lists only the items that change place)."""
        self._touch()
        template = filing.find_template(template_id)
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, "filing.plan_template")
            case = filing.load_case(s, case_no)
            self._no_hidden_items(s, case, "filing.plan_template")
            placements = filing.plan_template(case, template, move_volumes=move_volumes)
        items = [p.to_json() for p in placements]
        self.archive.audit_now(self.username, "filing.plan_template", case_no,
                               details={"template": template.id, "moves": sum(p["moved"] for p in items)})
        return {"case_no": case_no, "template_id": template.id, "template_name": template.name,
                "move_volumes": move_volumes, "items": items, "moves": [p for p in items if p["moved"]]}

    def apply_order_template(self, case_no: str, template_id: str, *, move_volumes: bool = True) -> Changes:
        """Sort the items by the template (see ``filing.plan_template``) and renumber."""
        action = "filing.apply_template"
        template = filing.find_template(template_id)
        self._check_edit(case_no, action)
        conv, blanks, new_rows = self._numbering_inputs(case_no)
        with self._write_case(case_no) as (s, case, approval):
            self._no_hidden_items(s, case, action)
            placements = filing.plan_template(case, template, move_volumes=move_volumes)
            filing.apply_placements(s, case, placements)
            self._store_blank_rows(s, new_rows)
            numbering = filing.renumber_case(s, case, conv, blanks)
            self._audit(s, action, case_no, details={
                "template": template.id, "move_volumes": move_volumes,
                "moves": [{"item_id": p.item_id, "from": [p.from_kind, p.from_volume, p.from_seq],
                           "to": [p.to_kind, p.to_volume, p.to_seq]} for p in placements if p.moved],
                "convention": conv.id, "renumbered_items": numbering["changed_items"], "edit_approval": approval})
        return Changes(cases=True, items=True)

    # ---------------------------------------------------------------- 页号
    def renumber(self, case_no: str, convention_id: str | None = None) -> dict[str, Any]:
        """Number the pages by a convention (page_numbering.yaml; remembered for the case, so
        later reorders use it too); None = the case's convention, else the default.
        Returns {"convention", "changed_items", "volumes": [{kind, seq, items, pages}]}."""
        action = "filing.renumber"
        if convention_id is not None:
            filing.convention(convention_id)  # unknown ids fail before anything else
        self._check_edit(case_no, action)
        conv, blanks, new_rows = self._numbering_inputs(case_no, convention_id)
        with self._write_case(case_no) as (s, case, approval):
            row = filing.filing_row(s, case)
            previous = row.page_convention
            if convention_id is not None:
                row.page_convention = conv.id
            self._store_blank_rows(s, new_rows)
            summary = filing.renumber_case(s, case, conv, blanks)
            self._audit(s, action, case_no, details={**summary, "previous_convention": previous or None,
                                                     "edit_approval": approval})
        return summary

    # ---------------------------------------------------------------- 档号
    def assign_archival_code(self, case_no: str, *, unit: str | None = None) -> dict[str, Any]:
        """Give the case its 档号 and 归档号 by archival_codes.yaml, with the next 流水号 of its
        全宗号 and 年度. Never renumbered: a second call is a Conflict. ``unit`` is the 机构代码
        (default: archival_codes.yaml ``unit_codes`` by 承办机构)."""
        from workstation.archive import refdata

        action = "filing.assign_code"
        self._check_edit(case_no, action)
        rules = refdata.archival_code_rules()
        with self.archive.read() as s:
            case = catalog.case_by_no(s, case_no)
            fonds = (case.agency.fonds_code if case.agency is not None else "") or self.archive.settings.fonds_code
            unit_code = filing.unit_code_for(case, rules, unit)
            assigned = case.archival_code or case.filing_no
            handling_unit = case.handling_unit
        if assigned:
            self._refuse(action, case_no, Conflict(
                key="archival_code_assigned", reason=f"案卷 {case_no} 已有档号 {assigned}，档号一经赋予不得重编"))
        if not fonds.strip():
            raise InvalidInput(key="fonds_not_configured",
                               reason="尚未配置全宗号：请由系统管理员在设置中填写全宗号（fonds_code）后再编档号")
        if "{unit" in str(rules.get("archival_code", "")) + str(rules.get("filing_no", "")) and not unit_code:
            raise InvalidInput(key="unit_code_required",
                               reason=f"承办机构“{handling_unit or '（空）'}”没有机构代码：请在 archival_codes.yaml 的 "
                                      "unit_codes 中配置，或编档号时指定机构代码")
        try:
            with self._write_case(case_no) as (s, case, approval):
                result = filing.assign_codes(s, case, fonds=fonds.strip(), unit=unit_code, user_id=self.user.id,
                                             rules=rules)
                self._audit(s, action, case_no, details={**result, "edit_approval": approval})
        except Conflict as exc:
            if exc.key == "archival_code_assigned":  # lost a race with another workstation
                self._refuse(action, case_no, exc)
            raise
        return result

    # ---------------------------------------------------------------- 卷内目录 and 卷内备考表
    def generate_contents_list(self, case_no: str) -> dict[str, Any]:
        """Generate the 卷内目录 PDF (a new version each time) as a derivative in the evidence
        store; open it with ``open_derivative(result["id"])``."""
        return self._generate(case_no, "contents_list", {})

    def generate_closing_note(self, case_no: str, *, compiled_by: str, checked_by: str, notes: str = "",
                              compiled_on: dt.date | str | None = None) -> dict[str, Any]:
        """Generate the 卷内备考表 PDF: 本卷情况说明 (figures computed from the catalog, plus
        ``notes``), 立卷人 ``compiled_by``, 检查人 ``checked_by``, 立卷时间 ``compiled_on``
        (default today, Beijing time)."""
        if not compiled_by.strip() or not checked_by.strip():
            raise InvalidInput(reason="备考表须填写立卷人和检查人")
        if compiled_on is None:
            compiled_on = dt.datetime.now(filing.BEIJING).date()
        elif isinstance(compiled_on, str):
            try:
                compiled_on = dt.date.fromisoformat(compiled_on)
            except ValueError:
                raise InvalidInput(reason=f"立卷时间“{compiled_on}”格式应为 YYYY-MM-DD") from None
        params = {"compiled_by": compiled_by.strip(), "checked_by": checked_by.strip(), "notes": notes.strip(),
                  "compiled_on": compiled_on.isoformat()}
        return self._generate(case_no, "closing_note", params)

    def _form_data(self, s: "Session", case: Case, kind: str, params: dict[str, Any],
                   blanks: dict[int, list[int]]) -> dict[str, Any]:
        fonds_name = self.archive.settings.agency_name
        if kind == "contents_list":
            return filing.contents_data(s, case, fonds_name=fonds_name)
        return filing.closing_data(s, case, blank_pages=blanks, fonds_name=fonds_name, **params)

    def _generate(self, case_no: str, kind: str, params: dict[str, Any]) -> dict[str, Any]:
        from workstation.archive import dossier_forms

        action = "filing.generate"
        self._check_edit(case_no, action)
        conv, blanks, new_rows = self._numbering_inputs(case_no)
        with self.archive.read() as s:
            case = filing.load_case(s, case_no)
            try:
                self._no_hidden_items(s, case, action)
            except Conflict as exc:
                refusal = exc
            else:
                refusal = None
                data = self._form_data(s, case, kind, params, blanks)
                levels = [Classification(case.classification)] + [Classification(it.classification)
                                                                    for v in case.volumes for it in v.items]
        if refusal is not None:
            self._refuse(action, case_no, refusal, kind=kind)
        if not data["volumes"]:
            raise InvalidInput(key="empty_case", reason=f"案卷 {case_no} 中还没有文件")
        state = filing.fingerprint(data)
        render = dossier_forms.contents_list_pdf if kind == "contents_list" else dossier_forms.closing_note_pdf
        pdf, pages = render(data)
        stored, blob_encrypted = self._store_derivative(pdf, max(levels))
        try:
            with self._write_case(case_no) as (s, case, approval):
                self._store_blank_rows(s, new_rows)
                blob = self._blob_row(s, stored)
                d = Derivative(case_id=case.id, kind=kind, version=filing.next_version(s, case.id, kind),
                               blob_id=blob.id, sha256=stored.sha256, page_count=pages, state_hash=state,
                               params={**params, "convention": conv.id}, created_by_id=self.user.id)
                s.add(d)
                s.flush()
                out = filing.derivative_json(d, s, current=True)
                self._audit(s, action, case_no, details={
                    "kind": kind, "version": d.version, "derivative_id": d.id, "sha256": stored.sha256,
                    "pages": pages, "encrypted": blob_encrypted, "edit_approval": approval, **params})
        except BaseException:
            if stored.created:
                self._discard_after_failure([stored.sha256])
            raise
        if stored.key_id:
            self.archive.store.clear_pending(stored.sha256)
        return out

    def _store_derivative(self, pdf: bytes, level: Classification):
        """Put the PDF into the evidence store (encrypted at rest at 秘密 and above)."""
        store = self.archive.store
        if not self.archive.needs_encryption(level):
            with store.ingest_lock():
                return store.put_stream(io.BytesIO(pdf), len(pdf)), False
        master = self.archive.master_key(create=True)
        tmp_dir = self.archive.data_dir / "cache" / "plain"  # emptied at every open (recovery)
        tmp_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, name = tempfile.mkstemp(prefix="form-", suffix=".pdf", dir=tmp_dir)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pdf)
            with store.ingest_lock():
                return store.put_file_encrypted(name, master), True
        finally:
            os.unlink(name)

    @staticmethod
    def _blob_row(s: "Session", stored) -> Blob:
        """The catalog row of a stored derivative (so fixity checks cover it and recovery
        keeps it), shared with identical content already stored."""
        from workstation.archive.blobs import blob_row_for

        return blob_row_for(s, stored, "application/pdf")

    def list_derivatives(self, case_no: str, kind: str | None = None) -> list[dict[str, Any]]:
        """Generated forms of a case, newest first; ``current`` tells whether the catalog still
        matches what a form was made from (only the newest of each kind can be current)."""
        self._touch()
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, "derivative.list")
            case = filing.load_case(s, case_no)
            stmt = select(Derivative).where(Derivative.case_id == case.id).order_by(Derivative.kind,
                                                                                    Derivative.version.desc())
            if kind:
                stmt = stmt.where(Derivative.kind == kind)
            rows = list(s.scalars(stmt))
            current = self._current_states(s, case)
            latest: dict[str, int] = {}
            for d in rows:
                latest.setdefault(d.kind, d.id)
            return [filing.derivative_json(d, s, current=latest[d.kind] == d.id and current(d))
                    for d in rows]

    def _current_states(self, s: "Session", case: Case):
        """A predicate: does this derivative still match the catalog? (Blank pages only
        from the cache: no file is read here.)"""
        blanks = filing.cached_blank_pages(s, case)
        cache: dict[str, str] = {}

        def is_current(d: Derivative) -> bool:
            params = {k: v for k, v in (d.params or {}).items() if k != "convention"}
            key = d.kind + repr(sorted(params.items()))
            if key not in cache:
                cache[key] = filing.fingerprint(self._form_data(s, case, d.kind, params, blanks))
            return cache[key] == d.state_hash

        return is_current

    def open_derivative(self, derivative_id: int) -> dict[str, Any]:
        """A readable path of a generated form, for preview and printing. ``temporary`` is
        True for a decrypted copy (秘密 and above), which the caller deletes when done
        (leftovers are removed when the archive is next opened)."""
        from workstation.archive import crypto

        action = "derivative.open"
        self._touch()
        refusal = None
        with self.archive.read() as s:
            d = s.get(Derivative, derivative_id)
            if d is None or not self.policy.may_case(s, d.case_id):
                refusal = NotFound(what=f"生成文件 {derivative_id}")
            elif self.policy.hidden_item_ids(s, {d.case_id}):
                refusal = AccessDenied(reason="该案卷中有超出您密级或知悉范围的文件，不能查看其卷内目录/备考表")
            else:
                info = filing.derivative_json(d, s)
                blob = s.get(Blob, d.blob_id)
                sha256, encrypted = blob.sha256, blob.encrypted
        if refusal is not None:
            self._refuse(action, f"derivative:{derivative_id}", refusal)
        if encrypted:
            path = crypto.decrypt_to_temp(self.archive.store.path_of(sha256), self.archive.master_key(),
                                          self.archive.data_dir / "cache" / "plain", suffix=".pdf")
        else:
            path = self.archive.store.path_of(sha256)
        self.archive.audit_now(self.username, action, info["case_no"], details={
            "derivative_id": derivative_id, "kind": info["kind"], "version": info["version"], "sha256": sha256})
        return {**info, "path": str(path), "temporary": encrypted}

    # ---------------------------------------------------------------- 归档
    def acknowledge_item(self, item_id: int, reason: str) -> Changes:
        """Accept an unusable item into the filed dossier as it is (the reason is printed as
        缺损 in the 备考表 and recorded)."""
        action = "filing.acknowledge"
        if not reason.strip():
            raise InvalidInput(reason="须写明按现状归档的理由")
        case_no = self._editable_item_case(item_id, action)
        with self._write_case(case_no) as (s, case, approval):
            item = s.get(Item, item_id)
            if item.usable:
                raise InvalidInput(reason=f"件 {item_id} 可以正常读取，无需确认")
            s.merge(ItemAcknowledgement(item_id=item_id, reason=reason.strip(), acknowledged_by_id=self.user.id,
                                        acknowledged_at=utcnow()))
            self._audit(s, action, f"{case_no}/item:{item_id}", details={
                "reason": reason.strip(), "unusable_reason": item.unusable_reason, "edit_approval": approval})
        return Changes(items=True)

    def filing_check(self, case_no: str) -> dict[str, Any]:
        """Where the case stands in the 归档 workflow: 档号, convention, forms, the edit
        window, and what still prevents ``mark_filed`` (``problems``) or deserves a look
        (``warnings``)."""
        self._touch()
        with self.archive.read() as s:
            self._visible_case(s, case_no, "filing.check")
            case = filing.load_case(s, case_no)
            return self._readiness(s, case)

    def _readiness(self, s: "Session", case: Case) -> dict[str, Any]:
        r = filing.Readiness()
        conv = filing.case_convention(s, case)
        items = [it for v in case.volumes for it in v.items]
        hidden = self.policy.hidden_item_ids(s, {case.id})
        if case.status == CaseStatus.FILED:
            r.problem("already_filed", "案卷已归档")
        if not items:
            r.problem("no_items", "案卷中没有文件")
        if hidden:
            r.problem("hidden_items", "案卷中有超出您密级或知悉范围的文件，须由有权查看全部文件的人员办理归档")
        if not case.archival_code:
            r.problem("no_archival_code", "尚未编档号")
        acks = filing.acknowledged_ids(s, case)
        bad = [it for it in items if not it.usable and it.id not in acks]
        if bad:
            r.problem("unusable_items", f"{len(bad)} 件文件无法读取，须修复或确认按现状归档",
                      items=[{"id": it.id, "title": it.title if it.id not in hidden else "",
                              "reason": it.unusable_reason if it.id not in hidden else ""} for it in bad])
        missing_notes = [it.id for it in items if it.kind in filing.AV_KINDS and it.production_note is None]
        if missing_notes:
            r.warn("av_without_note", f"{len(missing_notes)} 件音像资料没有制作说明", items=missing_notes)
        # 页号 as the convention gives them (blank pages from the cache only).
        blanks = filing.cached_blank_pages(s, case)
        unknown = not conv.count_blank and any(filing.needs_blank_check(it) and it.blob_id not in blanks
                                               for it in items)
        wanted = filing.compute_page_numbers(
            [(v, filing.ordered_items(v)) for v in filing.ordered_volumes(case)], conv, blanks)
        off = [it.id for it in items if (it.page_start, it.page_end) != wanted[it.id]]
        if unknown:
            r.warn("pages_unverified", "部分文件尚未检测空白页，请重新编页")
        elif off:
            r.problem("pages_not_numbered", f"{len(off)} 件文件的页号与页号约定“{conv.name}”不符，请重新编页",
                      items=off)
        is_current = self._current_states(s, case) if not hidden else (lambda d: False)
        forms = {}
        for kind, name in filing.DERIVATIVE_KINDS.items():
            d = filing.latest_derivative(s, case.id, kind)
            current = bool(d is not None and not hidden and is_current(d))
            forms[kind] = filing.derivative_json(d, s, current=current) if d is not None else None
            level = r.problem if kind == "contents_list" else r.warn
            if d is None:
                level(f"no_{kind}", f"尚未生成{name}")
            elif not current:
                level(f"stale_{kind}", f"{name}生成后案卷又有变化，请重新生成")
        row = s.get(CaseFiling, case.id)
        window = filing.active_edit_window(s, case.id)
        filed_by = s.get(User, row.filed_by_id).username if row is not None and row.filed_by_id else None
        return {"case_no": case.case_no, "status": str(case.status), "archival_code": case.archival_code,
                "filing_no": case.filing_no, "page_convention": conv.id, "page_convention_name": conv.name,
                "ready": not r.problems, "problems": r.problems, "warnings": r.warnings,
                "contents_list": forms["contents_list"], "closing_note": forms["closing_note"],
                "filed_at": row.filed_at.isoformat() if row is not None and row.filed_at else None,
                "filed_by": filed_by,
                "edit_window": filing.approval_json(window, s) if window is not None else None}

    def mark_filed(self, case_no: str) -> Changes:
        """已归档: needs the 档号, every item readable or acknowledged, 页号 by the convention and
        a 卷内目录 generated after the last change. Afterwards edits need an approval."""
        action = "case.file"
        self._require(Permission.EDIT_CASE, action, case_no)
        with self.archive.read() as s:
            self._visible_case(s, case_no, action, level="edit")
            report = self._readiness(s, filing.load_case(s, case_no))
        if report["problems"]:
            keys = [p["key"] for p in report["problems"]]
            exc = Conflict(key="case_filed" if keys == ["already_filed"] else "not_ready_to_file",
                           reason="；".join(p["message"] for p in report["problems"]))
            self._refuse(action, case_no, exc, problems=keys)
        with self.archive.write() as s:
            case = filing.load_case(s, case_no)
            if not self.policy.may_case(s, case.id, "edit", whole_case=True):
                raise NotFound(what=f"案卷 {case_no}")
            again = self._readiness(s, case)
            if again["problems"]:
                raise Conflict(key="not_ready_to_file", reason="；".join(p["message"] for p in again["problems"]))
            case.status = CaseStatus.FILED
            row = filing.filing_row(s, case)
            row.filed_at, row.filed_by_id = utcnow(), self.user.id
            row.filed_contents_list_id = again["contents_list"]["id"]
            self._audit(s, action, case_no, details={
                "archival_code": case.archival_code, "filing_no": case.filing_no,
                "contents_list": {k: again["contents_list"][k] for k in ("id", "version", "sha256")},
                "closing_note": ({k: again["closing_note"][k] for k in ("id", "version", "sha256")}
                                 if again["closing_note"] else None),
                "warnings": [w["key"] for w in again["warnings"]]})
        return Changes(cases=True, index=True)

    # ---------------------------------------------------------------- 归档后修改
    def request_edit_approval(self, case_no: str, reason: str) -> int:
        """Ask to edit a filed case (归档员 with an edit grant); a 负责人 or the 安全保密管理员
        approves. Returns the request id."""
        action = "filing.edit_request"
        self._require(Permission.EDIT_CASE, action, case_no)
        if not reason.strip():
            raise InvalidInput(reason="归档后修改申请须写明事由")
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, action, level="edit")
            filed = case.status == CaseStatus.FILED
        if not filed:
            raise InvalidInput(key="not_filed", reason=f"案卷 {case_no} 尚未归档，可直接修改")
        with self.archive.write() as s:
            case = catalog.case_by_no(s, case_no)
            pending = s.scalar(select(EditApproval.id).where(
                EditApproval.case_id == case.id, EditApproval.requester_id == self.user.id,
                EditApproval.status == "pending"))
            if pending is not None:
                raise Conflict(key="request_pending", reason=f"您对该案卷已有待审批的修改申请（{pending}）")
            window = filing.active_edit_window(s, case.id, self.user.id)
            if window is not None:
                raise Conflict(key="window_open", reason=f"您对该案卷的修改时限（申请 {window.id}）尚未结束")
            req = EditApproval(case_id=case.id, requester_id=self.user.id, reason=reason.strip(), status="pending",
                               decision_note="")
            s.add(req)
            s.flush()
            self._audit(s, action, case_no, details={"id": req.id, "reason": reason.strip()})
            return req.id

    def list_edit_approvals(self, *, status: str | None = None, case_no: str | None = None) -> list[dict[str, Any]]:
        """归档后修改 requests: all (within your clearance) for approvers, else your own."""
        self._touch()
        approver = self.policy.allows(Permission.APPROVE_REQUESTS)
        with self.archive.read() as s:
            stmt = select(EditApproval).join(Case, Case.id == EditApproval.case_id).order_by(EditApproval.id)
            if approver:
                stmt = stmt.where(Case.classification.in_(self.policy.visible_levels))
            else:
                stmt = stmt.where(EditApproval.requester_id == self.user.id)
            if status:
                stmt = stmt.where(EditApproval.status == status)
            if case_no:
                stmt = stmt.where(Case.case_no == case_no)
            return [filing.approval_json(a, s) for a in s.scalars(stmt)]

    def approve_edit(self, request_id: int, *, hours: float = EDIT_WINDOW_HOURS, note: str = "") -> Changes:
        """Open a time-boxed edit window (default 24 h) for the requester (负责人 or 安全保密管理员)."""
        return self._decide_edit(request_id, True, note, hours)

    def refuse_edit(self, request_id: int, note: str = "") -> Changes:
        return self._decide_edit(request_id, False, note, 0)

    def _decide_edit(self, request_id: int, approve: bool, note: str, hours: float) -> Changes:
        action = "filing.edit_approve" if approve else "filing.edit_refuse"
        target = f"edit_request:{request_id}"
        self._require(Permission.APPROVE_REQUESTS, action, target)
        if approve and not 0 < hours <= MAX_EDIT_WINDOW_HOURS:
            raise InvalidInput(reason=f"修改时限须在 0 到 {MAX_EDIT_WINDOW_HOURS} 小时之间")
        refusal = None
        with self.archive.read() as s:
            req = s.get(EditApproval, request_id)
            case = s.get(Case, req.case_id) if req is not None else None
            if case is None or not self.policy.can_see_level(case.classification):
                refusal = NotFound(what=f"修改申请 {request_id}")
            elif req.requester_id == self.user.id:
                refusal = AccessDenied(reason="不能审批本人的修改申请")
        if refusal is not None:
            self._refuse(action, target, refusal)
        with self.archive.write() as s:
            req = s.get(EditApproval, request_id)
            if req.status != "pending":
                raise Conflict(reason=f"该申请已处理（{req.status}）")
            now = utcnow()
            req.status = "approved" if approve else "refused"
            req.decided_by_id, req.decided_at, req.decision_note = self.user.id, now, note
            if approve:
                req.window_starts_at, req.window_ends_at = now, now + dt.timedelta(hours=hours)
            self._audit(s, action, s.get(Case, req.case_id).case_no, details={
                "id": req.id, "requester": s.get(User, req.requester_id).username, "note": note,
                "window_ends_at": req.window_ends_at.isoformat() if req.window_ends_at else None})
        return Changes(cases=True)

    def close_edit_window(self, request_id: int) -> Changes:
        """End an open edit window early (its requester, or an approver)."""
        action = "filing.edit_close"
        target = f"edit_request:{request_id}"
        self._touch()
        refusal = None
        with self.archive.read() as s:
            req = s.get(EditApproval, request_id)
            case = s.get(Case, req.case_id) if req is not None else None
            mine = req is not None and req.requester_id == self.user.id
            approver = self.policy.allows(Permission.APPROVE_REQUESTS)
            if case is None or not (mine or (approver and self.policy.can_see_level(case.classification))):
                refusal = NotFound(what=f"修改申请 {request_id}")
        if refusal is not None:
            self._refuse(action, target, refusal)
        with self.archive.write() as s:
            req = s.get(EditApproval, request_id)
            now = utcnow()
            if req.status != "approved" or req.window_ends_at <= now:
                raise Conflict(reason="该申请没有正在进行的修改时限")
            req.status, req.closed_at, req.window_ends_at = "closed", now, now
            self._audit(s, action, s.get(Case, req.case_id).case_no, details={"id": req.id})
        return Changes(cases=True)
