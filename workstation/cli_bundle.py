"""``workstation bundle export`` / ``bundle verify``: court-ready case bundles.

    workstation bundle export CASE_NO --out DIR [--items 12 13:1-5 clip:4 …] [--zip]
        [--bates-prefix P] [--bates-start N] [--bates-digits D] [--bates-position bottom-right]
        [--stamp-margin-mm 8]
        [--recipient 某区人民法院] [--redact ITEM:PAGE:x0,y0,x1,y1:REASON …]
        [--redaction-annotations all|ID,…] [--mute CLIP_OR_ITEM@START-END …] [--tone …]
        [--mask CLIP_OR_ITEM@START-END@x,y,w,h …] [--eep] [--spec FILE.json] [--json]
    workstation bundle verify PATH [--no-pages] [--against-archive] [--json]

``verify`` needs no archive and no account: anyone holding the bundle can run it;
``--against-archive`` signs in and also ties the audit extract to this archive's chain.
Exit codes: 0 sound, 4 a problem found (each named with its file), 3 access denied.
"""

from __future__ import annotations

import sys

from workstation.cli import EXIT_INTEGRITY, _emit, _progress, _sign_in, command
from workstation.errors import InvalidInput


def add_commands(sub, common) -> None:
    from workstation.export.spec import DEFAULT_MARGIN_MM, MARGIN_MM_RANGE

    b = sub.add_parser("bundle", help="证据包（证据目录、Bates 编号、遮蔽、音视频片段、双哈希清单）").add_subparsers(
        dest="sub", metavar="SUBCOMMAND", required=True)
    ex = b.add_parser("export", parents=[common], help="导出证据包")
    ex.add_argument("case_no")
    ex.add_argument("--out", required=True, help="保存证据包的文件夹（须已存在）")
    ex.add_argument("--items", nargs="+", default=[],
                    help="证据，按顺序：件号、件号:页码范围（如 12:1-3,5）、clip:片段号；默认全部可导出的件")
    ex.add_argument("--zip", action="store_true", help="同时生成 ZIP 文件")
    ex.add_argument("--bates-prefix", default="", help="Bates 前缀，如 ZJ")
    ex.add_argument("--bates-start", type=int, default=1)
    ex.add_argument("--bates-digits", type=int, default=6)
    ex.add_argument("--bates-position", default="bottom-right",
                    choices=["bottom-right", "bottom-left", "bottom-center", "top-right", "top-left"])
    ex.add_argument("--stamp-margin-mm", type=float, default=DEFAULT_MARGIN_MM, metavar="MM",
                    help=f"Bates 编号和页码距页边的距离（毫米，{MARGIN_MM_RANGE[0]:g}–{MARGIN_MM_RANGE[1]:g}，"
                         f"默认 {DEFAULT_MARGIN_MM:g}；打印机无法印到纸边时加大）")
    ex.add_argument("--recipient", default="", help="接收方（印入水印和证据目录）")
    ex.add_argument("--purpose", default="提交法院")
    ex.add_argument("--redact", nargs="+", default=[], help="遮蔽：件号:页码:x0,y0,x1,y1:理由（理由代码 P1/P2/T1/S1/S2/L1/O 或说明）")
    ex.add_argument("--redaction-annotations", help="使用案卷的遮蔽批注：all 或批注编号，逗号分隔")
    ex.add_argument("--annotated-copy", action="store_true", help="另附带批注的副本（干净副本不含批注）")
    ex.add_argument("--mute", nargs="+", default=[], help="静音：clip:片段号@起-止 或 件号@起-止（毫秒或 hh:mm:ss.mmm，原件时间）")
    ex.add_argument("--tone", nargs="+", default=[], help="以提示音覆盖：格式同 --mute")
    ex.add_argument("--mask", nargs="+", default=[], help="画面遮挡：clip:片段号@起-止@x,y,w,h")
    ex.add_argument("--eep", action="store_true", help="附 DA/T 48 电子文件封装包 XML")
    ex.add_argument("--spec", help="证据包设置 JSON 文件（见 docs/bundle-format.md），其余选项被忽略")
    ve = b.add_parser("verify", parents=[common], help="校验证据包（文件夹或 ZIP），不需要登录")
    ve.add_argument("path")
    ve.add_argument("--no-pages", action="store_true", help="不逐页核对 Bates 号（更快）")
    ve.add_argument("--against-archive", action="store_true",
                    help="登录本档案库，并核对审计摘录是否与本库的审计链一致")


def _target(parts, key: str):
    for p in parts:
        if (key.lower().startswith("clip:") and p.clip_id == int(key.split(":", 1)[1])) or (
                key.isdigit() and p.item_id == int(key) and p.clip_id is None):
            return p
    raise InvalidInput(reason=f"遮蔽对象 {key} 不在所选证据中（先在 --items 中选取）")


def build_spec(args, ws):
    from workstation.export.spec import (AudioRedaction, Bates, BundleSpec, VideoMask, parse_part,
                                         parse_redaction, parse_time_range)

    if args.spec:
        spec = BundleSpec.from_file(args.spec)
        if spec.case_no != args.case_no:
            raise InvalidInput(reason=f"设置文件中的案号 {spec.case_no} 与命令行 {args.case_no} 不一致")
        return spec
    if args.items:
        parts = [parse_part(t) for t in args.items]
    else:
        src = ws.bundle_sources(args.case_no)
        parts = [parse_part(str(it["id"])) for it in src["items"] if it["exportable"]]
        if not parts:
            raise InvalidInput(key="empty_bundle", reason="没有可导出的件")
    for opt, mode in (("mute", "mute"), ("tone", "tone")):
        for text in getattr(args, opt):
            key, _, rng = text.partition("@")
            a, b = parse_time_range(rng)
            _target(parts, key).audio_redactions.append(AudioRedaction(a, b, mode))
    for text in args.mask:
        bits = text.split("@")
        if len(bits) != 3:
            raise InvalidInput(reason=f"画面遮挡“{text}”格式应为 clip:片段号@起-止@x,y,w,h")
        a, b = parse_time_range(bits[1])
        try:
            x, y, w, h = (int(float(v)) for v in bits[2].split(","))
        except ValueError:
            raise InvalidInput(reason=f"遮挡框“{bits[2]}”应为 x,y,w,h") from None
        _target(parts, bits[0]).masks.append(VideoMask(a, b, x, y, w, h))
    ann = args.redaction_annotations
    ann_ids = "all" if ann == "all" else [int(v) for v in ann.split(",") if v.strip()] if ann else []
    return BundleSpec(case_no=args.case_no, parts=parts,
                      bates=Bates(args.bates_prefix, args.bates_start, args.bates_digits, args.bates_position,
                                  args.stamp_margin_mm),
                      recipient=args.recipient, purpose=args.purpose,
                      redactions=[parse_redaction(t) for t in args.redact], redaction_annotations=ann_ids,
                      include_case_annotations=args.annotated_copy, zip=args.zip, eep=args.eep)


@command("bundle export")
def cmd_bundle_export(args) -> int:
    from workstation.jobs import Job
    from workstation.session_bundle import PROGRESS_KEY

    archive, ws = _sign_in(args)
    with archive:
        spec = build_spec(args, ws)
        show = _progress(args)

        def progress(done: int, total: int, key: str) -> None:
            if show is not None and key == PROGRESS_KEY:
                show(done, total, "生成证据包")

        res = ws.export_bundle(spec, args.out, job=Job(on_progress=progress))
        lines = [f"已生成证据包：{res['path']}", f"证据 {res['exhibits']} 项，文书 {res['pages']} 页，Bates {res['bates']}，"
                 f"遮蔽 {res['redactions']} 处，文件 {res['files']} 个，用时 {res['seconds']} 秒"]
        if res["zip"]:
            lines.append(f"ZIP：{res['zip']}")
        lines += [f"  注意：{w}" for w in res["warnings"]]
        _emit(args, res, "\n".join(lines))
    return 0


@command("bundle verify")
def cmd_bundle_verify(args) -> int:
    from workstation.export.package import verify_bundle

    if args.against_archive:
        archive, ws = _sign_in(args)
        with archive:
            report = ws.verify_bundle(args.path)
    else:
        report = verify_bundle(args.path, check_pages=not args.no_pages)
    if report["ok"]:
        text = (f"证据包完好：{report.get('case_no')}，核对文件 {report.get('files_checked', 0)} 个、"
                f"页面 {report.get('pages_checked', 0)} 页，Bates {report.get('bates', '')}，"
                f"审计摘录 {report.get('audit_events', 0)} 条")
    else:
        text = "证据包校验失败：\n" + "\n".join(f"  {p['file']}：{p['message']}" for p in report["problems"])
    if report["ok"]:
        _emit(args, report, text)
        return 0
    if args.json:
        print(__import__("json").dumps(report, ensure_ascii=False))
    else:
        print(text, file=sys.stderr)
    return EXIT_INTEGRITY
