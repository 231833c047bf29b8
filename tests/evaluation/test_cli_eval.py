"""``workstation eval …``: a whole evaluation scripted from the command line (in-process)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PASSWORD
from tests.evaluation.conftest import CASES
from workstation.cli import main
from workstation.cli_eval import parse_ms, parse_pages, parse_times

C1 = CASES[0][0]


@pytest.fixture
def cli(eval_env, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("WORKSTATION_HOME", str(data_dir))
    monkeypatch.setenv("WORKSTATION_PASSWORD", PASSWORD)

    def run(user: str, *args: str, code: int = 0):
        capsys.readouterr()
        rc = main(["--user", user, *args, "--json"])
        out, err = capsys.readouterr()
        assert rc == code, (rc, err)
        return json.loads(out) if rc == 0 else json.loads(err)

    def text(user: str, *args: str) -> str:
        capsys.readouterr()
        rc = main(["--user", user, *args])
        out, err = capsys.readouterr()
        assert rc == 0, err
        return out

    run.text = text
    return run


def test_cli_evaluation_flow(cli, pdf_item, tmp_path):
    rubrics = cli("lead", "eval", "rubric", "list")
    assert {r["id"] for r in rubrics} >= {"licensing", "penalty-ordinary"}
    assert cli("lead", "eval", "rubric", "show", "licensing")["total"] == 100
    plan = cli("lead", "eval", "plan", "create", "--name", "双随机抽查", "--rubric", "penalty-ordinary",
               "--category", "处罚", "--year", "2025", "--classification", "内部", "--classification", "公开",
               "--sample", "2", "--seed", "7", "--double", "--blind", "--evaluator", "eva", "--evaluator", "lead",
               "--case", C1)
    assert plan["seed"] == 7 and plan["sample_size"] == 2 and len(plan["cases"]) == 2
    pid = plan["id"]
    if C1 not in {c["case_no"] for c in plan["cases"]}:  # the draw left C1 out: score a case with a PDF anyway
        plan = cli("lead", "eval", "plan", "create", "--name", "点名", "--rubric", "penalty-ordinary", "--case", C1,
                   "--double", "--blind", "--evaluator", "eva", "--evaluator", "lead")
        pid = plan["id"]
    assert {len(c["evaluators"]) for c in plan["cases"]} == {2}
    assert pid in [p["id"] for p in cli("eva", "eval", "plan", "list")]
    s = cli("eva", "eval", "score", "add", str(pid), C1, "2.11", "--reason", "缺签名", "--item-id", str(pdf_item),
            "--page", "2-3", "--count", "2")
    assert s["result"]["score"] == 98
    s = cli("eva", "eval", "score", "add", str(pid), C1, "3.1", "--reason", "过简", "--item-id", str(pdf_item),
            "--page", "1", "--points", "1.5")
    assert s["result"]["score"] == 96.5
    err = cli("eva", "eval", "score", "add", str(pid), C1, "3.1", "--reason", "再扣", "--item-id", str(pdf_item),
              "--page", "1", "--points", "1", code=1)
    assert err["error"] == "already_deducted"
    s = cli("eva", "eval", "score", "submit", str(pid), C1)
    assert s["status"] == "submitted"
    err = cli("eva", "eval", "score", "notes", str(pid), C1, "迟到的意见", code=1)
    assert err["error"] == "sheet_submitted"
    s = cli("lead", "eval", "score", "veto", str(pid), C1, "F8", "--reason", "程序违法", "--item-id", str(pdf_item),
            "--page", "1")
    assert s["result"]["vetoed"] and s["result"]["grade"] == "不合格"
    cli("lead", "eval", "score", "submit", str(pid), C1)
    rec = cli("lead", "eval", "reconcile", str(pid), C1, "--show")
    assert rec["differences"] == ["2.11", "3.1", "F8"]
    err = cli("lead", "eval", "reconcile", str(pid), C1, "--take", "2.11=a", code=1)
    assert err["error"] == "choices_required"
    err = cli("lead", "eval", "reconcile", str(pid), C1, "--take", "2.11=x", code=1)
    assert "评查项=none" in err["message"]
    err = cli("lead", "eval", "reconcile", str(pid), C1, "--agree", "2.11=[1]", code=1)
    assert "JSON" in err["message"]
    agreed = json.dumps({"count": 1, "reason": "合议认定一处", "anchor": {"item_id": pdf_item, "page": 1}})
    trial = cli("lead", "eval", "reconcile", str(pid), C1, "--agree", f"2.11={agreed}", "--take", "3.1=none",
                "--take", "F8=b")
    assert trial["reconciliation"]["taken"] == {"2.11": "agreed", "3.1": "none", "F8": "b"}
    final = cli("lead", "eval", "reconcile", str(pid), C1, "--take", "2.11=a", "--take", "3.1=a", "--take", "F8=a")
    assert final["kind"] == "final" and final["result"]["score"] == 96.5 and final["revision"] == 2
    out_pdf, out_xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    rep = cli("lead", "eval", "report", str(pid), "--out", str(out_pdf), "--out", str(out_xlsx))
    assert rep["stats"]["files"] == 1 and rep["stats"]["mean"] == 96.5
    assert out_pdf.read_bytes()[:4] == b"%PDF" and out_xlsx.read_bytes()[:2] == b"PK"
    sheet = tmp_path / "s.pdf"
    assert cli("lead", "eval", "sheet", str(final["id"]), "--out", str(sheet))["bytes"] == sheet.stat().st_size
    shown = cli("lead", "eval", "plan", "show", str(pid))
    assert next(c for c in shown["cases"] if c["case_no"] == C1)["state"] == "finished"
    # the plain-text forms
    out = cli.text("lead", "eval", "plan", "show", str(pid))
    assert "已完成  甲:eva（已提交 96.5）、乙:lead（已提交 0）  定稿 96.5 优秀" in out
    assert "2.11 被询问人逐页签名" in cli.text("eva", "eval", "score", "show", str(pid), C1)
    assert "意见不一致：2.11、3.1、F8" in cli.text("lead", "eval", "reconcile", str(pid), C1, "--show")
    out = cli.text("lead", "eval", "report", str(pid))
    assert "评查 1 件" in out and "优秀 1" in out
    assert "一般程序行政处罚案卷评分表" in cli.text("lead", "eval", "rubric", "list")
    assert "否决：案卷不合格" in cli.text("lead", "eval", "rubric", "show", "penalty-ordinary")
    err = cli("clerk", "eval", "plan", "create", "--name", "x", "--rubric", "licensing", "--category", "许可", code=3)
    assert err["error"] == "access_denied"


def test_anchor_arguments():
    assert parse_pages("3") == {"page": 3} and parse_pages("3-5") == {"page": 3, "page_end": 5}
    assert parse_ms("65000") == 65000 and parse_ms("01:05") == 65000 and parse_ms("1:00:01.5") == 3_601_500
    assert parse_times("01:05-01:20") == {"ms": 65000, "ms_end": 80000}
    with pytest.raises(Exception):
        parse_pages("三")
