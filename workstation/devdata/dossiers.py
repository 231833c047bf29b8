"""Realistic demo dossiers: a folder of PDFs, a photo, AV files and ``dossier.yaml``.

``make_dossier_folder`` writes one closed case in the 市场监管 order of domain.md §2.3, as
templated in resources/reference/order_templates.yaml (samr-penalty: 正卷 立案审批表 → 决定书 →
送达回证 → 询问笔录 → 现场检查笔录 → 主体资格证明 → 现场照片 → 执法记录仪视频 → 询问录音录像 →
罚没款票据; 副卷 案源材料 → 调查终结报告 → 法制审核意见书 → 集体讨论记录 → 结案报告; likewise
summary-penalty and licensing), with a manifest as in docs/manifest-format.md and doc_type values
from resources/reference/document_types.yaml. The parties, numbers and facts are invented (varied by
seed); quoted 三项制度 paragraphs come from the genuine demo corpus.

Everything derives from ``random.Random(seed)``: the same seed gives the same manifest and,
on one machine, byte-identical files.
"""

from __future__ import annotations

import random
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from . import corpus, pdfs
from .media import BEIJING

AGENCY = "某市市场监督管理局"
AGENCY_SHORT = "某市监"
MANIFEST = "dossier.yaml"
FORMAT = "workstation-dossier/1"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "军", "杰", "涛", "明", "超", "霞", "平", "刚",
         "建华", "晓东", "志强", "海燕", "丽娟", "国庆", "文博", "思远", "雪梅", "俊杰", "春生", "红霞"]
BRANDS = ["鑫源", "恒泰", "永盛", "佳禾", "福满堂", "惠民", "康达", "金穗", "百味", "优品", "润丰", "宏达",
          "华禧", "好邻居", "万家福", "瑞丰", "聚鲜", "新一佳", "天和", "乐购"]
STREETS = ["人民路", "建设大道", "解放街", "和平路", "长江路", "中山路", "朝阳街", "新华路", "迎宾大道"]
DISTRICTS = ["城关区", "东城区", "西湖区", "高新区", "经济开发区"]
SOURCE_AUTHORS = {"投诉举报（12315平台转办）": "全国12315平台", "上级机关交办": "某省市场监督管理局",
                  "其他部门移送": "某市商务局"}
UNITS = ["执法稽查科", "食品安全监督管理科", "价格监督检查和反不正当竞争科", "综合执法大队"]
SOURCES = ["投诉举报（12315平台转办）", "日常监督检查发现", "上级机关交办", "其他部门移送"]

# (cause, short cause for the title, industry, law violated, penalty basis, penalty, fine range)
CAUSES = [
    ("销售超过保质期的食品", "销售过期食品", "食品", "《中华人民共和国食品安全法》第三十四条第（十）项",
     "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项", "没收超过保质期的{product}{qty}件", (50000, 90000)),
    ("无照经营", "无照经营", "便利店", "《无证无照经营查处办法》第二条",
     "《无证无照经营查处办法》第十三条", "责令停止违法行为", (2000, 9000)),
    ("虚假宣传", "虚假宣传", "保健品销售", "《中华人民共和国反不正当竞争法》第八条第一款",
     "《中华人民共和国反不正当竞争法》第二十条第一款", "责令停止违法行为", (200000, 400000)),
    ("销售不合格产品", "销售不合格产品", "五金建材", "《中华人民共和国产品质量法》第三十九条",
     "《中华人民共和国产品质量法》第五十条", "没收不合格{product}{qty}件", (10000, 60000)),
    ("未按规定明码标价", "未明码标价", "超市", "《中华人民共和国价格法》第十三条第一款",
     "《中华人民共和国价格法》第四十二条", "责令改正", (500, 3000)),
]
PRODUCTS = {"食品": ["纯牛奶", "全麦面包", "火腿肠", "夹心饼干", "风味酸奶", "速冻水饺"],
            "五金建材": ["电线", "插座", "断路器", "水龙头"], "": ["商品"]}
FACT_TEMPLATES = {
    "销售超过保质期的食品": "当事人在其经营场所货架上摆放、销售超过保质期的{product}共计{qty}件，标价{price}元/件，"
                   "货值金额{value}元。当事人未能提供进货查验记录。",
    "无照经营": "当事人未依法取得营业执照，自{since}起在{address}从事日用百货零售经营活动，至案发时违法所得{value}元。",
    "虚假宣传": "当事人在其店堂广告牌及微信公众号中宣称其销售的普通食品“能治疗高血压、糖尿病”，"
            "对商品的功能作虚假的商业宣传，欺骗、误导消费者，相关商品销售额{value}元。",
    "销售不合格产品": "经抽样检验，当事人销售的{product}导体电阻等项目不符合国家标准，检验结论为不合格。"
               "当事人共购进该产品{qty}件，货值金额{value}元。",
    "未按规定明码标价": "当事人经营场所内{qty}种商品未标示价格，价签与商品不对应，违反明码标价规定。",
}
PROVES = {
    "销售超过保质期的食品": "当事人经营场所货架上摆放、销售超过保质期食品的事实",
    "无照经营": "当事人未取得营业执照从事经营活动的事实",
    "虚假宣传": "当事人店堂内虚假宣传广告的内容及位置",
    "销售不合格产品": "当事人经营场所存放涉案不合格产品的事实",
    "未按规定明码标价": "当事人经营场所商品未明码标价的现场情况",
}
DOC_TYPES = {  # item title -> doc_type where they differ (names from document_types.yaml)
    "营业执照复印件": "主体资格证明", "身份证复印件": "主体资格证明", "询问录音": "询问录音录像",
}


@dataclass
class Officer:
    name: str
    cert_no: str

    def note(self) -> dict[str, str]:
        return _FlowMap(name=self.name, cert_no=self.cert_no)


@dataclass
class Case:
    seed: int
    category: str
    procedure: str
    classification: str
    case_no: str
    decision_no: str
    party: str
    party_id_no: str
    individual: bool
    rep: str
    address: str
    phone: str
    cause: str
    cause_short: str
    industry: str
    law_violated: str
    law_penalty: str
    penalty: str
    fine: int
    facts: str
    source: str
    handling_unit: str
    handlers: list[Officer]
    reviewer: Officer
    leader: str
    dates: dict[str, date]
    inspect_at: datetime
    interview_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        if self.category == "许可":
            return f"{self.party}申请{self.cause}案"
        return f"{self.party}{self.cause_short}案"

    @property
    def handler_names(self) -> str:
        return "、".join(h.name for h in self.handlers)


# --- identifiers ------------------------------------------------------------------------------------
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(rng: random.Random, division: str = "440300") -> str:
    """A 统一社会信用代码 with valid check characters (GB 32100, GB 11714)."""
    body = "MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
    val = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    c9 = 11 - sum(v * w for v, w in zip(val, [3, 7, 9, 10, 5, 8, 4, 2])) % 11
    org = body + {10: "X", 11: "0"}.get(c9, str(c9))
    code17 = "91" + division + org
    check = 31 - sum(_USCC_CHARS.index(c) * w for c, w in zip(code17, _USCC_W)) % 31
    return code17 + _USCC_CHARS[check % 31]


def id_card(rng: random.Random, division: str = "440304") -> str:
    """A 居民身份证号 with a valid check digit (GB 11643)."""
    birth = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 35))
    body = f"{division}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    s = sum(int(c) * w for c, w in zip(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]))
    return body + "10X98765432"[s % 11]


def rmb_upper(amount: int) -> str:
    """50000 -> 伍万元整 (integer yuan)."""
    digits, units, big = "零壹贰叁肆伍陆柒捌玖", ["", "拾", "佰", "仟"], ["", "万", "亿"]
    if amount == 0:
        return "零元整"
    groups = []
    while amount:
        groups.append(amount % 10000)
        amount //= 10000
    out, zero = "", False
    for gi in range(len(groups) - 1, -1, -1):
        g = groups[gi]
        if g == 0:
            zero = bool(out)
            continue
        if out and (zero or g < 1000):
            out += "零"
        zero = False
        part, gap = "", False
        for pos in range(3, -1, -1):
            d = g // 10 ** pos % 10
            if d == 0:
                gap = bool(part)
            else:
                part += ("零" if gap else "") + digits[d] + units[pos]
                gap = False
        out += part + big[gi]
    return out + "元整"


def cn_date(d: date | datetime) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def cn_time(t: datetime) -> str:
    return f"{cn_date(t)}{t.hour}时{t.minute:02d}分"


def _workday(d: date) -> bool:
    try:
        import chinese_calendar
        return chinese_calendar.is_workday(d)
    except Exception:  # not installed, or a year it does not cover
        return d.weekday() < 5


def add_workdays(d: date, n: int) -> date:
    step = 1 if n >= 0 else -1
    while n:
        d += timedelta(days=step)
        if _workday(d):
            n -= step
    return d


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


# --- case facts -------------------------------------------------------------------------------------
def make_case(seed: int = 0, *, case_no: str | None = None, category: str = "处罚", procedure: str = "一般",
              classification: str = "内部", cause: str | None = None) -> Case:
    """All the invented facts of one case, from ``seed`` (``cause``: one of CAUSES, else random)."""
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < 6:
        n = _person(rng)
        if n not in names:
            names.append(n)
    handlers = [Officer(n, f"{rng.choice(['4403', '3301', '3702'])}{rng.randrange(10**6, 10**7)}") for n in names[:2]]
    reviewer = Officer(names[2], f"4403{rng.randrange(10**6, 10**7)}")
    if category == "许可":
        cause, short, industry, law_v, law_p, penalty, fines = (
            "食品经营许可", "食品经营许可", "餐饮管理", "《中华人民共和国食品安全法》第三十五条",
            "《食品经营许可和备案管理办法》", "准予行政许可", (0, 1))
    elif procedure == "简易":
        cause, short, industry, law_v, law_p, penalty, fines = CAUSES[4][:6] + ((200, 3000),)
    else:
        pick = rng.choice(CAUSES[:4])
        if cause is not None:
            matches = [row for row in CAUSES if row[0] == cause]
            if not matches:
                raise ValueError(f"unknown cause {cause!r}; one of {[row[0] for row in CAUSES]}")
            pick = matches[0]
        cause, short, industry, law_v, law_p, penalty, fines = pick
    individual = cause == "无照经营" or (procedure == "简易" and rng.random() < 0.3)
    if individual and procedure == "简易":
        fines = (50, 201)  # 行政处罚法 第五十一条: 公民二百元以下
    brand = rng.choice(BRANDS)
    district = rng.choice(DISTRICTS)
    if individual:
        party = names[3]
        shop = f"某市{district}{brand}{industry}"
        party_id = id_card(rng)
    else:
        party = shop = f"某市{brand}{industry}有限公司"
        party_id = uscc(rng)
    address = f"某市{district}{rng.choice(STREETS)}{rng.randrange(1, 300)}号"
    start = date(2025, 1, 6) + timedelta(days=rng.randrange(0, 520))
    opened = add_workdays(start, 1)
    dates = {"source": add_workdays(opened, -2), "inspect": add_workdays(opened, -1), "opened": opened,
             "interview": add_workdays(opened, 3), "report": add_workdays(opened, 22),
             "review": add_workdays(opened, 25), "discuss": add_workdays(opened, 27),
             "decided": add_workdays(opened, 30), "served": add_workdays(opened, 31),
             "paid": add_workdays(opened, 38), "closed": add_workdays(opened, 42)}
    if procedure == "简易" or category == "许可":
        for k in ("interview", "report", "review", "discuss", "decided", "served"):
            dates[k] = opened
        dates["inspect"] = dates["source"] = opened
        dates["paid"] = add_workdays(opened, 2)
        dates["closed"] = add_workdays(opened, 5 if procedure == "简易" else 15)
    year = opened.year
    n = rng.randrange(1, 400)
    if case_no is None:
        kind = {"许可": "许", "处罚": "处罚" if procedure == "一般" else "简罚"}.get(category, "执")
        case_no = f"{AGENCY_SHORT}{kind}〔{year}〕{n}号"
    decision_no = (f"{AGENCY_SHORT}许准字〔{year}〕{n}号" if category == "许可"
                   else f"{AGENCY_SHORT}罚字〔{year}〕{n}号")
    product = rng.choice(PRODUCTS.get(industry, PRODUCTS[""]))
    qty = rng.randrange(6, 60)
    value = qty * rng.randrange(5, 40)
    fine = rng.randrange(fines[0], fines[1]) // 100 * 100
    facts = FACT_TEMPLATES.get(cause, "当事人于{since}向本局申请食品经营许可，提交了申请材料。").format(
        product=product, qty=qty, price=round(value / qty, 1), value=value,
        since=cn_date(start - timedelta(days=rng.randrange(60, 400))), address=address)
    parts = [penalty.format(product=product, qty=qty)] if penalty else []
    if category != "许可":
        parts.append(f"罚款人民币{fine}元（{rmb_upper(fine)}）")
    hours = [9, 10, 11, 14, 15, 16]  # office hours
    inspect_at = datetime.combine(dates["inspect"], time(rng.choice(hours), rng.randrange(0, 60)), BEIJING)
    interview_at = datetime.combine(dates["interview"], time(rng.choice(hours), rng.randrange(0, 60)), BEIJING)
    return Case(
        seed=seed, category=category, procedure=procedure, classification=classification, case_no=case_no,
        decision_no=decision_no, party=party, party_id_no=party_id, individual=individual,
        rep=names[3], address=address, phone=f"13{rng.randrange(10**8, 10**9)}", cause=cause, cause_short=short,
        industry=industry, law_violated=law_v, law_penalty=law_p, penalty="；".join(parts), fine=fine,
        facts=facts, source="申请人申请" if category == "许可" else rng.choice(SOURCES),
        handling_unit="行政审批科" if category == "许可" else rng.choice(UNITS),
        handlers=handlers, reviewer=reviewer, leader=names[4], dates=dates,
        inspect_at=inspect_at, interview_at=interview_at,
        extra={"product": product, "qty": qty, "value": value, "witness": names[5], "shop": shop},
    )


def _quotes(rng: random.Random, keyword: str, n: int) -> list[str]:
    """``n`` genuine corpus paragraphs mentioning ``keyword`` (any paragraph if too few)."""
    pool = [p for p in corpus.paragraphs(min_cjk=30) if keyword in p] or corpus.paragraphs(min_cjk=30)
    return rng.sample(pool, min(n, len(pool)))


def interview_lines(c: Case) -> list[tuple[str, str]]:
    h1, h2 = c.handlers
    role = "经营者" if c.individual else "负责人"
    lines = [
        ("问", f"我们是{AGENCY}的执法人员{h1.name}、{h2.name}，执法证号分别为{h1.cert_no}、{h2.cert_no}，"
              "这是我们的执法证件，请你过目。"),
        ("答", "看清楚了。"),
        ("问", "你有申请执法人员回避的权利，你是否申请回避？"),
        ("答", "不申请回避。"),
        ("问", "你应当如实回答询问，协助调查，不得阻挠。本次询问全程录音，你听清楚了吗？"),
        ("答", "听清楚了。"),
        ("问", "请介绍一下你的基本情况。"),
        ("答", f"我叫{c.rep}，是{c.extra['shop']}的{role}，地址在{c.address}。"),
        ("问", f"{cn_date(c.dates['inspect'])}我局执法人员在现场检查时发现的情况，你是否清楚？"),
        ("答", "清楚，检查的时候我在场。"),
        ("问", "请你如实说明有关情况。"),
        ("答", c.facts.replace("当事人", "我们") + "这是我们的疏忽，今后一定改正。"),
        ("问", "你还有什么需要补充的吗？"),
        ("答", "没有了。"),
    ]
    return lines


# --- documents ---------------------------------------------------------------------------------------
@dataclass
class Item:
    file: str
    title: str
    date: date
    author: str = AGENCY
    doc_no: str = ""
    doc_type: str = ""
    classification: str = ""
    remarks: str = ""
    production_note: dict[str, Any] | None = None

    def manifest(self, case_class: str) -> dict[str, Any]:
        d: dict[str, Any] = {"file": self.file, "title": self.title, "doc_no": self.doc_no,
                             "author": self.author, "date": self.date,
                             "doc_type": self.doc_type or DOC_TYPES.get(self.title, self.title),
                             "classification": self.classification or case_class, "remarks": self.remarks}
        if self.production_note is not None:
            d["production_note"] = self.production_note
        return d


def _party_fields(c: Case) -> dict[str, str]:
    if c.individual:
        return {"当事人": c.party, "身份证号": c.party_id_no, "经营场所名称": c.extra["shop"],
                "住所（地址）": c.address, "联系电话": c.phone}
    return {"当事人": c.party, "统一社会信用代码": c.party_id_no, "法定代表人": c.rep,
            "住所（地址）": c.address, "联系电话": c.phone}


def _decision(c: Case, path: Path) -> None:
    party = _party_fields(c)
    body = [f"{k}：{v}" for k, v in party.items() if k != "联系电话"]
    body += [
        f"{cn_date(c.dates['inspect'])}，本局执法人员{c.handler_names}依法对当事人经营场所进行现场检查，"
        f"发现当事人涉嫌{c.cause}。{cn_date(c.dates['opened'])}，经本局负责人批准，本局对当事人立案调查。",
        f"经查，{c.facts}",
        "上述事实，主要有以下证据证明：1.当事人营业执照复印件，证明当事人的主体资格；2.现场检查笔录及现场照片；"
        "3.执法记录仪视频；4.询问笔录及询问录音；5.其他相关证据材料。",
        f"本局认为，当事人的上述行为违反了{c.law_violated}的规定，构成{c.cause}的违法行为。"
        f"本局于{cn_date(c.dates['review'])}对本案进行了法制审核，并经负责人集体讨论决定。"
        f"依据{c.law_penalty}的规定，本局决定对当事人作出如下行政处罚：{c.penalty}。",
        "当事人应当自收到本决定书之日起十五日内，将罚款缴至指定银行或者通过电子支付系统缴纳。"
        "到期不缴纳罚款的，本局可以每日按罚款数额的百分之三加处罚款。",
        "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向某市人民政府申请行政复议，"
        "也可以在六个月内依法向某市某区人民法院提起行政诉讼。申请行政复议或者提起行政诉讼期间，本处罚决定不停止执行。",
    ]
    pdfs.make_text_pdf(path, "行政处罚决定书", body, header=c.case_no, letterhead=AGENCY, doc_no=c.decision_no,
                       closing=[AGENCY, cn_date(c.dates["decided"])], seal=AGENCY, author=AGENCY)


def _penalty_items(c: Case, rng: random.Random, out: Path, av: bool, scan: bool,
                   futures: dict[str, Future]) -> tuple[list[Item], list[Item]]:
    d = c.dates
    main: list[Item] = []
    k = 0

    def name(stem: str, ext: str = "pdf", folder: str = "正卷") -> str:
        nonlocal k
        k += 1
        return f"{folder}/{k:02d}-{stem}.{ext}"

    f = name("立案审批表")
    pdfs.make_form_pdf(out / f, "立案审批表", {
        "案件来源": c.source, **_party_fields(c), "案由": f"涉嫌{c.cause}",
        "简要案情": f"{cn_date(d['inspect'])}，执法人员{c.handler_names}对当事人经营场所进行检查，{c.facts}",
        "立案依据": "《市场监督管理行政处罚程序规定》第二十条",
        "承办人意见": f"当事人涉嫌{c.cause}，建议立案调查。\n承办人：{c.handler_names}    {cn_date(d['opened'])}",
        "承办机构负责人意见": f"同意立案，由{c.handler_names}承办。",
        "局负责人审批意见": f"同意。{c.leader}  {cn_date(d['opened'])}",
    }, unit=AGENCY, doc_no=f"{AGENCY_SHORT}立〔{d['opened'].year}〕{c.case_no.split('〕')[-1].rstrip('号')}号")
    main.append(Item(f, "立案审批表", d["opened"], doc_type="立案审批表"))

    f = name("行政处罚决定书")
    _decision(c, out / f)
    main.append(Item(f, "行政处罚决定书", d["decided"], doc_no=c.decision_no, doc_type="行政处罚决定书"))

    f = name("送达回证")
    pdfs.make_form_pdf(out / f, "送达回证", {
        "送达文书名称及文号": f"行政处罚决定书 {c.decision_no}", "受送达人": c.party, "送达地点": c.address,
        "送达方式": "直接送达", "收件人签名": f"{c.rep}    {cn_date(d['served'])}", "送达人": c.handler_names,
        "见证人": "", "备注": "受送达人当场签收。"}, unit=AGENCY, seal=AGENCY, closing=[cn_date(d["served"])])
    main.append(Item(f, "送达回证", d["served"], doc_type="送达回证"))

    qa = interview_lines(c)
    f = name("询问笔录")
    pdfs.make_form_pdf(out / f, "询问笔录", {
        "询问时间": f"{cn_time(c.interview_at)}至{cn_time(c.interview_at + timedelta(minutes=35))}",
        "询问地点": f"{AGENCY}询问室", "询问人": c.handler_names, "记录人": c.handlers[1].name,
        "被询问人": f"{c.rep}（{c.extra['shop']}{'经营者' if c.individual else '负责人'}）"}, unit=AGENCY, qa=qa,
        page_note="被询问人签名：                    执法人员签名：")
    main.append(Item(f, "询问笔录", d["interview"], doc_type="询问笔录"))

    f = name("现场检查笔录")
    pdfs.make_form_pdf(out / f, "现场检查笔录", {
        "检查时间": f"{cn_time(c.inspect_at)}至{cn_time(c.inspect_at + timedelta(minutes=40))}",
        "检查地点": c.address, "被检查人": c.party, "现场负责人": c.rep,
        "执法人员及证号": "；".join(f"{h.name}（{h.cert_no}）" for h in c.handlers),
        "告知事项": "执法人员出示执法证件，告知当事人享有陈述、申辩和申请回避的权利，当事人不申请回避。"
                "检查过程使用执法记录仪全程录音录像。",
        "检查情况": c.facts + "执法人员对现场进行了拍照。",
        "被检查人意见": "以上情况属实。", "备注": ""}, unit=AGENCY,
        page_note="被检查人签名：                    执法人员签名：")
    main.append(Item(f, "现场检查笔录", d["inspect"], doc_type="现场检查笔录"))

    if scan:
        title = "身份证复印件" if c.cause == "无照经营" else "营业执照复印件"
        f = name(title)
        _license_scan(c, rng, out / f)
        main.append(Item(f, title, d["interview"], author=c.party, doc_type="主体资格证明",
                         remarks="复印件，当事人签字确认"))

    f = name("现场照片", "jpg")
    pdfs.make_photo(out / f, rng, stamp=c.inspect_at.strftime("%Y/%m/%d %H:%M"),
                    caption=f"{c.party} 经营场所")
    main.append(Item(f, "现场照片", d["inspect"], author=c.handler_names, remarks="执法人员现场拍摄"))

    if av:
        main += _av_items(c, out, futures)

    if c.fine:
        f = name("罚没款票据")
        pdfs.make_form_pdf(out / f, "非税收入一般缴款书（收据联）", {
            "缴款人": c.party, "执收单位": AGENCY, "项目名称": "一般罚没收入",
            "金额（小写）": f"{c.fine:.2f}元", "金额（大写）": rmb_upper(c.fine),
            "缴款日期": cn_date(d["paid"]), "决定书文号": c.decision_no,
            "收款银行": "某市农村商业银行营业部（代收）"}, unit="某市财政局监制",
            doc_no=f"No.{random.Random(c.seed * 7 + 1).randrange(10**9, 10**10)}", seal="某市财政局非税收入专用章")
        main.append(Item(f, "罚没款票据", d["paid"], author="某市财政局", doc_type="罚没款票据"))
    return main, _penalty_internal(c, rng, out)


def _license_scan(c: Case, rng: random.Random, path: Path) -> None:
    if c.cause == "无照经营":
        idn = c.party_id_no
        lines = [f"姓名　{c.party}", "性别　" + ("男" if int(idn[16]) % 2 else "女") + "　　民族　汉",
                 f"出生　{int(idn[6:10])}年{int(idn[10:12])}月{int(idn[12:14])}日",
                 f"住址　{c.address}", f"公民身份号码　{idn}"]
        pdfs.make_scanned_pdf(path, lines, rng, title="居民身份证（复印件）", stamp="与原件核对一致　" + c.party)
        return
    lines = [f"统一社会信用代码：{c.party_id_no}", f"名　　称：{c.party}",
             "类　　型：" + ("个体工商户" if c.individual else "有限责任公司（自然人投资或控股）"),
             f"{'经营者' if c.individual else '法定代表人'}：{c.rep}",
             f"经营范围：{c.industry}、日用百货零售；（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
             f"成立日期：{cn_date(c.dates['opened'] - timedelta(days=900 + c.seed % 500))}",
             f"住　　所：{c.address}", f"登记机关：{AGENCY}"]
    pdfs.make_scanned_pdf(path, lines, rng, title="营业执照（副本）", seal=f"{AGENCY}", stamp="与原件核对一致")


def _av_items(c: Case, out: Path, futures: dict[str, Future]) -> list[Item]:
    h = [o.note() for o in c.handlers]  # separate lists per item: no shared YAML nodes
    items = []
    if "video" in futures:
        secs = c.extra["video_seconds"]
        f = f"音像/执法记录仪-{c.inspect_at:%m%d}.mp4"
        items.append(Item(f, "执法记录仪视频", c.dates["inspect"], author=c.handler_names,
                          doc_type="执法记录仪视频", production_note={
            "method": "执法记录仪现场拍摄", "device": "某品牌 DSJ-V9", "device_serial": c.extra["serial"],
            "is_original": True, "copy_method": "", "recorded_from": c.inspect_at,
            "recorded_to": c.inspect_at + timedelta(seconds=secs), "clock_checked": True, "makers": h,
            "proves": PROVES.get(c.cause, "现场检查情况"), "original_carrier": "执法记录仪存储卡",
            "carrier_location": f"{c.handling_unit}证据柜 3 号", "unedited_statement": "未剪辑",
            "interruption_notes": ""}))
    if "audio" in futures:
        f = f"音像/询问录音-{c.interview_at:%m%d}.m4a"
        _, segments = futures["audio"].result()
        end = c.interview_at + timedelta(milliseconds=segments[-1][1] + 500)
        items.append(Item(f, "询问录音", c.dates["interview"], author=c.handler_names, doc_type="询问录音录像",
                          remarks="文字记录见询问笔录", production_note={
            "method": "询问室同步录音", "device": "某品牌 询问室同步录音录像系统 XW-3",
            "device_serial": f"XW3-{c.seed % 10000:04d}", "is_original": False,
            "copy_method": "从询问室同步录音录像系统导出，导出后与原始文件校验一致",
            "recorded_from": c.interview_at, "recorded_to": end.replace(microsecond=0), "clock_checked": True,
            "makers": h, "proves": f"当事人对{c.cause}事实的陈述", "original_carrier": "询问室录音录像系统硬盘",
            "carrier_location": "某市市场监督管理局询问室服务器", "unedited_statement": "未剪辑",
            "interruption_notes": ""}))
    return items


def _penalty_internal(c: Case, rng: random.Random, out: Path) -> list[Item]:
    d = c.dates
    items: list[Item] = []
    docs = [
        ("案源材料", d["source"], "公示", [
            f"{cn_date(d['source'])}，本局登记案件线索（来源：{c.source}），反映{c.party}涉嫌{c.cause}。",
            f"线索内容：{c.facts.replace('当事人', '该经营者')}",
            f"经登记，该线索由{c.handling_unit}核查处理。核查人：{c.handler_names}。",
            "# 附：执法公示有关要求（摘录）", *_quotes(rng, "公示", 2)], SOURCE_AUTHORS.get(c.source, AGENCY)),
        ("调查终结报告", d["report"], "全过程记录", [
            f"案由：{c.cause}。当事人：{c.party}。承办人：{c.handler_names}。",
            f"一、案件来源及调查经过。{cn_date(d['inspect'])}现场检查，{cn_date(d['opened'])}立案，"
            f"{cn_date(d['interview'])}询问当事人{c.rep}。调查过程使用执法记录仪全程记录。",
            f"二、违法事实。经查，{c.facts}",
            f"三、处理意见。当事人的行为违反了{c.law_violated}的规定，依据{c.law_penalty}，建议：{c.penalty}。",
            "# 四、执法全过程记录情况", *_quotes(rng, "全过程记录", 2)], AGENCY),
        ("法制审核意见书", d["review"], "法制审核", [
            f"{c.handling_unit}：你科于{cn_date(d['report'])}送审的{c.title}已收悉。经审核，意见如下：",
            "一、执法主体合法，执法人员具有执法资格；二、案件事实清楚，证据确实充分；三、适用依据正确；"
            "四、程序合法；五、处罚裁量适当。同意承办机构的处理意见。",
            f"审核人：{c.reviewer.name}（执法证号{c.reviewer.cert_no}）",
            "# 审核依据（摘录）", *_quotes(rng, "法制审核", 2)], AGENCY),
        ("集体讨论记录", d["discuss"], "集体讨论", [
            f"时间：{cn_date(d['discuss'])}。地点：本局第一会议室。主持人：{c.leader}。",
            f"出席人员：{c.leader}、{c.reviewer.name}、{c.extra['witness']}等。记录人：{c.handlers[1].name}。",
            f"承办人{c.handlers[0].name}汇报案情：{c.facts}",
            f"法制审核人员{c.reviewer.name}汇报审核意见：同意承办机构意见。",
            f"讨论决定：对当事人{c.penalty}。", *_quotes(rng, "集体讨论", 1)], AGENCY),
        ("结案报告", d["closed"], "归档", [
            f"{c.title}，本局于{cn_date(d['decided'])}作出行政处罚决定（{c.decision_no}），"
            f"{cn_date(d['served'])}送达当事人。当事人已于{cn_date(d['paid'])}履行完毕。",
            f"建议结案。承办人：{c.handler_names}。审批：同意结案。{c.leader}",
            "# 执法全过程记录与归档要求（摘录）", *_quotes(rng, "归档", 2)], AGENCY),
    ]
    internal_class = c.classification if c.classification != "公开" else "内部"
    for k, (title, when, _topic, paras, author) in enumerate(docs, start=1):
        f = f"副卷/{k:02d}-{title}.pdf"
        doc_no = f"{AGENCY_SHORT}法审〔{when.year}〕{c.seed % 300 + 1}号" if title == "法制审核意见书" else ""
        closing = [] if title == "案源材料" else [AGENCY if title != "调查终结报告" else c.handling_unit, cn_date(when)]
        pdfs.make_text_pdf(out / f, title if title != "调查终结报告" else f"关于{c.title}的调查终结报告",
                           paras, header=c.case_no, doc_no=doc_no or None, closing=closing,
                           seal=AGENCY if title in ("法制审核意见书", "结案报告") else None, author=author)
        items.append(Item(f, title, when, author=author,
                          doc_no=doc_no, doc_type=title, classification=internal_class))
    return items


def _summary_items(c: Case, rng: random.Random, out: Path, av: bool, scan: bool,
                   futures: dict[str, Future]) -> tuple[list[Item], list[Item]]:
    """简易程序 (template summary-penalty): 当场处罚决定书 → 现场照片 → 执法记录仪视频 → 结案报告 → 罚款票据."""
    d = c.dates
    main: list[Item] = []
    f = "正卷/01-当场行政处罚决定书.pdf"
    pdfs.make_form_pdf(out / f, "当场行政处罚决定书", {
        **_party_fields(c), "违法事实": f"{cn_time(c.inspect_at)}，{c.facts}",
        "违反规定": c.law_violated, "处罚依据": f"{c.law_penalty}；《中华人民共和国行政处罚法》第五十一条",
        "处罚内容": c.penalty, "履行方式和期限": "当场缴纳罚款，执法人员出具专用票据。",
        "救济途径": "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者在六个月内提起行政诉讼。",
        "执法人员": "；".join(f"{h.name}（{h.cert_no}）" for h in c.handlers),
        "当事人签收": f"{c.rep}    {cn_date(d['decided'])}"}, unit=AGENCY, doc_no=c.decision_no, seal=AGENCY,
        closing=[cn_date(d["decided"])])
    main.append(Item(f, "当场行政处罚决定书", d["decided"], doc_no=c.decision_no, doc_type="行政处罚决定书"))
    f = "正卷/02-现场照片.jpg"
    pdfs.make_photo(out / f, rng, stamp=c.inspect_at.strftime("%Y/%m/%d %H:%M"), caption=c.extra["shop"])
    main.append(Item(f, "现场照片", d["inspect"], author=c.handler_names, doc_type="现场照片"))
    if av:
        main += _av_items(c, out, futures)
    f = "正卷/03-结案报告.pdf"
    pdfs.make_text_pdf(out / f, "结案报告", [
        f"{c.title}适用简易程序。{cn_time(c.inspect_at)}，执法人员{c.handler_names}在检查中发现：{c.facts}",
        f"执法人员当场作出行政处罚决定（{c.decision_no}）：{c.penalty}，并当场送达。当事人当场缴纳罚款。",
        "建议结案。", "# 执法全过程记录要求（摘录）", *_quotes(rng, "全过程记录", 1)],
        header=c.case_no, closing=[c.handling_unit, cn_date(d["closed"])])
    main.append(Item(f, "结案报告", d["closed"], doc_type="结案报告"))
    f = "正卷/04-罚没款票据.pdf"
    pdfs.make_form_pdf(out / f, "行政处罚当场罚款专用票据", {
        "缴款人": c.party, "金额（小写）": f"{c.fine:.2f}元", "金额（大写）": rmb_upper(c.fine),
        "决定书文号": c.decision_no, "收款日期": cn_date(d["decided"]), "收款人": c.handlers[0].name},
        unit="某市财政局监制", seal="某市财政局非税收入专用章")
    main.append(Item(f, "罚没款票据", d["decided"], author="某市财政局", doc_type="罚没款票据"))
    return main, []


def _licensing_items(c: Case, rng: random.Random, out: Path, av: bool, scan: bool,
                     futures: dict[str, Future]) -> tuple[list[Item], list[Item]]:
    """行政许可 (template licensing): 申请材料 → 受理通知书 → 现场核查 → 准予许可决定书 → 送达回证,
    then the site photo and video, which the template does not name (they keep their order at the end)."""
    d = c.dates
    main: list[Item] = []
    f = "正卷/01-食品经营许可申请书.pdf"
    pdfs.make_form_pdf(out / f, "食品经营许可申请书", {
        "申请人": c.party, "统一社会信用代码": c.party_id_no, "法定代表人": c.rep, "经营场所": c.address,
        "主体业态": "餐饮服务经营者（小型餐馆）", "经营项目": "热食类食品制售；冷食类食品制售",
        "申请人声明": "本申请人保证所提交的材料真实、合法、有效，并对申请材料的实质内容真实性负责。",
        "申请日期": cn_date(d["source"])}, unit=AGENCY)
    main.append(Item(f, "食品经营许可申请书", d["source"], author=c.party, doc_type="许可申请材料"))
    if scan:
        f = "正卷/02-营业执照复印件.pdf"
        _license_scan(c, rng, out / f)
        main.append(Item(f, "营业执照复印件", d["source"], author=c.party, doc_type="许可申请材料",
                         remarks="申请人提交的复印件"))
    f = "正卷/03-受理通知书.pdf"
    pdfs.make_text_pdf(out / f, "受理通知书", [
        f"{c.party}：", f"你单位于{cn_date(d['source'])}提出的食品经营许可申请，申请材料齐全、符合法定形式，"
        "根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。",
        "# 许可公示要求（摘录）", *_quotes(rng, "许可", 2)], letterhead=AGENCY,
        doc_no=f"{AGENCY_SHORT}许受〔{d['opened'].year}〕{c.seed % 500 + 1}号",
        closing=[AGENCY, cn_date(d["opened"])], seal=AGENCY)
    main.append(Item(f, "受理通知书", d["opened"], doc_type="受理通知书"))
    f = "正卷/04-现场核查记录.pdf"
    pdfs.make_form_pdf(out / f, "食品经营许可现场核查记录", {
        "核查时间": cn_time(c.inspect_at), "核查地点": c.address, "申请人": c.party,
        "核查人员": "；".join(f"{h.name}（{h.cert_no}）" for h in c.handlers),
        "核查情况": "经营场所布局合理，设有食品处理区和就餐区，设备设施与申请的经营项目相适应，"
                "从业人员持有有效健康证明，食品安全管理制度齐全。",
        "核查结论": "符合食品经营许可条件。"}, unit=AGENCY)
    main.append(Item(f, "现场核查记录", c.inspect_at.date(), doc_type="现场检查笔录"))
    f = "正卷/05-准予行政许可决定书.pdf"
    pdfs.make_text_pdf(out / f, "准予行政许可决定书", [
        f"{c.party}：", f"你单位于{cn_date(d['source'])}提出的食品经营许可申请，经审查，符合法定条件、标准。"
        "根据《中华人民共和国行政许可法》第三十八条第一款、《中华人民共和国食品安全法》第三十五条的规定，"
        "决定准予行政许可，颁发食品经营许可证。",
        "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者在六个月内提起行政诉讼。"],
        letterhead=AGENCY, doc_no=c.decision_no, closing=[AGENCY, cn_date(d["closed"])], seal=AGENCY)
    main.append(Item(f, "准予行政许可决定书", d["closed"], doc_no=c.decision_no, doc_type="行政许可决定书"))
    f = "正卷/06-送达回证.pdf"
    pdfs.make_form_pdf(out / f, "送达回证", {
        "送达文书名称及文号": f"准予行政许可决定书 {c.decision_no}", "受送达人": c.party,
        "送达方式": "窗口领取", "收件人签名": f"{c.rep}    {cn_date(d['closed'])}", "送达人": c.handlers[0].name},
        unit=AGENCY)
    main.append(Item(f, "送达回证", d["closed"], doc_type="送达回证"))
    f = "正卷/07-现场照片.jpg"
    pdfs.make_photo(out / f, rng, stamp=c.inspect_at.strftime("%Y/%m/%d %H:%M"), caption=c.party)
    main.append(Item(f, "现场照片", c.inspect_at.date(), author=c.handler_names, doc_type="现场照片"))
    if av:
        main += _av_items(c, out, futures)
    f = "副卷/01-许可审查审批表.pdf"
    pdfs.make_form_pdf(out / f, "行政许可审查审批表", {
        "申请人": c.party, "许可事项": "食品经营许可", "受理日期": cn_date(d["opened"]),
        "审查意见": f"申请材料齐全，现场核查符合条件，建议准予许可。审查人：{c.handler_names}",
        "审批意见": f"同意。{c.leader}  {cn_date(d['closed'])}"}, unit=AGENCY)
    internal = [Item(f, "许可审查审批表", d["closed"], doc_type="其他",
                     classification="内部" if c.classification == "公开" else c.classification)]
    return main, internal


# --- manifest ------------------------------------------------------------------------------------------
class _Flow(list):
    """A list written in flow style: ``handlers: [张三, 李四]``."""


class _FlowMap(dict):
    """A mapping written in flow style: ``{name: 张三, cert_no: "44030012345"}``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):  # indent lists under their key
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):  # never &id001 anchors: equal dates stay plain values
        return True


def _represent_datetime(dumper: yaml.SafeDumper, value: datetime):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(datetime, _represent_datetime)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(),
                                                                   flow_style=True))


def manifest_dict(c: Case, main: list[Item], internal: list[Item]) -> dict[str, Any]:
    retention = "永久" if c.category == "处罚" and c.procedure == "一般" else "定期30年"
    case = {
        "case_no": c.case_no, "title": c.title, "party": c.party, "party_id_no": c.party_id_no,
        "cause": c.cause, "category": c.category, "procedure": c.procedure, "handling_unit": c.handling_unit,
        "handlers": _Flow(h.name for h in c.handlers), "decision_no": c.decision_no,
        "opened_on": c.dates["opened"], "closed_on": c.dates["closed"], "retention": retention,
        "classification": c.classification,
        "secrecy_term": "10年" if c.classification in ("秘密", "机密", "绝密") else "", "remarks": "",
    }
    volumes = [{"kind": "正卷", "seq": 1, "title": "", "items": [i.manifest(c.classification) for i in main]}]
    if internal:
        volumes.append({"kind": "副卷", "seq": 1, "title": "",
                        "items": [i.manifest(c.classification) for i in internal]})
    return {"format": FORMAT, "case": case, "volumes": volumes}


def write_manifest(folder: Path, data: dict[str, Any], *, comment: str = "") -> Path:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=200)
    head = f"# {comment}\n" if comment else ""
    path = folder / MANIFEST
    path.write_text(head + text, encoding="utf-8")
    return path


# --- entry points ----------------------------------------------------------------------------------------
def make_dossier_folder(dest: Path | str, *, seed: int = 0, case_no: str | None = None, category: str = "处罚",
                        classification: str = "内部", with_av: bool = True, with_scan: bool = True,
                        procedure: str = "一般", av_seconds: float = 6, cause: str | None = None) -> Path:
    """Write one complete closed-case dossier into the folder ``dest`` (created if missing) → ``dest``.

    ``category``: 处罚 (penalty, 一般 or 简易 ``procedure``) or 许可 (licensing); ``cause``: one of
    ``CAUSES`` (else picked by seed). ``with_av`` adds 执法记录仪视频 (MP4, ``av_seconds`` long) and,
    for 一般程序 penalties, 询问录音 (M4A): needs ffmpeg, and espeak-ng for speech (without it the
    clip has a tone and the interview recording is left out). ``with_scan`` adds the image-only
    主体资格 copy (营业执照复印件, or 身份证复印件 for an unlicensed individual). The body-cam clip
    and the interview recording are encoded in background threads while the PDFs are written.
    ``dest`` should be empty or absent: files already there are overwritten, others left alone.
    """
    if category not in ("处罚", "许可"):
        raise ValueError(f"make_dossier_folder makes 处罚 or 许可 dossiers, not {category!r}")
    out = Path(dest)
    out.mkdir(parents=True, exist_ok=True)
    c = make_case(seed, case_no=case_no, category=category, procedure=procedure, classification=classification,
                  cause=cause)
    c.extra["serial"] = f"SN{2024_0000 + seed % 10000:08d}"
    c.extra["video_seconds"] = av_seconds
    rng = random.Random(seed * 1_000_003 + 17)
    futures: dict[str, Future] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        if with_av:
            from . import media
            media.ffmpeg_path()  # fail fast, with a clear message, before writing anything
            (out / "音像").mkdir(exist_ok=True)
            futures["video"] = pool.submit(
                media.make_bodycam_mp4, out / f"音像/执法记录仪-{c.inspect_at:%m%d}.mp4", av_seconds,
                stamp=c.inspect_at.strftime("%Y-%m-%d %H:%M:%S"), device="DSJ-V9", serial=c.extra["serial"],
                officer=c.handlers[0].cert_no, statement=media.opening_statement(c.inspect_at, AGENCY, (
                    "现场核查" if category == "许可" else "现场检查")), seed=seed)
            if category == "处罚" and procedure == "一般" and media.espeak_path():
                futures["audio"] = pool.submit(
                    media.make_interview_audio, out / f"音像/询问录音-{c.interview_at:%m%d}.m4a",
                    interview_lines(c), recorded_at=c.interview_at.astimezone(timezone.utc)
                    .strftime("%Y-%m-%dT%H:%M:%S.000000Z"))
        build = (_licensing_items if category == "许可" else
                 _summary_items if procedure == "简易" else _penalty_items)
        main, internal = build(c, rng, out, with_av, with_scan, futures)
        for fut in futures.values():
            fut.result()  # re-raise encoder errors
    write_manifest(out, manifest_dict(c, main, internal),
                   comment=f"demo dossier made by workstation.devdata (seed={seed}); all case facts invented")
    return out


DEMO_PLAN = [  # (category, procedure, classification, cause)
    ("处罚", "一般", "内部", "销售超过保质期的食品"),
    ("处罚", "一般", "公开", "无照经营"),
    ("处罚", "简易", "公开", None),
    ("许可", "一般", "公开", None),
    ("处罚", "一般", "秘密", "虚假宣传"),
    ("处罚", "简易", "内部", None),
    ("处罚", "一般", "内部", "销售不合格产品"),
]


def make_demo_set(dest: Path | str, n_cases: int = 6, seed: int = 0, *, av_seconds: float = 4,
                  with_av: bool = True, with_scan: bool = True) -> list[Path]:
    """``n_cases`` dossier folders under ``dest`` → their paths, in order.

    The first six: 一般 penalties (销售过期食品 内部, 无照经营 of an individual 公开, 虚假宣传 秘密),
    two 简易 penalties (公开, 内部) and a 许可 case (公开); then the plan repeats with new seeds.
    Folder names are ``NN-<case title>``; case numbers are unique within the set.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    seen: set[str] = set()
    for i in range(n_cases):
        category, procedure, classification, cause = DEMO_PLAN[i % len(DEMO_PLAN)]
        case_seed = seed * 1000 + i
        c = make_case(case_seed, category=category, procedure=procedure, classification=classification,
                      cause=cause)
        case_no = c.case_no
        while case_no in seen:
            case_no = case_no.replace("号", "-1号")
        seen.add(case_no)
        folder = dest / f"{i + 1:02d}-{c.title}"[:60]
        paths.append(make_dossier_folder(folder, seed=case_seed, case_no=case_no, category=category,
                                         classification=classification, procedure=procedure,
                                         av_seconds=av_seconds, cause=cause, with_av=with_av,
                                         with_scan=with_scan))
    return paths
