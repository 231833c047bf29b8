"""Ingest benchmark: import wall time for a large file beside sha256sum and openssl sm3.

Prints one JSON document. The import runs in a child process (so its peak RSS is
measured on its own) on a fresh archive; only the import call itself is timed.
Usage: python benchmarks/ingest.py [--size-mib 1024] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from workstation.archive.vocab import Classification, Role
from workstation.session import Archive
data_dir, src = Path(sys.argv[1]), Path(sys.argv[2])
arch = Archive.open(data_dir, create=True)
arch.init_admin("admin", "bench-password")
arch.sign_in("admin", "bench-password").add_user("clerk", "bench-password", [Role.ARCHIVIST])
ws = arch.sign_in("clerk", "bench-password")
ws.create_case(case_no="基准〔2026〕1号", title="导入基准", category="其他")
t0 = time.perf_counter()
report = ws.import_paths([src], "基准〔2026〕1号")
wall = time.perf_counter() - t0
f = report.files[0]
print(json.dumps({"wall_s": wall, "sha256": f.sha256, "sm3": f.sm3,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_file(size_mib: int) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"random-{size_mib}MiB.bin"
    if not path.exists() or path.stat().st_size != size_mib * 1024 * 1024:
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as f:
            for _ in range(size_mib):
                f.write(os.urandom(1024 * 1024))
        os.replace(tmp, path)
    return path


def timed(cmd: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return time.perf_counter() - t0, out.split()[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds; medians are reported")
    args = ap.parse_args()
    src = make_file(args.size_mib)
    # Warm the page cache equally for every contender.
    subprocess.run(["cat", str(src)], stdout=subprocess.DEVNULL, check=True)

    # Alternate the contenders round by round so background load hits them alike.
    sha_walls, sm3_walls, children = [], [], []
    for _ in range(args.rounds):
        sha_wall, sha = timed(["sha256sum", str(src)])
        sm3_wall, sm3 = timed(["openssl", "dgst", "-sm3", "-r", str(src)])
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            env = dict(os.environ, PYTHONPATH=str(ROOT))
            proc = subprocess.run([sys.executable, "-c", CHILD, str(Path(tmp) / "archive"), str(src)],
                                  capture_output=True, text=True, env=env)
            if proc.returncode != 0:
                sys.exit(proc.stderr)
            children.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        sha_walls.append(sha_wall)
        sm3_walls.append(sm3_wall)
    sha_wall, sm3_wall = statistics.median(sha_walls), statistics.median(sm3_walls)
    child = {"wall_s": statistics.median(c["wall_s"] for c in children),
             "peak_rss_mb": max(c["peak_rss_mb"] for c in children),
             "sha256": children[-1]["sha256"], "sm3": children[-1]["sm3"]}
    tools_seq = sha_wall + sm3_wall
    result = {
        "file_mib": args.size_mib,
        "rounds": args.rounds,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "import_wall_s": round(child["wall_s"], 3),
        "sha256sum_s": round(sha_wall, 3),
        "openssl_sm3_s": round(sm3_wall, 3),
        "tools_in_sequence_s": round(tools_seq, 3),
        "import_vs_tools_in_sequence": round(child["wall_s"] / tools_seq, 3),
        "import_vs_openssl_sm3": round(child["wall_s"] / sm3_wall, 3),
        "import_peak_rss_mb": round(child["peak_rss_mb"], 1),
        "digests_agree": child["sha256"] == sha and child["sm3"] == sm3,
        "targets": {"import_vs_tools_in_sequence": 0.55, "import_vs_openssl_sm3": 1.15, "peak_rss_mb": 200},
    }
    result["meets_targets"] = (result["import_vs_tools_in_sequence"] <= 0.55
                               and result["import_vs_openssl_sm3"] <= 1.15
                               and result["import_peak_rss_mb"] < 200 and result["digests_agree"])
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
