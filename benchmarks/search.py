"""Search benchmark: indexing speed, index size, query latency with a permission filter, peak RSS,
and search quality (precision/recall@10) against two baselines (Whoosh StandardAnalyzer, SQLite
FTS5 trigram).

    .venv/bin/python benchmarks/search.py                 # 10k pages
    .venv/bin/python benchmarks/search.py --pages 10000 100000
    .venv/bin/python benchmarks/search.py --rebuild       # re-index even if a cached index exists

The synthetic archive (pages cut from the demo corpus with PDF-like line breaks, 50 pages per
case, 10 per item, random classification) and its index are cached under benchmarks/.cache/.
Prints one JSON document.
"""

from __future__ import annotations

import argparse
import unicodedata
import os
import json
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workstation.search import AccessScope, IndexDoc, SearchIndex, extract_pdf_pages, set_jieba_cache_dir  # noqa: E402
from workstation.search import _analyzer as ana  # noqa: E402
from workstation.search._query import _Parser  # noqa: E402
from workstation.search._quality import QUERIES, brute_force, precision_recall_at  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
CORPUS = ROOT / "resources" / "demo-corpus"
PAGE_CHARS = 1300
SEED = 20260301

QUERY_MIX = [
    "执法记录仪", "執法記錄儀", "法制审核", "重大执法决定", "全过程记录 NOT 音像", "听证 OR 复议",
    "罚", "法记录", '"行政执法公示制度"', "国办发〔2018〕118号", "118号", "案号:〔2022〕37号",
    "当事人:某某公司7", "日期:2020-01-01..2020-06-30 公示", "密级:秘密 审核", "(法制审核 OR 法律顾问) 与 重大",
    "制度 AND NOT (公示 OR 审核)", "20个工作日", "音像 AND 保存", "执法 人员",
]


def corpus_text() -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(CORPUS.glob("*.txt")))


def synthetic_pages(n: int) -> list[dict]:
    path = CACHE / f"pages-{n}.jsonl"
    if path.exists():
        with path.open(encoding="utf-8") as f:  # line by line: 100k pages are 400 MB of JSON
            return [json.loads(line) for line in f]
    text = corpus_text()
    rng = random.Random(SEED)
    pages = []
    for i in range(n):
        start = rng.randrange(0, len(text) - PAGE_CHARS)
        body = text[start:start + PAGE_CHARS]
        # PDF-like wrapping: a line break every ~36 characters, inside words
        body = "\n".join(body[k:k + 36] for k in range(0, len(body), 36))
        case = i // 50
        pages.append({
            "doc_id": f"p:{i // 10}:{i % 10 + 1}", "case_id": case, "item_id": i // 10, "page": i % 10 + 1,
            "level": rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4]), "text": body,
            "fields": {"case_no": f"某执罚〔{2015 + case % 10}〕{case}号", "party": f"某某公司{case}",
                       "date": f"{2015 + case % 10}-{1 + case % 12:02d}-{1 + case % 28:02d}",
                       "title": f"案卷{case}文书{i // 10}", "status": "open" if case % 3 else "closed"},
        })
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in pages), "utf-8")
    return pages


def to_doc(p: dict) -> IndexDoc:
    return IndexDoc(p["doc_id"], p["case_id"], p["item_id"], "page", p["text"], page=p["page"], level=p["level"],
                    fields=p["fields"], version="bench")


class LoadSampler:
    """Average of the 1-minute load average, sampled every few seconds while a phase runs
    (other engineers' jobs share this machine: report the load beside every figure)."""

    def __init__(self, every: float = 5.0):
        import threading

        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._t.start()

    def _run(self, every):
        while not self._stop.wait(every):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> float:
        self._stop.set()
        self._t.join()
        self.samples.append(os.getloadavg()[0])
        return round(sum(self.samples) / len(self.samples), 2)


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build(n: int, rebuild: bool) -> tuple[SearchIndex, dict]:
    path = CACHE / f"index-{n}"
    stats_file = CACHE / f"index-{n}.json"
    if rebuild or not stats_file.exists():
        shutil.rmtree(path, ignore_errors=True)
        ix = SearchIndex(path)
        pages = synthetic_pages(n)
        docs = [to_doc(p) for p in pages]
        del pages
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        c0 = time.process_time()
        ch0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        sampler = LoadSampler()
        ix.add(docs)  # batches of 1000 as segments built by 2 worker processes, then merged
        secs = time.perf_counter() - t0
        main_cpu = time.process_time() - c0
        ch1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_cpu = (ch1.ru_utime + ch1.ru_stime) - (ch0.ru_utime + ch0.ru_stime)
        load = sampler.stop()
        stats = {"pages": n, "index_seconds": round(secs, 1), "pages_per_s": round(n / secs, 1), "cached": False,
                 "cpu_ms_per_page": {"main": round(main_cpu / n * 1000, 2), "workers": round(worker_cpu / n * 1000, 2)},
                 # what two idle cores would give: the busier of (main process, all work / 2)
                 "pages_per_s_on_idle_2_cores": round(n / max(main_cpu, (main_cpu + worker_cpu) / 2), 1),
                 "load_average_during_run": round(load, 2),
                 "peak_rss_mb_before_indexing": round(rss_before / 1024, 1)}
        stats_file.write_text(json.dumps(stats))
    else:
        ix = SearchIndex(path)
        stats = dict(json.loads(stats_file.read_text()), cached=True)
    stats["index_mb"] = round(dir_size(path) / 2**20, 1)
    stats["segments"] = len(ix._require()._segments())
    return ix, stats


def _pct(times: list[float]) -> dict:
    times = sorted(times)
    return {"queries": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "max_ms": round(times[-1], 1)}


def latency(ix: SearchIndex, n_cases: int, rounds: int = 5) -> dict:
    rng = random.Random(7)
    scope = AccessScope(max_level=2, case_ids=frozenset(rng.sample(range(n_cases), max(1, n_cases * 6 // 10))),
                        denied_item_ids=frozenset(rng.sample(range(n_cases * 5), 20)))
    sampler = LoadSampler(2.0)
    # cold: a freshly opened index (no decoded posting lists, no scope mask; OS file cache warm)
    cold = []
    for q in QUERY_MIX:
        t0 = time.perf_counter()
        ix.search(q, AccessScope(scope.max_level, frozenset(scope.case_ids), frozenset(scope.denied_item_ids)))
        cold.append((time.perf_counter() - t0) * 1000)
    times = []
    for _ in range(rounds):
        for q in QUERY_MIX:
            # a new scope object per query, as the session facade computes it from the live policy
            sc = AccessScope(scope.max_level, frozenset(scope.case_ids), frozenset(scope.denied_item_ids))
            t0 = time.perf_counter()
            ix.search(q, sc, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
    return dict(_pct(times), cold=_pct(cold), load_average_during_queries=sampler.stop(),
                scope="level<=2, 60% of cases, 20 denied items", totals={
                    q: ix.search(q, scope, limit=1).total for q in QUERY_MIX[:6]})


def extraction_rate() -> dict:
    import pymupdf

    text = corpus_text()
    tmp = Path(tempfile.mkdtemp())
    doc = pymupdf.open()
    for i in range(100):
        page = doc.new_page()
        page.insert_font(fontname="china-s")
        chunk = text[(i * 700) % (len(text) - 700):][:700]
        page.insert_textbox(pymupdf.Rect(60, 60, 535, 800), chunk, fontname="china-s", fontsize=10)
    doc.save(tmp / "x.pdf")
    t0 = time.perf_counter()
    pages = extract_pdf_pages(tmp / "x.pdf")
    secs = time.perf_counter() - t0
    shutil.rmtree(tmp, ignore_errors=True)
    return {"pdf_text_extraction_pages_per_s": round(len(pages) / secs, 1)}


# ----------------------------------------------------------------------------- quality


def quality_units() -> dict[str, str]:
    units = {}
    for fi, p in enumerate(sorted(CORPUS.glob("*.txt"))):
        t = p.read_text("utf-8")
        for k in range(0, len(t), 600):
            chunk = t[k:k + 600]
            units[f"p:{fi}:{k // 600 + 1}"] = "\n".join(chunk[j:j + 36] for j in range(0, len(chunk), 36))
    return units


def fts_expr(node) -> str:
    if node.op == "term":
        return '"' + node.text.replace('"', '""') + '"'
    if node.op == "or":
        return "(" + " OR ".join(fts_expr(k) for k in node.kids) + ")"
    if node.op == "not":
        return "NOT " + fts_expr(node.kids[0])  # only valid inside an AND (handled there)
    pos = [k for k in node.kids if k.op != "not"]
    neg = [k.kids[0] for k in node.kids if k.op == "not"]
    expr = "(" + " AND ".join(fts_expr(k) for k in pos) + ")"
    if neg:
        expr = f"({expr} NOT ({' OR '.join(fts_expr(k) for k in neg)}))"
    return expr


def quality() -> dict:
    units = quality_units()
    tmp = Path(tempfile.mkdtemp())
    ours = SearchIndex(tmp / "ours", procs=1)
    ours.add([IndexDoc(d, 1, 1, "page", t, page=1) for d, t in units.items()])
    everything = AccessScope(4, None)

    from whoosh import fields, index, qparser

    schema = fields.Schema(doc_id=fields.ID(stored=True), body=fields.TEXT(analyzer=__import__(
        "whoosh.analysis", fromlist=["StandardAnalyzer"]).StandardAnalyzer()))
    (tmp / "std").mkdir()
    wix = index.create_in(str(tmp / "std"), schema)
    w = wix.writer()
    for d, t in units.items():
        w.add_document(doc_id=d, body=t)
    w.commit()
    wsearch = wix.searcher()
    wparser = qparser.QueryParser("body", schema)

    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE u USING fts5(doc_id UNINDEXED, body, tokenize='trigram')")
    db.executemany("INSERT INTO u VALUES (?, ?)", list(units.items()))

    def run_ours(q):
        return [h.doc_id for h in ours.search(q, everything, limit=10).hits]

    def run_whoosh(q):
        try:
            return [h["doc_id"] for h in wsearch.search(wparser.parse(q), limit=10)]
        except Exception:
            return []

    def run_fts(q):
        try:
            expr = fts_expr(_Parser(unicodedata.normalize("NFKC", q)).parse())  # the query as typed
            return [r[0] for r in db.execute("SELECT doc_id FROM u WHERE u MATCH ? ORDER BY rank LIMIT 10", (expr,))]
        except sqlite3.Error:
            return []

    engines = {"ours": run_ours, "whoosh_standard_analyzer": run_whoosh, "sqlite_fts5_trigram": run_fts}
    per_kind: dict[str, dict[str, list]] = {}
    totals = {name: [[], []] for name in engines}
    for kind, q in QUERIES:
        expected = brute_force(q, units)
        for name, fn in engines.items():
            p, r = precision_recall_at(10, fn(q), expected)
            per_kind.setdefault(kind, {}).setdefault(name, []).append((p, r))
            totals[name][0].append(p)
            totals[name][1].append(r)
    out = {"queries": len(QUERIES), "units": len(units)}
    for name, (ps, rs) in totals.items():
        out[name] = {"precision@10": round(sum(ps) / len(ps), 3), "recall@10": round(sum(rs) / len(rs), 3)}
    out["by_kind"] = {
        kind: {name: {"p": round(sum(p for p, _ in v) / len(v), 2), "r": round(sum(r for _, r in v) / len(v), 2)}
               for name, v in names.items()}
        for kind, names in per_kind.items()
    }
    ours.close()
    wsearch.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, nargs="+", default=[10_000])
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    set_jieba_cache_dir(CACHE / "jieba")
    ana.warm_up()
    report = {"machine_cpus": __import__("os").cpu_count(), "sizes": {}}
    for n in args.pages:
        ix, stats = build(n, args.rebuild)
        stats["latency"] = latency(ix, n // 50)
        stats["query_cache_mb"] = round(ix._cache.bytes / 2**20, 1)
        ix.close()
        report["sizes"][str(n)] = stats
    report.update(extraction_rate())
    report["quality"] = quality()
    usage_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    usage_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report["peak_rss_mb"] = {"main": round(usage_self / 1024, 1), "largest_worker": round(usage_children / 1024, 1)}
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
