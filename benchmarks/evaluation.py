"""评查 plan benchmark: a double-scoring plan over N cases (default 500, a provincial
year's sample), two evaluators, half the sheets submitted, a quarter reconciled.

Prints one JSON document with the time of what the plans tab and the scoring view do:
list the plans (with progress), show one plan (every case with its evaluators and states),
an evaluator's assignments, and the plan report numbers. Each is the median of a few runs
on a real SQLite archive. There is no issue target; the point is that none of them grows
by a query per case (a plan of thousands of cases over PostgreSQL on a LAN).

Usage: python benchmarks/evaluation.py [--cases 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password-9"


def timed(fn, runs: int) -> tuple[float, object]:
    took, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        took.append(time.perf_counter() - t)
    return round(statistics.median(took) * 1000, 1), out


def count_queries(archive, fn) -> int:
    from sqlalchemy import event

    n = [0]

    def before(*_a, **_k):
        n[0] += 1

    event.listen(archive.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(archive.engine, "before_cursor_execute", before)
    return n[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    from workstation.archive.vocab import Role
    from workstation.session import Archive

    home = Path(tempfile.mkdtemp(prefix="bench-eval-"))
    try:
        arch = Archive.open(home / "archive", create=True)
        arch.init_admin("admin", PASSWORD)
        admin = arch.sign_in("admin", PASSWORD)
        admin.add_user("clerk", PASSWORD, [Role.ARCHIVIST], department="档案室")
        for name in ("lead", "eva", "evb"):
            admin.add_user(name, PASSWORD, [Role.EVALUATOR], department="法制科")
        admin.add_user("sec", PASSWORD, [Role.SECADMIN], department="保密办")
        sec = arch.sign_in("sec", PASSWORD)
        sec.add_rule(role=Role.EVALUATOR, department="法制科", max_classification="内部", reason="年度案卷评查")
        clerk = arch.sign_in("clerk", PASSWORD)
        t = time.perf_counter()
        case_nos = []
        for i in range(1, args.cases + 1):
            no = f"某市监处罚〔2025〕{i}号"
            clerk.create_case(case_no=no, title=f"案件{i}", category="处罚", procedure="一般",
                              handling_unit=("执法稽查科", "食品安全科", "价格监督科")[i % 3], opened_on="2025-03-04",
                              classification="公开", handlers="张伟,李娜")
            case_nos.append(no)
        setup_cases = time.perf_counter() - t
        lead, eva, evb = (arch.sign_in(n, PASSWORD) for n in ("lead", "eva", "evb"))
        plan = lead.create_plan("基准评查", "penalty-ordinary", case_nos=case_nos, double_scoring=True, seed=7)
        lead.assign_evaluators(plan["id"], ["eva", "evb"])
        t = time.perf_counter()
        for who in (eva, evb):
            for row in who.my_assignments(plan["id"])[: args.cases // 2]:
                sheet = who.open_sheet(row["assignment_id"])
                who.submit_sheet(sheet["id"])
        ready = [r["case_no"] for r in lead.show_plan(plan["id"], audit=False)["cases"] if r["state"] == "to_reconcile"]
        for no in ready[: args.cases // 4]:
            lead.reconcile(plan["id"], no)
        setup_sheets = time.perf_counter() - t

        pid = plan["id"]
        result = {"cases": args.cases, "setup_s": {"cases": round(setup_cases, 1), "sheets": round(setup_sheets, 1)}}
        for name, who, fn in (("list_plans", lead, lambda: lead.list_plans()),
                              ("show_plan", lead, lambda: lead.show_plan(pid, audit=False)),
                              ("my_assignments", eva, lambda: eva.my_assignments(pid)),
                              ("plan_report", lead, lambda: lead.plan_report(pid))):
            ms, out = timed(fn, args.runs)
            result[name] = {"ms": ms, "queries": count_queries(arch, fn)}
        shown = lead.show_plan(pid, audit=False)
        states = {}
        for row in shown["cases"]:
            states[row["state"]] = states.get(row["state"], 0) + 1
        result["states"] = states
        result["progress"] = shown["progress"]
        arch.close()
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
