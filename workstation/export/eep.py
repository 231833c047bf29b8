"""An optional DA/T 48-2009 electronic-record package (电子文件封装包) of the bundle's
documents, for archive transfer: one 文件实体 per exhibit with DA/T 46 description
(题名, 责任者, 日期, 密级, 保密期限, 页数), the file encoded in base64, and both digests
(SM3, SHA-256) with their algorithm names. Unsigned (电子签名块 left out; signing with
SM2 needs the agency's certificate)."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any

from lxml import etree

NS = "http://www.saac.gov.cn/standard/eep/2009"  # DA/T 48 namespace as commonly used [R]


def _el(parent, tag: str, text: Any = None, **attrs):
    e = etree.SubElement(parent, tag, **{k: str(v) for k, v in attrs.items()})
    if text is not None:
        e.text = str(text)
    return e


def build_eep(case: dict[str, Any], exhibits: list[dict[str, Any]], payload: Path, made_by: str) -> bytes:
    root = etree.Element("电子文件封装包", nsmap={None: NS})
    _el(root, "封装包格式描述", "本EEP根据中华人民共和国档案行业标准DA/T 48-2009《基于XML的电子文件封装规范》生成")
    _el(root, "版本", "2009")
    signed = _el(root, "被签名对象", eep版本="2009")
    _el(signed, "封装包类型", "原始型")
    _el(signed, "封装包类型描述", "本封装包包含电子文件数据及其元数据，原始封装，未经修改")
    _el(signed, "封装包创建时间", dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).isoformat(timespec="seconds"))
    _el(signed, "封装包创建单位", case.get("handling_unit") or "")
    content = _el(signed, "封装内容")
    for ex in exhibits:
        ent = _el(content, "文件实体")
        _el(ent, "聚合层次", "文件")
        src = _el(ent, "来源")
        _el(src, "档案馆名称", "")
        _el(src, "立档单位名称", case.get("handling_unit") or "")
        _el(ent, "电子文件号", ex["bates_range"])
        code = _el(ent, "档号")
        _el(code, "档号", case.get("archival_code") or "")
        _el(code, "案卷号", case["case_no"])
        _el(code, "件号", ex["seq"])
        desc = _el(ent, "内容描述")
        _el(desc, "题名", ex["name"])
        _el(desc, "责任者", ex.get("author") or ex.get("source") or "")
        _el(desc, "日期", ex.get("date") or "")
        _el(desc, "密级", ex.get("classification") or "")
        _el(desc, "保密期限", case.get("secrecy_term") or "")
        form = _el(ent, "形式特征")
        _el(form, "件数", 1)
        if ex.get("pages"):
            _el(form, "页数", ex["pages"])
        rights = _el(ent, "权限管理")
        _el(rights, "控制标识", "控制" if ex.get("classification") not in ("公开", None, "") else "开放")
        for f in ex["files"]:
            doc = _el(ent, "文档", 文档标识符=f["path"])
            _el(doc, "文档标识符", f["path"])
            _el(doc, "文档序号", f["role"])
            enc = _el(doc, "编码", 编码标识符=f["path"])
            attrs = _el(enc, "电子属性")
            _el(attrs, "格式信息", Path(f["path"]).suffix.lstrip(".").upper())
            _el(attrs, "计算机文件名", Path(f["path"]).name)
            _el(attrs, "计算机文件大小", f["size"])
            for alg, key in (("SM3", "sm3"), ("SHA-256", "sha256")):
                dg = _el(attrs, "数字摘要", f[key], 算法=alg)
                dg.set("算法", alg)
            _el(enc, "编码描述", "本封装包中“编码数据”元素存储的是计算机文件二进制流的Base64编码")
            _el(enc, "反编码关键字", "base64")
            data = (payload / f["path"]).read_bytes()
            _el(enc, "编码数据", base64.b64encode(data).decode("ascii"))
    biz = _el(content, "业务实体")
    _el(biz, "业务状态", "证据包导出")
    _el(biz, "业务行为", "导出")
    _el(biz, "行为时间", dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).isoformat(timespec="seconds"))
    _el(biz, "行为描述", f"案卷 {case['case_no']} 证据包，由 {made_by} 导出")
    who = _el(content, "机构人员实体")
    _el(who, "机构人员类型", "个人")
    _el(who, "机构人员名称", made_by)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
