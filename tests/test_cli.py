"""The CLI contract: every command with --json prints one JSON document; errors go to stderr."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, cli_env

ROOT = Path(__file__).resolve().parents[1]


def run(data_dir, *args, user=None, password=PASSWORD, check=True, **env):
    proc = subprocess.run([sys.executable, "-m", "workstation", *args], capture_output=True, text=True,
                          env=cli_env(data_dir, user, password, PYTHONPATH=str(ROOT), **env), cwd=ROOT, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} failed ({proc.returncode}): {proc.stderr}")
    return proc


def js(proc):
    return json.loads(proc.stdout)


def test_full_cli_flow(tmp_path, dossier):
    d = tmp_path / "arch"
    assert js(run(d, "init", "--admin", "admin", "--json"))["admin"] == "admin"
    run(d, "user", "add", "clerk", "--role", "archivist", "--json", user="admin", WORKSTATION_NEW_PASSWORD=PASSWORD)
    # 内部以上的密级 is the security officer's decision, not the system administrator's.
    p = run(d, "user", "add", "x", "--role", "reader", "--clearance", "秘密", user="admin",
            WORKSTATION_NEW_PASSWORD=PASSWORD, check=False)
    assert p.returncode == 3
    run(d, "user", "add", "sec", "--role", "secadmin", user="admin", WORKSTATION_NEW_PASSWORD=PASSWORD)
    run(d, "user", "set-clearance", "sec", "机密", user="sec")
    run(d, "user", "set-clearance", "clerk", "秘密", "--json", user="sec")
    run(d, "user", "add", "auditor", "--role", "安全审计员", "--json", user="admin", WORKSTATION_NEW_PASSWORD=PASSWORD)
    run(d, "user", "add", "reader", "--role", "reader", user="admin", WORKSTATION_NEW_PASSWORD=PASSWORD)
    users = js(run(d, "--json", "user", "list", user="admin"))
    assert [u["username"] for u in users] == ["admin", "auditor", "clerk", "reader", "sec"]

    created = js(run(d, "case", "create", "--case-no", "某市监处罚〔2026〕99号", "--title", "测试案",
                     "--category", "处罚", "--opened-on", "2026-03-01", "--json", user="clerk"))
    assert created["case_no"] == "某市监处罚〔2026〕99号"
    imported = js(run(d, "import", str(dossier), "--json", user="clerk"))
    assert imported["created_case"] and imported["imported"] > 5
    pdf = next(dossier.rglob("*.pdf"))
    loose = js(run(d, "import", str(pdf), "--case", "某市监处罚〔2026〕99号", "--json", user="clerk"))
    assert loose["files"][0]["status"] == "imported"

    cases = js(run(d, "case", "list", "--json", user="clerk"))
    assert {c["case_no"] for c in cases} == {"某市监处罚〔2026〕99号", imported["case_no"]}
    shown = js(run(d, "case", "show", imported["case_no"], "--json", user="clerk"))
    assert shown["volumes"][0]["items"]

    assert js(run(d, "verify", "--json", user="clerk"))["passed"] is True

    # 知悉范围 and 调阅 through the CLI: the reader sees nothing until a request is approved.
    case_no = imported["case_no"]
    assert js(run(d, "case", "list", "--json", user="reader")) == []
    p = run(d, "case", "show", case_no, user="reader", check=False)
    assert p.returncode == 1 and "未找到" in p.stderr
    req = js(run(d, "request", "create", case_no, "--reason", "复议答辩需要", "--until", "2099-12-31", "--json",
                 user="reader"))
    assert js(run(d, "request", "list", "--status", "pending", "--json", user="sec"))[0]["id"] == req["id"]
    run(d, "request", "approve", str(req["id"]), "--note", "同意", user="sec")
    assert [c["case_no"] for c in js(run(d, "case", "list", "--json", user="reader"))] == [case_no]
    grants = js(run(d, "grant", "list", "--case", case_no, "--json", user="sec"))
    reader_grant = next(g for g in grants if g["user"] == "reader")
    assert reader_grant["state"] == "active" and reader_grant["request_id"] == req["id"]
    run(d, "grant", "revoke", str(reader_grant["id"]), user="sec")
    assert js(run(d, "case", "list", "--json", user="reader")) == []
    g = js(run(d, "grant", "add", case_no, "--to-department", "法制科", "--reason", "审核", "--json", user="sec"))
    assert g["department"] == "法制科" and g["state"] == "active"
    run(d, "classify", case_no, "秘密", "--basis", "涉及工作秘密升级", user="sec")
    assert js(run(d, "case", "show", case_no, "--json", user="clerk"))["classification"] == "秘密"
    assert js(run(d, "audit", "verify", "--json", user="auditor"))["ok"] is True
    lines = run(d, "audit", "export", "--since", "2020-01-01", "--json", user="auditor").stdout.splitlines()
    events = [json.loads(line) for line in lines]
    assert any(e["action"] == "item.import" for e in events)
    csv_out = run(d, "audit", "export", "--format", "csv", user="auditor").stdout
    assert csv_out.startswith("seq,ts,actor")


def test_cli_errors_are_clear_and_nonzero(tmp_path):
    d = tmp_path / "arch"
    p = run(d, "case", "list", user="admin", check=False)
    assert p.returncode != 0 and "init" in p.stderr and "Traceback" not in p.stderr
    run(d, "init", "--admin", "admin")
    p = run(d, "case", "list", "--json", user="admin", password="wrong", check=False)
    assert p.returncode == 3 and json.loads(p.stderr)["error"] == "authentication_failed"
    p = run(d, "audit", "verify", user="admin", check=False)  # 三员: the system administrator is not the auditor
    assert p.returncode == 3 and "权限" in p.stderr
    p = run(d, "import", str(tmp_path / "nope.pdf"), "--case", "x", user="admin", check=False)
    assert p.returncode != 0 and "Traceback" not in p.stderr
    p = run(d, "case", "list", check=False)
    assert p.returncode != 0 and "--user" in p.stderr


def test_media_cli(tmp_path):
    from workstation.devdata.media import make_bodycam_mp4

    d = tmp_path / "arch"
    run(d, "init", "--admin", "admin")
    run(d, "user", "add", "clerk", "--role", "archivist", user="admin", WORKSTATION_NEW_PASSWORD=PASSWORD)
    mp4 = make_bodycam_mp4(tmp_path / "执法记录仪.mp4", seconds=4)
    run(d, "case", "create", "--case-no", "音〔2026〕1号", "--title", "音像案", "--category", "检查", user="clerk")
    item_id = js(run(d, "import", str(mp4), "--case", "音〔2026〕1号", "--json", user="clerk"))["files"][0]["item_id"]
    snap = js(run(d, "media", "snap", str(item_id), "00:00:01.234", "--json", user="clerk"))
    assert abs(snap["ms"] - 1234) < 50 and snap["player_ms"] == 1234
    clip = js(run(d, "clip", "create", str(item_id), "1000", "2500", "--name", "出示证件", "--json", user="clerk"))
    out = tmp_path / "clips"
    exported = js(run(d, "clip", "export", str(clip["id"]), "--mode", "exact", "--to", str(out), "--json",
                      user="clerk"))
    assert Path(exported["path"]).exists() and Path(exported["path"]).parent == out
    srt = tmp_path / "t.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,500\n现在开始执法检查\n\n", "utf-8")
    run(d, "transcript", "import", str(item_id), str(srt), user="clerk")
    back = tmp_path / "back.srt"
    run(d, "transcript", "export", str(item_id), "--format", "srt", "--to", str(back), user="clerk")
    assert "现在开始执法检查" in back.read_text("utf-8")
