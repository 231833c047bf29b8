"""``workstation eval …``: 案卷评查 from the command line, so an evaluation can be scripted.

    workstation eval rubric list | show ID
    workstation eval plan create --name N --rubric ID [--unit U …] [--category 处罚 …] [--year 2025 …]
        [--classification 内部 …] [--case 案号 …] [--sample N [--seed S]] [--double [--blind]]
        [--evaluator NAME …]
    workstation eval plan list | show PLAN
    workstation eval assign PLAN --evaluator NAME … [--case 案号 …]
    workstation eval score show|submit PLAN 案号
    workstation eval score add|veto PLAN 案号 ITEM --reason R --item-id ID (--page 3[-5] | --time 01:05[-01:20])
        [--points P] [--count N]
    workstation eval score remove DEDUCTION_ID
    workstation eval score notes PLAN 案号 TEXT
    workstation eval score revise PLAN 案号 --reason R
    workstation eval score item-note PLAN 案号 ITEM TEXT
    workstation eval reconcile PLAN 案号 [--take ITEM=a|b|none …] [--agree ITEM=JSON …] [--notes T] [--show]
    workstation eval report PLAN [--unit U] [--out report.pdf --out report.xlsx]
    workstation eval sheet SHEET_ID --out sheet.pdf

Every command takes ``--json`` (one JSON document on stdout).
"""

from __future__ import annotations

import json
from pathlib import Path

from workstation.cli import _emit, _sign_in, command
from workstation.errors import InvalidInput
STATUS_NAMES = {"todo": "未开始", "draft": "评查中", "submitted": "已提交", "superseded": "已更正"}
STATE_NAMES = {"unassigned": "未分配", "scoring": "评查中", "to_reconcile": "待合议", "finished": "已完成"}


def add_commands(sub, common) -> None:
    ev = sub.add_parser("eval", help="案卷评查：评分表、评查计划、打分、合议、报告").add_subparsers(
        dest="sub", metavar="SUBCOMMAND", required=True)

    rub = ev.add_parser("rubric", help="评分表").add_subparsers(dest="eval_cmd", metavar="SUBCOMMAND", required=True)
    rub.add_parser("list", parents=[common], help="列出可用的评分表").set_defaults(sub="rubric list")
    rs = rub.add_parser("show", parents=[common], help="显示评分表的评查项")
    rs.add_argument("rubric_id")
    rs.set_defaults(sub="rubric show")

    plan = ev.add_parser("plan", help="评查计划").add_subparsers(dest="eval_cmd", metavar="SUBCOMMAND", required=True)
    pc = plan.add_parser("create", parents=[common], help="按条件选取案卷（可随机抽取）建立评查计划")
    pc.add_argument("--name", required=True)
    pc.add_argument("--rubric", required=True, help="评分表编号，如 penalty-ordinary、licensing")
    pc.add_argument("--unit", action="append", default=[], help="承办机构，可重复")
    pc.add_argument("--category", action="append", default=[], help="执法类别，可重复：处罚 许可 …")
    pc.add_argument("--year", action="append", type=int, default=[], help="立案年度，可重复")
    pc.add_argument("--classification", action="append", default=[], help="密级，可重复（不得高于本人密级）")
    pc.add_argument("--case", dest="cases", action="append", default=[], help="指定案号，可重复")
    pc.add_argument("--sample", type=int, help="随机抽取的件数（双随机）")
    pc.add_argument("--seed", type=int, help="随机种子（缺省自动生成并记录）")
    pc.add_argument("--double", action="store_true", help="每件由两名评查员评查")
    pc.add_argument("--blind", action="store_true", help="背靠背：双方提交前互不可见")
    pc.add_argument("--evaluator", action="append", default=[], help="立即分配的评查员，可重复")
    pc.set_defaults(sub="plan create")
    plan.add_parser("list", parents=[common], help="列出评查计划及进度").set_defaults(sub="plan list")
    pcl = plan.add_parser("close", parents=[common], help="结束评查计划（评分成为最终结果，不能再改动）")
    pcl.add_argument("plan_id", type=int)
    pcl.add_argument("--note", default="", help="结束说明")
    pcl.add_argument("--allow-incomplete", action="store_true", help="仍有案卷未完成评分时也结束")
    pcl.set_defaults(sub="plan close")
    ps = plan.add_parser("show", parents=[common], help="显示评查计划的案卷、评查员与进度")
    ps.add_argument("plan_id", type=int)
    ps.set_defaults(sub="plan show")

    asg = ev.add_parser("assign", parents=[common], help="给计划中未分配的案卷分配评查员")
    asg.add_argument("plan_id", type=int)
    asg.add_argument("--evaluator", action="append", required=True, help="评查员用户名，可重复")
    asg.add_argument("--case", dest="cases", action="append", default=[], help="只分配这些案号")

    sc = ev.add_parser("score", help="打分（本人的评分表）").add_subparsers(dest="eval_cmd", metavar="SUBCOMMAND",
                                                                   required=True)
    for verb, helptext in (("show", "显示本人的评分表"), ("submit", "提交评分表（提交后只读）")):
        p = sc.add_parser(verb, parents=[common], help=helptext)
        p.add_argument("plan_id", type=int)
        p.add_argument("case_no")
        p.set_defaults(sub=f"score {verb}")
    for verb, helptext in (("add", "扣分"), ("veto", "认定否决项（案卷不合格）")):
        p = sc.add_parser(verb, parents=[common], help=helptext)
        p.add_argument("plan_id", type=int)
        p.add_argument("case_no")
        p.add_argument("item", help="评查项编号，如 2.11 或 F9")
        p.add_argument("--reason", required=True, help="扣分理由")
        p.add_argument("--item-id", type=int, required=True, help="依据所在的件 id")
        where = p.add_mutually_exclusive_group(required=True)
        where.add_argument("--page", help="页码或页码范围，如 3 或 3-5（件内页码）")
        where.add_argument("--time", help="音视频时间或范围：毫秒、mm:ss 或 hh:mm:ss，如 01:05-01:20")
        if verb == "add":
            p.add_argument("--points", type=float, help="扣分（幅度扣分时必填）")
            p.add_argument("--count", type=int, help="处数（按处扣分）")
        p.set_defaults(sub=f"score {verb}")
    sr = sc.add_parser("remove", parents=[common], help="删除一条扣分（草稿）")
    sr.add_argument("deduction_id", type=int)
    sr.set_defaults(sub="score remove")
    sn = sc.add_parser("notes", parents=[common], help="填写评查意见")
    sn.add_argument("plan_id", type=int)
    sn.add_argument("case_no")
    sn.add_argument("text")
    sn.set_defaults(sub="score notes")
    si = sc.add_parser("item-note", parents=[common], help="对一个评查项写意见（空文本即删除）")
    si.add_argument("plan_id", type=int)
    si.add_argument("case_no")
    si.add_argument("item")
    si.add_argument("text")
    si.set_defaults(sub="score item-note")
    sv = sc.add_parser("revise", parents=[common], help="更正已提交的评分表（新建更正稿，留痕）")
    sv.add_argument("plan_id", type=int)
    sv.add_argument("case_no")
    sv.add_argument("--reason", required=True)
    sv.set_defaults(sub="score revise")

    rc = ev.add_parser("reconcile", parents=[common], help="双人评查合议：逐项对照并形成定稿")
    rc.add_argument("plan_id", type=int)
    rc.add_argument("case_no")
    rc.add_argument("--take", action="append", default=[],
                    help="意见不一致的评查项如何定：项=a（取甲）、b（取乙）或 none（均不扣分）")
    rc.add_argument("--agree", action="append", default=[], metavar="ITEM=JSON",
                    help='合议改定的扣分，如 2.11=\'{"count": 1, "reason": "…", "anchor": {"item_id": 12, "page": 1}}\'')
    rc.add_argument("--notes", default="")
    rc.add_argument("--show", action="store_true", help="只显示对照，不形成定稿")

    rp = ev.add_parser("report", parents=[common], help="评查报告（统计；可导出 PDF / XLSX）")
    rp.add_argument("plan_id", type=int)
    rp.add_argument("--unit", help="只统计这个承办机构")
    rp.add_argument("--out", action="append", default=[], type=Path, help="导出文件：.pdf 或 .xlsx，可重复")

    sh = ev.add_parser("sheet", parents=[common], help="导出一份评分表 PDF")
    sh.add_argument("sheet_id", type=int)
    sh.add_argument("--out", required=True, type=Path)


# ---- parsing helpers --------------------------------------------------------------

def parse_pages(text: str) -> dict:
    try:
        if "-" in text:
            a, b = text.split("-", 1)
            return {"page": int(a), "page_end": int(b)}
        return {"page": int(text)}
    except ValueError:
        raise InvalidInput(reason=f"页码“{text}”应为数字或范围（如 3-5）") from None


def parse_ms(text: str) -> int:
    text = text.strip()
    try:
        if ":" not in text:
            return int(text)
        parts = [float(p) for p in text.split(":")]
        if len(parts) > 3:
            raise ValueError
        seconds = 0.0
        for p in parts:
            seconds = seconds * 60 + p
        return int(round(seconds * 1000))
    except ValueError:
        raise InvalidInput(reason=f"时间“{text}”应为毫秒、mm:ss 或 hh:mm:ss") from None


def parse_times(text: str) -> dict:
    if "-" in text:
        a, b = text.split("-", 1)
        return {"ms": parse_ms(a), "ms_end": parse_ms(b)}
    return {"ms": parse_ms(text)}


def _sheet_text(sheet: dict) -> str:
    r = sheet["result"]
    head = (f"{sheet['case_no']}  {sheet['case_title']}\n评分表 {sheet['id']}（第 {sheet['revision']} 稿，{sheet['status_name'] or sheet['status']}）"
            f"  得分 {r['score']:g}  扣分 {r['deducted']:g}  等次 {r['grade']}" + ("  否决" if r["vetoed"] else ""))
    lines = [head]
    for d in sheet["deductions"]:
        pts = "否决" if d["kind"] == "veto" else f"-{d['points']:g}"
        lines.append(f"  [{d['id']}] {d['item_code']} {d['item_title']}  {pts}  {d['reason']}  @ {d['anchor_text']}")
    for code, text in (sheet.get("item_notes") or {}).items():
        lines.append(f"  {code} 意见：{text}")
    if sheet.get("notes"):
        lines.append(f"  评查意见：{sheet['notes']}")
    return "\n".join(lines)


def _plan_text(plan: dict) -> str:
    p = plan["progress"]
    mode = ("双人" + ("背靠背" if plan["blind"] else "")) if plan["double_scoring"] else "单人"
    seed = f"  抽取 {plan['sample_size']} 件（种子 {plan['seed']}）" if plan.get("sample_size") else ""
    return (f"[{plan['id']}] {plan['name']}  {plan['rubric']['name']} v{plan['rubric']['version']}  {mode}{seed}  "
            f"案卷 {p['cases']}  已完成 {p['finished']}（{p['percent']:g}%）  已提交 {p['submitted']}/{p['sheets']}"
            + (f"  待合议 {p['to_reconcile']}" if plan["double_scoring"] else "")
            + (f"  已结束 {plan['closed_at'][:10]}" if plan.get("closed_at") else ""))


# ---- commands ---------------------------------------------------------------------

@command("eval rubric list")
def cmd_rubric_list(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        rubrics = ws.list_rubrics()
        _emit(args, rubrics, "\n".join(f"{r['id']}  {r['name']}  版本 {r['version']}  {r['items']} 项（否决项 {r['vetoes']}）"
                                       f"  {r['hash'][:12]}" for r in rubrics))
    return 0


@command("eval rubric show")
def cmd_rubric_show(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        r = ws.show_rubric(args.rubric_id)
        lines = [f"{r['name']}（{r['id']} 版本 {r['version']}，满分 {r['total']:g}）"]
        for st in r["stages"]:
            lines.append(f"{st['name']}（{st['points']:g} 分）")
            for cat in st["categories"]:
                if cat["name"]:
                    lines.append(f"  {cat['name']}")
                for it in cat["items"]:
                    pts = "" if it["kind"] == "veto" else f"{it['max']:g} 分，"
                    lines.append(f"    {it['code']}  {it['title']}（{pts}{it['rule']}）")
        _emit(args, r, "\n".join(lines))
    return 0


@command("eval plan create")
def cmd_plan_create(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        plan = ws.create_plan(args.name, args.rubric, units=args.unit, categories=args.category, years=args.year,
                              classifications=args.classification, case_nos=args.cases, sample_size=args.sample,
                              seed=args.seed, double_scoring=args.double, blind=args.blind)
        if args.evaluator:
            plan["assignments"] = ws.assign_evaluators(plan["id"], args.evaluator)["assignments"]
            plan.update({k: v for k, v in ws.show_plan(plan["id"], audit=False).items() if k != "assignments"})
        _emit(args, plan, _plan_text(plan) + "\n" + "\n".join(f"  {c['seq']:>3}. {c['case_no']}  {c['title']}"
                                                             for c in plan["cases"]))
    return 0


@command("eval plan list")
def cmd_plan_list(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        plans = ws.list_plans()
        _emit(args, plans, "\n".join(_plan_text(p) for p in plans) or "没有评查计划")
    return 0


@command("eval plan close")
def cmd_plan_close(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        plan = ws.close_plan(args.plan_id, note=args.note, allow_incomplete=args.allow_incomplete)
        _emit(args, plan, _plan_text(plan))
    return 0


@command("eval plan show")
def cmd_plan_show(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        plan = ws.show_plan(args.plan_id)
        lines = [_plan_text(plan)]
        for c in plan["cases"]:
            who = "、".join(f"{e['slot_name']}:{e['username']}（{STATUS_NAMES.get(e['status'], e['status'])}"
                           + (f" {e['score']:g}" if e["score"] is not None else "") + "）" for e in c["evaluators"])
            final = f"  定稿 {c['final']['score']:g} {c['final']['grade']}" if c["final"] else ""
            lines.append(f"  {c['case_no']}  {c['handling_unit']}  {STATE_NAMES.get(c['state'], c['state'])}  "
                         f"{who or '未分配'}{final}")
        if plan["hidden_cases"]:
            lines.append(f"  另有 {plan['hidden_cases']} 件超出本人查阅范围")
        _emit(args, plan, "\n".join(lines))
    return 0


@command("eval assign")
def cmd_assign(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        res = ws.assign_evaluators(args.plan_id, args.evaluator, args.cases or None)
        _emit(args, res, "\n".join(f"{a['case_no']}  {a['evaluator']}（{'甲' if a['slot'] == 1 else '乙'}）"
                                   for a in res["assignments"]))
    return 0


@command("eval score show")
def cmd_score_show(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        sheet = ws.sheet_for(args.plan_id, args.case_no)
        _emit(args, sheet, _sheet_text(sheet))
    return 0


def _deduct(args, veto: bool) -> int:
    archive, ws = _sign_in(args)
    with archive:
        anchor = {"item_id": args.item_id, **(parse_pages(args.page) if args.page else parse_times(args.time))}
        sheet = ws.sheet_for(args.plan_id, args.case_no)
        sheet = ws.add_deduction(sheet["id"], args.item, reason=args.reason, anchor=anchor,
                                 points=None if veto else args.points, count=None if veto else args.count)
        _emit(args, sheet, _sheet_text(sheet))
    return 0


@command("eval score add")
def cmd_score_add(args) -> int:
    return _deduct(args, veto=False)


@command("eval score veto")
def cmd_score_veto(args) -> int:
    return _deduct(args, veto=True)


@command("eval score remove")
def cmd_score_remove(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        sheet = ws.remove_deduction(args.deduction_id)
        _emit(args, sheet, _sheet_text(sheet))
    return 0


@command("eval score notes")
def cmd_score_notes(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        sheet = ws.sheet_for(args.plan_id, args.case_no)
        sheet = ws.set_sheet_notes(sheet["id"], args.text)
        _emit(args, sheet, _sheet_text(sheet))
    return 0


@command("eval score item-note")
def cmd_score_item_note(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        sheet = ws.sheet_for(args.plan_id, args.case_no)
        sheet = ws.set_item_note(sheet["id"], args.item, args.text)
        _emit(args, sheet, _sheet_text(sheet))
    return 0


@command("eval score submit")
def cmd_score_submit(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        sheet = ws.sheet_for(args.plan_id, args.case_no)
        sheet = ws.submit_sheet(sheet["id"])
        _emit(args, sheet, "已提交：" + _sheet_text(sheet))
    return 0


@command("eval score revise")
def cmd_score_revise(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        sheet = ws.sheet_for(args.plan_id, args.case_no)
        sheet = ws.revise_sheet(sheet["id"], args.reason)
        _emit(args, sheet, "已新建更正稿：" + _sheet_text(sheet))
    return 0


@command("eval reconcile")
def cmd_reconcile(args) -> int:
    choices = {}
    for t in args.take:
        code, _, side = t.partition("=")
        if side.lower() not in ("a", "b", "none"):
            raise InvalidInput(reason=f"--take {t} 应写作 评查项=a、评查项=b 或 评查项=none")
        choices[code.strip()] = side.lower()
    for t in args.agree:
        code, _, text = t.partition("=")
        try:
            agreed = json.loads(text)
        except ValueError:
            agreed = None
        if not isinstance(agreed, dict):
            raise InvalidInput(reason=f"--agree {t} 应写作 评查项=JSON 对象（count/points、reason、anchor）")
        choices[code.strip()] = agreed
    archive, ws = _sign_in(args)
    with archive:
        if args.show:
            rec = ws.reconciliation(args.plan_id, args.case_no)
            lines = [f"{rec['case_no']}  甲 {rec['a']['evaluator']} {rec['a']['result']['score']:g}  "
                     f"乙 {rec['b']['evaluator']} {rec['b']['result']['score']:g}  意见不一致：{'、'.join(rec['differences']) or '无'}"]
            for r in rec["rows"]:
                if r["a"]["deductions"] or r["b"]["deductions"]:
                    flag = "  " if r["same"] else "≠ "
                    lines.append(f"{flag}{r['code']} {r['title']}  甲 -{r['a']['applied']:g}{'（否决）' if r['a']['vetoed'] else ''}"
                                 f"  乙 -{r['b']['applied']:g}{'（否决）' if r['b']['vetoed'] else ''}")
            _emit(args, rec, "\n".join(lines))
        else:
            sheet = ws.reconcile(args.plan_id, args.case_no, choices, notes=args.notes)
            _emit(args, sheet, "合议定稿：" + _sheet_text(sheet))
    return 0


@command("eval report")
def cmd_report(args) -> int:
    for out in args.out:
        if out.suffix.lower() not in (".pdf", ".xlsx"):
            raise InvalidInput(reason=f"{out} 的扩展名应为 .pdf 或 .xlsx")
    archive, ws = _sign_in(args)
    with archive:
        data = ws.plan_report(args.plan_id, unit=args.unit)
        written = []
        for out in args.out:
            out.write_bytes(ws.export_plan_report(args.plan_id, out.suffix, unit=args.unit))
            written.append(str(out))
        data["written"] = written
        st = data["stats"]
        lines = [f"{data['plan']['name']}{'（' + data['unit'] + '）' if data['unit'] else ''}：评查 {st['files']} 件，"
                 f"平均 {st['mean'] if st['mean'] is not None else '—'}，中位数 {st['median'] if st['median'] is not None else '—'}，"
                 f"否决 {st['vetoed']} 件；未完成 {len(data['pending'])} 件",
                 "等次：" + "  ".join(f"{g['grade']} {g['count']}" for g in st["grades"])]
        lines += [f"  {u['unit']}  {u['files']} 件  平均 {u['mean']:g}  {u['grade']}" for u in st["units"]]
        lines += [f"  常见问题 {d['code']} {d['title']}：{d['files']} 件" for d in st["top_defects"][:5]]
        lines += [f"已写入 {w}" for w in written]
        _emit(args, data, "\n".join(lines))
    return 0


@command("eval sheet")
def cmd_sheet(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        blob = ws.export_sheet_pdf(args.sheet_id)
        args.out.write_bytes(blob)
        _emit(args, {"sheet_id": args.sheet_id, "written": str(args.out), "bytes": len(blob)}, f"已写入 {args.out}")
    return 0
