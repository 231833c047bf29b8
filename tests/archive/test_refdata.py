import pytest

from workstation.archive import refdata
from workstation.errors import ConfigError


def test_shipped_reference_data_loads():
    names = {t.name for t in refdata.document_types()}
    assert {"立案审批表", "行政处罚决定书", "执法记录仪视频", "结案报告"} <= names
    templates = {t.id: t for t in refdata.order_templates()}
    penalty = templates["samr-penalty"]
    main = penalty.volumes["正卷"]
    # 市场监管 正卷 order from domain.md §2.3: 立案审批表 → 决定书 → … → 笔录 → evidence.
    assert main.index("立案审批表") < main.index("行政处罚决定书") < main.index("送达回证") < main.index("询问笔录")
    assert penalty.volumes["副卷"][0] == "案源材料"
    assert "{fonds}" in refdata.archival_code_rules()["archival_code"]


def test_bad_reference_data_names_the_file(tmp_path):
    (tmp_path / "document_types.yaml").write_text("version: 1\ntypes: [{name: x}]\n", "utf-8")
    with pytest.raises(ConfigError) as exc:
        refdata.document_types(tmp_path)
    assert "document_types.yaml" in exc.value.message
    (tmp_path / "order_templates.yaml").write_text("version: 1\ntemplates:\n  - id: a\n    name: [unclosed\n", "utf-8")
    with pytest.raises(ConfigError) as exc:
        refdata.order_templates(tmp_path)
    assert "第" in exc.value.message
