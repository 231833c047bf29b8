"""load_manifest: values, English and Chinese keys, and every error with its exact line."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from workstation.archive.manifest import MANIFEST_NAMES, Manifest, find_manifest, load_manifest
from workstation.archive.vocab import Category, Classification, Procedure, Retention, VolumeKind
from workstation.errors import ManifestError

BEIJING = dt.timezone(dt.timedelta(hours=8))

# Line numbers in the comments are asserted below; keep them in step when editing.
ENGLISH = """\
format: workstation-dossier/1
case:
  case_no: 某市监处罚〔2026〕12号
  title: 某某公司销售过期食品案
  party: 某某食品有限公司
  party_id_no: 91440300MA5XXXXXXX
  cause: 销售超过保质期的食品
  category: 处罚
  procedure: 一般
  handling_unit: 执法稽查科
  handlers: [张三, 李四]
  decision_no: 某市监罚字〔2026〕12号
  opened_on: 2026-03-01
  closed_on: 2026-05-20
  retention: 永久
  classification: 内部
  secrecy_term: ""
  remarks: ""
volumes:
  - kind: 正卷
    seq: 1
    title: ""
    items:
      - file: 正卷/01-立案审批表.pdf
        title: 立案审批表
        doc_no: 0012
        author: 某市市场监督管理局
        date: 2026-03-01
        doc_type: 立案审批表
        classification: 秘密
        remarks: ""
      - file: 音像/执法记录仪-0302.mp4
        title: 现场检查执法记录仪视频
        production_note:
          method: 执法记录仪现场拍摄
          device: 某品牌 DSJ-V9
          device_serial: SN20240012
          is_original: true
          copy_method: ""
          recorded_from: 2026-03-02T09:15:00+08:00
          recorded_to: 2026-03-02T09:42:00
          clock_checked: true
          makers:
            - {name: 张三, cert_no: "44030012345"}
            - {name: 李四, cert_no: 044030012346}
          proves: 当事人仓库存放过期食品的事实
          original_carrier: 执法记录仪存储卡
          carrier_location: 执法稽查科证据柜 3 号
          unedited_statement: 未剪辑
          interruption_notes: ""
      - file: 正卷/02-现场照片.jpg
  - kind: 副卷
    items:
      - file: 副卷/01-结案报告.pdf
  - kind: 副卷
    title: 副卷二
    items:
      - file: 副卷/02-集体讨论记录.pdf
"""

ALIASES = [  # (English, Chinese) as they appear at the start of a line, after the indent
    ("format:", "格式:"), ("case:", "案件:"), ("case_no:", "案号:"), ("title: 某某", "案卷题名: 某某"),
    ("party:", "当事人:"), ("party_id_no:", "当事人证件号:"), ("cause:", "案由:"), ("category:", "执法类别:"),
    ("procedure:", "程序:"), ("handling_unit:", "承办机构:"), ("handlers:", "承办人:"),
    ("decision_no:", "决定书文号:"), ("opened_on:", "立案日期:"), ("closed_on:", "结案日期:"),
    ("retention:", "保管期限:"), ("classification:", "密级:"), ("secrecy_term:", "保密期限:"),
    ("remarks:", "备注:"), ("volumes:", "卷:"), ("- kind:", "- 类型:"), ("seq:", "卷号:"), ("title:", "题名:"),
    ("items:", "件:"), ("- file:", "- 文件:"), ("doc_no:", "文号:"), ("author:", "责任者:"), ("date:", "日期:"),
    ("doc_type:", "文件类型:"), ("production_note:", "制作说明:"), ("method:", "制作方法:"),
    ("device:", "设备:"), ("device_serial:", "设备编号:"), ("is_original:", "是否原件:"),
    ("copy_method:", "复制方法:"), ("recorded_from:", "制作开始时间:"), ("recorded_to:", "制作结束时间:"),
    ("clock_checked:", "已校对时钟:"), ("makers:", "制作人:"), ("proves:", "证明对象:"),
    ("original_carrier:", "原始载体:"), ("carrier_location:", "存放位置:"),
    ("unedited_statement:", "剪辑声明:"), ("interruption_notes:", "中断说明:"),
]


def chinese(text: str) -> str:
    out = []
    for line in text.splitlines():
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        for en, zh in ALIASES:
            if stripped.startswith(en):
                stripped = zh + stripped[len(en):]
                break
        stripped = stripped.replace("{name:", "{姓名:").replace("cert_no:", "执法证号:")
        out.append(indent + stripped)
    return "\n".join(out) + "\n"


FILES = ["正卷/01-立案审批表.pdf", "音像/执法记录仪-0302.mp4", "正卷/02-现场照片.jpg", "副卷/01-结案报告.pdf",
         "副卷/02-集体讨论记录.pdf"]


def make_folder(tmp_path: Path, text: str = ENGLISH, name: str = "dossier.yaml") -> Path:
    folder = tmp_path / "案卷"
    for rel in FILES:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(b"content of " + rel.encode())
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def line_of(text: str, needle: str) -> int:
    (hit,) = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hit


def expect_error(folder: Path, key: str, line: int) -> ManifestError:
    with pytest.raises(ManifestError) as info:
        load_manifest(folder)
    err = info.value
    assert (err.key, err.data["line"]) == (key, line), err.message
    assert err.data["file"] == str(find_manifest(folder) or folder)
    assert f"第 {line} 行" in str(err) and err.data["reason"]
    return err


# --------------------------------------------------------------------------- valid manifests

def check_valid(m: Manifest, folder: Path) -> None:
    assert m.path == folder / "dossier.yaml" or m.path.parent == folder
    assert m.case == {
        "case_no": "某市监处罚〔2026〕12号", "title": "某某公司销售过期食品案", "party": "某某食品有限公司",
        "party_id_no": "91440300MA5XXXXXXX", "cause": "销售超过保质期的食品", "category": Category.PENALTY,
        "procedure": Procedure.ORDINARY, "handling_unit": "执法稽查科", "handlers": ["张三", "李四"],
        "decision_no": "某市监罚字〔2026〕12号", "opened_on": dt.date(2026, 3, 1),
        "closed_on": dt.date(2026, 5, 20), "retention": Retention.PERMANENT,
        "classification": Classification.INTERNAL, "secrecy_term": "", "remarks": "",
    }
    assert [(v.kind, v.seq, v.title, v.line) for v in m.volumes] == [
        (VolumeKind.MAIN, 1, "", 20), (VolumeKind.INTERNAL, 1, "", 52), (VolumeKind.INTERNAL, 2, "副卷二", 55)]
    main = m.volumes[0].items
    assert [i.rel for i in main] == FILES[:3]
    assert [i.line for i in main] == [24, 32, 51]
    first = main[0]
    assert first.file == (folder / FILES[0]).resolve() and first.file.is_absolute()
    assert (first.title, first.doc_no, first.author, first.date, first.doc_type, first.classification) == (
        "立案审批表", "0012", "某市市场监督管理局", dt.date(2026, 3, 1), "立案审批表", Classification.SECRET)
    assert first.production_note is None
    video = main[1]
    assert video.classification is None  # inherits the case's
    note = video.production_note
    assert note["method"] == "执法记录仪现场拍摄" and note["device"] == "某品牌 DSJ-V9"
    assert note["device_serial"] == "SN20240012" and note["is_original"] is True and note["clock_checked"] is True
    assert note["recorded_from"] == dt.datetime(2026, 3, 2, 9, 15, tzinfo=BEIJING)
    assert note["recorded_to"] == dt.datetime(2026, 3, 2, 9, 42, tzinfo=BEIJING)
    assert note["recorded_to"].utcoffset() == dt.timedelta(hours=8)
    assert note["makers"] == [{"name": "张三", "cert_no": "44030012345"}, {"name": "李四", "cert_no": "044030012346"}]
    assert note["carrier_location"] == "执法稽查科证据柜 3 号" and note["interruption_notes"] == ""
    assert set(note) == {"method", "device", "device_serial", "is_original", "copy_method", "recorded_from",
                         "recorded_to", "clock_checked", "makers", "proves", "original_carrier",
                         "carrier_location", "unedited_statement", "interruption_notes"}
    photo = main[2]
    assert photo.title == "02-现场照片"  # default: file name without extension
    assert (photo.doc_no, photo.date, photo.classification, photo.production_note) == ("", None, None, None)
    assert [i.title for i in m.volumes[1].items] == ["01-结案报告"]
    assert len(m.items) == 5


def test_valid_english_manifest(tmp_path):
    folder = make_folder(tmp_path)
    m = load_manifest(folder)
    check_valid(m, folder)
    assert m.unlisted_files == []
    assert load_manifest(folder / "dossier.yaml").case == m.case  # the file itself works too


def test_valid_chinese_manifest(tmp_path):
    text = chinese(ENGLISH)
    assert "案号:" in text and "制作人:" in text and "case_no" not in text and "{姓名: 张三" in text
    folder = make_folder(tmp_path, text, name="案卷.yaml")
    m = load_manifest(folder)
    assert m.path.name == "案卷.yaml"
    check_valid(m, folder)


def test_unlisted_files_are_reported(tmp_path):
    folder = make_folder(tmp_path)
    (folder / "其他").mkdir()
    (folder / "其他/说明.txt").write_text("x", encoding="utf-8")
    (folder / "备注.docx").write_bytes(b"PK")
    (folder / ".DS_Store").write_bytes(b"junk")
    m = load_manifest(folder)
    assert m.unlisted_files == ["备注.docx", "其他/说明.txt"]


def test_find_manifest(tmp_path):
    assert find_manifest(tmp_path) is None
    (tmp_path / "manifest.yaml").write_text("x: 1", encoding="utf-8")
    assert find_manifest(tmp_path) == tmp_path / "manifest.yaml"
    (tmp_path / "dossier.yaml").write_text("x: 1", encoding="utf-8")
    assert find_manifest(tmp_path) == tmp_path / "dossier.yaml"
    assert MANIFEST_NAMES == ("dossier.yaml", "案卷.yaml", "manifest.yaml")


def test_defaults_and_coercions(tmp_path):
    text = (ENGLISH.replace("  procedure: 一般\n", "").replace("  retention: 永久\n", "")
            .replace("  classification: 内部\n", "").replace("  handlers: [张三, 李四]", "  handlers: 张三、李四")
            .replace("  decision_no: 某市监罚字〔2026〕12号", "  decision_no: 2026"))
    m = load_manifest(make_folder(tmp_path, text))
    assert m.case["procedure"] is Procedure.ORDINARY and m.case["retention"] is Retention.PERMANENT
    assert m.case["classification"] is Classification.INTERNAL
    assert m.case["handlers"] == ["张三", "李四"] and m.case["decision_no"] == "2026"


def test_explicit_and_default_volume_numbers(tmp_path):
    text = ENGLISH.replace("  - kind: 副卷\n    items:", "  - kind: 副卷\n    seq: 3\n    items:")
    m = load_manifest(make_folder(tmp_path, text))
    assert [(v.kind, v.seq) for v in m.volumes] == [(VolumeKind.MAIN, 1), (VolumeKind.INTERNAL, 3),
                                                    (VolumeKind.INTERNAL, 4)]


def test_path_inside_folder_with_dotdot_is_fine(tmp_path):
    text = ENGLISH.replace("- file: 正卷/02-现场照片.jpg", "- file: 音像/../正卷/02-现场照片.jpg")
    m = load_manifest(make_folder(tmp_path, text))
    assert m.volumes[0].items[2].file == (tmp_path / "案卷/正卷/02-现场照片.jpg").resolve()


# --------------------------------------------------------------------------- errors

def mutate(tmp_path: Path, old: str, new: str, text: str = ENGLISH) -> Path:
    assert text.count(old) == 1, old
    return make_folder(tmp_path, text.replace(old, new))


@pytest.mark.parametrize("old,new,line", [
    ('  remarks: ""\nvolumes:', '  remarks: ""\n  colour: red\nvolumes:', 19),  # unknown key
    ("  category: 处罚", "  category: 罚款", 8),  # unknown 执法类别
    ("  opened_on: 2026-03-01", "  opened_on: 2026-3-1", 13),  # malformed date
    ("  opened_on: 2026-03-01", "  opened_on: 2026-02-30", 13),  # no such day
    ("  opened_on: 2026-03-01", "  opened_on: 2026-03-01T08:00:00", 13),  # a time, not a date
    ("  closed_on: 2026-05-20", "  closed_on: 2026-02-20", 14),  # 结案 before 立案
    ("        classification: 秘密", "        classification: 公开", 30),  # item 密级 below case
    ("  retention: 永久", "  retention: 五年", 15),
    ("  procedure: 一般", "  procedure: [一般]", 9),
    ("format: workstation-dossier/1", "format: workstation-dossier/2", 1),
    ("  case_no: 某市监处罚〔2026〕12号\n", "", 2),  # required key missing → the case: line
    ("  title: 某某公司销售过期食品案", "  title: ''", 4),  # required key empty
    ("  category: 处罚\n", "", 2),
    ("      - file: 正卷/02-现场照片.jpg", "      - title: 照片", 51),  # item without file
    ("  - kind: 副卷\n    items:\n      - file: 副卷/01", "  - kind: 附卷\n    items:\n      - file: 副卷/01", 52),
    ("  - kind: 副卷\n    items:\n      - file: 副卷/01", "  - seq: 2\n    items:\n      - file: 副卷/01", 52),
    ("    seq: 1\n", "    seq: 0\n", 21),
    ("    title: 副卷二\n", "    seq: 1\n", 56),  # 副卷 1 twice
    ("    title: 副卷二\n    items:\n      - file: 副卷/02-集体讨论记录.pdf\n", "    items: []\n", 56),
    ("          is_original: true", "          is_original: 也许", 38),
    ("          recorded_to: 2026-03-02T09:42:00", "          recorded_to: 2026-03-02T09:00:00", 41),
    ("          recorded_from: 2026-03-02T09:15:00+08:00", "          recorded_from: 2026-03-02", 40),
    ("          proves:", "          证明目的:", 46),  # unknown Chinese key in the production note
 ])
def test_field_errors(tmp_path, old, new, line):
    expect_error(mutate(tmp_path, old, new), "manifest_field", line)


def test_same_key_in_english_and_chinese(tmp_path):
    folder = mutate(tmp_path, "  party: 某某食品有限公司", "  party: 某某食品有限公司\n  当事人: 另一个人")
    err = expect_error(folder, "manifest_field", 6)
    assert "当事人" in err.data["reason"]


def test_duplicate_yaml_key(tmp_path):
    folder = mutate(tmp_path, "  cause: 销售超过保质期的食品", "  cause: 销售超过保质期的食品\n  cause: 另一个案由")
    expect_error(folder, "manifest_field", 8)


def test_production_note_only_for_av_files(tmp_path):
    folder = mutate(tmp_path, '        classification: 秘密\n        remarks: ""',
                    '        classification: 秘密\n        remarks: ""\n        production_note: {method: 扫描}')
    err = expect_error(folder, "manifest_field", 32)
    assert "制作说明" in err.data["reason"]


def test_no_volumes(tmp_path):
    text = ENGLISH[: ENGLISH.index("volumes:")] + "volumes: []\n"
    expect_error(make_folder(tmp_path, text), "manifest_field", 19)
    text = ENGLISH[: ENGLISH.index("volumes:")]
    expect_error(make_folder(tmp_path / "b", text), "manifest_field", 1)


def test_path_traversal(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"outside")
    folder = mutate(tmp_path, "- file: 正卷/02-现场照片.jpg", "- file: ../x.pdf")
    err = expect_error(folder, "path_escape", 51)
    assert "../x.pdf" in err.data["reason"]
    folder = mutate(tmp_path / "b", "- file: 正卷/02-现场照片.jpg", "- file: 正卷/../../x.pdf")
    expect_error(folder, "path_escape", 51)


@pytest.mark.parametrize("path", ["/etc/passwd", "C:/证据/x.pdf", "C:\\\\证据\\\\x.pdf", "\\\\\\\\server\\\\share\\\\x.pdf"])
def test_absolute_path(tmp_path, path):
    folder = mutate(tmp_path, "- file: 正卷/02-现场照片.jpg", f'- file: "{path}"')
    expect_error(folder, "path_escape", 51)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_to_outside(tmp_path):
    (tmp_path / "outside.pdf").write_bytes(b"outside")
    folder = mutate(tmp_path, "- file: 正卷/02-现场照片.jpg", "- file: 正卷/03-链接.pdf")
    try:
        os.symlink(os.path.join("..", "..", "outside.pdf"), folder / "正卷/03-链接.pdf")
    except OSError:
        pytest.skip("cannot create symlinks here")
    err = expect_error(folder, "path_escape", 51)
    assert "符号链接" in err.data["reason"]
    # a symlinked directory that leads outside is caught the same way
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/y.pdf").write_bytes(b"y")
    os.symlink(tmp_path / "elsewhere", folder / "链接目录")
    (folder / "dossier.yaml").write_text(ENGLISH.replace("- file: 正卷/02-现场照片.jpg", "- file: 链接目录/y.pdf"),
                                         encoding="utf-8")
    expect_error(folder, "path_escape", 51)


def test_symlink_inside_folder_is_fine(tmp_path):
    folder = mutate(tmp_path, "- file: 正卷/02-现场照片.jpg", "- file: 正卷/03-链接.jpg")
    try:
        os.symlink("02-现场照片.jpg", folder / "正卷/03-链接.jpg")
    except OSError:
        pytest.skip("cannot create symlinks here")
    m = load_manifest(folder)
    assert m.volumes[0].items[2].file == (folder / "正卷/02-现场照片.jpg").resolve()
    assert "正卷/02-现场照片.jpg" not in m.unlisted_files  # listed through the link


def test_missing_file(tmp_path):
    folder = mutate(tmp_path, "- file: 正卷/02-现场照片.jpg", "- file: 正卷/99-不存在.pdf")
    err = expect_error(folder, "missing_file", 51)
    assert "99-不存在.pdf" in err.data["reason"]
    folder = mutate(tmp_path / "b", "- file: 正卷/02-现场照片.jpg", "- file: 正卷")
    expect_error(folder, "missing_file", 51)  # a folder is not a file


@pytest.mark.parametrize("written", ["正卷/01-立案审批表.pdf", "./正卷/01-立案审批表.pdf", "正卷//01-立案审批表.pdf",
                                     "音像/../正卷/01-立案审批表.pdf", "正卷\\\\01-立案审批表.pdf"])
def test_duplicate_file(tmp_path, written):
    folder = mutate(tmp_path, "- file: 正卷/02-现场照片.jpg", f'- file: "{written}"')
    err = expect_error(folder, "duplicate_file", 51)
    assert "第 24 行" in err.data["reason"]


def test_zero_byte_file(tmp_path):
    folder = make_folder(tmp_path)
    (folder / "副卷/01-结案报告.pdf").write_bytes(b"")
    err = expect_error(folder, "empty_file", 54)
    assert "空文件" in err.data["reason"]


@pytest.mark.parametrize("old,new,line", [
    ("  handlers: [张三, 李四]", "  handlers: [张三, 李四", 12),  # unclosed bracket: noticed on the next line
    ("  title: 某某公司销售过期食品案", "  title: 某某公司: 销售过期食品案", 4),
    ("  party: 某某食品有限公司", "\tparty: 某某食品有限公司", 5),
    # the quote runs on to line 18's first '"'; the parser fails at the next one
    ('  secrecy_term: ""', '  secrecy_term: "未闭合', 18),
])
def test_malformed_yaml(tmp_path, old, new, line):
    err = expect_error(mutate(tmp_path, old, new), "manifest_syntax", line)
    assert "YAML" in err.data["reason"]


def test_not_a_mapping(tmp_path):
    expect_error(make_folder(tmp_path, "- a\n- b\n"), "manifest_syntax", 1)
    expect_error(make_folder(tmp_path / "b", "# only a comment\n"), "manifest_syntax", 1)


def test_not_utf8(tmp_path):
    folder = make_folder(tmp_path)
    (folder / "dossier.yaml").write_bytes(ENGLISH.encode("gbk"))
    # line 3 is the first whose GBK bytes are not valid UTF-8 ("市" is CA D0)
    err = expect_error(folder, "manifest_syntax", 3)
    assert "UTF-8" in err.data["reason"]


def test_no_manifest(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"x")
    with pytest.raises(ManifestError) as info:
        load_manifest(tmp_path)
    assert (info.value.key, info.value.data["line"], info.value.data["file"]) == ("no_manifest", 0, str(tmp_path))


def test_all_errors_are_collected_and_the_first_is_raised(tmp_path):
    text = (ENGLISH.replace("  category: 处罚", "  category: 罚款")
            .replace("- file: 正卷/02-现场照片.jpg", "- file: 正卷/99-不存在.pdf")
            .replace("  closed_on: 2026-05-20", "  closed_on: 2026/05/20"))
    with pytest.raises(ManifestError) as info:
        load_manifest(make_folder(tmp_path, text))
    assert (info.value.key, info.value.data["line"]) == ("manifest_field", 8)
    assert [(e["key"], e["line"]) for e in info.value.errors] == [
        ("manifest_field", 8), ("manifest_field", 14), ("missing_file", 51)]
