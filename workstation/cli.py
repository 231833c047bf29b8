"""Command line: ``workstation [--data-dir DIR] [--user NAME] COMMAND … [--json]``.

With no command the desktop workstation starts. Every command signs in (password from
WORKSTATION_PASSWORD or a prompt), calls the session facade, and prints either text or,
with --json, one JSON document on stdout. Errors go to stderr with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

from workstation.errors import AccessDenied, AuthenticationFailed, IntegrityError, WorkstationError

EXIT_ERROR, EXIT_USAGE, EXIT_DENIED, EXIT_INTEGRITY = 1, 2, 3, 4
COMMANDS: dict[str, Callable] = {}
# Feature packages keep their commands in their own module: each defines
# ``add_commands(subparsers, common)`` and registers handlers with ``@command``.
EXTENSIONS: list[str] = ["workstation.cli_bundle", "workstation.cli_review", "workstation.cli_eval"]


def command(name: str):
    def register(fn):
        COMMANDS[name] = fn
        return fn
    return register


# ---- argument parsing -------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    # Subcommands default to SUPPRESS so `workstation --json case list` keeps the flag.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出一个 JSON 文档")
    p = argparse.ArgumentParser(prog="workstation", description="案卷归档与审查工作站")
    p.add_argument("--json", action="store_true", default=False, help="输出一个 JSON 文档")
    p.add_argument("--data-dir", help="档案库目录（默认 $WORKSTATION_HOME 或用户数据目录）")
    p.add_argument("--user", help="登录用户名（默认 $WORKSTATION_USER）")
    p.add_argument("--open", metavar="LINK", help="在桌面工作站中打开 workstation:// 链接（意见书、评分表中的引用；"
                   "工作站已在运行时交给它打开）")
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")

    init = sub.add_parser("init", parents=[common], help="创建新的档案库和系统管理员")
    init.add_argument("--admin", required=True, help="系统管理员用户名")

    sub.add_parser("demo", parents=[common], help="创建或刷新演示档案库")
    rl = sub.add_parser("register-links", parents=[common],
                        help="在桌面登记 workstation:// 链接（点击意见书、评分表中的引用即在本工作站打开）")
    rl.add_argument("--remove", action="store_true", help="撤销登记")

    user = sub.add_parser("user", help="用户管理").add_subparsers(dest="sub", metavar="SUBCOMMAND", required=True)
    ua = user.add_parser("add", parents=[common], help="新增用户（新密码取自 $WORKSTATION_NEW_PASSWORD 或提示输入）")
    ua.add_argument("name")
    ua.add_argument("--role", action="append", required=True, help="角色，可重复：sysadmin secadmin auditor "
                    "archivist reviewer evaluator reader approver（或中文名）")
    ua.add_argument("--display-name", default="")
    ua.add_argument("--department", default="")
    ua.add_argument("--clearance", default="内部", help="密级：公开 内部 秘密 机密 绝密")
    user.add_parser("list", parents=[common], help="列出用户")
    usc = user.add_parser("set-clearance", parents=[common], help="设定用户密级（安全保密管理员）")
    usc.add_argument("name")
    usc.add_argument("level", help="公开 内部 秘密 机密 绝密")
    usc.add_argument("--department", help="同时设定所在部门")

    cls = sub.add_parser("classify", parents=[common], help="变更案卷或件的密级（安全保密管理员）")
    cls.add_argument("case_no")
    cls.add_argument("level")
    cls.add_argument("--item", type=int, help="件 id（缺省为整个案卷）")
    cls.add_argument("--basis", required=True, help="定密依据")
    cls.add_argument("--term", default="", help="保密期限或解密条件")

    grant = sub.add_parser("grant", help="知悉范围授权（安全保密管理员）").add_subparsers(
        dest="sub", metavar="SUBCOMMAND", required=True)
    ga = grant.add_parser("add", parents=[common], help="授权一个用户或部门访问案卷")
    ga.add_argument("case_no")
    who = ga.add_mutually_exclusive_group(required=True)
    who.add_argument("--to-user", dest="to_user")
    who.add_argument("--to-department", dest="to_department")
    ga.add_argument("--level", default="view", help="view 查看 | export 下载/导出 | edit 编辑")
    ga.add_argument("--from", dest="starts", help="开始日期 YYYY-MM-DD（缺省为现在）")
    ga.add_argument("--until", dest="ends", help="截止日期 YYYY-MM-DD（缺省为长期）")
    ga.add_argument("--item", type=int, help="只授权某一件")
    ga.add_argument("--reason", required=True)
    gl = grant.add_parser("list", parents=[common], help="列出授权")
    gl.add_argument("--case", dest="case_no")
    gr = grant.add_parser("revoke", parents=[common], help="撤销授权")
    gr.add_argument("grant_id", type=int)

    req = sub.add_parser("request", help="调阅申请与审批").add_subparsers(dest="sub", metavar="SUBCOMMAND", required=True)
    rc = req.add_parser("create", parents=[common], help="申请调阅案卷")
    rc.add_argument("case_no")
    rc.add_argument("--reason", required=True)
    rc.add_argument("--until", dest="ends", required=True, help="截止日期 YYYY-MM-DD")
    rc.add_argument("--from", dest="starts")
    rc.add_argument("--level", default="view")
    for verb, helptext in (("approve", "批准调阅申请"), ("refuse", "拒绝调阅申请")):
        rd = req.add_parser(verb, parents=[common], help=helptext)
        rd.add_argument("request_id", type=int)
        rd.add_argument("--note", default="")
    rl = req.add_parser("list", parents=[common], help="列出调阅申请")
    rl.add_argument("--status", choices=["pending", "approved", "refused"])

    case = sub.add_parser("case", help="案卷").add_subparsers(dest="sub", metavar="SUBCOMMAND", required=True)
    cc = case.add_parser("create", parents=[common], help="新建案卷")
    cc.add_argument("--case-no", required=True, help="案号")
    cc.add_argument("--title", required=True, help="案卷题名")
    cc.add_argument("--category", required=True, help="执法类别：处罚 许可 强制 检查 征收 征用 其他")
    for opt, helptext in (("--party", "当事人"), ("--party-id-no", "当事人证件号"), ("--cause", "案由"),
                          ("--procedure", "程序：一般 简易"), ("--handling-unit", "承办机构"),
                          ("--handlers", "承办人，逗号分隔"), ("--decision-no", "决定书文号"),
                          ("--opened-on", "立案日期 YYYY-MM-DD"), ("--closed-on", "结案日期 YYYY-MM-DD"),
                          ("--retention", "保管期限：永久 定期30年 定期10年"), ("--classification", "密级"),
                          ("--secrecy-term", "保密期限"), ("--remarks", "备注")):
        cc.add_argument(opt, help=helptext)
    cl = case.add_parser("list", parents=[common], help="列出可见的案卷")
    cl.add_argument("--year", type=int)
    cl.add_argument("--category")
    cl.add_argument("--status")
    cs = case.add_parser("show", parents=[common], help="显示案卷及其卷内文件")
    cs.add_argument("case_no")

    fil = sub.add_parser("filing", help="立卷归档：排序、页号、档号、卷内目录与备考表、归档").add_subparsers(
        dest="sub", metavar="SUBCOMMAND", required=True)
    fo = fil.add_parser("order", parents=[common], help="按排列模板整理卷内文件顺序")
    fo.add_argument("case_no")
    fo.add_argument("template_id", help="如 samr-penalty、summary-penalty、licensing")
    fo.add_argument("--dry-run", action="store_true", help="只显示调整方案")
    fr = fil.add_parser("renumber", parents=[common], help="按编页规则重新编页号")
    fr.add_argument("case_no")
    fr.add_argument("--convention")
    fa = fil.add_parser("assign-code", parents=[common], help="编制档号与归档号")
    fa.add_argument("case_no")
    fa.add_argument("--unit", help="机构代码")
    fc = fil.add_parser("contents", parents=[common], help="生成卷内目录 PDF")
    fc.add_argument("case_no")
    fc.add_argument("--output", type=Path)
    fn = fil.add_parser("closing-note", parents=[common], help="生成卷内备考表 PDF")
    fn.add_argument("case_no")
    fn.add_argument("--compiled-by", required=True, help="立卷人")
    fn.add_argument("--checked-by", required=True, help="检查人")
    fn.add_argument("--notes", default="", help="本卷情况说明")
    fn.add_argument("--output", type=Path)
    fk = fil.add_parser("check", parents=[common], help="归档前检查")
    fk.add_argument("case_no")
    ff = fil.add_parser("file", parents=[common], help="将案卷标记为已归档")
    ff.add_argument("case_no")

    med = sub.add_parser("media", help="音视频：信息、精确帧时间").add_subparsers(dest="sub", metavar="SUBCOMMAND",
                                                                         required=True)
    mi = med.add_parser("info", parents=[common], help="音视频信息")
    mi.add_argument("item_id", type=int)
    ms_ = med.add_parser("snap", parents=[common], help="把时间对齐到文件中真实的帧时间")
    ms_.add_argument("item_id", type=int)
    ms_.add_argument("time", help="毫秒或 00:12:31.400")

    clip = sub.add_parser("clip", help="音视频片段").add_subparsers(dest="sub", metavar="SUBCOMMAND", required=True)
    cc_ = clip.add_parser("create", parents=[common], help="标记片段")
    cc_.add_argument("item_id", type=int)
    cc_.add_argument("start")
    cc_.add_argument("end")
    cc_.add_argument("--name", required=True)
    cl_ = clip.add_parser("list", parents=[common], help="列出片段")
    cl_.add_argument("item_id", type=int)
    ce_ = clip.add_parser("export", parents=[common], help="导出片段文件（原件不变）")
    ce_.add_argument("clip_id", type=int)
    ce_.add_argument("--mode", choices=["fast", "exact"], default="fast",
                     help="fast：流复制，从前一个关键帧开始；exact：从精确帧重新编码")
    ce_.add_argument("--to", dest="dest", type=Path, required=True)

    tr = sub.add_parser("transcript", help="文字记录").add_subparsers(dest="sub", metavar="SUBCOMMAND", required=True)
    ti = tr.add_parser("import", parents=[common], help="导入 SRT / WebVTT / 纯文本")
    ti.add_argument("item_id", type=int)
    ti.add_argument("path", type=Path)
    te = tr.add_parser("export", parents=[common], help="导出 srt / vtt / txt / pdf")
    te.add_argument("item_id", type=int)
    te.add_argument("--format", dest="fmt", choices=["srt", "vtt", "txt", "pdf"], default="srt")
    te.add_argument("--to", dest="dest", type=Path, required=True)
    nc = sub.add_parser("note-check", parents=[common], help="检查制作说明是否完整、一致")
    nc.add_argument("item_id", type=int)

    imp = sub.add_parser("import", parents=[common], help="导入文件、文件夹或带清单的案卷文件夹")
    imp.add_argument("paths", nargs="+", type=Path)
    imp.add_argument("--case", dest="case_no", help="目标案号（导入散文件时必填）")
    imp.add_argument("--no-index", action="store_true", help="导入后不立即更新检索索引")

    se = sub.add_parser("search", parents=[common], help="全文检索（简繁通检；AND/OR/NOT、\"短语\"、案号: 当事人: 等字段）")
    se.add_argument("query")
    se.add_argument("--limit", type=int, default=20)
    se.add_argument("--offset", type=int, default=0)
    se.add_argument("--sort", choices=["relevance", "date"], default="relevance")

    ix = sub.add_parser("index", help="检索索引维护").add_subparsers(dest="sub", metavar="SUBCOMMAND", required=True)
    ix.add_parser("update", parents=[common], help="为新导入或已变化的文件建立索引")
    ix.add_parser("rebuild", parents=[common], help="从档案目录重建全部索引")
    ix.add_parser("check", parents=[common], help="找出索引中缺失或过期的文件")

    ver = sub.add_parser("verify", parents=[common], help="固定性检查：重新计算已存文件的哈希")
    ver.add_argument("--due", action="store_true", help="只检查超过设定天数未检查的文件")

    aud = sub.add_parser("audit", help="审计日志").add_subparsers(dest="sub", metavar="SUBCOMMAND", required=True)
    aud.add_parser("verify", parents=[common], help="校验审计日志哈希链")
    ae = aud.add_parser("export", parents=[common], help="导出审计记录")
    ae.add_argument("--since", help="起始日期 YYYY-MM-DD（含）")
    ae.add_argument("--until", help="截止日期 YYYY-MM-DD（不含）")
    ae.add_argument("--actor")
    ae.add_argument("--action")
    ae.add_argument("--format", choices=["json", "csv"], default="json")
    for module in EXTENSIONS:
        importlib.import_module(module).add_commands(sub, common)
    return p


# ---- helpers ----------------------------------------------------------------------

def _password(prompt: str = "密码：", env: str = "WORKSTATION_PASSWORD") -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise WorkstationError(key="password_required", message=f"需要密码：请设置环境变量 {env} 或在终端中运行")
    return getpass.getpass(prompt)


def _new_password() -> str:
    value = os.environ.get("WORKSTATION_NEW_PASSWORD")
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise WorkstationError(key="password_required",
                               message="需要新用户的密码：请设置环境变量 WORKSTATION_NEW_PASSWORD 或在终端中运行")
    first = getpass.getpass("新用户密码：")
    if first != getpass.getpass("再次输入："):
        raise WorkstationError(key="password_mismatch", message="两次输入的密码不一致")
    return first


def _open(args, create: bool = False):
    from workstation.session import Archive

    return Archive.open(args.data_dir, create=create)


def _sign_in(args):
    archive = _open(args)
    name = args.user or os.environ.get("WORKSTATION_USER")
    if not name:
        archive.close()
        raise WorkstationError(key="user_required", message="请用 --user 或环境变量 WORKSTATION_USER 指定登录用户")
    try:
        return archive, archive.sign_in(name, _password(f"{name} 的密码："))
    except BaseException:
        archive.close()
        raise


def _progress(args) -> Callable[[int, int, str], None] | None:
    if args.json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, key: str) -> None:
        label = {"storing": "存储文件", "hashing": "计算哈希", "fixity": "校验",
                 "derivatives": "生成音视频派生文件"}.get(key, key)
        pct = 100 * done // total if total else 100
        print(f"\r{label} {pct:3d}%", end="" if pct < 100 else "\n", file=sys.stderr, flush=True)
    return show


def _emit(args, data: Any, text: str) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=None, default=str))
    else:
        print(text)


def _date_arg(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        raise WorkstationError(key="invalid_input", message=f"日期“{value}”不是 YYYY-MM-DD 格式") from None
    # Dates on the command line are Beijing dates.
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone(dt.timedelta(hours=8)))


# ---- commands ---------------------------------------------------------------------

@command("init")
def cmd_init(args) -> int:
    archive = _open(args, create=True)
    with archive:
        if archive.has_users():
            raise WorkstationError(key="already_initialised", message=f"档案库 {archive.data_dir} 已初始化")
        archive.init_admin(args.admin, _password(f"为系统管理员 {args.admin} 设置密码："))
        _emit(args, {"data_dir": str(archive.data_dir), "admin": args.admin},
              f"已在 {archive.data_dir} 创建档案库，系统管理员：{args.admin}")
    return 0


@command("demo")
def cmd_demo(args) -> int:
    from workstation.devdata.demo_archive import build_demo_archive

    result = build_demo_archive(args.data_dir, progress=None if args.json else print)
    lines = [f"演示档案库：{result['data_dir']}", "演示账号（密码均为 " + result["password"] + "）："]
    lines += [f"  {u['username']:<10} {u['role']}" for u in result["users"]]
    lines += [f"新导入案卷 {len(result['imported'])} 个，共有案卷 {result['cases']} 个"]
    _emit(args, result, "\n".join(lines))
    return 0


@command("register-links")
def cmd_register_links(args) -> int:
    from workstation import desktop_links
    from workstation.config import resolve_data_dir

    if args.remove:
        result = desktop_links.unregister()
        _emit(args, result, f"已撤销 workstation:// 链接登记（{result['desktop_file']}）")
        return 0
    result = desktop_links.register(resolve_data_dir(args.data_dir))
    _emit(args, result, f"已登记 workstation:// 链接：{result['desktop_file']}\n打开方式：{result['exec']}")
    return 0


@command("user add")
def cmd_user_add(args) -> int:
    from workstation.archive.vocab import Classification, parse_role

    try:
        roles = [parse_role(r) for r in args.role]
        clearance = Classification(args.clearance)
    except ValueError as exc:
        raise WorkstationError(key="invalid_input", message=f"角色或密级无效：{exc}") from None
    archive, ws = _sign_in(args)
    with archive:
        ws.add_user(args.name, _new_password(), roles, display_name=args.display_name, department=args.department,
                    clearance=clearance)
        _emit(args, {"username": args.name, "roles": [str(r) for r in roles], "clearance": str(clearance)},
              f"已新增用户 {args.name}（{'、'.join(map(str, roles))}，密级 {clearance}）")
    return 0


@command("user list")
def cmd_user_list(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        users = ws.list_users()
        text = "\n".join(f"{u['username']:<12} {','.join(u['roles']):<20} {u['clearance']} "
                         f"{'停用' if not u['active'] else ''}" for u in users)
        _emit(args, users, text)
    return 0


@command("user set-clearance")
def cmd_user_set_clearance(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        ws.set_clearance(args.name, args.level, department=args.department)
        _emit(args, {"username": args.name, "clearance": args.level}, f"已将 {args.name} 的密级设为 {args.level}")
    return 0


@command("classify")
def cmd_classify(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        ws.classify(args.case_no, args.level, basis=args.basis, item_id=args.item, secrecy_term=args.term)
        target = args.case_no + (f" 件 {args.item}" if args.item else "")
        _emit(args, {"case_no": args.case_no, "item": args.item, "classification": args.level},
              f"已将 {target} 的密级设为 {args.level}")
    return 0


@command("grant add")
def cmd_grant_add(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        gid = ws.add_grant(args.case_no, user=args.to_user, department=args.to_department, level=args.level,
                           starts=args.starts, ends=args.ends, reason=args.reason, item_id=args.item)
        grant = next(g for g in ws.list_grants(args.case_no) if g["id"] == gid)
        _emit(args, grant, f"已授权（编号 {gid}）：{args.to_user or args.to_department} → {args.case_no}")
    return 0


@command("grant list")
def cmd_grant_list(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        grants = ws.list_grants(args.case_no)
        text = "\n".join(f"{g['id']:>5} {g['case_no']} {g['user'] or g['department']} {g['level']} {g['state']} "
                         f"{g['ends_at'] or '长期'} {g['reason']}" for g in grants) or "（没有授权）"
        _emit(args, grants, text)
    return 0


@command("grant revoke")
def cmd_grant_revoke(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        ws.revoke_grant(args.grant_id)
        _emit(args, {"revoked": args.grant_id}, f"已撤销授权 {args.grant_id}")
    return 0


@command("request create")
def cmd_request_create(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        rid = ws.create_request(args.case_no, reason=args.reason, starts=args.starts, ends=args.ends, level=args.level)
        _emit(args, {"id": rid, "case_no": args.case_no, "status": "pending"}, f"已提交调阅申请（编号 {rid}）")
    return 0


def _decide(args, approve: bool) -> int:
    archive, ws = _sign_in(args)
    with archive:
        ws.decide_request(args.request_id, approve, args.note)
        status = "approved" if approve else "refused"
        _emit(args, {"id": args.request_id, "status": status},
              f"已{'批准' if approve else '拒绝'}调阅申请 {args.request_id}")
    return 0


@command("request approve")
def cmd_request_approve(args) -> int:
    return _decide(args, True)


@command("request refuse")
def cmd_request_refuse(args) -> int:
    return _decide(args, False)


@command("request list")
def cmd_request_list(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        reqs = ws.list_requests(args.status)
        text = "\n".join(f"{r['id']:>5} {r['requester']} {r['case_no']} {r['status']} 至 {r['ends_at'][:10]} {r['reason']}"
                         for r in reqs) or "（没有调阅申请）"
        _emit(args, reqs, text)
    return 0


@command("case create")
def cmd_case_create(args) -> int:
    fields = {k: getattr(args, k) for k in ("case_no", "title", "category", "party", "party_id_no", "cause",
                                              "procedure", "handling_unit", "handlers", "decision_no", "opened_on",
                                              "closed_on", "retention", "classification", "secrecy_term", "remarks")}
    archive, ws = _sign_in(args)
    with archive:
        case = ws.create_case(**{k: v for k, v in fields.items() if v is not None})
        _emit(args, case, f"已创建案卷 {case['case_no']}：{case['title']}")
    return 0


@command("case list")
def cmd_case_list(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        cases = ws.list_cases(year=args.year, category=args.category, status=args.status)
        text = "\n".join(f"{c['case_no']}  {c['title']}  [{c['category']}/{c['classification']}/{c['status']}]"
                         for c in cases) or "（没有可见的案卷）"
        _emit(args, cases, text)
    return 0


@command("case show")
def cmd_case_show(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        case = ws.show_case(args.case_no)
        lines = [f"{case['case_no']}  {case['title']}", f"当事人：{case['party']}  案由：{case['cause']}",
                 f"执法类别：{case['category']}  密级：{case['classification']}  状态：{case['status']}"]
        for vol in case["volumes"]:
            lines.append(f"{vol['kind']} 第{vol['seq']}卷")
            for it in vol["items"]:
                pages = f"页 {it['page_start']}-{it['page_end']}" if it["page_start"] else (
                    f"{it['duration_ms'] / 1000:.1f} 秒" if it["duration_ms"] else "")
                flag = "" if it["usable"] else f"  ⚠ 不可用：{it['unusable_reason']}"
                lines.append(f"  {it['seq']:>3}. {it['title']}  {pages}{flag}")
        _emit(args, case, "\n".join(lines))
    return 0


@command("import")
def cmd_import(args) -> int:
    from workstation.jobs import Job

    archive, ws = _sign_in(args)
    with archive:
        report = ws.import_paths(args.paths, args.case_no, job=Job(on_progress=_progress(args)))
        data = report.to_json()
        if not args.no_index:
            data["index"] = ws.index_pending(job=Job(on_progress=_progress(args)))
        # Posters, thumbnails, frame indexes and waveforms of the new recordings.
        data["derivatives"] = ws.derive_pending(job=Job(on_progress=_progress(args)))
        lines = [f"案卷 {data['case_no']}：导入 {data['imported']} 个文件，重复 {data['duplicates']} 个，"
                 f"不可用 {data['unusable']} 个"]
        for f in report.files:
            if f.status != "imported":
                lines.append(f"  {f.original_name}：{'重复' if f.status == 'duplicate' else '不可用'}（{f.reason}）")
        lines += [f"  注意：{w}" for w in report.warnings]
        lines += [f"  音视频派生文件未能生成：{p}" for p in data["derivatives"]["problems"]]
        _emit(args, data, "\n".join(lines))
    return 0


@command("search")
def cmd_search(args) -> int:
    import html

    archive, ws = _sign_in(args)
    with archive:
        res = ws.search_json(args.query, limit=args.limit, offset=args.offset, sort=args.sort)
        lines = [f"共 {res['total']} 处命中（{res['elapsed_ms']} 毫秒）"]
        for case in res["cases"]:
            lines.append(f"■ {case['case_no']}")
            for item in case["items"]:
                lines.append(f"  ▸ {item['title'] or '（案卷信息）'}")
                for h in item["hits"]:
                    where = (f"第 {h['page']} 页" if h["page"] else
                             f"{h['start_ms'] / 1000:.1f} 秒" if h["start_ms"] is not None else "著录信息")
                    snippet = html.unescape(h["snippet"].replace("<b>", "【").replace("</b>", "】"))
                    lines.append(f"    {where}：{snippet}")
        _emit(args, res, "\n".join(lines))
    return 0


@command("index update")
def cmd_index_update(args) -> int:
    from workstation.jobs import Job

    archive, ws = _sign_in(args)
    with archive:
        res = ws.index_pending(job=Job(on_progress=_progress(args)))
        _emit(args, res, f"已为 {res['indexed_items']} 件文件建立索引（{res['units']} 个检索单元）")
    return 0


@command("index rebuild")
def cmd_index_rebuild(args) -> int:
    from workstation.jobs import Job

    archive, ws = _sign_in(args)
    with archive:
        res = ws.index_rebuild(job=Job(on_progress=_progress(args)))
        _emit(args, res, f"索引已重建：{res['units']} 个检索单元")
    return 0


@command("index check")
def cmd_index_check(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = ws.index_check()
        text = (f"索引完整（{res['indexed_units']} 个检索单元）" if not res["missing"] and not res["stale"] else
                f"缺失 {len(res['missing'])} 件、过期 {len(res['stale'])} 件，请运行 workstation index update")
        _emit(args, res, text)
        return 0 if not res["missing"] and not res["stale"] else EXIT_INTEGRITY


@command("filing order")
def cmd_filing_order(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        plan = ws.plan_order_template(args.case_no, args.template_id)
        if not args.dry_run:
            ws.apply_order_template(args.case_no, args.template_id)
        lines = [f"{'调整方案' if args.dry_run else '已按模板排序'}：{plan['template_name']}（移动 {len(plan['moves'])} 件）"]
        lines += [f"  {m.get('title', m)}" for m in plan["moves"]]
        _emit(args, plan, "\n".join(lines))
    return 0


@command("filing renumber")
def cmd_filing_renumber(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = ws.renumber(args.case_no, args.convention)
        _emit(args, res, f"已重新编页：{args.case_no}")
    return 0


@command("filing assign-code")
def cmd_filing_assign_code(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = ws.assign_archival_code(args.case_no, unit=args.unit)
        _emit(args, res, f"档号 {res['archival_code']}，归档号 {res['filing_no']}")
    return 0


def _save_form(ws, res: dict, output: Path | None) -> dict:
    if output is not None:
        import shutil

        opened = ws.open_derivative(res["id"])
        shutil.copyfile(opened["path"], output)
        if opened.get("temporary"):
            Path(opened["path"]).unlink(missing_ok=True)
        res = dict(res, output=str(output))
    return res


@command("filing contents")
def cmd_filing_contents(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = _save_form(ws, ws.generate_contents_list(args.case_no), args.output)
        _emit(args, res, f"已生成卷内目录（第 {res['version']} 版，{res['pages']} 页）" +
              (f"：{res['output']}" if args.output else ""))
    return 0


@command("filing closing-note")
def cmd_filing_closing_note(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = _save_form(ws, ws.generate_closing_note(args.case_no, compiled_by=args.compiled_by,
                                                      checked_by=args.checked_by, notes=args.notes), args.output)
        _emit(args, res, f"已生成卷内备考表（第 {res['version']} 版）" + (f"：{res['output']}" if args.output else ""))
    return 0


@command("filing check")
def cmd_filing_check(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = ws.filing_check(args.case_no)
        problems = res.get("problems", [])
        lines = ["可以归档" if not problems else "尚不能归档："]
        lines += [f"  ✗ {p.get('message', p) if isinstance(p, dict) else p}" for p in problems]
        lines += [f"  ! {w.get('message', w) if isinstance(w, dict) else w}" for w in res.get("warnings", [])]
        _emit(args, res, "\n".join(lines))
        return 0 if not problems else EXIT_ERROR


@command("filing file")
def cmd_filing_file(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        ws.mark_filed(args.case_no)
        _emit(args, {"case_no": args.case_no, "status": "已归档"}, f"案卷 {args.case_no} 已归档")
    return 0


@command("media info")
def cmd_media_info(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        info = ws.media_info(args.item_id)
        _emit(args, info, json.dumps(info, ensure_ascii=False, indent=2, default=str))
    return 0


@command("media snap")
def cmd_media_snap(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = ws.snap_time(args.item_id, args.time)
        _emit(args, res, json.dumps(res, ensure_ascii=False, default=str))
    return 0


@command("clip create")
def cmd_clip_create(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = ws.create_clip(args.item_id, args.start, args.end, args.name)
        _emit(args, res, f"已标记片段（编号 {res.get('id')}）：{args.name}")
    return 0


@command("clip list")
def cmd_clip_list(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        clips = ws.list_clips(args.item_id)
        _emit(args, clips, "\n".join(f"{c.get('id')}  {c.get('name')}  {c.get('start_ms')}–{c.get('end_ms')} ms"
                                     for c in clips) or "（没有片段）")
    return 0


@command("clip export")
def cmd_clip_export(args) -> int:
    from workstation.jobs import Job

    archive, ws = _sign_in(args)
    with archive:
        args.dest.mkdir(parents=True, exist_ok=True)
        res = ws.export_clip(args.clip_id, args.mode, args.dest, job=Job(on_progress=_progress(args)))
        _emit(args, res, f"已导出片段：{res.get('path')}" + (f"\n{res['note']}" if res.get("note") else ""))
    return 0


@command("transcript import")
def cmd_transcript_import(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = ws.import_transcript(args.item_id, args.path)
        _emit(args, res, f"已导入文字记录（第 {res.get('version')} 版）")
    return 0


@command("transcript export")
def cmd_transcript_export(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = ws.export_transcript(args.item_id, args.fmt, args.dest)
        _emit(args, res, f"已导出文字记录：{res.get('path', args.dest)}")
    return 0


@command("note-check")
def cmd_note_check(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        issues = ws.production_note_issues(args.item_id)
        text = "制作说明完整、一致" if not issues else "\n".join(f"  ✗ {i.get('message', i)}" for i in issues)
        _emit(args, issues, text)
        return 0 if not issues else EXIT_ERROR


@command("verify")
def cmd_verify(args) -> int:
    from workstation.jobs import Job

    archive, ws = _sign_in(args)
    with archive:
        report = ws.verify_fixity(due_only=args.due, job=Job(on_progress=_progress(args)))
        lines = [f"已校验 {report.checked} 个文件，正常 {report.ok} 个，异常 {len(report.problems)} 个"]
        for p in report.problems:
            kind = {"missing": "缺失", "mismatch": "哈希不符", "unreadable": "无法读取"}[p.problem]
            lines.append(f"  {kind}：{p.sha256}  {'; '.join(p.items)}  {p.detail}")
        _emit(args, report.to_json(), "\n".join(lines))
        return 0 if report.passed else EXIT_INTEGRITY


@command("audit verify")
def cmd_audit_verify(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        report = ws.verify_audit()
        text = (f"审计日志完整：共 {report.events} 条记录，哈希链无断裂" if report.ok else
                f"审计日志异常：第一条问题记录序号 {report.first_bad_seq}（{report.detail}）")
        _emit(args, report.to_json(), text)
        return 0 if report.ok else EXIT_INTEGRITY


@command("audit export")
def cmd_audit_export(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        events = ws.export_audit(since=_date_arg(args.since), until=_date_arg(args.until), actor=args.actor,
                                 action=args.action)
        if args.format == "csv":
            import csv
            import io

            out = io.StringIO()
            w = csv.writer(out)
            w.writerow(["seq", "ts", "actor", "terminal", "action", "target", "outcome", "details", "prev_hash", "hash"])
            for e in events:
                w.writerow([e["seq"], e["ts"], e["actor"], e["terminal"], e["action"], e["target"], e["outcome"],
                            json.dumps(e["details"], ensure_ascii=False, sort_keys=True), e["prev_hash"], e["hash"]])
            sys.stdout.write(out.getvalue())
        elif args.json:
            for e in events:
                print(json.dumps(e, ensure_ascii=False))
        else:
            for e in events:
                print(f"{e['seq']:>6} {e['ts']} {e['actor']:<10} {e['action']:<16} {e['outcome']:<8} {e['target']}")
    return 0


# ---- entry point ----------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.cmd:
        # No command: the desktop workstation (the only place the core meets Qt).
        from workstation.ui.launch import launch_gui

        return launch_gui(args.data_dir, link=args.open)
    if args.open:
        parser.error("--open 只用于启动桌面工作站，不能与命令同用")
    name = args.cmd + (f" {args.sub}" if getattr(args, "sub", None) else "")
    handler = COMMANDS[name]
    try:
        return handler(args)
    except WorkstationError as exc:
        _error(args, exc.to_json(), exc.message)
        if isinstance(exc, (AccessDenied, AuthenticationFailed)):
            return EXIT_DENIED
        if isinstance(exc, IntegrityError):
            return EXIT_INTEGRITY
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error(args, {"error": "cancelled", "message": "已取消"}, "已取消")
        return 130


def _error(args, data: dict, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False), file=sys.stderr)
    else:
        print(f"错误：{text}", file=sys.stderr)
