"""CLI of the review workspace (issue 8): ``workstation review …`` (法制审核),
``workstation annotate …`` (annotations and links) and ``workstation workdays …``.
Every command signs in and calls the facade; --json prints one JSON document."""

from __future__ import annotations

from typing import Any

from workstation.cli import _emit, _sign_in, command


def add_commands(sub, common) -> None:
    rv = sub.add_parser("review", help="法制审核：送审、受理、审核要点、结论、意见书、复核与集体讨论").add_subparsers(
        dest="sub", metavar="SUBCOMMAND", required=True)
    p = rv.add_parser("submit", parents=[common], help="登记送审（案件再次送审时为新的一轮）")
    p.add_argument("case_no")
    p.add_argument("--date", help="送审日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--unit", default="", help="送审机构（默认案卷的承办机构）")
    p.add_argument("--by", default="", help="送审人")
    p.add_argument("--category", required=True, help="法制审核目录情形（代码如 M4 或名称）")
    p.add_argument("--material", action="append", default=[], help="已收到的送审材料（可重复，可写名称开头）")
    p.add_argument("--decision-type", default="", help="拟决定类型")
    p.add_argument("--decision-content", default="", help="拟决定内容")
    p.add_argument("--basis", default="", help="法律依据")
    p.add_argument("--discretion", default="", help="裁量情况")
    p.add_argument("--hearing", default="", help="听证情况")
    p.add_argument("--qualification", default="", help="审核人法律职业资格证号")
    p = rv.add_parser("materials", parents=[common], help="登记补正的送审材料")
    p.add_argument("case_no")
    p.add_argument("--material", action="append", required=True)
    p = rv.add_parser("accept", parents=[common], help="受理（材料齐全之日），计算审核期限")
    p.add_argument("case_no")
    p.add_argument("--date", help="受理日期（默认今天）")
    p = rv.add_parser("return", parents=[common], help="退回送审材料")
    p.add_argument("case_no")
    p.add_argument("--reason", required=True)
    p = rv.add_parser("extend", parents=[common], help="延长审核期限（记录批准）")
    p.add_argument("case_no")
    p.add_argument("days", type=int)
    p.add_argument("--approved-by", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--date", help="批准日期（默认今天）")
    p = rv.add_parser("check", parents=[common], help="填写一个审核要点")
    p.add_argument("case_no")
    p.add_argument("point", type=int, help="要点编号 1–10")
    p.add_argument("result", help="符合 / 不符合 / 不适用")
    p.add_argument("--explanation", default="")
    p.add_argument("--suggestion", default="")
    p.add_argument("--cite", action="append", default=[],
                   help="引用（可重复）：12:p3、12:p3:x0,y0,x1,y1、15:t00:12:31-00:12:40、a:批注id")
    p = rv.add_parser("conclude", parents=[common], help="作出审核结论")
    p.add_argument("case_no")
    p.add_argument("conclusion", help="同意 / 修改后再送审 / 不同意 / 建议移送")
    p.add_argument("--note", default="")
    p.add_argument("--date")
    p = rv.add_parser("opinion", parents=[common], help="生成意见书草稿（PDF 和 DOCX）；已签发的给出存档文件")
    p.add_argument("case_no")
    p.add_argument("--out", help="草稿输出目录")
    p = rv.add_parser("sign-off", parents=[common], help="签发意见书（法制机构负责人）")
    p.add_argument("case_no")
    p = rv.add_parser("status", parents=[common], help="审核情况与期限倒计时")
    p.add_argument("case_no")
    p.add_argument("--today", help="按此日期计算剩余工作日")
    p = rv.add_parser("deadlines", parents=[common], help="所有进行中的法制审核及剩余工作日")
    p.add_argument("--today")
    p = rv.add_parser("dispute", parents=[common], help="登记承办机构对已签发意见书的复核申请")
    p.add_argument("case_no")
    p.add_argument("--reason", required=True)
    p.add_argument("--by", default="", help="申请的承办机构或人员")
    p.add_argument("--point", type=int, action="append", default=[], help="有异议的审核要点编号（可重复）")
    p.add_argument("--date", help="申请日期（默认今天）")
    p.add_argument("--received", help="收到意见书的日期（默认签发日）")
    p = rv.add_parser("answer", parents=[common], help="复核答复：维持或变更")
    p.add_argument("case_no")
    p.add_argument("result", help="维持 / 变更")
    p.add_argument("--text", required=True, help="答复内容和理由")
    p.add_argument("--conclusion", default="", help="变更后的审核结论")
    p.add_argument("--date", help="答复日期（默认今天）")
    p = rv.add_parser("reply", parents=[common], help="已存档的复核意见书（随复核答复出具）")
    p.add_argument("case_no")
    p.add_argument("--format", choices=("pdf", "docx"), default="pdf")
    p = rv.add_parser("refer", parents=[common], help="复核后仍有分歧：提请集体讨论")
    p.add_argument("case_no")
    p.add_argument("--reason", required=True)
    p.add_argument("--date")
    p = rv.add_parser("discussion", parents=[common], help="记录集体讨论的决定")
    p.add_argument("case_no")
    p.add_argument("--chair", required=True)
    p.add_argument("--participant", action="append", default=[], help="参加人（可重复）")
    p.add_argument("--outcome", required=True, help="采纳法制审核意见 / 采纳承办机构意见 / 其他")
    p.add_argument("--decision", required=True)
    p.add_argument("--minutes", help="集体讨论记录在卷中的位置，如 12:p3")
    p.add_argument("--date")

    an = sub.add_parser("annotate", help="批注与关联（不改动原件）").add_subparsers(
        dest="sub", metavar="SUBCOMMAND", required=True)
    p = an.add_parser("add", parents=[common], help="添加批注")
    p.add_argument("item_id", type=int)
    p.add_argument("kind", help="highlight rect note redaction av_range")
    p.add_argument("--page", type=int)
    p.add_argument("--rect", help="x0,y0,x1,y1（PDF 点）")
    p.add_argument("--start", help="开始时间 hh:mm:ss 或毫秒")
    p.add_argument("--end", help="结束时间 hh:mm:ss 或毫秒")
    p.add_argument("--note", default="")
    p.add_argument("--category", default="")
    p.add_argument("--private", action="store_true", help="仅本人可见")
    p = an.add_parser("list", parents=[common], help="列出案卷的批注")
    p.add_argument("case_no")
    p.add_argument("--item", type=int)
    p.add_argument("--kind")
    p.add_argument("--category")
    p.add_argument("--author")
    p = an.add_parser("edit", parents=[common], help="修改本人的批注")
    p.add_argument("annotation_id", type=int)
    p.add_argument("--note")
    p.add_argument("--category")
    p.add_argument("--visibility", choices=["private", "shared"])
    p = an.add_parser("delete", parents=[common], help="删除本人的批注（保留修改记录）")
    p.add_argument("annotation_id", type=int)
    p = an.add_parser("history", parents=[common], help="批注的修改记录")
    p.add_argument("annotation_id", type=int)
    p = an.add_parser("link", parents=[common], help="关联两个位置")
    p.add_argument("a", help="锚点，如 12:p3 或 a:批注id")
    p.add_argument("b", help="锚点，如 15:t00:12:31-00:12:40")
    p.add_argument("--note", default="")
    p = an.add_parser("links", parents=[common], help="列出案卷的关联")
    p.add_argument("case_no")
    p.add_argument("--item", type=int)

    wd = sub.add_parser("workdays", help="工作日计算与调整表").add_subparsers(
        dest="sub", metavar="SUBCOMMAND", required=True)
    p = wd.add_parser("add", parents=[common], help="从某日起算第 N 个工作日（次日起算）")
    p.add_argument("--from", dest="start", required=True)
    p.add_argument("--days", type=int, required=True)
    p.add_argument("--count-start-day", action="store_true", help="起算日本身计入（默认次日起算）")
    p = wd.add_parser("check", parents=[common], help="某日是否为工作日")
    p.add_argument("date")
    p = wd.add_parser("set", parents=[common], help="录入工作日调整表（系统管理员）")
    p.add_argument("date")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--workday", action="store_true", help="调休上班日")
    kind.add_argument("--rest", action="store_true", help="节假日或调休休息日")
    p.add_argument("--source", required=True, help="依据（通知文号）")
    p = wd.add_parser("unset", parents=[common], help="删除调整表中的一天")
    p.add_argument("date")
    p = wd.add_parser("list", parents=[common], help="列出工作日调整表")
    p.add_argument("--year", type=int)


def _status_text(st: dict[str, Any]) -> str:
    cur = st.get("current")
    if not cur:
        return f"{st['case_no']}：尚未送审"
    lines = [f"{st['case_no']} {st['title']}", f"第 {cur['round']} 次送审：{cur['status_name']}",
             f"  送审日期 {cur['submitted_on']}  送审机构 {cur['submitting_unit']}  目录情形 {cur['major_category']}"]
    if cur["missing"]:
        lines.append("  尚缺材料：" + "；".join(cur["missing"]))
    if cur["accepted_on"]:
        lines.append(f"  受理 {cur['accepted_on']}  期限 {cur['deadline']}（{cur['limit_days']} 个工作日"
                     + (f" + 延长 {cur['extension_days']}" if cur["extension_days"] else "") + "）"
                     + (f"  {cur['countdown']}" if cur["countdown"] else ""))
    for p in cur["checklist"]:
        if p["result"] or not p["optional"]:
            cites = "；".join(c["text"] for c in p["citations"])
            lines.append(f"  {p['no']:>2}. {p['name']}：{p['result'] or '—'}"
                         + (f"  {p['explanation']}" if p["explanation"] else "") + (f"  〔{cites}〕" if cites else ""))
    if cur["conclusion"]:
        lines.append(f"  结论：{cur['conclusion']}" + (f"（{cur['conclusion_note']}）" if cur["conclusion_note"] else ""))
    if cur["opinion"]:
        op = cur["opinion"]
        lines.append(f"  意见书 {op['number']} 由 {op['signed_by']} 签发  SHA-256 {op['pdf']['sha256']}")
    d = cur.get("dispute")
    if d:
        lines.append(f"  复核：{d['status_name']}  {d['requested_on']} 申请（截止 {d['request_deadline']}）"
                     f"  {d['requested_by']}：{d['reason']}")
        if d["answered_on"]:
            lines.append(f"    答复 {d['answered_on']}{'（逾期）' if d['answered_late'] else ''}：{d['answer_result']}"
                         + (f"，结论改为{d['changed_conclusion']}" if d["changed_conclusion"] else "")
                         + f"  {d['answer_text']}")
            if d.get("reply"):
                lines.append(f"    复核意见书 SHA-256 {d['reply']['pdf_sha256']}")
        else:
            lines.append(f"    答复期限 {d['answer_due']}" + ("（已逾期）" if d["answer_overdue"] else ""))
        if d["referred_on"]:
            lines.append(f"    {d['referred_on']} 提请集体讨论：{d['refer_reason']}")
        if d["discussion"]:
            disc = d["discussion"]
            lines.append(f"    集体讨论 {d['discussed_on']}（主持 {disc['chair']}，参加 {'、'.join(disc['participants'])}）："
                         f"{disc['outcome']}。{disc['decision']}")
    return "\n".join(lines)


def _review(args, fn) -> int:
    archive, ws = _sign_in(args)
    with archive:
        st = fn(ws)
        _emit(args, st, _status_text(st))
    return 0


@command("review submit")
def cmd_review_submit(args) -> int:
    decision = {k: v for k, v in (("type", args.decision_type), ("content", args.decision_content),
                                  ("basis", args.basis), ("discretion", args.discretion),
                                  ("hearing", args.hearing)) if v}
    return _review(args, lambda ws: ws.review_submit(
        args.case_no, submitted_on=args.date, submitting_unit=args.unit, submitted_by=args.by,
        major_category=args.category, proposed_decision=decision, materials=args.material,
        reviewer_qualification=args.qualification))


@command("review materials")
def cmd_review_materials(args) -> int:
    return _review(args, lambda ws: ws.review_materials(args.case_no, args.material))


@command("review accept")
def cmd_review_accept(args) -> int:
    return _review(args, lambda ws: ws.review_accept(args.case_no, accepted_on=args.date))


@command("review return")
def cmd_review_return(args) -> int:
    return _review(args, lambda ws: ws.review_return(args.case_no, args.reason))


@command("review extend")
def cmd_review_extend(args) -> int:
    return _review(args, lambda ws: ws.review_extend(args.case_no, args.days, approved_by=args.approved_by,
                                                     reason=args.reason, approved_on=args.date))


@command("review check")
def cmd_review_check(args) -> int:
    from workstation.review.anchors import parse_anchor

    cites = [parse_anchor(c) for c in args.cite]
    return _review(args, lambda ws: ws.review_check(args.case_no, args.point, args.result,
                                                    explanation=args.explanation, suggestion=args.suggestion,
                                                    citations=cites))


@command("review conclude")
def cmd_review_conclude(args) -> int:
    return _review(args, lambda ws: ws.review_conclude(args.case_no, args.conclusion, note=args.note,
                                                       concluded_on=args.date))


@command("review sign-off")
def cmd_review_sign_off(args) -> int:
    return _review(args, lambda ws: ws.review_sign_off(args.case_no))


@command("review status")
def cmd_review_status(args) -> int:
    return _review(args, lambda ws: ws.review_status(args.case_no, today=args.today))


@command("review opinion")
def cmd_review_opinion(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        out = ws.review_opinion(args.case_no, args.out)
        out.pop("data", None)
        kind = "意见书草稿" if out.get("draft") else f"已签发意见书 {out.get('number', '')}"
        _emit(args, out, f"{kind}：\n  PDF  {out['path']}\n  DOCX {out['docx_path']}")
    return 0


@command("review dispute")
def cmd_review_dispute(args) -> int:
    return _review(args, lambda ws: ws.review_dispute(args.case_no, reason=args.reason, requested_by=args.by,
                                                      points=args.point, requested_on=args.date,
                                                      received_on=args.received))


@command("review answer")
def cmd_review_answer(args) -> int:
    return _review(args, lambda ws: ws.review_dispute_answer(args.case_no, args.result, text=args.text,
                                                             conclusion=args.conclusion, answered_on=args.date))


@command("review reply")
def cmd_review_reply(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        out = ws.open_dispute_reply(args.case_no, args.format)
        _emit(args, out, f"复核意见书（{args.format.upper()}）：{out['path']}\n  SHA-256 {out['sha256']}")
    return 0


@command("review refer")
def cmd_review_refer(args) -> int:
    return _review(args, lambda ws: ws.review_dispute_refer(args.case_no, reason=args.reason, referred_on=args.date))


@command("review discussion")
def cmd_review_discussion(args) -> int:
    from workstation.review.anchors import parse_anchor

    minutes = parse_anchor(args.minutes) if args.minutes else None
    return _review(args, lambda ws: ws.review_discussion(args.case_no, chair=args.chair, participants=args.participant,
                                                         outcome=args.outcome, decision=args.decision,
                                                         held_on=args.date, minutes=minutes))


@command("review deadlines")
def cmd_review_deadlines(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        out = ws.review_deadlines(today=args.today)
        text = "\n".join(f"{k}  {v['status_name']}  期限 {v['deadline'] or '—'}  {v['text']}" for k, v in out.items())
        _emit(args, out, text or "没有进行中的法制审核")
    return 0


def _ann_line(a: dict[str, Any]) -> str:
    where = f"第{a['page']}页" if a["page"] else f"{a.get('start_ms')}–{a.get('end_ms')} ms"
    vis = "（仅本人）" if a["visibility"] == "private" else ""
    return f"#{a['id']} {a['kind_name']} 件{a['item_id']} {where} [{a['category']}] {a['author']}{vis}：{a['note']}"


@command("annotate add")
def cmd_annotate_add(args) -> int:
    from workstation.review.anchors import parse_rect, parse_time

    archive, ws = _sign_in(args)
    with archive:
        a = ws.add_annotation(args.item_id, args.kind, page=args.page,
                              rect=parse_rect(args.rect) if args.rect else None,
                              start_ms=parse_time(args.start) if args.start else None,
                              end_ms=parse_time(args.end) if args.end else None, note=args.note,
                              category=args.category, visibility="private" if args.private else "shared")
        _emit(args, a, "已添加批注 " + _ann_line(a))
    return 0


@command("annotate list")
def cmd_annotate_list(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        rows = ws.list_annotations(args.case_no, item_id=args.item, kind=args.kind, category=args.category,
                                   author=args.author)
        _emit(args, rows, "\n".join(_ann_line(a) for a in rows) or "没有批注")
    return 0


@command("annotate edit")
def cmd_annotate_edit(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        a = ws.edit_annotation(args.annotation_id, note=args.note, category=args.category,
                               visibility=args.visibility)
        _emit(args, a, "已修改批注 " + _ann_line(a))
    return 0


@command("annotate delete")
def cmd_annotate_delete(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        ws.delete_annotation(args.annotation_id)
        _emit(args, {"deleted": args.annotation_id}, f"已删除批注 #{args.annotation_id}")
    return 0


@command("annotate history")
def cmd_annotate_history(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        rows = ws.annotation_history(args.annotation_id)
        _emit(args, rows, "\n".join(f"第{r['revision']}版 {r['action']} {r['editor']} {r['edited_at']}：{r['note']}"
                                    for r in rows))
    return 0


@command("annotate link")
def cmd_annotate_link(args) -> int:
    from workstation.review.anchors import parse_anchor

    archive, ws = _sign_in(args)
    with archive:
        link = ws.add_link(parse_anchor(args.a), parse_anchor(args.b), note=args.note)
        _emit(args, link, f"已关联 #{link['id']}：{link['a']['label']} ⇄ {link['b']['label']}")
    return 0


@command("annotate links")
def cmd_annotate_links(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        rows = ws.list_links(args.case_no, item_id=args.item)
        _emit(args, rows, "\n".join(f"#{r['id']} {r['a']['label']} ⇄ {r['b']['label']}  {r['note']}" for r in rows)
              or "没有关联")
    return 0


@command("workdays add")
def cmd_workdays_add(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        out = ws.add_workdays(args.start, args.days, next_day=not args.count_start_day)
        _emit(args, out, f"{out['from']} 起第 {out['days']} 个工作日：{out['date']}（星期{out['weekday']}）")
    return 0


@command("workdays check")
def cmd_workdays_check(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        out = ws.is_workday(args.date)
        _emit(args, out, f"{out['date']}：{'工作日' if out['workday'] else '休息日'}"
              + ("（调整表）" if out["override"] else ""))
    return 0


@command("workdays set")
def cmd_workdays_set(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        ws.set_workday_override(args.date, bool(args.workday), source=args.source)
        _emit(args, {"date": args.date, "workday": bool(args.workday), "source": args.source},
              f"已录入 {args.date}：{'工作日' if args.workday else '休息日'}")
    return 0


@command("workdays unset")
def cmd_workdays_unset(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        ws.remove_workday_override(args.date)
        _emit(args, {"date": args.date, "removed": True}, f"已删除调整表中的 {args.date}")
    return 0


@command("workdays list")
def cmd_workdays_list(args) -> int:
    archive, ws = _sign_in(args)
    with archive:
        rows = ws.list_workday_overrides(args.year)
        _emit(args, rows, "\n".join(f"{r['date']} {'工作日' if r['workday'] else '休息日'} {r['source']}"
                                    for r in rows) or "调整表为空")
    return 0


__all__ = ["add_commands"]
