"""The review CLI: workdays, annotate add/list/link, review submit → sign-off, --json output
and errors (in-process through workstation.cli.main, one real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSWORD, cli_env

ROOT = Path(__file__).resolve().parents[2]


def cli(monkeypatch, capsys, data_dir, user, *args):
    from workstation.cli import main

    monkeypatch.setenv("WORKSTATION_HOME", str(data_dir))
    monkeypatch.setenv("WORKSTATION_PASSWORD", PASSWORD)
    monkeypatch.setenv("WORKSTATION_USER", user)
    code = main(["--json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), (json.loads(err) if err.strip() else None)


def test_workdays_json_subprocess(archive, data_dir):
    proc = subprocess.run([sys.executable, "-m", "workstation", "workdays", "add", "--from", "2026-09-30",
                           "--days", "7", "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=cli_env(data_dir, "admin", PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["date"] == "2026-10-15" and out["weekday"] == "四"


def test_workdays_errors_and_overrides(monkeypatch, capsys, archive, data_dir):
    code, _out, err = cli(monkeypatch, capsys, data_dir, "admin", "workdays", "add", "--from", "2027-03-01",
                          "--days", "3")
    assert code == 1 and err["error"] == "calendar_out_of_range" and "工作日调整表" in err["message"]
    code, _o, _e = cli(monkeypatch, capsys, data_dir, "admin", "workdays", "set", "2027-03-02", "--rest",
                       "--source", "测试通知")
    assert code == 0
    code, out, _e = cli(monkeypatch, capsys, data_dir, "admin", "workdays", "add", "--from", "2027-03-01",
                        "--days", "3")
    assert code == 0 and out["date"] == "2027-03-05"
    code, out, _e = cli(monkeypatch, capsys, data_dir, "admin", "workdays", "check", "2026-02-14")
    assert out["workday"] is True


def test_annotate_and_review_round(monkeypatch, capsys, data_dir, review_case, tmp_path):
    case_no, pdf, video = review_case["case_no"], review_case["pdf"], review_case["video"]
    code, a, err = cli(monkeypatch, capsys, data_dir, "fazhi", "annotate", "add", str(pdf), "highlight", "--page",
                       "3", "--rect", "72,100,300,130", "--note", "陈述矛盾", "--category", "证据")
    assert code == 0, err
    code, rows, _ = cli(monkeypatch, capsys, data_dir, "fazhi", "annotate", "list", case_no)
    assert [r["id"] for r in rows] == [a["id"]]
    code, link, err = cli(monkeypatch, capsys, data_dir, "fazhi", "annotate", "link", f"a:{a['id']}",
                          f"{video}:t00:00:01-00:00:03", "--note", "对照")
    assert code == 0, err
    assert link["b"]["start_ms"] == 1000 and link["b"]["end_ms"] == 3000
    code, _, err = cli(monkeypatch, capsys, data_dir, "other", "annotate", "list", case_no)
    assert code == 1 and err["error"] == "not_found"

    code, st, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "submit", case_no, "--date", "2026-09-28",
                        "--category", "M4", "--material", "送审报告", "--material", "行政执法决定书代拟稿",
                        "--decision-type", "罚款", "--decision-content", "罚款五万元")
    assert code == 0, err
    assert st["current"]["missing"] == ["案卷全部材料"]
    code, _, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "accept", case_no, "--date", "2026-09-30")
    assert code == 1 and err["error"] == "materials_missing"
    cli(monkeypatch, capsys, data_dir, "fazhi", "review", "materials", case_no, "--material", "案卷全部材料")
    code, st, _ = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "accept", case_no, "--date", "2026-09-30")
    assert st["current"]["deadline"] == "2026-10-15"
    for n in range(1, 10):
        args = ["review", "check", case_no, str(n), "符合", "--explanation", f"要点{n}"]
        if n == 5:
            args += ["--cite", f"{pdf}:p3", "--cite", f"{video}:t00:00:02-00:00:03"]
        code, st, err = cli(monkeypatch, capsys, data_dir, "fazhi", *args)
        assert code == 0, err
    code, _, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "sign-off", case_no)
    assert code == 3 and err["error"] == "access_denied"  # the reviewer may not sign off
    code, st, _ = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "conclude", case_no, "同意")
    assert st["current"]["status"] == "concluded"
    code, out, _ = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "opinion", case_no, "--out", str(tmp_path))
    assert out["draft"] is True and Path(out["path"]).exists() and Path(out["docx_path"]).exists()
    code, st, err = cli(monkeypatch, capsys, data_dir, "head", "review", "sign-off", case_no)
    assert code == 0, err
    assert st["current"]["status"] == "signed" and len(st["current"]["opinion"]["pdf"]["sm3"]) == 64
    code, _, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "check", case_no, "1", "不适用")
    assert code == 1 and err["error"] == "illegal_transition"
    code, st, _ = cli(monkeypatch, capsys, data_dir, "head", "review", "status", case_no)
    p5 = st["current"]["checklist"][4]
    assert [c["text"].split("》")[1] for c in p5["citations"]][1] == "00:00:02—00:00:03"


def test_dispute_commands(monkeypatch, capsys, archive, data_dir, review_case):
    from tests.review.test_disputes import signed

    case_no = signed(archive, review_case, "2026-10-16")
    code, _, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "dispute", case_no, "--reason", "不服",
                       "--date", "2026-10-22")
    assert code == 1 and err["error"] == "dispute_late" and "截止 2026-10-21" in err["message"]
    code, st, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "dispute", case_no, "--reason", "裁量过重",
                        "--by", "执法一队", "--point", "7", "--date", "2026-10-19")
    assert code == 0, err
    assert st["current"]["dispute"]["answer_due"] == "2026-10-21" and st["current"]["dispute"]["points"] == [7]
    code, st, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "answer", case_no, "维持", "--text", "裁量适当",
                        "--date", "2026-10-20")
    assert code == 0, err
    code, out, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "reply", case_no)
    assert code == 0 and Path(out["path"]).read_bytes()[:4] == b"%PDF", err
    assert out["sha256"] == st["current"]["dispute"]["reply"]["pdf_sha256"]
    code, st, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "refer", case_no, "--reason", "仍有分歧",
                        "--date", "2026-10-21")
    assert code == 0 and st["current"]["dispute"]["status"] == "referred", err
    code, st, err = cli(monkeypatch, capsys, data_dir, "fazhi", "review", "discussion", case_no, "--chair", "孙局长",
                        "--participant", "李副局长", "--participant", "赵科长", "--outcome", "采纳法制审核意见",
                        "--decision", "维持原审核意见", "--minutes", f"{review_case['pdf']}:p2", "--date", "2026-10-23")
    assert code == 0, err
    disc = st["current"]["dispute"]["discussion"]
    assert disc["participants"] == ["孙局长", "李副局长", "赵科长"] and disc["minutes"]["page"] == 2
    # the plain-text status names every step
    from workstation.cli import main

    monkeypatch.setenv("WORKSTATION_USER", "fazhi")
    assert main(["review", "status", case_no]) == 0
    text = capsys.readouterr().out
    assert "复核：集体讨论已作决定" in text and "提请集体讨论：仍有分歧" in text and "采纳法制审核意见" in text
