"""Court-ready case bundles (证据包) through the facade. Mixed into Workstation.

Access follows decision 0004: the export permission, then every selected item checked
with ``may_item(level="export")`` (refusals audited as denied, nothing built); items of
秘密 and above also need an approval — an approved 调阅 request at the export level whose
grant is active now — and its id is recorded. Every exhibit is one ``bundle.export_item``
audit event and the bundle one ``bundle.export`` event (with every file's digests), all
committed in one transaction before the audit extract is taken, so the bundle carries the
record of its own making; ``bundle.complete`` follows once the bundle has its final name.

The bundle is built in a hidden folder next to the destination and renamed at the end:
cancelling or failing removes it, so no partial bundle ever carries the final name.
Stamps, watermarks and redactions are only applied to copies; AV clips come from
``export_clip`` (exact mode), 制作说明 from ``export_production_note``, 文字记录 from
``export_transcript`` or, for a clip or a redacted sound track, the same renderer over the
clip's segments.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workstation.archive.access import GRANT_LEVEL_NAMES, Permission, _active
from workstation.archive.models import AccessRequest, Case, Grant, Item, Volume, utcnow
from workstation.archive.vocab import Classification, ItemKind, Outcome
from workstation.errors import AccessDenied, Cancelled, IntegrityError, InvalidInput, NotFound, WorkstationError
from workstation.export.spec import BundleSpec, Part, Redaction, reason_code

if TYPE_CHECKING:
    from workstation.jobs import Job

BEIJING = dt.timezone(dt.timedelta(hours=8))
DOC_KINDS = (ItemKind.DOCUMENT, ItemKind.IMAGE, ItemKind.OTHER)
AV_KINDS = (ItemKind.AUDIO, ItemKind.VIDEO)
COPY_AS_IS = {".mp4", ".wav"}
#: Job progress key of a bundle export (shown as is by the progress dialog and the CLI).
PROGRESS_KEY = "正在生成证据包"


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())


class BundleMethods:
    # ================================================================== choosing
    def bundle_sources(self, case_no: str) -> dict[str, Any]:
        """What the export dialog offers: the case's visible items (with whether this user
        may export each) and the clips of its AV items."""
        detail = self.show_case(case_no)
        items = []
        for vol in detail["volumes"]:
            for it in vol["items"]:
                entry = {**it, "volume": f"{vol['kind']} 第{vol['seq']}卷", "exportable": self.can_export_item(it["id"])}
                entry["clips"] = self.list_clips(it["id"]) if it["kind"] in ("audio", "video") else []
                items.append(entry)
        out = {"case_no": detail["case_no"], "title": detail["title"], "classification": detail["classification"],
               "items": items, "redaction_annotations": []}
        if hasattr(self, "list_annotations"):
            try:
                out["redaction_annotations"] = list(self.list_annotations(case_no, kind="redaction"))
            except WorkstationError:
                out["redaction_annotations"] = []
        return out

    # ================================================================== access
    def _export_approval(self, s, case_id: int) -> int | None:
        """The approved 调阅 request (export level) whose grant lets this user export now."""
        row = s.execute(select(Grant.request_id).join(AccessRequest, AccessRequest.id == Grant.request_id).where(
            Grant.case_id == case_id, Grant.user_id == self.user.id, Grant.level.in_(("export", "edit")),
            AccessRequest.status == "approved", AccessRequest.requester_id == self.user.id,
            _active(utcnow())).order_by(Grant.request_id.desc()).limit(1)).first()
        return row[0] if row else None

    def _bundle_deny(self, case_no: str, target: str, reason: str, message: str, **details: Any) -> None:
        self.archive.audit_now(self.username, "bundle.export", target, Outcome.DENIED,
                               {"reason": reason, "case_no": case_no, **details})
        raise AccessDenied(key="access_denied", reason=message)

    def _bundle_resolve(self, spec: BundleSpec) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Case facts and one fact dict per part; every access decision is taken here,
        before anything is written."""
        from workstation.media.models import Clip

        self._touch()
        self._require(Permission.EXPORT, "bundle.export", spec.case_no)
        with self.archive.read() as s:
            case = self._visible_case(s, spec.case_no, "bundle.export")
            case_d = {"case_no": case.case_no, "title": case.title, "party": case.party, "cause": case.cause,
                      "category": str(case.category), "handling_unit": case.handling_unit,
                      "classification": str(case.classification), "secrecy_term": case.secrecy_term,
                      "archival_code": case.archival_code or "", "decision_no": case.decision_no,
                      "status": str(case.status), "id": case.id}
            approval = None
            parts = []
            # One query per level for the whole selection (the same SQL as may_item).
            clip_items = dict(s.execute(select(Clip.id, Clip.item_id).where(
                Clip.id.in_([p.clip_id for p in spec.parts if p.clip_id is not None]))).all())
            wanted = {p.item_id for p in spec.parts if p.item_id is not None} | set(clip_items.values())
            visible, exportable = (set(s.scalars(
                select(Item.id).join(Volume, Item.volume_id == Volume.id).join(Case, Volume.case_id == Case.id)
                .where(Item.id.in_(wanted), self.policy.item_clause(level=lv)))) for lv in ("view", "export"))
            for n, part in enumerate(spec.parts, 1):
                clip = None
                item_id = part.item_id
                if part.clip_id is not None:
                    clip = s.get(Clip, part.clip_id)
                    if clip is None or clip.item_id not in visible:
                        self._bundle_deny(case.case_no, f"clip:{part.clip_id}", "not_found_or_hidden",
                                          f"片段 {part.clip_id} 不存在或无权查看")
                    if clip.removed_at is not None:
                        raise InvalidInput(key="clip_removed", reason=f"片段 {part.clip_id} 已撤销，不能装入证据包")
                    item_id = clip.item_id
                item = s.get(Item, item_id)
                target = f"{case.case_no}/item:{item_id}"
                if item is None or item.volume.case_id != case.id or item.id not in visible:
                    self.archive.audit_now(self.username, "bundle.export", f"item:{item_id}", Outcome.DENIED,
                                           {"reason": "not_found_or_hidden", "case_no": case.case_no})
                    raise NotFound(what=f"案卷 {case.case_no} 中的件 {item_id}")
                if item.id not in exportable:
                    self._bundle_deny(case.case_no, target, "no_export_grant",
                                      f"没有件 {item_id}（{item.title}）的“{GRANT_LEVEL_NAMES['export']}”授权")
                level = Classification(item.classification)
                if level >= Classification.SECRET:
                    approval = approval or self._export_approval(s, case.id)
                    if approval is None:
                        self._bundle_deny(case.case_no, target, "classified_needs_approval",
                                          f"件 {item_id}（{item.title}）密级为{level}，导出须经审批：请提交“下载/导出”"
                                          "级别的调阅申请，经批准后在有效期内导出", level=str(level))
                if item.blob is None:
                    raise NotFound(what=f"件 {item_id} 的文件")
                if part.clip_id is None and part.pages is not None and item.kind in AV_KINDS:
                    raise InvalidInput(reason=f"件 {item_id} 是音视频资料，不能按页选取")
                if (part.audio_redactions or part.masks) and item.kind not in AV_KINDS:
                    raise InvalidInput(reason=f"件 {item_id} 不是音视频资料，不能做声音或画面遮蔽")
                if part.masks and item.kind != ItemKind.VIDEO:
                    raise InvalidInput(reason=f"件 {item_id} 没有画面，不能做画面遮挡")
                note = item.production_note
                parts.append({
                    "seq": n, "part": part, "item_id": item.id, "title": item.title, "kind": str(item.kind),
                    "doc_no": item.doc_no, "author": item.author, "date": item.doc_date.isoformat() if item.doc_date else "",
                    "classification": str(level), "page_count": item.page_count, "duration_ms": item.duration_ms,
                    "sha256": item.blob.sha256, "sm3": item.blob.digest("sm3"), "encrypted": bool(item.blob.encrypted),
                    "suffix": Path(item.original_name).suffix.lower()[:17], "original_name": item.original_name,
                    "probe": dict(item.probe or {}), "proves": note.proves if note is not None else "",
                    "has_note": note is not None, "target": target, "case_no": case.case_no,
                    "case_title": case.title,
                    "clip": None if clip is None else {"id": clip.id, "name": clip.name, "start_ms": clip.start_ms,
                                                        "end_ms": clip.end_ms}})
            case_d["approval_request"] = approval
        return case_d, parts

    def _bundle_redactions(self, spec: BundleSpec) -> list[Redaction]:
        marks = list(spec.redactions)
        wanted = spec.redaction_annotations
        if wanted:
            if not hasattr(self, "list_annotations"):
                raise InvalidInput(key="annotations_unavailable", reason="批注功能不可用，无法按批注编号取遮蔽标记")
            anns = {a.get("id"): a for a in self.list_annotations(spec.case_no, kind="redaction")}
            ids = list(anns) if wanted == "all" else list(wanted)
            for i in ids:
                a = anns.get(i)
                if a is None:
                    raise NotFound(what=f"遮蔽批注 {i}")
                marks.append(Redaction(item_id=a["item_id"], page=a["page"], rect=a["rect"],
                                       reason=a.get("reason") or a.get("text") or "O", annotation_id=a.get("id")))
        return marks

    def _bundle_notes(self, spec: BundleSpec) -> list[dict[str, Any]]:
        notes = [dict(n) for n in spec.annotations]
        if spec.include_case_annotations and hasattr(self, "list_annotations"):
            for a in self.list_annotations(spec.case_no):
                if a.get("kind") != "redaction" and a.get("rect") and a.get("page"):
                    notes.append(dict(a))
        return notes

    # ================================================================== building
    def export_bundle(self, spec: BundleSpec | dict[str, Any], dest: str | Path, *,
                      job: "Job | None" = None) -> dict[str, Any]:
        """Build the bundle in ``dest`` (a folder, must exist). Returns where it is and what
        it holds. Raises AccessDenied / NotFound / InvalidInput before writing anything when
        the selection is not allowed; Cancelled when ``job`` is cancelled (nothing left)."""
        from workstation.jobs import Job

        if isinstance(spec, dict):
            spec = BundleSpec.from_json(spec)
        job = job or Job()
        dest = Path(dest)
        if not dest.is_dir():
            raise InvalidInput(reason=f"导出文件夹不存在：{dest}")
        t0 = time.perf_counter()
        case_d, parts = self._bundle_resolve(spec)
        redactions = self._bundle_redactions(spec)
        notes = self._bundle_notes(spec)
        bundle_id = uuid.uuid4().hex
        now = dt.datetime.now(BEIJING)
        from workstation.media.clips import safe_file_stem

        name = safe_file_stem(f"{case_d['case_no']}_证据包_{now:%Y%m%d-%H%M%S}")
        final, n = dest / name, 2
        while final.exists() or final.with_suffix(".zip").exists():
            final, n = dest / f"{name}({n})", n + 1
        _sweep_stale_partials(dest)
        work = dest / f".{final.name}.partial-{bundle_id[:8]}"
        work.mkdir()
        owner = work.with_name(work.name + ".owner")
        owner.write_text(f"{socket.gethostname()} {os.getpid()}\n", "utf-8")
        audited = False
        zip_path: Path | None = None
        try:
            result = self._bundle_build(spec, case_d, parts, redactions, notes, bundle_id, now, work, final, job)
            audited = True
            job.check_cancelled()
            if spec.zip:
                job.report(result["steps"] - 1, result["steps"], PROGRESS_KEY)
                zip_path = final.with_suffix(".zip")
                from workstation.export.package import make_zip

                make_zip(work, zip_path, final.name)
                job.check_cancelled()
            os.replace(work, final)
            owner.unlink(missing_ok=True)
        except BaseException as exc:
            shutil.rmtree(work, ignore_errors=True)
            owner.unlink(missing_ok=True)
            if zip_path is not None and not final.exists():
                zip_path.unlink(missing_ok=True)
            outcome = Outcome.DENIED if isinstance(exc, AccessDenied) else Outcome.ERROR
            self.archive.audit_now(self.username, "bundle.export", case_d["case_no"], outcome, {
                "bundle_id": bundle_id, "stage": "after_audit" if audited else "building",
                "error": getattr(exc, "key", type(exc).__name__),
                "message": "已取消，未留下证据包" if isinstance(exc, (Cancelled, KeyboardInterrupt)) else str(exc)[:300]})
            raise
        from workstation.archive.hashing import digest_file

        tag = digest_file(final / "tagmanifest-sha256.txt")
        zip_d = digest_file(zip_path) if zip_path else None
        self.archive.audit_now(self.username, "bundle.complete", case_d["case_no"], details={
            "bundle_id": bundle_id, "path": str(final), "tagmanifest_sha256": tag.sha256, "tagmanifest_sm3": tag.sm3,
            **({"zip": zip_path.name, "zip_sha256": zip_d.sha256, "zip_sm3": zip_d.sm3} if zip_d else {})})
        job.report(result["steps"], result["steps"], PROGRESS_KEY)
        result.pop("steps")
        result.update({"path": str(final), "zip": str(zip_path) if zip_path else None, "name": final.name,
                       "seconds": round(time.perf_counter() - t0, 3)})
        return result

    def _bundle_watermark(self, case_no: str, spec: BundleSpec):
        from dataclasses import asdict

        from workstation.archive.watermark import WatermarkSettings, watermark_text

        settings = WatermarkSettings(**asdict(self.archive.settings.watermark))
        text = watermark_text(settings, user=self.username, display_name=self.user.display_name,
                              terminal=self.archive.settings.workstation_name, case_no=case_no, purpose=spec.purpose)
        if spec.recipient.strip():
            text = f"{text} 提供给：{_one_line(spec.recipient)}"
        return text, settings

    def _bundle_build(self, spec: BundleSpec, case_d: dict[str, Any], parts: list[dict[str, Any]],
                      redactions: list[Redaction], notes: list[dict[str, Any]], bundle_id: str, now: dt.datetime,
                      work: Path, final: Path, job: "Job") -> dict[str, Any]:
        from workstation.archive.hashing import digest_file
        from workstation.export import auditx, package
        from workstation.export.exhibits import index_pdf, index_xlsx
        from workstation.media.clips import safe_file_stem
        from workstation.media.timefmt import format_ms

        steps = len(parts) + 4
        watermark, wm_settings = self._bundle_watermark(case_d["case_no"], spec)
        bates = spec.bates
        number = bates.start
        exhibits: list[dict[str, Any]] = []
        files: list[dict[str, Any]] = []
        red_log: list[dict[str, Any]] = []
        warnings: list[str] = []
        doc_items = {p["item_id"] for p in parts if p["kind"] not in ("audio", "video")}
        for r in redactions:
            if r.item_id not in doc_items:
                warnings.append(f"件 {r.item_id} 未作为文书装入证据包，其遮蔽标记未使用")
        verified: set[str] = set()
        notes_made: dict[int, Path] = {}  # item id → its 制作说明 already in this bundle
        for done, p in enumerate(parts):
            job.check_cancelled()
            job.report(done, steps, PROGRESS_KEY)
            part: Part = p["part"]
            stem = safe_file_stem(part.title or p["title"], "证据")
            if p["kind"] in ("audio", "video"):
                ex = self._bundle_av(p, part, work, f"{p['seq']:03d}_{stem}_{bates.label(number)}", bates.label(number),
                                     verified, job, warnings, notes_made)
                ex.update({"bates_first": number, "bates_last": number})
                number += 1
            else:
                ex = self._bundle_document(p, part, work, f"{p['seq']:03d}_{stem}", number, redactions, watermark,
                                           wm_settings, verified, job, red_log, notes, bates)
                number = ex["bates_last"] + 1
            clip = p["clip"]
            name = part.title or (p["title"] if clip is None else f"{p['title']}（片段：{clip['name']}）")
            remarks = [part.remarks] if part.remarks else []
            if ex.get("redactions"):
                remarks.append(f"已遮蔽 {ex['redactions']} 处")
            if part.pages is not None:
                remarks.append("原件第 " + "、".join(f"{a}-{b}" if a != b else str(a) for a, b in part.pages) + " 页")
            if ex.get("av_redactions"):
                remarks.append(f"声音/画面遮蔽 {ex['av_redactions']} 处")
            if ex["kind"] == "av" and not ex.get("transcript"):
                remarks.append("无文字记录")
            if p["classification"] not in ("公开", "内部"):
                remarks.append(f"密级：{p['classification']}")
            if ex["kind"] == "document":
                rng = (f"{bates.label(ex['bates_first'])}–{bates.label(ex['bates_last'])}（共 {ex['pages']} 页）"
                       if ex["pages"] > 1 else f"{bates.label(ex['bates_first'])}（共 1 页）")
            else:
                rng = f"{bates.label(ex['bates_first'])}；时长 {format_ms(ex['duration_ms'])}"
                if clip is not None:
                    rng += f"（原件 {format_ms(ex['source']['start_ms'])}–{format_ms(ex['source']['end_ms'])}）"
            ex.update({"seq": p["seq"], "name": name, "item_id": p["item_id"], "clip_id": clip["id"] if clip else None,
                       "source_text": part.source or p["author"] or case_d["handling_unit"] or "本机关",
                       "proves": part.proves or p["proves"], "remarks": "；".join(remarks), "range": rng,
                       "classification": p["classification"], "date": p["date"], "author": p["author"]})
            exhibits.append(ex)
        job.check_cancelled()
        job.report(len(parts), steps, PROGRESS_KEY)
        bates_range = f"{bates.label(bates.start)}–{bates.label(number - 1)}"
        index_data = {"case_no": case_d["case_no"], "case_title": case_d["title"], "recipient": spec.recipient,
                      "purpose": spec.purpose, "made_by": self.user.display_name or self.username,
                      "made_at": now.strftime("%Y-%m-%d %H:%M"), "bates_range": bates_range,
                      "rows": [{"seq": e["seq"], "name": e["name"], "source": e["source_text"], "proves": e["proves"],
                                "range": e["range"], "remarks": e["remarks"]} for e in exhibits]}
        pdf, _pages = index_pdf(index_data, watermark=watermark, wm_settings=wm_settings)
        (work / "00_证据目录.pdf").write_bytes(pdf)
        (work / "00_证据目录.xlsx").write_bytes(index_xlsx(index_data))
        files.append(package.file_entry(work, "00_证据目录.pdf", "exhibit_index"))
        files.append(package.file_entry(work, "00_证据目录.xlsx", "exhibit_index_xlsx"))
        if red_log:
            (work / "redaction_log.json").write_text(json.dumps(red_log, ensure_ascii=False, indent=1), "utf-8")
            files.append(package.file_entry(work, "redaction_log.json", "redaction_log"))
        for ex in exhibits:
            for f in ex["files"]:
                files.append(package.file_entry(work, f["path"], f["role"], exhibit=ex["seq"],
                                                **({"source": f["source"]} if f.get("source") else {})))
        if spec.eep:
            from workstation.export.eep import build_eep

            job.check_cancelled()
            (work / "eep").mkdir()
            rel = f"eep/{safe_file_stem(case_d['case_no'])}_EEP.xml"
            eep_ex = [{"seq": e["seq"], "name": e["name"], "bates_range": e["range"], "author": e["author"],
                       "source": e["source_text"], "date": e["date"], "classification": e["classification"],
                       "pages": e.get("pages"), "files": [x for x in files if x.get("exhibit") == e["seq"]]}
                      for e in exhibits]
            (work / rel).write_bytes(build_eep(case_d, eep_ex, work, self.username))
            files.append(package.file_entry(work, rel, "eep"))
        job.report(len(parts) + 1, steps, PROGRESS_KEY)
        job.check_cancelled()
        # ---- the audit record of this export (per exhibit + the whole), then the extract
        from workstation.archive.models import AuditHead

        with self.archive.write() as s:
            for ex in exhibits:
                self._audit(s, "bundle.export_item", f"{case_d['case_no']}/item:{ex['item_id']}", details={
                    "bundle_id": bundle_id, "seq": ex["seq"], "clip_id": ex["clip_id"], "kind": ex["kind"],
                    "bates": [bates.label(ex["bates_first"]), bates.label(ex["bates_last"])],
                    "pages": ex.get("source", {}).get("pages"), "redactions": ex.get("redactions", 0),
                    "av_redactions": ex.get("av_redactions", 0), "recipient": spec.recipient,
                    "files": [{"path": f["path"], "sha256": f["sha256"], "sm3": f["sm3"]}
                              for f in files if f.get("exhibit") == ex["seq"]],
                    "approval_request": case_d["approval_request"]})
            self._audit(s, "bundle.export", case_d["case_no"], details={
                "bundle_id": bundle_id, "name": final.name, "recipient": spec.recipient, "purpose": spec.purpose,
                "exhibits": len(exhibits), "bates": bates_range, "redactions": len(red_log),
                "approval_request": case_d["approval_request"],
                "files": [{"path": f["path"], "sha256": f["sha256"], "sm3": f["sm3"], "size": f["size"]} for f in files]})
            s.flush()
            head = s.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
            extract = auditx.build_extract(s, case_d["case_no"], int(head.seq))
        job.report(len(parts) + 2, steps, PROGRESS_KEY)
        (work / "audit").mkdir()
        (work / package.EXTRACT).write_bytes(auditx.dumps(extract))
        files.append(package.file_entry(work, package.EXTRACT, "audit_extract",
                                        first_seq=extract[0]["seq"], last_seq=extract[-1]["seq"]))
        bag_info = {
            "Source-Organization": _one_line(case_d["handling_unit"] or "行政执法机关"),
            "External-Identifier": _one_line(case_d["case_no"]),
            "External-Description": _one_line(f"{case_d['title']} 证据包"),
            "Bagging-Date": now.date().isoformat(),
            "Contact-Name": _one_line(self.user.display_name or self.username),
            "Bundle-Id": bundle_id, "Case-No": _one_line(case_d["case_no"]), "Case-Title": _one_line(case_d["title"]),
            "Case-Party": _one_line(case_d["party"]), "Case-Cause": _one_line(case_d["cause"]),
            "Case-Classification": case_d["classification"], "Archival-Code": _one_line(case_d["archival_code"]),
            "Bates-Range": bates_range, "Exhibits": str(len(exhibits)),
            "Recipient": _one_line(spec.recipient), "Purpose": _one_line(spec.purpose),
            "Exported-By": self.username, "Terminal": _one_line(self.archive.settings.workstation_name),
            "Exported-At": now.isoformat(timespec="seconds"),
            "Audit-Extract-Last-Seq": str(head.seq), "Audit-Extract-Last-Hash": head.hash,
        }
        manifest = {
            "format": package.FORMAT, "bundle_id": bundle_id, "created_at": now.isoformat(timespec="seconds"),
            "made_by": self.username, "terminal": self.archive.settings.workstation_name,
            "recipient": spec.recipient, "purpose": spec.purpose,
            "case": {k: v for k, v in case_d.items() if k not in ("id",)},
            "bates": {"prefix": bates.prefix, "start": bates.start, "digits": bates.digits,
                      "position": bates.position, "margin_mm": bates.margin_mm, "first": bates.label(bates.start),
                      "last": bates.label(number - 1)},
            "exhibits": [{k: ex.get(k) for k in ("seq", "kind", "name", "item_id", "clip_id", "bates_first",
                                                 "bates_last", "pages", "duration_ms", "file", "source", "proves",
                                                 "remarks", "classification")} for ex in exhibits],
            "files": files, "redaction_log": "redaction_log.json" if red_log else None,
            "audit": {"extract": package.EXTRACT, "first_seq": extract[0]["seq"], "last_seq": extract[-1]["seq"],
                      "last_hash": head.hash},
            "bag_info": bag_info, "warnings": warnings,
        }
        (work / package.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        job.check_cancelled()
        package.make_bag(work, bag_info)
        job.report(len(parts) + 3, steps, PROGRESS_KEY)
        total_size = sum(f["size"] for f in files)
        return {"bundle_id": bundle_id, "case_no": case_d["case_no"], "exhibits": len(exhibits),
                "pages": sum(e.get("pages") or 0 for e in exhibits), "bates": bates_range,
                "files": len(files) + 1, "size": total_size, "redactions": len(red_log), "warnings": warnings,
                "steps": steps, "tagmanifest_sha256": digest_file(work / "tagmanifest-sha256.txt").sha256}

    # ---------------------------------------------------------------- one document
    def _bundle_fixity(self, p: dict[str, Any], path: Path, verified: set[str], job: "Job") -> None:
        """Re-hash the original before it leaves (domain.md §7.4)."""
        from workstation.archive.hashing import digest_file

        if p["sha256"] in verified:
            return
        d = digest_file(path)
        if d.sha256 != p["sha256"] or (p["sm3"] and d.sm3 != p["sm3"]):
            self.archive.audit_now(self.username, "bundle.export", p["target"], Outcome.ERROR,
                                   {"reason": "fixity_mismatch", "expected": p["sha256"], "found": d.sha256})
            raise IntegrityError(key="fixity_mismatch", reason=f"件 {p['item_id']}（{p['title']}）的原件摘要与入库时不符，已停止导出")
        verified.add(p["sha256"])

    def _bundle_document(self, p, part: Part, work: Path, stem: str, first: int, redactions, watermark, wm_settings,
                         verified, job, red_log, notes, bates) -> dict[str, Any]:
        from workstation.export.pdfdoc import annotated_copy, build_document, open_as_pdf
        from workstation.archive.dossier_forms import MUPDF_LOCK

        (work / "documents").mkdir(exist_ok=True)
        with self.archive.plaintext_path(p["sha256"], p["encrypted"], p["suffix"]) as src:
            src = Path(src)
            self._bundle_fixity(p, src, verified, job)
            count = p["page_count"]
            if not count:
                with MUPDF_LOCK:
                    doc = open_as_pdf(src)
                    count = doc.page_count
                    doc.close()
            pages = part.page_list(count)
            marks = [r for r in redactions if r.item_id == p["item_id"]]
            rel_tmp = f"documents/{stem}.pdf"
            out = work / rel_tmp
            res = build_document(src, out, page_numbers=pages, redactions=marks, bates=bates, first_number=first,
                                 redacted_by=self.username, watermark=watermark, wm_settings=wm_settings,
                                 check=job.check_cancelled)
        b = bates
        rel = f"documents/{stem}_{b.label(res.bates_first)}-{b.label(res.bates_last)}.pdf"
        out.rename(work / rel)
        for entry in res.redaction_log:
            red_log.append({"file": rel, "item_id": p["item_id"], **entry})
        src_info = {"item_id": p["item_id"], "sha256": p["sha256"], "sm3": p["sm3"], "pages": _ranges(res.source_pages),
                    "page_count": count}
        files = [{"path": rel, "role": "document", "source": src_info}]
        mine = [n for n in notes if int(n.get("item_id", -1)) == p["item_id"]]
        if mine:
            (work / "annotated").mkdir(exist_ok=True)
            arel = f"annotated/{stem}_{b.label(res.bates_first)}-{b.label(res.bates_last)}_批注副本.pdf"
            placed = annotated_copy(work / rel, work / arel, mine, source_pages=res.source_pages)
            clean = package_digest(work / rel)
            files.append({"path": arel, "role": "annotated_copy",
                          "source": {"clean_copy": rel, "sha256": clean.sha256, "sm3": clean.sm3, "notes": placed}})
        return {"kind": "document", "file": rel, "pages": res.pages, "bates_first": res.bates_first,
                "bates_last": res.bates_last, "redactions": len(res.redaction_log), "source": src_info,
                "files": files}

    # ---------------------------------------------------------------- one recording or clip
    def _bundle_av(self, p, part: Part, work: Path, stem: str, label: str, verified, job, warnings,
                   notes_made: dict[int, Path]) -> dict[str, Any]:
        from workstation.archive.hashing import digest_file
        from workstation.export.av import redact_media

        av_dir = work / "av"
        av_dir.mkdir(exist_ok=True)
        scratch = work / ".scratch"
        scratch.mkdir(exist_ok=True)
        has_video = p["kind"] == "video" and bool(p["probe"].get("video", True))
        has_audio = bool(p["probe"].get("audio")) or p["kind"] == "audio"
        clip = p["clip"]
        redacting = bool(part.audio_redactions or part.masks)
        ext = ".mp4" if has_video else ".wav"
        rel = f"av/{stem}{ext}"
        with self.archive.plaintext_path(p["sha256"], p["encrypted"], p["suffix"]) as src:
            self._bundle_fixity(p, Path(src), verified, job)
            if clip is None:
                start_ms, end_ms = 0.0, float(p["duration_ms"] or 0)
                if not redacting and _common_format(p, ext):
                    shutil.copyfile(src, work / rel)  # the original's own bytes: its digest is the original's
                    method = "原件逐字节复制"
                else:
                    job.check_cancelled()
                    redact_media(Path(src), work / rel, part.audio_redactions, part.masks, offset_ms=0,
                                 has_video=has_video, has_audio=has_audio)
                    method = "重新编码（H.264/AAC MP4）" if has_video else "重新编码（PCM WAV）"
                intermediate = None
        if clip is not None:
            job.check_cancelled()
            res = self.export_clip(clip["id"], "exact", scratch, job=job)
            start_ms, end_ms = float(res["start_ms"]), float(res["end_ms"])
            intermediate = {"clip_export_id": res["export_id"], "sha256": res["sha256"], "sm3": res["sm3"]}
            if redacting:
                redact_media(Path(res["path"]), work / rel, part.audio_redactions, part.masks, offset_ms=start_ms,
                             has_video=has_video, has_audio=has_audio)
                Path(res["path"]).unlink(missing_ok=True)
            else:
                os.replace(res["path"], work / rel)
            method = "精确片段（重新编码）"
        for r in part.audio_redactions + part.masks:
            if r.end_ms <= start_ms or r.start_ms >= end_ms:
                warnings.append(f"件 {p['item_id']} 的遮蔽时段 {r.start_ms:.0f}–{r.end_ms:.0f} 毫秒不在导出范围内")
        duration = _probe_duration_ms(work / rel) or (end_ms - start_ms)
        source = {"item_id": p["item_id"], "sha256": p["sha256"], "sm3": p["sm3"], "start_ms": round(start_ms, 3),
                  "end_ms": round(end_ms, 3), "method": method}
        if clip is not None:
            source.update({"clip_id": clip["id"], "clip_name": clip["name"], "exact_clip": intermediate})
        if redacting:
            source["redactions"] = ([{"type": "audio", "mode": a.mode, "start_ms": a.start_ms, "end_ms": a.end_ms,
                                      "reason_code": reason_code(a.reason)[0]} for a in part.audio_redactions]
                                    + [{"type": "mask", "start_ms": m.start_ms, "end_ms": m.end_ms,
                                        "box": [m.x, m.y, m.w, m.h], "reason_code": reason_code(m.reason)[0]}
                                       for m in part.masks])
        files = [{"path": rel, "role": "av_clip" if clip else "av_recording", "source": source}]
        # 制作说明 (the facade's own form and audit event; the same form again for another
        # clip of the same recording)
        nrel = f"av/{stem}_制作说明.pdf"
        if p["item_id"] in notes_made:
            shutil.copyfile(notes_made[p["item_id"]], work / nrel)
        else:
            note = self.export_production_note(p["item_id"], scratch)
            os.replace(note["path"], work / nrel)
            notes_made[p["item_id"]] = work / nrel
        files.append({"path": nrel, "role": "av_production_note", "source": {"item_id": p["item_id"],
                                                                              "sha256": p["sha256"]}})
        if not p["has_note"]:
            warnings.append(f"件 {p['item_id']}（{p['title']}）没有填写制作说明，导出的是空白表")
        trel = self._bundle_transcript(p, part, clip, start_ms, end_ms, work, stem, scratch)
        if trel:
            files.append({"path": trel, "role": "av_transcript", "source": {
                "item_id": p["item_id"], "sha256": p["sha256"], "start_ms": round(start_ms, 3),
                "end_ms": round(end_ms, 3)}})
        elif has_audio:
            warnings.append(f"件 {p['item_id']}（{p['title']}）有声音但没有文字记录")
        shutil.rmtree(scratch, ignore_errors=True)
        return {"kind": "av", "file": rel, "duration_ms": round(duration, 3), "source": source, "files": files,
                "transcript": trel, "av_redactions": len(part.audio_redactions) + len(part.masks),
                "digest": digest_file(work / rel).sha256}

    def _bundle_transcript(self, p, part: Part, clip, start_ms: float, end_ms: float, work: Path, stem: str,
                           scratch: Path) -> str | None:
        from workstation.media import catalog as mcat
        from workstation.media import transcripts as tx

        rel = f"av/{stem}_文字记录.pdf"
        with self.archive.read() as s:
            t = mcat.latest_transcript(s, p["item_id"])
            if t is None:
                return None
            segs = mcat.segments_of(t)
            info = mcat.transcript_json(t, self._usernames(s, [t.created_by_id]), with_segments=False)
        if clip is None and not part.audio_redactions:
            res = self.export_transcript(p["item_id"], "pdf", scratch)
            os.replace(res["path"], work / rel)
            return rel
        kept = []
        for seg in segs:
            if seg.end_ms <= start_ms or seg.start_ms >= end_ms:
                continue
            hidden = [a for a in part.audio_redactions if a.start_ms < seg.end_ms and a.end_ms > seg.start_ms]
            text = f"【此段声音已遮蔽：{reason_code(hidden[0].reason)[1]}】" if hidden else seg.text
            kept.append(tx.Segment(seg.start_ms, seg.end_ms, text, seg.speaker, seg.confirmed))
        title = p["title"] + (f"（片段：{clip['name']}）" if clip else "")
        data = tx.render_pdf(kept, case_no=p["case_no"], case_title=p["case_title"], item_title=title,
                             version=info["version"], source=info["source"], saved_by=info["created_by"],
                             saved_at=info["created_at"][:19].replace("T", " ") + " UTC",
                             duration_ms=end_ms - start_ms, exported_by=self.username)
        (work / rel).write_bytes(data)
        return rel

    # ================================================================== verifying
    def verify_bundle(self, path: str | Path) -> dict[str, Any]:
        """Check a bundle (folder or ZIP) on its own, and against this archive: the audit
        extract's last event must be the event of the same number in this archive's chain
        (``anchored``), which no one can forge without the archive. Recorded as ``bundle.verify``."""
        from workstation.archive.models import AuditEvent
        from workstation.export.package import verify_bundle

        self._touch()
        report = verify_bundle(path)
        last = report.get("audit_last") or {}
        if last.get("seq") is not None:
            with self.archive.read() as s:
                here = s.scalar(select(AuditEvent.hash).where(AuditEvent.seq == int(last["seq"])))
            report["anchored"] = here is not None and here == last.get("hash")
            if not report["anchored"]:
                report["problems"].append({"file": "data/audit/audit_extract.jsonl", "check": "archive",
                                           "message": "审计摘录与本档案库的审计链不符（不是本库导出的证据包，或摘录被改写）"})
                report["ok"] = False
        self.archive.audit_now(self.username, "bundle.verify", report.get("case_no") or str(path),
                               Outcome.SUCCESS if report["ok"] else Outcome.ERROR,
                               {"path": str(path), "ok": report["ok"], "problems": report["problems"][:20]})
        return report


def _common_format(p: dict[str, Any], ext: str) -> bool:
    """Whether the original already is a common format a court can play (H.264/AAC MP4, or
    PCM WAV): then it goes into the bundle byte for byte, its digest the original's."""
    if p["suffix"] != ext or ext not in COPY_AS_IS:
        return False
    video = (p["probe"].get("video") or {}).get("codec")
    audio = (p["probe"].get("audio") or {}).get("codec")
    if ext == ".mp4":
        return video == "h264" and audio in (None, "aac")
    return bool(audio) and str(audio).startswith("pcm_")


def _ranges(pages: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for p in pages:
        if out and p == out[-1][1] + 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return out


def package_digest(path: Path):
    from workstation.archive.hashing import digest_file

    return digest_file(path)


def _probe_duration_ms(path: Path) -> float | None:
    from workstation.media.clips import _container_duration_ms

    return _container_duration_ms(path)


def _sweep_stale_partials(dest: Path, *, orphan_age_s: float = 86400.0) -> list[str]:
    """Remove half-built bundles a killed export left in ``dest``: their owner file names a
    process of this host that is gone (or, without an owner file, they are a day old). A
    partial folder never has a bundle's name, so this is tidying, not a correctness fix."""
    removed = []
    host = socket.gethostname()
    for work in dest.glob(".*.partial-*"):
        if not work.is_dir():
            continue
        owner = work.with_name(work.name + ".owner")
        stale = False
        try:
            h, pid = owner.read_text("utf-8").split()
            stale = h == host and not _alive(int(pid))
        except FileNotFoundError:
            stale = time.time() - work.stat().st_mtime > orphan_age_s
        except (OSError, ValueError):
            continue
        if stale:
            shutil.rmtree(work, ignore_errors=True)
            owner.unlink(missing_ok=True)
            removed.append(work.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
