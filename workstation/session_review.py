"""The review workspace and the 法制审核 workflow through the facade (issue 8). Mixed into
Workstation.

Access (docs/decisions/0004-access-paths.md): annotations and links follow the case grant
and the item's own visibility; a private one is visible only to its author; a hidden case
raises the same NotFound as a missing one. Writing annotations and links needs ANNOTATE,
the review workflow needs REVIEW, signing the 意见书 off needs SIGN_OFF_REVIEW, the
working-day override table needs CONFIGURE. Every change appends its audit event in the
transaction that makes it; refusals are audited as ``denied``.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from workstation.archive.access import Permission
from workstation.archive.models import Blob, Case, Item, User, Volume, utcnow
from workstation.archive.vocab import Classification, ItemKind, Outcome
from workstation.changes import Changes
from workstation.errors import AccessDenied, Conflict, InvalidInput, NotFound
from workstation.review import anchors as anc
from workstation.review import workflow
from workstation.review.config import ReviewConfig, load_config
from workstation.review.models import (
    AnchorLink,
    Annotation,
    AnnotationRevision,
    ReviewCheck,
    ReviewOpinion,
    ReviewSubmission,
    WorkdayOverride,
)
from workstation.review.workdays import WorkCalendar, countdown_level, countdown_text, parse_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

BEIJING = dt.timezone(dt.timedelta(hours=8))


def _today() -> dt.date:
    return dt.datetime.now(BEIJING).date()


def _is_av(item: Item) -> bool:
    return bool(item.duration_ms) or str(item.kind) in ("video", "audio", "视频", "音频")


class ReviewMethods:
    # ---------------------------------------------------------------- plumbing
    def review_config(self) -> ReviewConfig:
        """The locality's review rules (resources/review, overridden by <data dir>/review)."""
        return load_config(self.archive.data_dir)

    def review_reference(self) -> dict[str, Any]:
        """The configured lists, for forms: categories, catalogue, materials, points, results,
        conclusions and the time limits."""
        self._touch()
        c = self.review_config()
        return {"categories": list(c.categories), "catalogue": [{"code": k, "name": n} for k, n in c.catalogue],
                "materials": [{"name": m.name, "required": m.required} for m in c.materials],
                "points": [{"no": p.no, "name": p.name, "question": p.question, "optional": p.optional}
                           for p in c.points],
                "results": list(c.results), "conclusions": list(c.conclusions),
                "limits": {"limit_days": c.limit_days, "extension_days": c.extension_days, "next_day": c.next_day,
                           "supplement_days": c.supplement_days, "warn_yellow_days": c.warn_yellow_days,
                           "warn_red_days": c.warn_red_days}}

    def _deny(self, action: str, target: str, exc, **details: Any):
        self.archive.audit_now(self.username, action, target, Outcome.DENIED, {"reason": exc.key, **details})
        raise exc

    def _visible_item(self, s: "Session", item_id: int, action: str) -> Item:
        item = s.get(Item, int(item_id))
        if item is None or not self.policy.may_item(s, item.id):
            self.archive.audit_now(self.username, action, f"item:{item_id}", Outcome.DENIED,
                                   {"reason": "not_found_or_hidden"})
            raise NotFound(what=f"件 {item_id}")
        return item

    @staticmethod
    def _item_case(s: "Session", item: Item) -> Case:
        return s.get(Volume, item.volume_id).case

    def _user_names(self, s: "Session", ids: set[int]) -> dict[int, str]:
        ids = {i for i in ids if i}
        if not ids:
            return {}
        return {u.id: (u.display_name or u.username) for u in s.scalars(select(User).where(User.id.in_(ids)))}

    def _usernames(self, s: "Session", ids: set[int]) -> dict[int, str]:
        ids = {i for i in ids if i}
        if not ids:
            return {}
        return {u.id: u.username for u in s.scalars(select(User).where(User.id.in_(ids)))}

    # ---------------------------------------------------------------- annotations
    def _ann_visible(self, a: Annotation) -> bool:
        return a.visibility == "shared" or a.author_id == self.user.id

    @staticmethod
    def _ann_snapshot(a: Annotation) -> dict[str, Any]:
        return {"kind": a.kind, "item_id": a.item_id, "page": a.page, "rect": list(a.rect or []),
                "quads": [list(q) for q in (a.quads or [])], "start_ms": a.start_ms, "end_ms": a.end_ms,
                "quote": a.quote, "note": a.note, "category": a.category, "visibility": a.visibility,
                "deleted": a.deleted_at is not None}

    def _ann_json(self, a: Annotation, names: dict[int, str], case_no: str, item: Item | None = None) -> dict:
        out = {"id": a.id, "case_no": case_no, "item_id": a.item_id, "kind": a.kind,
               "kind_name": anc.ANNOTATION_KINDS.get(a.kind, a.kind), "page": a.page,
               "rect": list(a.rect) if a.rect else None, "quads": [list(q) for q in (a.quads or [])],
               "start_ms": a.start_ms, "end_ms": a.end_ms, "quote": a.quote, "note": a.note, "reason": a.note,
               "category": a.category, "visibility": a.visibility, "author": names.get(a.author_id, ""),
               "mine": a.author_id == self.user.id, "created_at": a.created_at.isoformat(),
               "updated_at": a.updated_at.isoformat(), "revision": a.revision,
               "deleted": a.deleted_at is not None}
        if item is not None:
            out["item_title"] = item.title
            anchor = self._annotation_anchor(a)
            out["anchor"] = anchor
            out["citation"] = anc.citation_text(anchor, {"title": item.title, "page_start": item.page_start})
        return out

    @staticmethod
    def _annotation_anchor(a: Annotation) -> dict[str, Any]:
        anchor: dict[str, Any] = {"item_id": a.item_id, "annotation_id": a.id}
        if a.page is not None:
            anchor["page"] = a.page
            if a.rect:
                anchor["rect"] = list(a.rect)
        if a.start_ms is not None:
            anchor["start_ms"], anchor["end_ms"] = a.start_ms, a.end_ms
        return anchor

    def _check_annotation_fields(self, item: Item, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
        cfg = self.review_config()
        if kind not in anc.ANNOTATION_KINDS:
            raise InvalidInput(reason=f"批注类型“{kind}”无效，可选：{'、'.join(anc.ANNOTATION_KINDS)}")
        out: dict[str, Any] = {}
        if kind in anc.PAGE_KINDS:
            if _is_av(item):
                raise InvalidInput(reason=f"件 {item.id} 是音视频，只能添加时间段批注")
            page = fields.get("page")
            if page is None or int(page) < 1 or (item.page_count and int(page) > item.page_count):
                raise InvalidInput(reason=f"页码无效：件 {item.id} 共 {item.page_count or 0} 页")
            if not fields.get("rect"):
                raise InvalidInput(reason="页面批注须给出区域（rect，PDF 点）")
            out["page"] = int(page)
            out["rect"] = anc._rect(fields["rect"], "区域")
            out["quads"] = [anc._rect(q, "高亮区域") for q in (fields.get("quads") or [])] or [out["rect"]]
            out["start_ms"] = out["end_ms"] = None
        else:
            if not _is_av(item):
                raise InvalidInput(reason=f"件 {item.id} 不是音视频，不能添加时间段批注")
            start, end = fields.get("start_ms"), fields.get("end_ms")
            if start is None or end is None or int(start) < 0 or int(end) < int(start):
                raise InvalidInput(reason="时间段须给出开始和结束（开始不晚于结束）")
            if item.duration_ms and int(end) > item.duration_ms + 1000:
                raise InvalidInput(reason=f"时间段超出录音录像长度 {anc.hms(item.duration_ms)}")
            out.update(start_ms=int(start), end_ms=int(end), page=None, rect=[], quads=[])
        category = fields.get("category") or cfg.categories[-1]
        if category not in cfg.categories:
            raise InvalidInput(reason=f"批注类别“{category}”无效，可选：{'、'.join(cfg.categories)}")
        visibility = fields.get("visibility") or "shared"
        if visibility not in anc.VISIBILITIES:
            raise InvalidInput(reason="可见范围应为 private（仅本人）或 shared（办案团队）")
        out.update(category=category, visibility=visibility, note=(fields.get("note") or "").strip(),
                   quote=(fields.get("quote") or "").strip())
        if kind == "note" and not out["note"]:
            raise InvalidInput(reason="批注须填写内容")
        return out

    def add_annotation(self, item_id: int, kind: str, *, page: int | None = None, rect: Any = None,
                       quads: Any = None, start_ms: int | None = None, end_ms: int | None = None, note: str = "",
                       quote: str = "", category: str = "", visibility: str = "shared") -> dict[str, Any]:
        """Annotate an item (never the original file): ``kind`` highlight / rect / note /
        redaction on ``page`` (1-based) over ``rect`` (and ``quads``, one per text line), or
        av_range from ``start_ms`` to ``end_ms``. Returns the annotation."""
        action = "annotation.create"
        self._require(Permission.ANNOTATE, action, f"item:{item_id}")
        with self.archive.read() as s:
            item = self._visible_item(s, item_id, action)
            fields = self._check_annotation_fields(item, kind, dict(
                page=page, rect=rect, quads=quads, start_ms=start_ms, end_ms=end_ms, note=note, quote=quote,
                category=category, visibility=visibility))
        with self.archive.write() as s:
            item = s.get(Item, int(item_id))
            if item is None or not self.policy.may_item(s, item.id):
                raise NotFound(what=f"件 {item_id}")
            case = self._item_case(s, item)
            now = utcnow()
            a = Annotation(case_id=case.id, item_id=item.id, kind=kind, author_id=self.user.id, created_at=now,
                           updated_at=now, revision=1, **fields)
            s.add(a)
            s.flush()
            s.add(AnnotationRevision(annotation_id=a.id, revision=1, action="create", editor_id=self.user.id,
                                     edited_at=now, snapshot=self._ann_snapshot(a)))
            self._audit(s, action, f"{case.case_no}/item:{item.id}", details={
                "annotation_id": a.id, "kind": kind, "page": a.page, "start_ms": a.start_ms, "end_ms": a.end_ms,
                "category": a.category, "visibility": a.visibility})
            return self._ann_json(a, {self.user.id: self.user.display_name or self.username}, case.case_no, item)

    def _own_annotation(self, s: "Session", annotation_id: int, action: str) -> tuple[Annotation, Case, Item]:
        a = s.get(Annotation, int(annotation_id))
        item = s.get(Item, a.item_id) if a is not None else None
        if (a is None or a.deleted_at is not None or not self.policy.may_item(s, a.item_id)
                or not self._ann_visible(a)):
            self.archive.audit_now(self.username, action, f"annotation:{annotation_id}", Outcome.DENIED,
                                   {"reason": "not_found_or_hidden"})
            raise NotFound(what=f"批注 {annotation_id}")
        if a.author_id != self.user.id:
            self._deny(action, f"annotation:{annotation_id}", AccessDenied(reason="只能修改或删除本人的批注"))
        return a, s.get(Case, a.case_id), item

    def edit_annotation(self, annotation_id: int, **changes: Any) -> dict[str, Any]:
        """Change an annotation of one's own (note, category, visibility, region or time);
        the previous state stays in its history."""
        action = "annotation.edit"
        self._require(Permission.ANNOTATE, action, f"annotation:{annotation_id}")
        allowed = {"note", "category", "visibility", "page", "rect", "quads", "start_ms", "end_ms", "quote"}
        unknown = set(changes) - allowed
        if unknown:
            raise InvalidInput(reason=f"不能修改的字段：{sorted(unknown)}")
        with self.archive.read() as s:
            a, case, item = self._own_annotation(s, annotation_id, action)
            current = self._ann_snapshot(a)
            merged = {**current, **{k: v for k, v in changes.items() if v is not None}}
            if "rect" in changes and "quads" not in changes:
                merged["quads"] = None
            fields = self._check_annotation_fields(item, a.kind, merged)
        with self.archive.write() as s:
            a = s.get(Annotation, int(annotation_id))
            if a is None or a.deleted_at is not None or a.author_id != self.user.id:
                raise NotFound(what=f"批注 {annotation_id}")
            before = self._ann_snapshot(a)
            for k, v in fields.items():
                setattr(a, k, v)
            if self._ann_snapshot(a) == before:
                raise InvalidInput(reason="没有需要保存的修改")
            a.revision += 1
            a.updated_at = utcnow()
            s.add(AnnotationRevision(annotation_id=a.id, revision=a.revision, action="edit", editor_id=self.user.id,
                                     edited_at=a.updated_at, snapshot=self._ann_snapshot(a)))
            changed = sorted(k for k in fields if before.get(k) != self._ann_snapshot(a).get(k))
            self._audit(s, action, f"{case.case_no}/item:{a.item_id}", details={
                "annotation_id": a.id, "revision": a.revision, "changed": changed})
            return self._ann_json(a, self._user_names(s, {a.author_id}), case.case_no, s.get(Item, a.item_id))

    def delete_annotation(self, annotation_id: int) -> Changes:
        """Withdraw an annotation of one's own (kept, marked deleted, in its history)."""
        action = "annotation.delete"
        self._require(Permission.ANNOTATE, action, f"annotation:{annotation_id}")
        with self.archive.read() as s:
            self._own_annotation(s, annotation_id, action)
        with self.archive.write() as s:
            a = s.get(Annotation, int(annotation_id))
            if a is None or a.deleted_at is not None or a.author_id != self.user.id:
                raise NotFound(what=f"批注 {annotation_id}")
            a.deleted_at = a.updated_at = utcnow()
            a.revision += 1
            s.add(AnnotationRevision(annotation_id=a.id, revision=a.revision, action="delete", editor_id=self.user.id,
                                     edited_at=a.deleted_at, snapshot=self._ann_snapshot(a)))
            self._audit(s, action, f"{s.get(Case, a.case_id).case_no}/item:{a.item_id}",
                        details={"annotation_id": a.id, "revision": a.revision})
        return Changes(annotations=True)

    def list_annotations(self, case_no: str, *, item_id: int | None = None, kind: str | None = None,
                         category: str | None = None, author: str | None = None, visibility: str | None = None,
                         page: int | None = None) -> list[dict[str, Any]]:
        """The annotations of a case this user may see (shared ones on items they may open,
        and their own private ones), in item, page/time order. ``kind="redaction"`` gives
        the redaction marks an export applies: item_id, page, rect (PDF points), reason."""
        self._touch()
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, "annotation.list")
            stmt = (select(Annotation).join(Item, Item.id == Annotation.item_id).join(Volume, Item.volume_id == Volume.id)
                    .join(Case, Volume.case_id == Case.id)
                    .where(Annotation.case_id == case.id, Annotation.deleted_at.is_(None),
                           self.policy.item_clause(),
                           (Annotation.visibility == "shared") | (Annotation.author_id == self.user.id)))
            if item_id is not None:
                stmt = stmt.where(Annotation.item_id == int(item_id))
            if kind:
                stmt = stmt.where(Annotation.kind == kind)
            if category:
                stmt = stmt.where(Annotation.category == category)
            if visibility:
                stmt = stmt.where(Annotation.visibility == visibility)
            if page is not None:
                stmt = stmt.where(Annotation.page == int(page))
            if author:
                uid = s.scalar(select(User.id).where(User.username == author))
                stmt = stmt.where(Annotation.author_id == (uid or -1))
            rows = list(s.scalars(stmt.order_by(Annotation.item_id, Annotation.page, Annotation.start_ms,
                                                Annotation.id)))
            names = self._user_names(s, {a.author_id for a in rows})
            items = {i.id: i for i in s.scalars(select(Item).where(Item.id.in_({a.item_id for a in rows})))}
            return [self._ann_json(a, names, case.case_no, items.get(a.item_id)) for a in rows]

    def annotation_history(self, annotation_id: int) -> list[dict[str, Any]]:
        """Every revision of an annotation this user may see, oldest first."""
        self._touch()
        with self.archive.read() as s:
            a = s.get(Annotation, int(annotation_id))
            if a is None or not self.policy.may_item(s, a.item_id) or not self._ann_visible(a):
                self.archive.audit_now(self.username, "annotation.history", f"annotation:{annotation_id}",
                                       Outcome.DENIED, {"reason": "not_found_or_hidden"})
                raise NotFound(what=f"批注 {annotation_id}")
            revs = list(s.scalars(select(AnnotationRevision).where(AnnotationRevision.annotation_id == a.id)
                                  .order_by(AnnotationRevision.revision)))
            names = self._usernames(s, {r.editor_id for r in revs})
            return [{"revision": r.revision, "action": r.action, "editor": names.get(r.editor_id, ""),
                     "edited_at": r.edited_at.isoformat(), **r.snapshot} for r in revs]

    # ---------------------------------------------------------------- links
    def _resolve_anchor(self, s: "Session", anchor: dict[str, Any], action: str) -> tuple[dict[str, Any], Item]:
        """A normalized anchor on an item this user may open (an annotation anchor becomes
        the annotation's place)."""
        if anchor.get("annotation_id") is not None and anchor.get("item_id") is None:
            a = s.get(Annotation, int(anchor["annotation_id"]))
            if a is None or a.deleted_at is not None or not self._ann_visible(a):
                raise NotFound(what=f"批注 {anchor['annotation_id']}")
            anchor = self._annotation_anchor(a)
        anchor = anc.normalize_anchor(anchor)
        item = self._visible_item(s, anchor["item_id"], action)
        if anchor.get("page") is not None and item.page_count and anchor["page"] > item.page_count:
            raise InvalidInput(reason=f"页码无效：件 {item.id} 共 {item.page_count} 页")
        if anchor.get("start_ms") is not None and not _is_av(item):
            raise InvalidInput(reason=f"件 {item.id} 不是音视频，锚点不能是时间")
        return anchor, item

    def follow_link(self, uri: str) -> dict[str, Any]:
        """Where a ``workstation://item/…`` link (a citation in a 意见书 or score sheet)
        points: the item's record, its case and the page or time, for an item this user may
        open. Following is audited; a link to an item one may not see is refused like a
        missing one."""
        from workstation.archive import catalog

        self._touch()
        action = "link.follow"
        target = (uri or "").strip()[:200]
        anchor = anc.parse_uri(target)
        if anchor is None:
            self._deny(action, target, InvalidInput(
                key="bad_link", reason=f"无法识别的链接：{target or '（空）'}。应为 workstation://item/件号?page=页 或 ?t=秒"))
        with self.archive.read() as s:
            anchor, item = self._resolve_anchor(s, anchor, action)
            case = self._item_case(s, item)
            record = catalog.item_json(item)
            out = {"case_no": case.case_no, "item": record, "anchor": anchor,
                   "text": anc.citation_text(anchor, record)}
        self.archive.audit_now(self.username, action, f"item:{item.id}", details={"uri": target})
        return out

    def add_link(self, a: dict[str, Any], b: dict[str, Any], *, note: str = "",
                 visibility: str = "shared") -> dict[str, Any]:
        """Link two anchors of one case (page region ⇄ time range, page ⇄ page, …)."""
        action = "link.create"
        self._require(Permission.ANNOTATE, action)
        if visibility not in anc.VISIBILITIES:
            raise InvalidInput(reason="可见范围应为 private（仅本人）或 shared（办案团队）")
        with self.archive.write() as s:
            (aa, ia), (bb, ib) = self._resolve_anchor(s, a, action), self._resolve_anchor(s, b, action)
            ca, cb = self._item_case(s, ia), self._item_case(s, ib)
            if ca.id != cb.id:
                raise InvalidInput(reason="只能关联同一案卷中的两个位置")
            if aa == bb:
                raise InvalidInput(reason="不能把一个位置与它自己关联")
            link = AnchorLink(case_id=ca.id, a_item_id=ia.id, a_anchor=aa, b_item_id=ib.id, b_anchor=bb,
                              note=note.strip(), visibility=visibility, author_id=self.user.id)
            s.add(link)
            s.flush()
            self._audit(s, action, ca.case_no, details={"link_id": link.id, "a": aa, "b": bb,
                                                        "visibility": visibility})
            return self._link_json(s, link, ca.case_no, {ia.id: ia, ib.id: ib})

    def _link_json(self, s: "Session", link: AnchorLink, case_no: str, items: dict[int, Item]) -> dict[str, Any]:
        def end(anchor: dict[str, Any]) -> dict[str, Any]:
            it = items.get(anchor["item_id"])
            info = {"title": it.title, "page_start": it.page_start} if it else {}
            return {**anchor, "title": info.get("title", ""), "label": anc.citation_text(anchor, info)}

        names = self._user_names(s, {link.author_id})
        return {"id": link.id, "case_no": case_no, "a": end(dict(link.a_anchor)), "b": end(dict(link.b_anchor)),
                "note": link.note, "visibility": link.visibility, "author": names.get(link.author_id, ""),
                "mine": link.author_id == self.user.id, "created_at": link.created_at.isoformat()}

    def list_links(self, case_no: str, *, item_id: int | None = None) -> list[dict[str, Any]]:
        """Links of a case this user may see (both ends on items they may open); with
        ``item_id`` only those with an end on that item."""
        self._touch()
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, "link.list")
            stmt = select(AnchorLink).where(AnchorLink.case_id == case.id, AnchorLink.deleted_at.is_(None),
                                            (AnchorLink.visibility == "shared")
                                            | (AnchorLink.author_id == self.user.id))
            if item_id is not None:
                stmt = stmt.where((AnchorLink.a_item_id == int(item_id)) | (AnchorLink.b_item_id == int(item_id)))
            rows = list(s.scalars(stmt.order_by(AnchorLink.id)))
            ids = {r.a_item_id for r in rows} | {r.b_item_id for r in rows}
            visible = {i for i in ids if self.policy.may_item(s, i)}
            items = {i.id: i for i in s.scalars(select(Item).where(Item.id.in_(visible)))}
            return [self._link_json(s, r, case.case_no, items) for r in rows
                    if r.a_item_id in visible and r.b_item_id in visible]

    def delete_link(self, link_id: int) -> Changes:
        action = "link.delete"
        self._require(Permission.ANNOTATE, action, f"link:{link_id}")
        with self.archive.read() as s:
            link = s.get(AnchorLink, int(link_id))
            hidden = (link is None or link.deleted_at is not None
                      or not (link.visibility == "shared" or link.author_id == self.user.id)
                      or not self.policy.may_item(s, link.a_item_id) or not self.policy.may_item(s, link.b_item_id))
            mine = link is not None and link.author_id == self.user.id
        if hidden:
            self._deny(action, f"link:{link_id}", NotFound(what=f"关联 {link_id}"))
        if not mine:
            self._deny(action, f"link:{link_id}", AccessDenied(reason="只能删除本人建立的关联"))
        with self.archive.write() as s:
            link = s.get(AnchorLink, int(link_id))
            link.deleted_at = utcnow()
            self._audit(s, action, s.get(Case, link.case_id).case_no, details={"link_id": link.id})
        return Changes(annotations=True)

    # ---------------------------------------------------------------- working days
    def work_calendar(self) -> WorkCalendar:
        with self.archive.read() as s:
            overrides = {r.day: r.workday for r in s.scalars(select(WorkdayOverride))}
        return WorkCalendar(overrides)

    def add_workdays(self, start: dt.date | str, days: int, *, next_day: bool = True) -> dict[str, Any]:
        """The ``days``-th working day from ``start`` (次日起算 unless ``next_day`` is False)."""
        self._touch()
        start = parse_date(start)
        if int(days) < 0:
            raise InvalidInput(reason="工作日数不能为负")
        cal = self.work_calendar()
        result = cal.add_workdays(start, int(days), next_day=next_day)
        return {"from": start.isoformat(), "days": int(days), "next_day": next_day, "date": result.isoformat(),
                "weekday": "一二三四五六日"[result.weekday()], "calendar": cal.version}

    def is_workday(self, day: dt.date | str) -> dict[str, Any]:
        self._touch()
        day = parse_date(day)
        cal = self.work_calendar()
        return {"date": day.isoformat(), "workday": cal.is_workday(day), "override": day in cal.overrides,
                "calendar": cal.version}

    def list_workday_overrides(self, year: int | None = None) -> list[dict[str, Any]]:
        self._touch()
        with self.archive.read() as s:
            stmt = select(WorkdayOverride).order_by(WorkdayOverride.day)
            if year:
                stmt = stmt.where(WorkdayOverride.day >= dt.date(year, 1, 1), WorkdayOverride.day <= dt.date(year, 12, 31))
            rows = list(s.scalars(stmt))
            names = self._usernames(s, {r.created_by_id for r in rows})
            return [{"date": r.day.isoformat(), "workday": r.workday, "source": r.source,
                     "created_by": names.get(r.created_by_id, ""), "created_at": r.created_at.isoformat()}
                    for r in rows]

    def set_workday_override(self, day: dt.date | str, workday: bool, *, source: str) -> Changes:
        """Enter a day into the override table (it wins over chinesecalendar); ``source`` the
        notice it comes from. Needs the system-configuration function."""
        day = parse_date(day)
        self._require(Permission.CONFIGURE, "workday.override", day.isoformat())
        if not source.strip():
            raise InvalidInput(reason="须写明依据（如国务院办公厅关于节假日安排的通知文号）")
        with self.archive.write() as s:
            row = s.get(WorkdayOverride, day)
            before = None if row is None else row.workday
            if row is None:
                row = WorkdayOverride(day=day, workday=bool(workday), source=source.strip(),
                                      created_by_id=self.user.id, created_at=utcnow())
                s.add(row)
            else:
                row.workday, row.source, row.created_by_id, row.created_at = (bool(workday), source.strip(),
                                                                              self.user.id, utcnow())
            self._audit(s, "workday.override", day.isoformat(), details={
                "workday": bool(workday), "before": before, "source": source.strip()})
        return Changes()

    def remove_workday_override(self, day: dt.date | str) -> Changes:
        day = parse_date(day)
        self._require(Permission.CONFIGURE, "workday.override_remove", day.isoformat())
        with self.archive.write() as s:
            row = s.get(WorkdayOverride, day)
            if row is None:
                raise NotFound(what=f"工作日调整表中的 {day.isoformat()}")
            s.delete(row)
            self._audit(s, "workday.override_remove", day.isoformat(), details={"workday": row.workday,
                                                                                "source": row.source})
        return Changes()

    # ---------------------------------------------------------------- 法制审核
    @staticmethod
    def _latest_round(s: "Session", case_id: int) -> ReviewSubmission | None:
        return s.scalar(select(ReviewSubmission).where(ReviewSubmission.case_id == case_id)
                        .order_by(ReviewSubmission.round.desc()).limit(1))

    def _review_case(self, s: "Session", case_no: str, action: str) -> tuple[Case, ReviewSubmission]:
        case = self._visible_case(s, case_no, action)
        sub = self._latest_round(s, case.id)
        if sub is None:
            self._deny(action, case_no, NotFound(key="no_submission", what=f"案卷 {case_no} 的法制审核送审记录"))
        return case, sub

    def _step(self, case_no: str, action: str, step: str, permission: Permission = Permission.REVIEW):
        """Permission, visibility and the state machine, refusals audited (before writing)."""
        self._require(permission, action, case_no)
        with self.archive.read() as s:
            case, sub = self._review_case(s, case_no, action)
            try:
                workflow.require(sub.status, step)
            except workflow.IllegalTransition as exc:
                self._deny(action, case_no, exc, round=sub.round)
            return case.id, sub.id

    @contextmanager
    def _write_round(self, sub_id: int, step: str):
        """The write transaction on the round, its state checked again there: yields
        (session, submission, the state after ``step``)."""
        with self.archive.write() as s:
            sub = s.get(ReviewSubmission, sub_id)
            yield s, sub, workflow.require(sub.status, step)

    def _materials(self, received: list[str] | None, cfg: ReviewConfig) -> dict[str, bool]:
        names = [m.name for m in cfg.materials]
        got = [str(r).strip() for r in (received or []) if str(r).strip()]
        out: dict[str, bool] = {}
        for r in got:
            match = [n for n in names if n == r or n.startswith(r)]
            if not match:
                raise InvalidInput(reason=f"送审材料“{r}”不在材料清单中（可选：{'；'.join(names)}）")
            out[match[0]] = True
        return {n: out.get(n, False) for n in names}

    @staticmethod
    def _missing(materials: dict[str, bool], cfg: ReviewConfig) -> list[str]:
        required = {m.name for m in cfg.materials if m.required}
        return [n for n, got in materials.items() if not got and n in required]

    def review_submit(self, case_no: str, *, submitted_on: dt.date | str | None = None, submitting_unit: str = "",
                      submitted_by: str = "", major_category: str, proposed_decision: dict[str, Any] | None = None,
                      materials: list[str] | None = None, reviewer_qualification: str = "") -> dict[str, Any]:
        """Register a 送审 (a new round when the case comes back): 送审日期, the submitting
        unit, the 重大 category (code or name from the catalogue), the proposed decision and
        the materials received (the rest are listed as missing)."""
        action = "review.submit"
        self._require(Permission.REVIEW, action, case_no)
        cfg = self.review_config()
        try:
            category = cfg.catalogue_name(major_category)
        except KeyError:
            raise InvalidInput(reason=f"“{major_category}”不在法制审核目录中（可选：" +
                               "；".join(f"{k} {n}" for k, n in cfg.catalogue) + "）") from None
        mats = self._materials(materials, cfg)
        day = parse_date(submitted_on) if submitted_on else _today()
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, action)
            latest = self._latest_round(s, case.id)
            try:
                workflow.require_new_round(latest.status if latest else None)
            except workflow.IllegalTransition as exc:
                self._deny(action, case_no, exc)
        with self.archive.write() as s:
            case = s.get(Case, case.id)
            latest = self._latest_round(s, case.id)
            workflow.require_new_round(latest.status if latest else None)
            sub = ReviewSubmission(case_id=case.id, round=(latest.round + 1) if latest else 1, status="submitted",
                                   submitted_on=day, submitting_unit=submitting_unit.strip() or case.handling_unit,
                                   submitted_by=submitted_by.strip(), major_category=category,
                                   proposed_decision=dict(proposed_decision or {}), materials=mats,
                                   limit_days=cfg.limit_days, next_day=cfg.next_day, reviewer_id=self.user.id,
                                   reviewer_qualification=reviewer_qualification.strip(),
                                   created_by_id=self.user.id)
            s.add(sub)
            s.flush()
            self._audit(s, action, case_no, details={"round": sub.round, "submitted_on": day.isoformat(),
                                                      "major_category": category,
                                                      "missing": self._missing(mats, cfg)})
        return self.review_status(case_no)

    def review_materials(self, case_no: str, received: list[str]) -> dict[str, Any]:
        """Record further materials received (补正) while the package is not yet accepted."""
        action = "review.materials"
        _case_id, sub_id = self._step(case_no, action, "materials")
        cfg = self.review_config()
        new = self._materials(received, cfg)
        with self._write_round(sub_id, "materials") as (s, sub, _):
            merged = {n: bool((sub.materials or {}).get(n) or new.get(n)) for n in new}
            sub.materials = merged
            sub.updated_at = utcnow()
            self._audit(s, action, case_no, details={"round": sub.round, "received": [n for n, v in new.items() if v],
                                                      "missing": self._missing(merged, cfg)})
        return self.review_status(case_no)

    def review_accept(self, case_no: str, *, accepted_on: dt.date | str | None = None) -> dict[str, Any]:
        """Accept the package (it must be complete): the deadline is ``limit_days`` working
        days from the acceptance date (次日起算), with the calendar's version recorded."""
        action = "review.accept"
        _case_id, sub_id = self._step(case_no, action, "accept")
        cfg = self.review_config()
        day = parse_date(accepted_on) if accepted_on else _today()
        with self.archive.read() as s:
            sub = s.get(ReviewSubmission, sub_id)
            missing = self._missing(dict(sub.materials or {}), cfg)
            if day < sub.submitted_on:
                raise InvalidInput(reason="受理日期不能早于送审日期")
        if missing:
            self._deny(action, case_no, Conflict(key="materials_missing",
                                                 reason="送审材料不齐，不能受理，尚缺：" + "；".join(missing)))
        cal = self.work_calendar()
        deadline = cal.add_workdays(day, sub.limit_days, next_day=sub.next_day)
        with self._write_round(sub_id, "accept") as (s, sub, new_state):
            sub.status, sub.accepted_on, sub.deadline, sub.calendar_version = new_state, day, deadline, cal.version
            sub.updated_at = utcnow()
            self._audit(s, action, case_no, details={"round": sub.round, "accepted_on": day.isoformat(),
                                                      "deadline": deadline.isoformat(), "limit_days": sub.limit_days,
                                                      "calendar": cal.version})
        return self.review_status(case_no)

    def review_return(self, case_no: str, reason: str) -> dict[str, Any]:
        """Return an incomplete package (not filled within the time allowed); the case may be
        submitted again as a new round."""
        action = "review.return"
        if not reason.strip():
            raise InvalidInput(reason="须写明退回理由")
        _case_id, sub_id = self._step(case_no, action, "return")
        with self._write_round(sub_id, "return") as (s, sub, new_state):
            sub.status, sub.returned_reason, sub.updated_at = new_state, reason.strip(), utcnow()
            self._audit(s, action, case_no, details={"round": sub.round, "reason": reason.strip()})
        return self.review_status(case_no)

    def review_extend(self, case_no: str, days: int, *, approved_by: str, reason: str,
                      approved_on: dt.date | str | None = None) -> dict[str, Any]:
        """Extend the time limit by ``days`` working days (at most the configured extension
        in total), recording who approved it, when and why."""
        action = "review.extend"
        _case_id, sub_id = self._step(case_no, action, "extend")
        cfg = self.review_config()
        days = int(days)
        if not approved_by.strip() or not reason.strip():
            raise InvalidInput(reason="延长审核期限须写明批准人和理由")
        with self.archive.read() as s:
            sub = s.get(ReviewSubmission, sub_id)
            total = sub.extension_days + days
        if days < 1 or total > cfg.extension_days:
            self._deny(action, case_no, InvalidInput(
                key="extension_too_long", reason=f"审核期限最多延长 {cfg.extension_days} 个工作日（已延长 {total - days} 个）"))
        day = parse_date(approved_on) if approved_on else _today()
        cal = self.work_calendar()
        with self._write_round(sub_id, "extend") as (s, sub, _):
            sub.extension_days = total
            sub.extension = {"days": total, "approved_by": approved_by.strip(), "reason": reason.strip(),
                             "approved_on": day.isoformat(), "recorded_by": self.username}
            sub.deadline = cal.add_workdays(sub.accepted_on, sub.limit_days + total, next_day=sub.next_day)
            sub.calendar_version = cal.version
            sub.updated_at = utcnow()
            self._audit(s, action, case_no, details={"round": sub.round, "days": days, "total": total,
                                                      "approved_by": approved_by.strip(), "reason": reason.strip(),
                                                      "deadline": sub.deadline.isoformat()})
        return self.review_status(case_no)

    def review_check(self, case_no: str, point: int, result: str, *, explanation: str = "", suggestion: str = "",
                     citations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Fill one checklist point of the current round: result (符合 / 不符合 / 不适用), the
        explanation, a suggestion, and the anchors it cites (pages, regions, time ranges or
        annotations, on items this user may open)."""
        action = "review.check"
        _case_id, sub_id = self._step(case_no, action, "check")
        cfg = self.review_config()
        try:
            p = cfg.point(int(point))
        except (KeyError, ValueError):
            raise InvalidInput(reason=f"审核要点 {point} 不存在（1–{max(q.no for q in cfg.points)}）") from None
        if result not in cfg.results:
            raise InvalidInput(reason=f"审核结果应为：{'、'.join(cfg.results)}")
        if result == "不符合" and not explanation.strip():
            raise InvalidInput(reason=f"“{p.name}”不符合时须写明理由")
        with self.archive.read() as s:
            cited = []
            for c in citations or []:
                anchor, item = self._resolve_anchor(s, c, action)
                if self._item_case(s, item).id != _case_id:
                    raise InvalidInput(reason="只能引用本案卷中的材料")
                cited.append(anchor)
        with self._write_round(sub_id, "check") as (s, sub, _):
            row = s.scalar(select(ReviewCheck).where(ReviewCheck.submission_id == sub.id, ReviewCheck.point == p.no))
            if row is None:
                row = ReviewCheck(submission_id=sub.id, point=p.no, updated_by_id=self.user.id)
                s.add(row)
            row.result, row.explanation, row.suggestion = result, explanation.strip(), suggestion.strip()
            row.citations, row.updated_by_id, row.updated_at = cited, self.user.id, utcnow()
            sub.updated_at = utcnow()
            self._audit(s, action, case_no, details={"round": sub.round, "point": p.no, "result": result,
                                                      "citations": len(cited)})
        return self.review_status(case_no)

    def review_conclude(self, case_no: str, conclusion: str, *, note: str = "",
                        concluded_on: dt.date | str | None = None) -> dict[str, Any]:
        """Conclude the round (同意 / 修改后再送审 / 不同意 / 建议移送) once every required
        point is filled; may be revised until the 意见书 is signed off."""
        action = "review.conclude"
        _case_id, sub_id = self._step(case_no, action, "conclude")
        cfg = self.review_config()
        if conclusion not in cfg.conclusions:
            raise InvalidInput(reason=f"审核结论应为：{'、'.join(cfg.conclusions)}")
        with self.archive.read() as s:
            done = {c.point: c.result for c in s.scalars(select(ReviewCheck).where(ReviewCheck.submission_id == sub_id))}
        open_points = [f"{p.no}.{p.name}" for p in cfg.points if not p.optional and not done.get(p.no)]
        if open_points:
            self._deny(action, case_no, Conflict(key="checklist_incomplete",
                                                 reason="审核要点尚未填完：" + "、".join(open_points)))
        failing = [p.name for p in cfg.points if done.get(p.no) == "不符合"]
        if conclusion == cfg.conclusions[0] and failing:
            self._deny(action, case_no, Conflict(
                key="conclusion_contradicts", reason=f"审核要点“{'、'.join(failing)}”不符合，不能作出“{conclusion}”的结论"))
        day = parse_date(concluded_on) if concluded_on else _today()
        with self._write_round(sub_id, "conclude") as (s, sub, new_state):
            before = sub.conclusion
            sub.status, sub.conclusion, sub.conclusion_note, sub.concluded_on = new_state, conclusion, note.strip(), day
            sub.updated_at = utcnow()
            self._audit(s, action, case_no, details={"round": sub.round, "conclusion": conclusion,
                                                      "before": before or None})
        return self.review_status(case_no)

    # ---------------------------------------------------------------- status and countdown
    def _round_json(self, s: "Session", case: Case, sub: ReviewSubmission, cfg: ReviewConfig,
                    cal: WorkCalendar | None, today: dt.date) -> dict[str, Any]:
        checks = {c.point: c for c in s.scalars(select(ReviewCheck).where(ReviewCheck.submission_id == sub.id))}
        cited_ids = {a["item_id"] for c in checks.values() for a in (c.citations or [])}
        items = {i.id: i for i in s.scalars(select(Item).where(Item.id.in_(cited_ids)))} if cited_ids else {}
        names = self._user_names(s, {sub.reviewer_id} | {c.updated_by_id for c in checks.values()})
        points = []
        for p in cfg.points:
            c = checks.get(p.no)
            cites = []
            for a in (c.citations if c else []) or []:
                it = items.get(a["item_id"])
                info = {"title": it.title, "page_start": it.page_start} if it else {}
                cites.append({**a, "text": anc.citation_text(a, info), "uri": anc.anchor_uri(a)})
            points.append({"no": p.no, "name": p.name, "question": p.question, "optional": p.optional,
                           "result": c.result if c else "", "explanation": c.explanation if c else "",
                           "suggestion": c.suggestion if c else "", "citations": cites,
                           "updated_by": names.get(c.updated_by_id, "") if c else ""})
        remaining = level = None
        text = ""
        calendar_error = ""
        if sub.deadline and sub.status in workflow.OPEN_STATES and cal is not None:
            try:
                remaining = cal.remaining(today, sub.deadline)
                level = countdown_level(remaining, cfg.warn_yellow_days, cfg.warn_red_days)
                text = countdown_text(remaining)
            except Exception as exc:  # noqa: BLE001 - a year outside the calendar: say so
                calendar_error = str(exc)
        opinion = s.scalar(select(ReviewOpinion).where(ReviewOpinion.submission_id == sub.id))
        mats = dict(sub.materials or {})
        return {"round": sub.round, "status": sub.status, "status_name": workflow.STATES.get(sub.status, sub.status),
                "submitted_on": sub.submitted_on.isoformat(), "submitting_unit": sub.submitting_unit,
                "submitted_by": sub.submitted_by, "major_category": sub.major_category,
                "proposed_decision": dict(sub.proposed_decision or {}), "materials": mats,
                "missing": self._missing(mats, cfg),
                "accepted_on": sub.accepted_on.isoformat() if sub.accepted_on else None,
                "limit_days": sub.limit_days, "next_day": sub.next_day, "extension_days": sub.extension_days,
                "extension": dict(sub.extension or {}),
                "deadline": sub.deadline.isoformat() if sub.deadline else None,
                "calendar_version": sub.calendar_version, "remaining_workdays": remaining, "warning": level or "",
                "countdown": text, "calendar_error": calendar_error,
                "reviewer": names.get(sub.reviewer_id, ""), "reviewer_qualification": sub.reviewer_qualification,
                "checklist": points, "conclusion": sub.conclusion, "conclusion_note": sub.conclusion_note,
                "concluded_on": sub.concluded_on.isoformat() if sub.concluded_on else None,
                "returned_reason": sub.returned_reason,
                "opinion": self._opinion_json(s, opinion) if opinion else None,
                "dispute": self._dispute_json(s, sub.id, today)}

    def _opinion_json(self, s: "Session", op: ReviewOpinion) -> dict[str, Any]:
        from workstation.archive.models import Digest

        def digests(blob_id: int) -> dict[str, str]:
            return {d.algorithm: d.value for d in s.scalars(select(Digest).where(Digest.blob_id == blob_id,
                                                                                 Digest.scope == "content"))}

        names = self._user_names(s, {op.signed_by_id})
        return {"id": op.id, "number": op.number, "signed_by": names.get(op.signed_by_id, ""),
                "signed_at": op.signed_at.isoformat(), "pages": op.page_count,
                "pdf": {"sha256": op.pdf_sha256, **digests(op.pdf_blob_id)},
                "docx": {"sha256": op.docx_sha256, **digests(op.docx_blob_id)}}

    def review_status(self, case_no: str, *, today: dt.date | str | None = None) -> dict[str, Any]:
        """The case's 法制审核: every round (newest last) with materials, deadline and the
        countdown (剩余 N 个工作日, yellow/red), checklist, conclusion and 意见书."""
        self._touch()
        cfg = self.review_config()
        today = parse_date(today) if today else _today()
        cal = self.work_calendar()
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, "review.status")
            subs = list(s.scalars(select(ReviewSubmission).where(ReviewSubmission.case_id == case.id)
                                  .order_by(ReviewSubmission.round)))
            rounds = [self._round_json(s, case, sub, cfg, cal, today) for sub in subs]
        return {"case_no": case.case_no, "title": case.title, "today": today.isoformat(), "rounds": rounds,
                "current": rounds[-1] if rounds else None}

    def review_deadlines(self, *, today: dt.date | str | None = None) -> dict[str, dict[str, Any]]:
        """Open reviews of the cases this user may see: case_no → deadline, remaining working
        days, warning level and text (for the countdown column of the case list)."""
        self._touch()
        cfg = self.review_config()
        today = parse_date(today) if today else _today()
        cal = self.work_calendar()
        out: dict[str, dict[str, Any]] = {}
        with self.archive.read() as s:
            latest = (select(ReviewSubmission.case_id, func.max(ReviewSubmission.round).label("r"))
                      .group_by(ReviewSubmission.case_id).subquery())
            rows = s.execute(select(Case.case_no, ReviewSubmission)
                             .join(ReviewSubmission, ReviewSubmission.case_id == Case.id)
                             .join(latest, (latest.c.case_id == ReviewSubmission.case_id)
                                   & (latest.c.r == ReviewSubmission.round))
                             .where(self.policy.case_clause(), ReviewSubmission.status.in_(workflow.OPEN_STATES)))
            for case_no, sub in rows:
                entry = {"status": sub.status, "status_name": workflow.STATES[sub.status],
                         "deadline": sub.deadline.isoformat() if sub.deadline else None, "remaining": None,
                         "warning": "", "text": workflow.STATES[sub.status] if not sub.deadline else ""}
                if sub.deadline:
                    try:
                        rem = cal.remaining(today, sub.deadline)
                        entry.update(remaining=rem, warning=countdown_level(rem, cfg.warn_yellow_days,
                                                                            cfg.warn_red_days),
                                     text=countdown_text(rem))
                    except Exception as exc:  # noqa: BLE001
                        entry.update(warning="red", text=str(exc))
                out[case_no] = entry
        return out

    # ---------------------------------------------------------------- 意见书
    def _opinion_data(self, s: "Session", case: Case, sub: ReviewSubmission, *, draft: bool,
                      head: str = "", number: str = "", date: dt.date | None = None) -> dict[str, Any]:
        cfg = self.review_config()
        rnd = self._round_json(s, case, sub, cfg, None, _today())
        findings = [{"no": p["no"], "name": p["name"], "result": p["result"], "explanation": p["explanation"],
                     "suggestion": p["suggestion"], "citations": [{"text": c["text"], "uri": c["uri"]}
                                                                  for c in p["citations"]]}
                    for p in rnd["checklist"] if p["result"] or not p["optional"]]
        return {"title": cfg.opinion.get("title", "法制审核意见书"), "agency": self.archive.settings.agency_name,
                "number": number, "date": (date or _today()).isoformat(), "draft": draft,
                "copies": cfg.opinion.get("copies", ""),
                "case": {"case_no": case.case_no, "title": case.title, "party": case.party,
                         "party_id_no": case.party_id_no, "handling_unit": case.handling_unit,
                         "handlers": list(case.handlers or []), "cause": case.cause},
                "submission": {"round": sub.round, "submitted_on": rnd["submitted_on"],
                               "submitting_unit": sub.submitting_unit, "submitted_by": sub.submitted_by,
                               "accepted_on": rnd["accepted_on"], "deadline": rnd["deadline"],
                               "major_category": sub.major_category, "proposed_decision": rnd["proposed_decision"],
                               "materials": [n for n, got in rnd["materials"].items() if got],
                               "extension": rnd["extension"]},
                "findings": findings, "conclusion": sub.conclusion, "conclusion_note": sub.conclusion_note,
                "reviewer": rnd["reviewer"], "reviewer_qualification": sub.reviewer_qualification, "head": head}

    def review_opinion(self, case_no: str, out_dir: str | Path | None = None) -> dict[str, Any]:
        """Render the current round's 意见书 as a draft (PDF and DOCX, marked 草稿) into
        ``out_dir`` (default the data directory's cache) for preview. Once signed off, the
        stored, immutable files are given instead (see ``open_opinion``)."""
        from workstation.review.opinion import opinion_docx, opinion_pdf

        action = "review.opinion"
        if not (self.policy.allows(Permission.REVIEW) or self.policy.allows(Permission.SIGN_OFF_REVIEW)):
            self._require(Permission.REVIEW, action, case_no)
        self._touch()
        with self.archive.read() as s:
            case, sub = self._review_case(s, case_no, action)
            if sub.status == "signed":
                signed = True
            else:
                signed = False
                try:
                    workflow.require(sub.status, "draft")
                except workflow.IllegalTransition as exc:
                    self._deny(action, case_no, exc)
                data = self._opinion_data(s, case, sub, draft=True)
        if signed:
            return {**self.open_opinion(case_no, "pdf"), "docx_path": self.open_opinion(case_no, "docx")["path"]}
        pdf, pages = opinion_pdf(data)
        docx = opinion_docx(data)
        folder = Path(out_dir) if out_dir else self.archive.data_dir / "cache" / "opinions"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"法制审核意见书-草稿-{case_no}-第{sub.round}次".replace("/", "_")
        pdf_path, docx_path = folder / f"{stem}.pdf", folder / f"{stem}.docx"
        pdf_path.write_bytes(pdf)
        docx_path.write_bytes(docx)
        self.archive.audit_now(self.username, action, case_no, details={"round": sub.round, "draft": True,
                                                                        "pages": pages})
        return {"case_no": case_no, "round": sub.round, "draft": True, "path": str(pdf_path),
                "docx_path": str(docx_path), "pages": pages, "data": data}

    def review_sign_off(self, case_no: str) -> dict[str, Any]:
        """The head of the legal unit signs the concluded round's 意见书 off: it gets its
        number, is rendered with the signer's name, stored in the evidence store (PDF and
        DOCX, SHA-256 and SM3 recorded) and is immutable from then on."""
        from workstation.review.opinion import opinion_docx, opinion_pdf

        action = "review.sign_off"
        case_id, sub_id = self._step(case_no, action, "sign_off", Permission.SIGN_OFF_REVIEW)
        cfg = self.review_config()
        today = _today()
        with self.archive.read() as s:
            case = s.get(Case, case_id)
            sub = s.get(ReviewSubmission, sub_id)
            serial = (s.scalar(select(func.max(ReviewOpinion.serial)).where(ReviewOpinion.year == today.year)) or 0) + 1
            agency = self.archive.settings.agency_name or ""
            number = cfg.opinion.get("number_pattern", "法审〔{year}〕{serial}号").format(
                agency=agency, agency_short=agency[:6], year=today.year, serial=serial)
            data = self._opinion_data(s, case, sub, draft=False, head=self.user.display_name or self.username,
                                      number=number, date=today)
            level = Classification(case.classification)
        pdf, pages = opinion_pdf(data)
        with self._issued_documents(pdf, opinion_docx(data), level) as doc:
            with self._write_round(sub_id, "sign_off") as (s, sub, new_state):
                pdf_blob, docx_blob = doc.blob_rows(s)
                op = ReviewOpinion(submission_id=sub.id, case_id=sub.case_id, number=number, year=today.year,
                                   serial=serial, pdf_blob_id=pdf_blob.id, pdf_sha256=doc.pdf.sha256,
                                   docx_blob_id=docx_blob.id, docx_sha256=doc.docx.sha256, page_count=pages,
                                   content=data, signed_by_id=self.user.id, signed_at=utcnow())
                s.add(op)
                sub.status, sub.updated_at = new_state, utcnow()
                s.flush()
                self._audit(s, action, case_no, details={
                    "round": sub.round, "opinion_id": op.id, "number": number, "conclusion": sub.conclusion,
                    **doc.digests()})
        return self.review_status(case_no)

    @contextmanager
    def _issued_documents(self, pdf: bytes, docx: bytes, level: Classification):
        """A rendered PDF + DOCX pair (意见书, 复核意见书) put into the evidence store before the
        write transaction that records it; if that fails, the objects it stored are removed."""
        doc = _IssuedDocuments(*self._store_derivative(pdf, level), *self._store_derivative(docx, level))
        created = [st.sha256 for st in (doc.pdf, doc.docx) if st.created]
        try:
            yield doc
        except BaseException:
            if created:
                self._discard_after_failure(created)
            raise
        for st in (doc.pdf, doc.docx):
            if st.key_id:
                self.archive.store.clear_pending(st.sha256)

    def open_opinion(self, case_no: str, fmt: str = "pdf", *, round_no: int | None = None) -> dict[str, Any]:
        """A readable path of a signed 意见书 (``temporary`` when it is a decrypted copy the
        caller deletes). Audited."""
        from workstation.archive import crypto

        action = "review.opinion_open"
        if fmt not in ("pdf", "docx"):
            raise InvalidInput(reason="格式应为 pdf 或 docx")
        self._touch()
        with self.archive.read() as s:
            case = self._visible_case(s, case_no, action)
            stmt = select(ReviewOpinion, ReviewSubmission).join(
                ReviewSubmission, ReviewSubmission.id == ReviewOpinion.submission_id).where(
                ReviewOpinion.case_id == case.id)
            if round_no is not None:
                stmt = stmt.where(ReviewSubmission.round == int(round_no))
            row = s.execute(stmt.order_by(ReviewSubmission.round.desc()).limit(1)).first()
            if row is None:
                self._deny(action, case_no, NotFound(what=f"案卷 {case_no} 已签发的法制审核意见书"))
            op, sub = row
            blob = s.get(Blob, op.pdf_blob_id if fmt == "pdf" else op.docx_blob_id)
            info = {"case_no": case_no, "round": sub.round, "number": op.number, "draft": False,
                    "sha256": blob.sha256, "pages": op.page_count, "format": fmt}
            sha256, encrypted = blob.sha256, blob.encrypted
        if encrypted:
            path = crypto.decrypt_to_temp(self.archive.store.path_of(sha256), self.archive.master_key(),
                                          self.archive.data_dir / "cache" / "plain", suffix="." + fmt)
        else:
            path = self.archive.store.path_of(sha256)
        self.archive.audit_now(self.username, action, case_no, details={"round": info["round"], "format": fmt,
                                                                        "sha256": sha256})
        return {**info, "path": str(path), "temporary": encrypted}


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class _IssuedDocuments:
    """A stored PDF + DOCX pair and whether they are encrypted at rest."""

    pdf: Any
    pdf_encrypted: bool
    docx: Any
    docx_encrypted: bool

    def blob_rows(self, s: "Session"):
        """Their catalog rows (so fixity checks cover them), inside the caller's transaction."""
        from workstation.archive.blobs import blob_row_for

        return blob_row_for(s, self.pdf, "application/pdf"), blob_row_for(s, self.docx, DOCX_MIME)

    def digests(self, prefix: str = "") -> dict[str, Any]:
        """Both documents' digests for the audit event."""
        return {f"{prefix}pdf_sha256": self.pdf.sha256, f"{prefix}pdf_sm3": self.pdf.digests.sm3,
                f"{prefix}docx_sha256": self.docx.sha256, f"{prefix}docx_sm3": self.docx.digests.sm3,
                "encrypted": self.pdf_encrypted or self.docx_encrypted}
