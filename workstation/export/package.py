"""The bundle's integrity layer: manifest.json (every payload file with SHA-256, SM3, size
and, for derivatives, the digest and page/time range of the source), the BagIt package
(``bagit`` library, SHA-256 manifests, bag-info with the case data), the optional ZIP,
and ``verify_bundle`` — which needs nothing from the archive: the bag, every digest (both
algorithms), Bates continuity read back from the pages' text, and the audit extract."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import bagit

from workstation.archive.hashing import digest_file
from workstation.export import auditx
from workstation.export.spec import Bates

FORMAT = "workstation-bundle/1"
MANIFEST = "manifest.json"
EXTRACT = "audit/audit_extract.jsonl"
BAGIT_TXT = "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n"
STORED_SUFFIXES = {".mp4", ".wav", ".zip", ".png", ".jpg", ".jpeg", ".m4a", ".mp3"}


def file_entry(payload: Path, rel: str, role: str, **extra: Any) -> dict[str, Any]:
    d = digest_file(payload / rel)
    return {"path": rel, "role": role, "size": d.size, "sha256": d.sha256, "sm3": d.sm3, **extra}


def make_bag(root: Path, bag_info: dict[str, str]) -> None:
    """Turn the folder (whose files become the payload under data/) into a BagIt bag."""
    bagit.make_bag(str(root), {k: str(v) for k, v in bag_info.items()}, processes=1, checksums=["sha256"])


def make_zip(root: Path, dest: Path, arc_name: str) -> None:
    """ZIP the bag folder ``root`` as ``arc_name/…`` into ``dest``: written under a hidden
    temporary name next to it, then renamed (a cancelled or failed ZIP leaves nothing)."""
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    kind = zipfile.ZIP_STORED if path.suffix.lower() in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
                    zf.write(path, f"{arc_name}/{path.relative_to(root).as_posix()}", compress_type=kind)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


# ============================================================================ verification

class _Report:
    def __init__(self) -> None:
        self.problems: list[dict[str, str]] = []

    def add(self, file: str, check: str, message: str) -> None:
        item = {"file": file, "check": check, "message": message}
        if item not in self.problems:
            self.problems.append(item)


def _bag_root(path: Path) -> Path:
    if (path / "bagit.txt").is_file():
        return path
    subs = [p for p in path.iterdir() if p.is_dir() and (p / "bagit.txt").is_file()] if path.is_dir() else []
    if len(subs) == 1:
        return subs[0]
    raise FileNotFoundError(path)


def verify_bundle(path: str | Path, *, check_pages: bool = True) -> dict[str, Any]:
    """Check a bundle folder or its ZIP. Returns {ok, problems: [{file, check, message}], …}."""
    from workstation.errors import InvalidInput

    path = Path(path)
    if not path.exists():
        raise InvalidInput(reason=f"证据包不存在：{path}")
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise InvalidInput(reason=f"{path.name} 既不是证据包文件夹，也不是 ZIP 文件")
        with tempfile.TemporaryDirectory(prefix="bundle-verify-") as tmp:
            with zipfile.ZipFile(path) as zf:
                bad = [n for n in zf.namelist() if n.startswith("/") or ".." in PurePosixPath(n).parts]
                if bad:
                    raise InvalidInput(reason=f"ZIP 中有不安全的路径：{bad[0]}")
                try:
                    zf.extractall(tmp)
                except zipfile.BadZipFile as exc:
                    return {"ok": False, "path": str(path), "problems": [
                        {"file": path.name, "check": "zip", "message": f"ZIP 文件已损坏：{exc}"}]}
            out = verify_bundle(Path(tmp), check_pages=check_pages)
            out["path"] = str(path)
            return out
    try:
        root = _bag_root(path)
    except FileNotFoundError:
        raise InvalidInput(reason=f"{path} 中没有 BagIt 证据包（缺少 bagit.txt）") from None
    rep = _Report()
    summary: dict[str, Any] = {"path": str(path)}
    _check_bag(root, rep)
    manifest = _check_manifest(root, rep, summary)
    if manifest is not None:
        _check_bates(root, manifest, rep, summary, check_pages)
        _check_audit(root, manifest, rep, summary)
        _check_tag_attribution(root, manifest, rep)
    summary["problems"] = rep.problems
    summary["ok"] = not rep.problems
    return summary


def _check_bag(root: Path, rep: _Report) -> None:
    if (root / "bagit.txt").read_text(encoding="utf-8", errors="replace") != BAGIT_TXT:
        rep.add("bagit.txt", "bagit", "bagit.txt 内容被改动")
    try:
        bag = bagit.Bag(str(root))
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        details = getattr(exc, "details", None) or []
        for d in details:
            name = getattr(d, "path", None) or str(d)
            if isinstance(d, bagit.ChecksumMismatch):
                rep.add(name, "bagit", f"{name} 的 {d.algorithm} 摘要不符（记录 {d.expected[:16]}…，实际 {d.found[:16]}…）")
            elif isinstance(d, bagit.FileMissing):
                rep.add(name, "bagit", f"{name} 缺失")
            elif isinstance(d, bagit.UnexpectedFile):
                rep.add(name, "bagit", f"{name} 不在清单中（多出的文件）")
            else:
                rep.add(name, "bagit", str(d))
        if not details:
            rep.add("bag-info.txt" if "Oxum" in str(exc) else root.name, "bagit", f"BagIt 校验失败：{exc}")
    except bagit.BagError as exc:
        rep.add(_bagerror_file(str(exc)), "bagit", f"BagIt 结构错误：{exc}")


def _bagerror_file(message: str) -> str:
    for name in ("bagit.txt", "bag-info.txt", "tagmanifest-sha256.txt", "manifest-sha256.txt"):
        if name in message:
            return name
    return "bagit.txt"


def _check_tag_attribution(root: Path, manifest: dict[str, Any], rep: _Report) -> None:
    """A mismatch reported on a tag file may come from the tag file or from the
    tagmanifest that lists it: name the tagmanifest when the tag file itself is sound."""
    own = {p["file"] for p in rep.problems if p["check"] != "bagit"}
    payload_claims = [p for p in rep.problems if p["check"] == "bagit" and p["file"].startswith("data/")
                      and p["file"] not in own]
    if payload_claims and f"data/{MANIFEST}" not in own:
        # The payload agrees with manifest.json (both digests, sizes, names) but not with the
        # BagIt payload manifest: the BagIt manifest is what changed.
        for p in payload_claims:
            rep.problems.remove(p)
        rep.add("manifest-sha256.txt", "bagit", "manifest-sha256.txt 被改动（与 manifest.json 及实际文件不符）："
                + "；".join(p["message"] for p in payload_claims[:3]))
    suspects = [p for p in rep.problems if p["check"] == "bagit" and p["file"] in (
        "bag-info.txt", "manifest-sha256.txt", "bagit.txt")]
    for p in suspects:
        sound = False
        if p["file"] == "bag-info.txt":
            try:
                info = bagit._load_tag_file(str(root / "bag-info.txt"))  # noqa: SLF001 - the library's own parser
                wanted = manifest.get("bag_info", {})
                sound = all(str(info.get(k)) == str(v) for k, v in wanted.items())
            except Exception:  # noqa: BLE001
                sound = False
        elif p["file"] == "manifest-sha256.txt":
            sound = _payload_manifest_sound(root, manifest)
        elif p["file"] == "bagit.txt":
            sound = (root / "bagit.txt").read_text(encoding="utf-8", errors="replace") == BAGIT_TXT
        if sound:
            rep.add("tagmanifest-sha256.txt", "bagit",
                    f"tagmanifest-sha256.txt 被改动（其中 {p['file']} 的摘要与未改动的 {p['file']} 不符）")
            rep.problems.remove(p)


def _payload_manifest_sound(root: Path, manifest: dict[str, Any]) -> bool:
    """Whether manifest-sha256.txt lists exactly the payload as manifest.json describes it."""
    try:
        listed = {}
        for line in (root / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines():
            if line.strip():
                digest, _, name = line.partition(" ")
                listed[name.strip()] = digest
    except (OSError, UnicodeDecodeError):
        return False
    wanted = {f"data/{f['path']}": f["sha256"] for f in manifest.get("files", [])}
    wanted[f"data/{MANIFEST}"] = digest_file(root / "data" / MANIFEST).sha256
    return listed == wanted


def _check_manifest(root: Path, rep: _Report, summary: dict[str, Any]) -> dict[str, Any] | None:
    payload = root / "data"
    try:
        manifest = json.loads((payload / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise ValueError(f"未知格式 {manifest.get('format')}")
    except (OSError, ValueError, AttributeError) as exc:
        rep.add(f"data/{MANIFEST}", "manifest", f"无法读取清单 manifest.json：{exc}")
        return None
    summary.update({"bundle_id": manifest.get("bundle_id"), "case_no": manifest.get("case", {}).get("case_no"),
                    "files_checked": 0})
    listed = set()
    for f in manifest.get("files", []):
        rel = f["path"]
        listed.add(rel)
        name = f"data/{rel}"
        target = payload / rel
        if not target.is_file():
            rep.add(name, "manifest", f"{name} 缺失")
            continue
        d = digest_file(target)
        summary["files_checked"] += 1
        if d.size != f["size"]:
            rep.add(name, "size", f"{name} 大小不符（记录 {f['size']} 字节，实际 {d.size} 字节）")
        if d.sha256 != f["sha256"]:
            rep.add(name, "sha256", f"{name} 的 SHA-256 不符")
        if d.sm3 != f["sm3"]:
            rep.add(name, "sm3", f"{name} 的 SM3 不符")
    for p in payload.rglob("*"):
        rel = p.relative_to(payload).as_posix()
        if p.is_file() and rel != MANIFEST and rel not in listed:
            rep.add(f"data/{rel}", "manifest", f"data/{rel} 不在 manifest.json 中（多出的文件）")
    return manifest


def _check_bates(root: Path, manifest: dict[str, Any], rep: _Report, summary: dict[str, Any],
                 check_pages: bool) -> None:
    from workstation.export.pdfdoc import page_texts

    b = manifest.get("bates") or {}
    try:
        bates = Bates(prefix=b.get("prefix", ""), start=b.get("start", 1), digits=b.get("digits", 6),
                      position=b.get("position", "bottom-right"))
    except Exception as exc:  # noqa: BLE001
        rep.add(f"data/{MANIFEST}", "bates", f"Bates 设置无效：{exc}")
        return
    expected = bates.start
    pattern = bates.pattern()
    pages_checked = 0
    for ex in manifest.get("exhibits", []):
        first, last = ex.get("bates_first"), ex.get("bates_last")
        if first != expected:
            rep.add(f"data/{MANIFEST}", "bates",
                    f"第 {ex.get('seq')} 项证据的 Bates 号从 {bates.label(first or 0)} 开始，应为 {bates.label(expected)}（不连续）")
        expected = (last or 0) + 1
        if ex.get("kind") != "document" or not check_pages:
            continue
        rel = ex["file"]
        try:
            texts = page_texts(root / "data" / rel)
        except Exception as exc:  # noqa: BLE001 - a damaged file
            rep.add(f"data/{rel}", "bates", f"data/{rel} 无法读取页面文字：{exc}")
            continue
        if len(texts) != last - first + 1:
            rep.add(f"data/{rel}", "bates", f"data/{rel} 有 {len(texts)} 页，Bates 范围却有 {last - first + 1} 个号")
        for i, text in enumerate(texts):
            want = bates.label(first + i)
            found = [m.group(0) for m in pattern.finditer(text)]
            if want not in found:
                rep.add(f"data/{rel}", "bates", f"data/{rel} 第 {i + 1} 页上没有 Bates 号 {want}")
                break
            pages_checked += 1
    summary["pages_checked"] = pages_checked
    summary["bates"] = f"{bates.label(bates.start)}–{bates.label(expected - 1)}" if expected > bates.start else ""


def _check_audit(root: Path, manifest: dict[str, Any], rep: _Report, summary: dict[str, Any]) -> None:
    name = f"data/{EXTRACT}"
    try:
        events = auditx.loads((root / "data" / EXTRACT).read_bytes())
    except (OSError, ValueError) as exc:
        rep.add(name, "audit", f"无法读取审计摘录：{exc}")
        return
    case_no = manifest.get("case", {}).get("case_no")
    for msg in auditx.verify_extract(events, case_no):
        rep.add(name, "audit", msg)
    summary["audit_events"] = len(events)
    audit_info = manifest.get("audit") or {}
    if events and (events[-1].get("hash") != audit_info.get("last_hash")
                   or events[-1].get("seq") != audit_info.get("last_seq")):
        rep.add(name, "audit", "审计摘录的最后一条记录与清单记载的链头不符")
    summary["audit_last"] = {"seq": audit_info.get("last_seq"), "hash": audit_info.get("last_hash")}
    export = [e for e in events if not e.get("elided") and e.get("action") == "bundle.export"
              and isinstance(e.get("details"), dict) and e["details"].get("bundle_id") == manifest.get("bundle_id")]
    if not export:
        rep.add(name, "audit", "审计摘录中没有本证据包的导出记录（bundle.export）")
        return
    recorded = {f["path"]: f["sha256"] for f in export[-1]["details"].get("files", [])}
    by_path = {f["path"]: f for f in manifest.get("files", [])}
    for rel, sha in recorded.items():
        f = by_path.get(rel)
        if f is None:
            rep.add(name, "audit", f"审计记录中的文件 {rel} 不在证据包中")
        elif f["sha256"] != sha:
            rep.add(f"data/{rel}", "audit", f"data/{rel} 与导出时审计记录的摘要不符")
