"""Audio/video evidence through the facade: exact frame times, derivatives (poster,
thumbnails, waveform, frame index), versioned transcripts (文字记录), clips and their
export, 制作说明 checks. Mixed into Workstation.

Access is checked exactly as ``Workstation.open_item`` does: an item the user may not see
looks missing (NotFound, audited as denied); exports need the "export" grant level and the
export permission; transcript changes need the "edit" level on a case still being compiled.
Plays and frame views are summarised by the item reader (one ``item.view`` per opening);
each export is one audit event; each transcript reading is one event (playback sync reuses
what was read).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.archive.access import GRANT_LEVEL_NAMES, Permission
from workstation.archive.models import Item, User
from workstation.archive.vocab import ItemKind, Outcome
from workstation.changes import Changes
from workstation.errors import AccessDenied, Conflict, InvalidInput, NotFound, WorkstationError
from workstation.media import catalog as mcat
from workstation.media import derivatives as deriv
from workstation.media import transcripts as tx
from workstation.media.errors import MediaError
from workstation.media.models import Clip, ClipExport, MediaDerivative, Transcript
from workstation.media.timefmt import format_ms, parse_time

if TYPE_CHECKING:
    from workstation.jobs import Job
    from workstation.media.frames import FrameIndex, FrameTime
    from workstation.media.player import MediaReader

AV_KINDS = (ItemKind.AUDIO, ItemKind.VIDEO)
FRAME_INDEX_PARAMS = {"v": 1}


class _Facts(dict):
    """Plain facts of an item, usable after its session has closed."""

    __getattr__ = dict.__getitem__


class MediaMethods:
    # ================================================================== access and plumbing
    def _media_item(self, s: Session, item_id: int, action: str, level: str = "view", *,
                    need_av: bool = True) -> Item:
        """The item if this user may act on it at ``level``; refusals audited."""
        item = s.get(Item, item_id)
        if item is None or not self.policy.may_item(s, item.id):
            self.archive.audit_now(self.username, action, f"item:{item_id}", Outcome.DENIED,
                                   {"reason": "not_found_or_hidden"})
            raise NotFound(what=f"件 {item_id}")
        if level != "view" and not self.policy.may_item(s, item.id, level):
            self.archive.audit_now(self.username, action, f"item:{item_id}", Outcome.DENIED,
                                   {"reason": f"no_{level}_grant"})
            raise AccessDenied(reason=f"没有件 {item_id} 的“{GRANT_LEVEL_NAMES[level]}”授权")
        if need_av and item.kind not in AV_KINDS:
            raise InvalidInput(key="not_av", reason=f"件 {item_id} 不是音视频资料")
        return item

    def _facts(self, item: Item) -> _Facts:
        case = item.volume.case
        probe = dict(item.probe or {})
        return _Facts(item_id=item.id, title=item.title, kind=str(item.kind), case_no=case.case_no,
                      case_title=case.title, case_id=case.id, case_status=str(case.status),
                      sha256=item.blob.sha256 if item.blob else None,
                      encrypted=bool(item.blob.encrypted) if item.blob else False,
                      suffix=Path(item.original_name).suffix.lower()[:17], original_name=item.original_name,
                      duration_ms=item.duration_ms, usable=item.usable, unusable_reason=item.unusable_reason,
                      probe=probe, target=f"{case.case_no}/item:{item.id}")

    def _load(self, item_id: int, action: str, level: str = "view", *, need_av: bool = True,
              permission: Permission | None = None) -> _Facts:
        self._touch()
        if permission is not None:
            self._require(permission, action, f"item:{item_id}")
        with self.archive.read() as s:
            item = self._media_item(s, item_id, action, level, need_av=need_av)
            facts = self._facts(item)
        if facts.sha256 is None:
            raise NotFound(what=f"件 {item_id} 的文件")
        return facts

    @contextmanager
    def _plain(self, f: _Facts) -> Iterator[Path]:
        import re

        suffix = f.suffix if re.fullmatch(r"\.[A-Za-z0-9_-]{1,16}", f.suffix or "") else ""
        with self.archive.plaintext_path(f.sha256, f.encrypted, suffix) as path:
            yield Path(path)

    def _usernames(self, s: Session, ids) -> dict[int, str]:
        ids = {i for i in ids if i}
        return dict(s.execute(select(User.id, User.username).where(User.id.in_(ids))).all()) if ids else {}

    # ================================================================== information
    def media_info(self, item_id: int) -> dict[str, Any]:
        """Technical facts from the ingest probe, plus what has been derived so far."""
        f = self._load(item_id, "media.info")
        p = f.probe
        out: dict[str, Any] = {
            "item_id": f.item_id, "case_no": f.case_no, "title": f.title, "kind": f.kind,
            "duration_ms": f.duration_ms, "duration": format_ms(f.duration_ms) if f.duration_ms else None,
            "usable": f.usable, "unusable_reason": f.unusable_reason, "sha256": f.sha256,
            "container": p.get("container"), "container_long_name": p.get("container_long_name"),
            "video": p.get("video"), "audio": p.get("audio"), "creation_time": p.get("creation_time"),
            "device_tags": p.get("device_tags", {}), "bit_rate": p.get("bit_rate"), "size": p.get("size"),
            "truncated": bool(p.get("truncated")), "streams": p.get("streams", []),
        }
        idx = self._cached_index(f)
        out["frame_index"] = idx.summary() if idx is not None else None
        with self.archive.read() as s:
            rows = s.execute(select(MediaDerivative.kind, MediaDerivative.id).where(
                MediaDerivative.source_sha256 == f.sha256)).all()
            kinds: dict[str, int] = {}
            for kind, _id in rows:
                kinds[kind] = kinds.get(kind, 0) + 1
            out["derivatives"] = kinds
            out["transcript_version"] = mcat.latest_version_number(s, f.item_id)
            out["clips"] = len(s.scalars(select(Clip.id).where(Clip.item_id == f.item_id,
                                                                Clip.removed_at.is_(None))).all())
        return out

    # ================================================================== playing and exact time
    def open_media(self, item_id: int) -> "MediaReader":
        """For the player: a readable path, exact time, frames, the transcript to follow.
        One ``item.view`` audit event when it is closed, with the time ranges played."""
        from workstation.media.player import MediaReader

        reader = self.open_item(item_id)  # access check and denial audit, like any opening
        try:
            with self.archive.read() as s:
                item = self._media_item(s, item_id, "item.open")
                f = self._facts(item)
                t = mcat.latest_transcript(s, item_id)
                segments = mcat.segments_of(t) if t is not None else []
            index = self._cached_index(f)
            return MediaReader(reader, index, {"kind": f.kind, "probe": f.probe, "transcript_version":
                                               t.version if t is not None else None}, segments,
                               on_index=lambda idx: self._store_index(f, idx))
        except BaseException:
            reader.close()
            raise

    def _cached_index(self, f: _Facts) -> "FrameIndex | None":
        """The frame index from memory or from its stored derivative (never built here)."""
        from workstation.media.frames import FrameIndex

        if f.kind != ItemKind.VIDEO:
            return None
        idx = mcat.INDEX_CACHE.get((str(self.archive.data_dir), f.sha256))
        if idx is not None:
            return idx
        with self.archive.read() as s:
            row = mcat.find_derivatives(s, f.sha256, deriv.FRAME_INDEX,
                                        [mcat.params_key(FRAME_INDEX_PARAMS)]).get(mcat.params_key(FRAME_INDEX_PARAMS))
        if row is None:
            return None
        try:
            idx = FrameIndex.from_bytes(mcat.read_derivative(self.archive, row, source_encrypted=f.encrypted,
                                                             actor=self.username))
        except (ValueError, OSError, WorkstationError):
            return None
        mcat.INDEX_CACHE.put((str(self.archive.data_dir), f.sha256), idx)
        return idx

    def _store_index(self, f: _Facts, idx: "FrameIndex") -> None:
        mcat.INDEX_CACHE.put((str(self.archive.data_dir), f.sha256), idx)
        self._store_derivatives(f, deriv.FRAME_INDEX, [(FRAME_INDEX_PARAMS, idx.summary(), idx.to_bytes(),
                                                        deriv.MIME["frame_index"])])

    def _index_for(self, f: _Facts, path: Path | None = None, job: "Job | None" = None) -> "FrameIndex":
        """The frame index, built (and stored) when there is none yet."""
        from workstation.media.frames import FrameIndex

        idx = self._cached_index(f)
        if idx is not None:
            return idx
        if path is None:
            with self._plain(f) as p:
                idx = FrameIndex.scan(p, job)
        else:
            idx = FrameIndex.scan(path, job)
        self._store_index(f, idx)
        return idx

    def frame_index(self, item_id: int, job: "Job | None" = None) -> dict[str, Any]:
        """Summary of the video's frame index (frames, key frames, frame rate, VFR), built
        by a demux-only scan on first use and kept as a derivative."""
        f = self._load(item_id, "media.frame_index")
        if f.kind != ItemKind.VIDEO:
            raise InvalidInput(key="no_video", reason="音频没有视频帧；精确时间按采样点计算")
        return self._index_for(f, job=job).summary()

    def _audio_time(self, f: _Facts, ms: float) -> "FrameTime":
        from workstation.media.frames import FrameTime

        rate = int((f.probe.get("audio") or {}).get("sample_rate") or 0)
        if rate <= 0:
            raise MediaError(key="no_audio", reason="无法确定音频采样率（文件可能无法解析）")
        ms = max(0.0, float(ms))
        if f.duration_ms:
            ms = min(ms, float(f.duration_ms))
        return FrameTime(int(round(Fraction(ms) * rate / 1000)), Fraction(1, rate), Fraction(0), None, True, "audio")

    def _exact(self, f: _Facts, ms: float, mode: str = "nearest", *, boundary: bool = False) -> "FrameTime":
        """An exact frame (video) or sample (audio) time for ``ms``."""
        from workstation.media.frames import MediaFile

        if f.kind != ItemKind.VIDEO:
            return self._audio_time(f, ms)
        idx = self._cached_index(f)
        if idx is None and not f.encrypted:
            with MediaFile(self.archive.store.path_of(f.sha256)) as mf:  # local scan: no index needed
                return mf.boundary(ms, mode) if boundary else mf.snap(ms, mode)
        idx = idx or self._index_for(f)
        return idx.boundary(ms, mode) if boundary else idx.snap(ms, mode)

    def snap_time(self, item_id: int, ms: float | str, mode: str = "nearest") -> dict[str, Any]:
        """The exact frame time for a player position (libVLC's clock is approximate):
        both the position given and the stored time, and their difference."""
        from workstation.media.frames import SNAP_MODES

        if mode not in SNAP_MODES:
            raise InvalidInput(reason=f"取帧方式应为 {'/'.join(SNAP_MODES)}")
        f = self._load(item_id, "media.snap")
        player = parse_time(ms)
        ft = self._exact(f, player, mode)
        return {**ft.to_json(), "player_ms": player, "offset_ms": round(ft.ms - player, 3)}

    def frame_image(self, item_id: int, ms: float | str, *, width: int | None = None, fmt: str = "png",
                    exact: bool = True) -> dict[str, Any]:
        """The picture of the frame at ``ms`` (decoded from the previous key frame): a
        viewing, audited through the item reader."""
        from workstation.media.frames import MediaFile

        f = self._load(item_id, "item.open")
        if f.kind != ItemKind.VIDEO:
            raise InvalidInput(key="no_video", reason="音频没有画面")
        idx = self._cached_index(f)
        with self.open_item(item_id) as reader:
            with MediaFile(reader.path, index=idx) as mf:
                ft = mf.snap(parse_time(ms), "floor")
                img = mf.frame_at(ft, width=width, exact=exact)
            reader.note_time(int(img.time.ms), int(img.time.ms))
        return {"image": img.encode(fmt), "format": fmt, "width": img.width, "height": img.height,
                **img.time.to_json()}

    # ================================================================== derivatives
    def _store_derivatives(self, f: _Facts, kind: str, entries) -> list[MediaDerivative]:
        def audit(s, kind_, shas):
            self._audit(s, "media.derivative", f.target, details={"kind": kind_, "count": len(shas),
                                                                  "source_sha256": f.sha256, "sha256": shas[:20]})

        return mcat.store_derivatives(self.archive, source_sha256=f.sha256, encrypt=f.encrypted, kind=kind,
                                      entries=entries, user_id=self.user.id, audit=audit)

    def _derived(self, f: _Facts, kind: str, wanted: list[dict[str, Any]], make, *, job: "Job | None" = None):
        """Stored derivatives for the ``wanted`` params; the missing ones made by ``make(mf)``
        (which returns (params, facts, bytes, mime) for every wanted entry) and stored."""
        from workstation.media.frames import MediaFile

        keys = [mcat.params_key(p) for p in wanted]
        with self.archive.read() as s:
            found = mcat.find_derivatives(s, f.sha256, kind, keys)
        if len(found) < len(keys):
            with self._plain(f) as path:
                with MediaFile(path, index=self._cached_index(f)) as mf:
                    entries = make(mf)
            rows = self._store_derivatives(f, kind, entries)
            found.update({r.params_key: r for r in rows})
        return [found[k] for k in keys if k in found]

    def poster(self, item_id: int, *, width: int = 640, fmt: str = "jpeg") -> dict[str, Any]:
        """The poster frame (at 10 % of the recording, at most 10 s in), made once."""
        f = self._load(item_id, "media.preview")
        if f.kind != ItemKind.VIDEO:
            raise InvalidInput(key="no_video", reason="音频没有画面")
        params = {"width": int(width), "format": deriv.image_format(fmt)}

        def make(mf):
            img, data = deriv.poster(mf, width=params["width"], fmt=params["format"])
            return [(params, {"ms": round(img.time.ms, 6), "pts": img.time.pts, "w": img.width, "h": img.height},
                     data, deriv.MIME[params["format"]])]

        row = self._derived(f, deriv.POSTER, [params], make)[0]
        data = mcat.read_derivative(self.archive, row, source_encrypted=f.encrypted, actor=self.username)
        self.archive.audit_now(self.username, "media.preview", f.target, details={"kind": "poster"})
        return {"image": data, "format": params["format"], "ms": row.params.get("ms"), "width": row.params.get("w"),
                "height": row.params.get("h"), "sha256": row.blob_sha256}

    def thumbnails(self, item_id: int, *, n: int = 10, width: int = 160, fmt: str = "jpeg",
                   job: "Job | None" = None) -> list[dict[str, Any]]:
        """A strip of ``n`` thumbnails spread over the recording (each the exact frame shown
        at the middle of its slot), made once and kept as derivatives."""
        f = self._load(item_id, "media.preview")
        if f.kind != ItemKind.VIDEO:
            raise InvalidInput(key="no_video", reason="音频没有画面")
        fmt = deriv.image_format(fmt)
        wanted = [{"n": int(n), "i": i, "width": int(width), "format": fmt} for i in range(int(n))]

        def make(mf):
            pics = deriv.thumbnails(mf, n=int(n), width=int(width), fmt=fmt, job=job)
            return [(p, {"ms": round(img.time.ms, 6), "pts": img.time.pts, "w": img.width, "h": img.height},
                     data, deriv.MIME[fmt]) for p, (img, data) in zip(wanted, pics)]

        rows = self._derived(f, deriv.THUMBNAIL, wanted, make, job=job)
        out = [{"index": r.params["i"], "ms": r.params.get("ms"), "width": r.params.get("w"),
                "height": r.params.get("h"), "format": fmt, "sha256": r.blob_sha256,
                "image": mcat.read_derivative(self.archive, r, source_encrypted=f.encrypted, actor=self.username)}
               for r in rows]
        self.archive.audit_now(self.username, "media.preview", f.target, details={"kind": "thumbnails", "n": n})
        return out

    def waveform(self, item_id: int, *, per_second: int = 50, job: "Job | None" = None) -> dict[str, Any]:
        """Waveform peaks (min/max per 1/per_second s, scaled to ±1000) of the sound track."""
        f = self._load(item_id, "media.waveform")
        params = {"per_second": int(per_second)}

        def make(mf):
            w = deriv.waveform(mf.path, per_second=int(per_second), job=job)
            return [(params, {"buckets": len(w.peaks), "complete": w.complete}, w.to_bytes(), deriv.MIME["json"])]

        row = self._derived(f, deriv.WAVEFORM, [params], make, job=job)[0]
        data = mcat.read_derivative(self.archive, row, source_encrypted=f.encrypted, actor=self.username)
        return deriv.Waveform.from_bytes(data).to_json()

    def make_derivatives(self, item_id: int, *, thumbnails: int = 10, job: "Job | None" = None) -> dict[str, Any]:
        """Everything derived for viewing, made now (e.g. right after import, in a job):
        frame index, poster and thumbnail strip for video; waveform when there is sound."""
        f = self._load(item_id, "media.derivative")
        made: dict[str, Any] = {}
        problems: list[str] = []

        def attempt(name, fn):
            try:
                made[name] = fn()
            except MediaError as exc:
                problems.append(f"{name}：{exc.message}")

        if f.kind == ItemKind.VIDEO:
            attempt("frame_index", lambda: self.frame_index(item_id, job=job)["frames"])
            attempt("poster", lambda: self.poster(item_id)["sha256"])
            attempt("thumbnails", lambda: len(self.thumbnails(item_id, n=thumbnails, job=job)))
        if f.probe.get("audio") or f.kind == ItemKind.AUDIO:
            attempt("waveform", lambda: len(self.waveform(item_id, job=job)["peaks"]))
        return {"item_id": item_id, "made": made, "problems": problems}

    def derivatives_pending(self) -> list[int]:
        """Visible, usable recordings that still lack their viewing derivatives (a poster for
        video, a waveform for sound) — what an import leaves to be made."""
        from workstation.archive.models import Blob, Case, Volume
        from workstation.media.models import MediaDerivative

        with self.archive.read() as s:
            rows = s.execute(select(Item.id, Item.kind, Blob.sha256).join(Blob, Item.blob_id == Blob.id)
                             .join(Volume, Item.volume_id == Volume.id).join(Case, Volume.case_id == Case.id)
                             .where(Item.kind.in_(AV_KINDS), Item.usable.is_(True), self.policy.item_clause())
                             .order_by(Item.id)).all()
            have = set(s.execute(select(MediaDerivative.source_sha256, MediaDerivative.kind)
                                 .where(MediaDerivative.kind.in_(("poster", "waveform")))).all())
        return [item_id for item_id, kind, sha in rows
                if (sha, "poster" if kind == ItemKind.VIDEO else "waveform") not in have]

    def derive_pending(self, job: "Job | None" = None) -> dict[str, Any]:
        """Make the poster, thumbnail strip, frame index and waveform of every recording that
        lacks them (run after an import, off the UI thread). A recording that cannot be
        decoded is reported, not fatal: it stays preserved and flagged."""
        from workstation.jobs import Job

        job = job or Job()
        todo = self.derivatives_pending()
        done, problems = [], []
        for n, item_id in enumerate(todo):
            job.check_cancelled()
            job.report(n, len(todo), "derivatives")
            res = self.make_derivatives(item_id)
            done.append(item_id)
            problems += [f"件 {item_id}：{p}" for p in res["problems"]]
        job.report(len(todo), len(todo), "derivatives")
        return {"items": done, "problems": problems}

    # ================================================================== transcripts
    def _transcript_row(self, s: Session, item_id: int, version: int | None) -> Transcript | None:
        t = mcat.latest_transcript(s, item_id) if version is None else mcat.transcript_version(s, item_id, version)
        if t is None and version is not None:
            raise NotFound(what=f"件 {item_id} 的文字记录第 {version} 版")
        return t

    def transcript(self, item_id: int, version: int | None = None) -> dict[str, Any] | None:
        """The latest (or a given) version with its segments; None when there is none.
        One ``transcript.view`` audit event per reading."""
        f = self._load(item_id, "transcript.view")
        with self.archive.read() as s:
            t = self._transcript_row(s, item_id, version)
            if t is None:
                return None
            out = mcat.transcript_json(t, self._usernames(s, [t.created_by_id]))
        self.archive.audit_now(self.username, "transcript.view", f.target,
                               details={"version": out["version"], "segments": out["segment_count"]})
        self._tx_cache()[item_id] = (out["version"], [tx.segment_from(x) for x in out["segments"]])
        return out

    def transcript_versions(self, item_id: int) -> list[dict[str, Any]]:
        """Every saved version (who, when, source, what changed), without the text."""
        self._load(item_id, "transcript.versions")
        with self.archive.read() as s:
            rows = s.scalars(select(Transcript).where(Transcript.item_id == item_id).order_by(Transcript.version)).all()
            names = self._usernames(s, [t.created_by_id for t in rows])
            return [mcat.transcript_json(t, names, with_segments=False) for t in rows]

    def _tx_cache(self) -> dict[int, tuple[int, list]]:
        cache = getattr(self, "_media_transcript_cache", None)
        if cache is None:
            cache = self._media_transcript_cache = {}
        return cache

    def segment_at(self, item_id: int, ms: float | str) -> dict[str, Any] | None:
        """The segment spoken at ``ms`` of the latest version (playback sync). The text
        read once per version is reused, so following playback adds no audit events."""
        self._load(item_id, "transcript.view")
        with self.archive.read() as s:
            latest = mcat.latest_version_number(s, item_id)
        if latest is None:
            return None
        cached = self._tx_cache().get(item_id)
        if cached is None or cached[0] != latest:
            self.transcript(item_id)
            cached = self._tx_cache()[item_id]
        version, segments = cached
        i = tx.segment_index_at(segments, parse_time(ms))
        if i is None:
            return None
        return {"index": i, "version": version, **segments[i].to_json()}

    def transcript_segments_for_index(self, item_id: int) -> list[dict[str, Any]]:
        """For the search indexer (which filters by access at query time): the latest
        version's segments. Internal: no access check, no audit."""
        with self.archive.read() as s:
            t = mcat.latest_transcript(s, item_id)
            if t is None:
                return []
            return [{"id": f"{t.version}.{x.seq}", "text": (f"{x.speaker}：" if x.speaker else "") + x.text,
                     "start_ms": int(x.start_ms), "end_ms": int(x.end_ms)} for x in t.segments if x.text.strip()]

    def transcript_version_for_index(self, item_id: int) -> int:
        """The latest transcript version (0 when none), for the index's staleness check."""
        with self.archive.read() as s:
            return mcat.latest_version_number(s, item_id) or 0

    def _save_transcript(self, item_id: int, segments, *, source: str, base_version: int | None, note: str,
                         action: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
        if source not in tx.SOURCES:
            raise InvalidInput(reason=f"来源应为 {'/'.join(tx.SOURCES)}")
        f = self._load(item_id, action, "edit")
        if f.case_status == "已归档":
            self.archive.audit_now(self.username, action, f.target, Outcome.DENIED, {"reason": "case_filed"})
            raise Conflict(key="case_filed", reason=f"案卷 {f.case_no} 已归档，修改文字记录需经审批")
        segs = tx.normalise(segments, duration_ms=f.duration_ms)
        if source == "auto":
            segs = [tx.Segment(x.start_ms, x.end_ms, x.text, x.speaker, False) for x in segs]
        with self.archive.write() as s:
            latest = mcat.latest_version_number(s, item_id)
            if base_version is not None and latest != base_version:
                raise Conflict(key="transcript_changed",
                               reason=f"文字记录已被他人更新为第 {latest} 版（您编辑的是第 {base_version} 版），请重新打开后再改")
            t = mcat.add_transcript_version(s, item_id, segs, source=source, user_id=self.user.id,
                                            based_on=latest, note=note)
            self._audit(s, action, f.target, details={"version": t.version, "source": source, "based_on": latest,
                                                      "segments": len(segs), "note": note, **(details or {})})
            out = mcat.transcript_json(t, {self.user.id: self.username}, with_segments=False)
        self._tx_cache()[item_id] = (out["version"], segs)
        return out

    def save_transcript(self, item_id: int, segments, *, source: str = "manual", base_version: int | None = None,
                        note: str = "") -> dict[str, Any]:
        """Save the whole transcript as a new version (older versions are kept).
        ``segments``: Segments, dicts {start_ms, end_ms, speaker, text, confirmed} or
        (start_ms, end_ms, speaker, text) tuples. ``base_version``: the version edited;
        saving fails (Conflict) if someone saved another version meanwhile."""
        return self._save_transcript(item_id, segments, source=source, base_version=base_version,
                                     note=note or "保存", action="transcript.save")

    def import_transcript(self, item_id: int, path: str | Path, *, fmt: str | None = None, source: str = "import",
                          base_version: int | None = None) -> dict[str, Any]:
        """Import SRT, WebVTT or plain text (one line per segment, optional [hh:mm:ss.mmm]
        stamps) as a new version. ``source="auto"`` marks every segment 自动转写，需核对."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(reason=f"无法读取文件 {path}：{exc}") from None
        text = tx.read_text_file(path)
        fmt = (fmt or tx.detect_format(path.name, text)).lower()
        with self.archive.read() as s:
            item = s.get(Item, item_id)
            duration = item.duration_ms if item is not None else None
        segs = tx.parse(text, fmt, duration_ms=duration)
        if not segs:
            raise InvalidInput(key="empty_transcript", reason=f"{path.name} 中没有可导入的内容")
        return self._save_transcript(item_id, segs, source=source, base_version=base_version,
                                     note=f"导入 {path.name}（{fmt.upper()}）", action="transcript.import",
                                     details={"file": path.name, "format": fmt,
                                              "file_sha256": hashlib.sha256(data).hexdigest()})

    def _edit_transcript(self, item_id: int, base_version: int | None, op, note: str) -> dict[str, Any]:
        with self.archive.read() as s:
            self._media_item(s, item_id, "transcript.save", "edit")
            t = self._transcript_row(s, item_id, base_version)
            segs = mcat.segments_of(t) if t is not None else []
            version = t.version if t is not None else None
        new = op(segs)
        return self._save_transcript(item_id, new, source="manual", base_version=version, note=note,
                                     action="transcript.save")

    def transcript_insert(self, item_id: int, ms: float | str, *, text: str = "", speaker: str = "",
                          base_version: int | None = None) -> dict[str, Any]:
        """Insert a segment at ``ms`` (e.g. the current playback time)."""
        at = int(round(parse_time(ms)))
        with self.archive.read() as s:
            item = s.get(Item, item_id)
            dur = item.duration_ms if item is not None else None
        return self._edit_transcript(item_id, base_version,
                                     lambda segs: tx.insert_at(segs, at, text=text, speaker=speaker, duration_ms=dur)[0],
                                     f"在 {format_ms(at)} 插入一段")

    def transcript_split(self, item_id: int, index: int, ms: float | str, *, text_at: int | None = None,
                         base_version: int | None = None) -> dict[str, Any]:
        at = int(round(parse_time(ms)))
        return self._edit_transcript(item_id, base_version, lambda segs: tx.split_at(segs, index, at, text_at=text_at),
                                     f"在 {format_ms(at)} 拆分第 {index + 1} 段")

    def transcript_merge(self, item_id: int, index: int, *, base_version: int | None = None) -> dict[str, Any]:
        return self._edit_transcript(item_id, base_version, lambda segs: tx.merge_with_next(segs, index),
                                     f"合并第 {index + 1}、{index + 2} 段")

    def transcript_edit(self, item_id: int, index: int, *, text: str | None = None, speaker: str | None = None,
                        start_ms: float | str | None = None, end_ms: float | str | None = None,
                        base_version: int | None = None) -> dict[str, Any]:
        s_ms = int(round(parse_time(start_ms))) if start_ms is not None else None
        e_ms = int(round(parse_time(end_ms))) if end_ms is not None else None
        return self._edit_transcript(item_id, base_version,
                                     lambda segs: tx.edit(segs, index, text=text, speaker=speaker, start_ms=s_ms,
                                                          end_ms=e_ms), f"修改第 {index + 1} 段")

    def transcript_confirm(self, item_id: int, indexes: list[int] | None = None, *,
                           base_version: int | None = None) -> dict[str, Any]:
        """A person confirms segments (all by default) of an automatic or estimated transcript."""
        return self._edit_transcript(item_id, base_version, lambda segs: tx.confirm(segs, indexes),
                                     "确认全部段落" if indexes is None else f"确认 {len(indexes)} 段")

    def export_transcript(self, item_id: int, fmt: str, dest: str | Path, *, version: int | None = None) -> dict[str, Any]:
        """Write the transcript as SRT, WebVTT, plain text or a PDF 文字记录. ``dest``: a
        file path (must not exist) or a folder. One ``transcript.export`` audit event."""
        from workstation.archive.hashing import digest_bytes

        fmt = fmt.lower()
        if fmt not in ("srt", "vtt", "txt", "pdf"):
            raise InvalidInput(reason=f"不支持的导出格式“{fmt}”（可用 srt、vtt、txt、pdf）")
        f = self._load(item_id, "transcript.export", "export", permission=Permission.EXPORT)
        with self.archive.read() as s:
            t = self._transcript_row(s, item_id, version)
            if t is None:
                raise NotFound(what=f"件 {item_id} 的文字记录")
            segs = mcat.segments_of(t)
            info = mcat.transcript_json(t, self._usernames(s, [t.created_by_id]), with_segments=False)
        if fmt == "pdf":
            data = tx.render_pdf(segs, case_no=f.case_no, case_title=f.case_title, item_title=f.title,
                                 version=info["version"], source=info["source"], saved_by=info["created_by"],
                                 saved_at=info["created_at"][:19].replace("T", " ") + " UTC",
                                 duration_ms=f.duration_ms, exported_by=self.username)
        else:
            data = tx.render(segs, fmt).encode("utf-8")
        target = self._new_file_path(dest, f"{f.case_no}_{f.title}_文字记录_第{info['version']}版", f".{fmt}")
        self._write_new_file(target, data)
        d = digest_bytes(data)
        self.archive.audit_now(self.username, "transcript.export", f.target, details={
            "version": info["version"], "format": fmt, "file": target.name, "sha256": d.sha256, "sm3": d.sm3,
            "size": d.size})
        return {"path": str(target), "version": info["version"], "format": fmt, "sha256": d.sha256, "sm3": d.sm3,
                "size": d.size}

    @staticmethod
    def _new_file_path(dest: str | Path, stem: str, ext: str) -> Path:
        from workstation.media.clips import safe_file_stem, unused_path

        dest = Path(dest)
        if dest.is_dir():
            return unused_path(dest, safe_file_stem(stem), ext)
        if dest.exists():
            raise Conflict(key="dest_exists", reason=f"目标文件已存在：{dest}")
        if not dest.parent.is_dir():
            raise InvalidInput(reason=f"目标文件夹不存在：{dest.parent}")
        return dest

    @staticmethod
    def _write_new_file(target: Path, data: bytes) -> None:
        from workstation.media.clips import _publish

        fd, name = tempfile.mkstemp(prefix=".export-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            _publish(Path(name), target)
        finally:
            Path(name).unlink(missing_ok=True)

    # ================================================================== clips
    def create_clip(self, item_id: int, start_ms: float | str, end_ms: float | str, name: str, *,
                    note: str = "") -> dict[str, Any]:
        """A named clip (time annotation), its ends snapped to exact frames (samples for
        audio) of the file: the player's positions are approximate, the stored times are not."""
        name = (name or "").strip()
        if not name or len(name) > 200:
            raise InvalidInput(reason="片段名称不能为空，且不超过 200 字")
        req_s, req_e = parse_time(start_ms), parse_time(end_ms)
        if req_e <= req_s:
            raise InvalidInput(key="empty_clip", reason="片段终点须晚于起点")
        f = self._load(item_id, "clip.create")
        start = self._exact(f, req_s, "nearest")
        end = self._exact(f, req_e, "nearest", boundary=True)
        if end.seconds <= start.seconds:
            if f.kind == ItemKind.VIDEO:
                idx = self._index_for(f)
                pos = idx.position_of(start.pts)
                end = idx.frame(pos + 1) if pos is not None and pos + 1 < len(idx) else idx.end()
            else:
                raise InvalidInput(key="empty_clip", reason="片段太短")
        tb = f"{start.time_base.numerator}/{start.time_base.denominator}"
        with self.archive.write() as s:
            clip = Clip(item_id=item_id, name=name, start_ms=start.ms, end_ms=end.ms, start_pts=start.pts,
                        end_pts=end.pts, time_base=tb, requested_start_ms=req_s, requested_end_ms=req_e,
                        source_sha256=f.sha256, note=note, created_by_id=self.user.id)
            s.add(clip)
            s.flush()
            out = mcat.clip_json(clip, {self.user.id: self.username})
            self._audit(s, "clip.create", f.target, details={
                "clip_id": clip.id, "name": name, "start": out["start"], "end": out["end"],
                "start_ms": round(start.ms, 6), "end_ms": round(end.ms, 6), "pts": [start.pts, end.pts],
                "time_base": tb, "requested_ms": [req_s, req_e]})
        return out

    def list_clips(self, item_id: int, *, include_removed: bool = False) -> list[dict[str, Any]]:
        self._load(item_id, "clip.list")
        with self.archive.read() as s:
            stmt = select(Clip).where(Clip.item_id == item_id).order_by(Clip.start_ms, Clip.id)
            if not include_removed:
                stmt = stmt.where(Clip.removed_at.is_(None))
            clips = s.scalars(stmt).all()
            names = self._usernames(s, [c.created_by_id for c in clips])
            return [mcat.clip_json(c, names) for c in clips]

    def _clip(self, clip_id: int, action: str) -> Clip:
        with self.archive.read() as s:
            clip = s.get(Clip, clip_id)
            if clip is None or not self.policy.may_item(s, clip.item_id):
                self.archive.audit_now(self.username, action, f"clip:{clip_id}", Outcome.DENIED,
                                       {"reason": "not_found_or_hidden"})
                raise NotFound(what=f"片段 {clip_id}")
            s.expunge(clip)
            return clip

    def remove_clip(self, clip_id: int) -> Changes:
        """Withdraw a clip (kept in the catalog with who and when: its exports refer to it).
        Its creator, or someone with the edit grant, may do so."""
        from workstation.archive.models import utcnow

        self._touch()
        clip = self._clip(clip_id, "clip.remove")
        f = self._load(clip.item_id, "clip.remove")
        if clip.created_by_id != self.user.id:
            with self.archive.read() as s:
                ok = self.policy.may_item(s, clip.item_id, "edit")
            if not ok:
                self.archive.audit_now(self.username, "clip.remove", f.target, Outcome.DENIED,
                                       {"reason": "not_creator", "clip_id": clip_id})
                raise AccessDenied(reason="只有片段的创建人或有编辑授权的人员可以撤销片段")
        with self.archive.write() as s:
            row = s.get(Clip, clip_id)
            if row.removed_at is None:
                row.removed_at, row.removed_by_id = utcnow(), self.user.id
            self._audit(s, "clip.remove", f.target, details={"clip_id": clip_id, "name": row.name})
        return Changes(annotations=True)

    def export_clip(self, clip_id: int, mode: str = "fast", dest_dir: str | Path | None = None, *,
                    job: "Job | None" = None) -> dict[str, Any]:
        """Cut the clip into a new file in ``dest_dir``: "fast" (stream copy: starts at the
        key frame before — the actual start is reported) or "exact" (re-encoded from the
        exact frame: H.264/AAC MP4, or WAV for sound). The file's SHA-256 and SM3, the
        original's SHA-256 and the actual time range go into the catalog (clip_export) and
        one ``clip.export`` audit event. The original is only read."""
        from workstation.media.clips import MODE_NAMES, MODES, clip_extension, cut, safe_file_stem, unused_path
        from workstation.media.frames import FrameTime, MediaFile

        if mode not in MODES:
            raise InvalidInput(reason=f"导出方式应为 fast（快速）或 exact（精确），而不是“{mode}”")
        if dest_dir is None:
            raise InvalidInput(reason="须指定导出文件夹")
        dest = Path(dest_dir)
        if not dest.is_dir():
            raise InvalidInput(reason=f"导出文件夹不存在：{dest}")
        self._touch()
        clip = self._clip(clip_id, "clip.export")
        f = self._load(clip.item_id, "clip.export", "export", permission=Permission.EXPORT)
        if clip.removed_at is not None:
            raise Conflict(key="clip_removed", reason=f"片段 {clip_id} 已撤销")
        if clip.source_sha256 != f.sha256:
            raise Conflict(key="clip_source_changed", reason="片段所依据的原件与该件当前文件不一致")
        tb = Fraction(clip.time_base)
        try:
            with self._plain(f) as path, MediaFile(path, index=self._cached_index(f)) as mf:
                if mf.has_video:
                    idx = mf.index or self._index_for(f, path, job)
                    mf.index = idx
                    start = FrameTime(clip.start_pts, tb, idx.origin, idx.position_of(clip.start_pts), False)
                    end = idx.end() if clip.end_pts >= idx.end_pts else FrameTime(clip.end_pts, tb, idx.origin)
                else:
                    start = FrameTime(clip.start_pts, tb, Fraction(0), None, True, "audio")
                    end = FrameTime(clip.end_pts, tb, Fraction(0), None, True, "audio")
                ext = clip_extension(f.original_name, mode, mf.has_video)
                target = unused_path(dest, safe_file_stem(f"{clip.name}_{'快速' if mode == 'fast' else '精确'}"), ext)
                result = cut(mf, target, start, end, mode, requested_start_ms=clip.start_ms,
                             requested_end_ms=clip.end_ms, job=job)
        except WorkstationError as exc:
            self.archive.audit_now(self.username, "clip.export", f.target, Outcome.ERROR,
                                   {"clip_id": clip_id, "mode": mode, "error": exc.key, "message": exc.message})
            raise
        info = result.to_json()
        with self.archive.write() as s:
            row = ClipExport(clip_id=clip_id, item_id=clip.item_id, mode=mode, file_name=result.path.name,
                             dest_path=str(result.path), size=result.digests.size, sha256=result.digests.sha256,
                             sm3=result.digests.sm3, source_sha256=f.sha256, start_ms=result.start_ms,
                             end_ms=result.end_ms, requested_start_ms=clip.start_ms, requested_end_ms=clip.end_ms,
                             details={"mode_name": MODE_NAMES[mode], "notes": result.notes,
                                      "duration_ms": result.duration_ms, "command": result.command,
                                      "seconds": round(result.seconds, 3), **result.details},
                             exported_by_id=self.user.id)
            s.add(row)
            s.flush()
            self._audit(s, "clip.export", f.target, details={
                "clip_id": clip_id, "export_id": row.id, "name": clip.name, "mode": mode, "file": result.path.name,
                "sha256": result.digests.sha256, "sm3": result.digests.sm3, "size": result.digests.size,
                "source_sha256": f.sha256, "start": info["start"], "end": info["end"],
                "start_ms": round(result.start_ms, 6), "end_ms": round(result.end_ms, 6),
                "requested": [round(clip.start_ms, 6), round(clip.end_ms, 6)]})
            export_id = row.id
        return {"export_id": export_id, "clip_id": clip_id, "item_id": clip.item_id, "name": clip.name,
                "source_sha256": f.sha256, **info}

    def clip_exports(self, item_id: int) -> list[dict[str, Any]]:
        """Every export of the item's clips, with digests and actual ranges."""
        self._load(item_id, "clip.list")
        with self.archive.read() as s:
            rows = s.scalars(select(ClipExport).where(ClipExport.item_id == item_id).order_by(ClipExport.id)).all()
            names = self._usernames(s, [r.exported_by_id for r in rows])
            return [mcat.export_json(r, names) for r in rows]

    # ================================================================== 制作说明
    def _note_context(self, item_id: int, action: str, level: str = "view", permission: Permission | None = None):
        from workstation.media.production import NoteCheckSettings, check_production_note

        f = self._load(item_id, action, level, permission=permission)
        with self.archive.read() as s:
            item = s.get(Item, item_id)
            note = item.production_note
            note_d = None if note is None else {k: getattr(note, k) for k in (
                "method", "device", "device_serial", "is_original", "copy_method", "recorded_from", "recorded_to",
                "clock_checked", "makers", "proves", "original_carrier", "carrier_location", "unedited_statement",
                "interruption_notes")}
            case = item.volume.case
            opened, closed = case.opened_on, case.closed_on
            has_tx = mcat.latest_version_number(s, item_id) is not None
            digests = {d.algorithm: d.value for d in item.blob.digests if d.scope == "content"} if item.blob else {}
            position = f"{'正卷' if str(item.volume.kind) in ('正卷', 'main') else '副卷'} 第 {item.seq} 件" + (
                f"，第 {item.page_start} 页" if item.page_start else "")
        return f, note_d, opened, closed, has_tx, digests, position, NoteCheckSettings, check_production_note

    NOTE_FIELDS = ("method", "device", "device_serial", "is_original", "copy_method", "recorded_from", "recorded_to",
                   "clock_checked", "makers", "proves", "original_carrier", "carrier_location", "unedited_statement",
                   "interruption_notes")

    def production_note(self, item_id: int) -> dict[str, Any] | None:
        """The item's 制作说明 (times as ISO text in Beijing time), or None."""
        from workstation.media.production import BEIJING

        self._load(item_id, "production_note.view")
        with self.archive.read() as s:
            note = s.get(Item, item_id).production_note
            if note is None:
                return None
            out = {k: getattr(note, k) for k in self.NOTE_FIELDS}
        for k in ("recorded_from", "recorded_to"):
            out[k] = out[k].astimezone(BEIJING).isoformat() if out[k] else None
        return out

    def save_production_note(self, item_id: int, **fields: Any) -> list[dict[str, Any]]:
        """Fill in or correct the 制作说明 (the form of the player window). Needs the edit
        grant on a case still being compiled; audited with the old and new values.
        Returns the issues that remain."""
        from workstation.archive.models import AVProductionNote
        from workstation.media.production import _aware

        unknown = set(fields) - set(self.NOTE_FIELDS)
        if unknown:
            raise InvalidInput(reason=f"制作说明没有这些字段：{', '.join(sorted(unknown))}")
        values = dict(fields)
        for k in ("recorded_from", "recorded_to"):
            if k in values:
                try:
                    values[k] = _aware(values[k])
                except (TypeError, ValueError):
                    raise InvalidInput(reason=f"制作时间“{fields[k]}”格式应为 YYYY-MM-DD HH:MM[:SS]") from None
        if "makers" in values:
            makers = []
            for m in values["makers"] or []:
                if isinstance(m, str):
                    name, _, cert = m.partition(":")
                    m = {"name": name.strip(), "cert_no": cert.strip()}
                if not isinstance(m, dict):
                    raise InvalidInput(reason="制作人应为 {name, cert_no}")
                makers.append({"name": str(m.get("name", "")).strip(), "cert_no": str(m.get("cert_no", "")).strip()})
            values["makers"] = makers
        for k in ("is_original", "clock_checked"):
            if k in values:
                values[k] = bool(values[k])
        f = self._load(item_id, "production_note.save", "edit")
        if f.case_status == "已归档":
            self.archive.audit_now(self.username, "production_note.save", f.target, Outcome.DENIED,
                                   {"reason": "case_filed"})
            raise Conflict(key="case_filed", reason=f"案卷 {f.case_no} 已归档，修改制作说明需经审批")
        with self.archive.write() as s:
            note = s.get(AVProductionNote, item_id)
            if note is None:
                note = AVProductionNote(item_id=item_id)
                s.add(note)
            old = {k: getattr(note, k, None) for k in values}
            for k, v in values.items():
                setattr(note, k, v)
            s.flush()

            def text(v):
                return v.isoformat() if hasattr(v, "isoformat") else v

            self._audit(s, "production_note.save", f.target, details={
                "changed": {k: {"old": text(old[k]), "new": text(values[k])} for k in values if old[k] != values[k]}})
        return self.production_note_issues(item_id)

    def production_note_issues(self, item_id: int, *, tolerance_s: float | None = None) -> list[dict[str, Any]]:
        """Missing or inconsistent 制作说明 fields (keys + Chinese messages)."""
        f, note, opened, closed, has_tx, _d, _p, Settings, check = self._note_context(item_id, "production_note.check")
        settings = Settings() if tolerance_s is None else Settings(duration_tolerance_s=float(tolerance_s))
        return check(note, case_opened=opened, case_closed=closed, duration_ms=f.duration_ms,
                     has_sound=bool(f.probe.get("audio")) or f.kind == ItemKind.AUDIO, has_transcript=has_tx,
                     creation_time=f.probe.get("creation_time"), settings=settings)

    def export_production_note(self, item_id: int, dest: str | Path, *, include_issues: bool = False) -> dict[str, Any]:
        """The 制作说明 as a PDF form (one ``production_note.export`` audit event)."""
        from workstation.archive.hashing import digest_bytes
        from workstation.media.production import render_production_note_pdf

        f, note, opened, closed, has_tx, digests, position, Settings, check = self._note_context(
            item_id, "production_note.export", "export", Permission.EXPORT)
        issues = check(note, case_opened=opened, case_closed=closed, duration_ms=f.duration_ms,
                       has_sound=bool(f.probe.get("audio")) or f.kind == ItemKind.AUDIO, has_transcript=has_tx,
                       creation_time=f.probe.get("creation_time")) if include_issues else None
        data = render_production_note_pdf(note=note, case_no=f.case_no, case_title=f.case_title, item_title=f.title,
                                          item_position=position, duration_ms=f.duration_ms, digests=digests,
                                          has_transcript=has_tx, issues=issues, made_by=self.username)
        target = self._new_file_path(dest, f"{f.case_no}_{f.title}_制作说明", ".pdf")
        self._write_new_file(target, data)
        d = digest_bytes(data)
        self.archive.audit_now(self.username, "production_note.export", f.target,
                               details={"file": target.name, "sha256": d.sha256, "sm3": d.sm3, "size": d.size})
        return {"path": str(target), "sha256": d.sha256, "sm3": d.sm3, "size": d.size}
