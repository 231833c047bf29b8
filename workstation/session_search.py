"""Search through the facade: indexing after ingest, rebuild/check, and permission-scoped
queries. The access scope is computed from the live catalog for every query and becomes
part of the Whoosh query, so totals, groups and snippets only show what the user may see.
Mixed into Workstation."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workstation.archive.access import Permission
from workstation.archive.models import Case, Item, Volume
from workstation.archive.vocab import Classification, ItemKind, Outcome
from workstation.errors import AccessDenied, WorkstationError
from workstation.jobs import Job

if TYPE_CHECKING:
    from workstation.search import IndexDoc, SearchResults

log = logging.getLogger(__name__)



def _case_fields(case: Case) -> dict[str, str]:
    return {"case_no": case.case_no, "party": case.party or "", "cause": case.cause or "",
            "category": str(case.category), "status": str(case.status),
            "year": str(case.opened_on.year) if case.opened_on else "",
            "date": case.opened_on.isoformat() if case.opened_on else ""}


def _item_fields(case: Case, item: Item) -> dict[str, str]:
    out = _case_fields(case)
    out.update({"title": item.title, "doc_no": item.doc_no or "", "author": item.author or ""})
    if item.doc_date:
        out["date"] = item.doc_date.isoformat()
    return out


def item_version(item: Item, transcript_version: str = "") -> str:
    from workstation.search import EXTRACTOR_VERSION
    from workstation.search._ocr import engine_version

    # Everything that changes an item's index units: content, extractor and OCR engine (installing
    # it makes scanned items stale), 密级, title, the case's status and 密级, the transcript version.
    case = item.volume.case
    return (f"{item.blob.sha256 if item.blob else '-'}:{EXTRACTOR_VERSION}:{engine_version()}:"
            f"{item.classification}:{item.title}:{case.status}:{case.classification}:{transcript_version}")


class SearchMethods:
    # -- the index ---------------------------------------------------------------------
    def _index(self):
        return self.archive.search_index()

    def _item_docs(self, case: Case, item: Item) -> Iterator["IndexDoc"]:
        from workstation.search import IndexDoc, extract_pdf_pages, ocr_image_text, ocr_page_text

        level = max(Classification(case.classification), Classification(item.classification)).rank
        version = item_version(item, self._transcript_version(item))
        fields = _item_fields(case, item)
        meta = " ".join(x for x in (item.title, item.doc_no, item.author, item.doc_type, item.original_name) if x)
        yield IndexDoc(doc_id=f"m:{item.id}", case_id=case.id, item_id=item.id, kind="item_meta", text=meta,
                       level=level, fields=fields, version=version)
        if item.kind == ItemKind.DOCUMENT and item.usable and item.blob is not None:
            with self.archive.plaintext_path(item.blob.sha256, item.blob.encrypted, ".pdf") as path:
                for page in extract_pdf_pages(path):
                    text, ocr = page.text, False
                    if not text.strip() and page.needs_ocr:  # a scanned page: recognise its image
                        text, ocr = self._ocr_text(lambda: ocr_page_text(path, page.page)), True
                    if text.strip():
                        yield IndexDoc(doc_id=f"p:{item.id}:{page.page}", case_id=case.id, item_id=item.id,
                                       kind="page", text=text, page=page.page, level=level, fields=fields,
                                       version=version, ocr=ocr)
        elif item.kind == ItemKind.IMAGE and item.usable and item.blob is not None:
            suffix = Path(item.original_name or "").suffix.lower()
            with self.archive.plaintext_path(item.blob.sha256, item.blob.encrypted, suffix) as path:
                text = self._ocr_text(lambda: ocr_image_text(path))
            if text.strip():
                yield IndexDoc(doc_id=f"p:{item.id}:1", case_id=case.id, item_id=item.id, kind="page", text=text,
                               page=1, level=level, fields=fields, version=version, ocr=True)
        for seg in self._transcript_segments(item):
            yield IndexDoc(doc_id=f"t:{item.id}:{seg['id']}", case_id=case.id, item_id=item.id, kind="segment",
                           text=seg["text"], start_ms=seg["start_ms"], end_ms=seg["end_ms"], level=level,
                           fields=fields, version=version)

    @staticmethod
    def _ocr_text(recognise) -> str:
        """OCR output, or "" when no engine is installed or the image cannot be read (the item
        is still indexed by its metadata; `index check` reports it stale once OCR is installed)."""
        from workstation.search import OcrUnavailable

        try:
            return recognise()
        except OcrUnavailable:
            return ""
        except Exception:  # a damaged image must not stop the indexing job
            log.warning("OCR failed", exc_info=True)
            return ""

    def _transcript_segments(self, item: Item) -> list[dict[str, Any]]:
        """Transcript segments of an AV item, once the media package provides them."""
        provider = getattr(self, "transcript_segments_for_index", None)
        return provider(item.id) if provider and item.kind in (ItemKind.AUDIO, ItemKind.VIDEO) else []

    def _transcript_version(self, item: Item) -> str:
        provider = getattr(self, "transcript_version_for_index", None)
        if provider is None or item.kind not in (ItemKind.AUDIO, ItemKind.VIDEO):
            return ""
        return str(provider(item.id) or "")

    def _case_doc(self, case: Case) -> "IndexDoc":
        from workstation.search import IndexDoc

        text = " ".join(x for x in (case.case_no, case.title, case.party, case.party_id_no, case.cause,
                                    case.handling_unit, case.decision_no, " ".join(case.handlers or [])) if x)
        return IndexDoc(doc_id=f"c:{case.id}", case_id=case.id, item_id=None, kind="case_meta", text=text,
                        level=Classification(case.classification).rank, fields=_case_fields(case),
                        version=f"case:{case.classification}:{case.title}:{case.status}")

    def _all_docs(self, only_items: set[int] | None = None,
                  only_cases: set[int] | None = None) -> Iterator["IndexDoc"]:
        with self.archive.read() as s:
            cases = s.scalars(select(Case).options(selectinload(Case.volumes).selectinload(Volume.items)
                                                   .selectinload(Item.blob))).all()
            # Case-level records whose case changed are refreshed along with their items.
            for case in cases:
                if only_cases is None or case.id in only_cases:
                    yield self._case_doc(case)
                for vol in case.volumes:
                    for item in vol.items:
                        if only_items is None or item.id in only_items:
                            yield from self._item_docs(case, item)

    def index_check(self) -> dict[str, Any]:
        """Items missing from or stale in the index (the index is derived state)."""
        self._require(Permission.VERIFY_FIXITY, "index.check")
        index = self._index()
        have = index.versions() if index.doc_count() else {}
        missing, stale = [], []
        with self.archive.read() as s:
            for case in s.scalars(select(Case).options(selectinload(Case.volumes).selectinload(Volume.items)
                                                       .selectinload(Item.blob))):
                for vol in case.volumes:
                    for item in vol.items:
                        v = have.get(f"m:{item.id}")
                        if v is None:
                            missing.append(item.id)
                        elif v != item_version(item, self._transcript_version(item)):
                            stale.append(item.id)
        return {"missing": missing, "stale": stale, "indexed_units": len(have)}

    def index_pending(self, job: Job | None = None) -> dict[str, Any]:
        """Index what is missing or stale, in committed batches (never everything again)."""
        job = job or Job()
        report = self.index_check()
        todo = set(report["missing"]) | set(report["stale"])
        if not todo:
            return {"indexed_items": 0, "units": 0}
        index = self._index()
        for item_id in report["stale"]:
            index.delete_item(item_id)
        with self.archive.read() as s:
            case_ids = set(s.scalars(select(Volume.case_id).join(Item).where(Item.id.in_(todo))))
        units = self._add_in_batches(self._all_docs(only_items=todo, only_cases=case_ids), job)
        self.archive.audit_now(self.username, "index.update", "", details={"items": len(todo), "units": units})
        return {"indexed_items": len(todo), "units": units}

    def index_rebuild(self, job: Job | None = None) -> dict[str, Any]:
        self._require(Permission.VERIFY_FIXITY, "index.rebuild")
        job = job or Job()
        index = self._index()
        index.clear()
        units = self._add_in_batches(self._all_docs(), job)
        self.archive.audit_now(self.username, "index.rebuild", "", details={"units": units})
        return {"units": units}

    def _add_in_batches(self, docs: Iterator["IndexDoc"], job: Job) -> int:
        """The index batches, commits, reports progress and honours cancel itself; given the
        whole stream, its two worker processes analyse and write segments in parallel."""
        return self._index().add(docs, job=job)

    # -- queries -------------------------------------------------------------------------
    def access_scope(self):
        from workstation.search import AccessScope

        with self.archive.read() as s:
            case_ids = self.policy.visible_case_ids(s)
            hidden = self.policy.hidden_item_ids(s, case_ids)
        return AccessScope(max_level=self.policy.clearance.rank, case_ids=frozenset(case_ids),
                           denied_item_ids=frozenset(hidden))

    def search(self, query: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance") -> "SearchResults":
        self._touch()
        if not self.policy.allows(Permission.READ_CASES):
            self.archive.audit_now(self.username, "search", query, Outcome.DENIED, {"reason": "no_read_permission"})
            raise AccessDenied(reason="当前账号不能检索案卷内容")
        try:
            results = self._index().search(query, self.access_scope(), limit=limit, offset=offset, sort=sort)
        except WorkstationError as exc:
            self.archive.audit_now(self.username, "search", query, Outcome.ERROR, {"error": exc.key})
            raise
        self.archive.audit_now(self.username, "search", query, details={"total": results.total, "offset": offset})
        return results

    def search_json(self, query: str, **kw) -> dict[str, Any]:
        """Results with case numbers and item titles filled in (for the CLI and the UI)."""
        res = self.search(query, **kw)
        with self.archive.read() as s:
            case_nos = dict(s.execute(select(Case.id, Case.case_no).where(
                Case.id.in_([g.case_id for g in res.groups]))).all())
            item_ids = [i.item_id for g in res.groups for i in g.items if i.item_id]
            titles = dict(s.execute(select(Item.id, Item.title).where(Item.id.in_(item_ids))).all())
        return {"query": query, "total": res.total, "elapsed_ms": round(res.elapsed_ms, 1),
                "offset": res.offset, "limit": res.limit, "terms": list(res.query_terms),
                "cases": [{"case_no": case_nos.get(g.case_id), "items": [
                    {"item_id": i.item_id, "title": titles.get(i.item_id), "hits": [
                        {"kind": h.kind, "page": h.page, "start_ms": h.start_ms, "end_ms": h.end_ms,
                         "score": round(h.score, 3), "snippet": h.snippet_html, "ocr": h.ocr,
                         "source": "识别文字" if h.ocr else ""} for h in i.hits]}
                    for i in g.items]} for g in res.groups]}

    def hit_rects(self, item_id: int, page: int, terms: list[str]) -> list[tuple[float, float, float, float]]:
        """Rectangles of the hit characters on a page, for the viewer (access-checked)."""
        from workstation.search import hit_boxes

        self._touch()
        with self.archive.read() as s:
            item = s.get(Item, item_id)
            if item is None or item.blob is None or not self.policy.may_item(s, item_id):
                self.archive.audit_now(self.username, "item.open", f"item:{item_id}", Outcome.DENIED,
                                       {"reason": "not_found_or_hidden"})
                from workstation.errors import NotFound

                raise NotFound(what=f"件 {item_id}")
            sha, encrypted = item.blob.sha256, item.blob.encrypted
        # No view event of its own: the viewer that shows these rectangles audits the viewing.
        with self.archive.plaintext_path(sha, encrypted, ".pdf") as path:
            return hit_boxes(path, page, terms)
