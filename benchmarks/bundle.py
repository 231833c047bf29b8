"""Court-bundle benchmark (issue 10): a 500-page, 20-document bundle with 3 clips.

Prints one JSON document:

* ``total_seconds``: ``Workstation.export_bundle`` for the whole bundle (20 documents of 25
  pages with Bates numbers, page stamps, the recipient watermark and one redaction each; 3
  exact clips of 5 s from a 1-minute 640×360 H.264/AAC recording, each with its 制作说明
  and 文字记录; 证据目录 PDF + XLSX; dual-hash manifest; BagIt; audit extract), run in a
  fresh child process on a prepared archive;
* ``peak_rss_mb``: that child's peak resident memory (ffmpeg children reported apart);
* ``pdf_part_seconds``: the same export with the documents only (everything but the clips);
* ``raw_stamp_seconds``: in the same child, plain PyMuPDF opening the same 20 originals,
  inserting one line of text on every page and saving each — the floor any stamping has;
  ``pdf_ratio`` = pdf_part / raw. Targets: total ≤ 5 s, ratio ≤ 3, RSS < 500 MB.
* ``document_stamping_seconds`` / ``stamping_ratio``: the share of the PDF part spent in the
  per-document pass (select pages, redact, Bates, page stamp, watermark, subset, save), beside
  the same raw loop — the rest is access checks, re-hashing, the 证据目录, the audit record, BagIt;
* ``verify_seconds``: ``bundle verify`` of the result (bag, both digests, Bates on every page).

The child imports the libraries both sides use before any timing (PyMuPDF for the raw loop;
openpyxl and bagit for the export, ~0.25 s together here), so one-time imports count on
neither side; ``cold_libraries_seconds`` reports what they cost.

Material is generated once into benchmarks/.cache. Usage: python benchmarks/bundle.py [--docs 20]
[--pages 25] [--clips 3] [--clip-seconds 5]; a 200-page dossier with a 1-minute clip:
``--docs 1 --pages 200 --clips 1 --clip-seconds 60``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache" / "bundle"
PASSWORD = "bench-password-9"
CASE_NO = "基准〔2026〕10号"

CHILD = r"""
import json, resource, sys, time, tempfile
from pathlib import Path
import pymupdf
_t = time.perf_counter()
import openpyxl, bagit  # noqa: E401 - what the export imports on first use (the raw loop's pymupdf is above)
cold_libraries = time.perf_counter() - _t
from workstation.session import Archive
from workstation.export.spec import BundleSpec
from workstation.export.package import verify_bundle

data_dir, spec_path, out_dir = sys.argv[1:4]
spec = json.loads(Path(spec_path).read_text("utf-8"))
archive = Archive.open(data_dir)
ws = archive.sign_in("clerk", "%s")
originals = [Path(p) for p in spec.pop("_originals")]
import workstation.export.pdfdoc as pdfdoc
stamping = [0.0]
_build = pdfdoc.build_document
def timed(*a, **k):
    t = time.perf_counter()
    try:
        return _build(*a, **k)
    finally:
        stamping[0] += time.perf_counter() - t
pdfdoc.build_document = timed
docs_only = dict(spec, parts=[p for p in spec["parts"] if p.get("clip_id") is None])
res = {"cold_libraries_seconds": round(cold_libraries, 3)}
t = time.perf_counter(); r = ws.export_bundle(BundleSpec.from_json(docs_only), out_dir)
res["pdf_part_seconds"] = round(time.perf_counter() - t, 3)
res["document_stamping_seconds"] = round(stamping[0], 3)
t = time.perf_counter(); full = ws.export_bundle(BundleSpec.from_json(spec), out_dir)
res["total_seconds"] = round(time.perf_counter() - t, 3)
res["pages"], res["exhibits"], res["files"], res["bundle_mb"] = full["pages"], full["exhibits"], full["files"], round(full["size"] / 2**20, 1)
t = time.perf_counter()
with tempfile.TemporaryDirectory() as tmp:
    for i, src in enumerate(originals):
        doc = pymupdf.open(src)
        for page in doc:
            page.insert_text((page.rect.width - 120, page.rect.height - 20), "ZJ000001", fontsize=10)
        doc.save(f"{tmp}/{i}.pdf")
        doc.close()
res["raw_stamp_seconds"] = round(time.perf_counter() - t, 3)
t = time.perf_counter(); v = verify_bundle(full["path"])
res["verify_seconds"] = round(time.perf_counter() - t, 3); res["verify_ok"] = v["ok"]
res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
res["children_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
archive.close()
print(json.dumps(res))
""" % PASSWORD


def material(docs: int, pages: int, video_s: int) -> tuple[list[Path], Path]:
    from workstation.devdata.pdfs import make_text_pdf

    CACHE.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(docs):
        path = CACHE / f"doc{i:02d}_{pages}p.pdf"
        if not path.exists():
            import random

            make_text_pdf(path, f"证据材料第{i + 1}号", [f"当事人张三，身份证号码11010119900307{i:04d}，联系电话139{i:08d}。"],
                          pages=pages, rng=random.Random(i))
        out.append(path)
    video = CACHE / f"bodycam_{video_s}s.mp4"
    if not video.exists():
        subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc2=size=640x360:rate=25:duration={video_s}", "-f", "lavfi", "-i",
                        f"sine=frequency=523:sample_rate=44100:duration={video_s}", "-c:v", "libx264", "-preset", "veryfast",
                        "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(video)], check=True)
    return out, video


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--pages", type=int, default=25)
    ap.add_argument("--clips", type=int, default=3)
    ap.add_argument("--clip-seconds", type=float, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    clip_ms = int(args.clip_seconds * 1000)
    video_s = max(60, int(5 + args.clips * (args.clip_seconds + 10)))
    docs, video = material(args.docs, args.pages, video_s)
    from workstation.archive.vocab import Role
    from workstation.session import Archive

    with tempfile.TemporaryDirectory(prefix="bundle-bench-") as tmp:
        tmp = Path(tmp)
        os.environ["XDG_DATA_HOME"] = str(tmp / "xdg")
        arch = Archive.open(tmp / "archive", create=True)
        arch.init_admin("admin", PASSWORD)
        admin = arch.sign_in("admin", PASSWORD)
        admin.add_user("clerk", PASSWORD, [Role.ARCHIVIST])
        clerk = arch.sign_in("clerk", PASSWORD)
        clerk.create_case(case_no=CASE_NO, title="某公司销售过期食品案", category="处罚", handling_unit="执法稽查科")
        report = clerk.import_paths(docs + [video], CASE_NO)
        ids = {Path(f.original_name).name: f.item_id for f in report.files}
        vid = ids[video.name]
        step = clip_ms + 10_000
        clips = [clerk.create_clip(vid, 5000 + step * i, 5000 + step * i + clip_ms, f"片段{i + 1}")["id"]
                 for i in range(args.clips)]
        clerk.save_transcript(vid, [(i * 5000, i * 5000 + 5000, "执法人员", f"第{i + 1}段陈述。")
                                    for i in range(video_s // 5)])
        clerk.frame_index(vid)
        parts = [{"item_id": ids[d.name]} for d in docs] + [{"clip_id": c} for c in clips]
        redactions = []
        import pymupdf

        for d in docs:
            with pymupdf.open(d) as doc:
                hit = doc[0].search_for("身份证号码")
                if hit:
                    r = hit[0]
                    redactions.append({"item_id": ids[d.name], "page": 1, "rect": [r.x0, r.y0, r.x1 + 100, r.y1],
                                       "reason": "P1"})
        arch.close()
        spec = {"case_no": CASE_NO, "parts": parts, "recipient": "某区人民法院", "redactions": redactions,
                "bates": {"prefix": "ZJ", "start": 1, "digits": 6}, "_originals": [str(d) for d in docs]}
        (tmp / "spec.json").write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
        (tmp / "out").mkdir()
        proc = subprocess.run([sys.executable, "-c", CHILD, str(tmp / "archive"), str(tmp / "spec.json"),
                               str(tmp / "out")], capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        if proc.returncode:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["pdf_ratio"] = round(res["pdf_part_seconds"] / res["raw_stamp_seconds"], 2)
    res["stamping_ratio"] = round(res["document_stamping_seconds"] / res["raw_stamp_seconds"], 2)
    res["targets"] = {"total_seconds": 5, "pdf_ratio": 3, "peak_rss_mb": 500}
    res["met"] = {"total_seconds": res["total_seconds"] <= 5, "pdf_ratio": res["pdf_ratio"] <= 3,
                  "peak_rss_mb": res["peak_rss_mb"] < 500}
    res["setup"] = {"documents": args.docs, "pages_each": args.pages, "clips": args.clips, "clip_seconds": args.clip_seconds,
                    "video": f"{video_s} s 640x360 H.264/AAC", "cpu_count": os.cpu_count()}
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
