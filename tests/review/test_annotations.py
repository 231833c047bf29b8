"""Annotations and links through the facade: CRUD, edit history, permissions (private ones
only for their author, nothing for a user without the case grant), the redaction marks an
export reads, links listed at both ends."""

from __future__ import annotations

import pytest

from workstation.errors import AccessDenied, InvalidInput, NotFound


def audit_actions(archive, prefix):
    from workstation.archive import audit

    with archive.read() as s:
        return [(e.action, str(e.outcome), e.actor) for e in audit.iter_events(s) if e.action.startswith(prefix)]


def test_annotation_crud_and_history(archive, review_case):
    ws, case_no, pdf = review_case["reviewer"], review_case["case_no"], review_case["pdf"]
    a = ws.add_annotation(pdf, "highlight", page=3, rect=[72, 100, 300, 130],
                          quads=[[72, 100, 300, 114], [72, 116, 200, 130]], quote="当事人称", note="与视频陈述矛盾",
                          category="证据")
    assert a["kind"] == "highlight" and a["page"] == 3 and a["revision"] == 1 and a["author"] == "王法审"
    assert a["citation"].startswith("《询问笔录》第3页（卷内页号 ")
    edited = ws.edit_annotation(a["id"], note="与 00:00:02 处陈述矛盾", category="程序")
    assert edited["revision"] == 2 and edited["category"] == "程序"
    listed = ws.list_annotations(case_no)
    assert [x["id"] for x in listed] == [a["id"]] and listed[0]["note"] == "与 00:00:02 处陈述矛盾"
    ws.delete_annotation(a["id"])
    assert ws.list_annotations(case_no) == []
    with archive.read() as s:
        from workstation.review.models import AnnotationRevision

        revs = [(r.revision, r.action, r.snapshot["note"]) for r in s.query(AnnotationRevision).order_by(
            AnnotationRevision.revision)]
    assert revs == [(1, "create", "与视频陈述矛盾"), (2, "edit", "与 00:00:02 处陈述矛盾"),
                    (3, "delete", "与 00:00:02 处陈述矛盾")]
    acts = [x[0] for x in audit_actions(archive, "annotation.")]
    assert acts[:3] == ["annotation.create", "annotation.edit", "annotation.delete"]


def test_history_lists_every_revision(review_case):
    ws, pdf = review_case["reviewer"], review_case["pdf"]
    a = ws.add_annotation(pdf, "rect", page=1, rect=[10, 10, 50, 50], category="文书")
    ws.edit_annotation(a["id"], rect=[20, 20, 60, 60])
    hist = ws.annotation_history(a["id"])
    assert [(h["revision"], h["action"], h["rect"]) for h in hist] == [
        (1, "create", [10.0, 10.0, 50.0, 50.0]), (2, "edit", [20.0, 20.0, 60.0, 60.0])]
    assert hist[0]["editor"] == "fazhi"


def test_validation(review_case):
    ws, pdf, video = review_case["reviewer"], review_case["pdf"], review_case["video"]
    with pytest.raises(InvalidInput, match="页码无效"):
        ws.add_annotation(pdf, "rect", page=99, rect=[1, 1, 5, 5])
    with pytest.raises(InvalidInput, match="类别"):
        ws.add_annotation(pdf, "rect", page=1, rect=[1, 1, 5, 5], category="无此类")
    with pytest.raises(InvalidInput, match="音视频"):
        ws.add_annotation(pdf, "av_range", start_ms=0, end_ms=1000)
    with pytest.raises(InvalidInput, match="时间段"):
        ws.add_annotation(video, "rect", page=1, rect=[1, 1, 5, 5])
    with pytest.raises(InvalidInput, match="超出"):
        ws.add_annotation(video, "av_range", start_ms=0, end_ms=3_600_000)
    t = ws.add_annotation(video, "av_range", start_ms=1000, end_ms=2500, note="陈述", category="证据")
    assert t["citation"].endswith("00:00:01—00:00:02")


def test_private_annotations_and_users_without_the_grant(archive, review_case):
    ws, head, outsider = review_case["reviewer"], review_case["head"], review_case["outsider"]
    case_no, pdf = review_case["case_no"], review_case["pdf"]
    shared = ws.add_annotation(pdf, "note", page=2, rect=[100, 100, 114, 114], note="共享批注")
    private = ws.add_annotation(pdf, "note", page=2, rect=[200, 100, 214, 114], note="个人备忘",
                                visibility="private")
    assert {a["id"] for a in ws.list_annotations(case_no)} == {shared["id"], private["id"]}
    assert [a["id"] for a in head.list_annotations(case_no)] == [shared["id"]]
    with pytest.raises(NotFound):
        head.annotation_history(private["id"])
    # a user without the case grant sees nothing, and gets the same error as for a missing case
    with pytest.raises(NotFound) as hidden:
        outsider.list_annotations(case_no)
    with pytest.raises(NotFound) as missing:
        outsider.list_annotations("不存在〔2026〕1号")
    assert type(hidden.value) is type(missing.value) and hidden.value.key == missing.value.key
    with pytest.raises(NotFound):
        outsider.add_annotation(pdf, "rect", page=1, rect=[1, 1, 9, 9])
    with pytest.raises(NotFound):
        outsider.annotation_history(shared["id"])
    # the head of the legal unit (no ANNOTATE) may read but not annotate
    with pytest.raises(AccessDenied):
        head.add_annotation(pdf, "rect", page=1, rect=[1, 1, 9, 9])
    denied = [x for x in audit_actions(archive, "annotation.") if x[1] == "denied"]
    assert {x[2] for x in denied} >= {"other", "head"}


def test_only_the_author_edits(archive, admin, secadmin, review_case):
    from tests.conftest import PASSWORD
    from workstation.archive.vocab import Role

    ws, case_no, pdf = review_case["reviewer"], review_case["case_no"], review_case["pdf"]
    admin.add_user("fazhi2", PASSWORD, [Role.REVIEWER])
    secadmin.add_grant(case_no, user="fazhi2", level="view", reason="法制审核")
    other = archive.sign_in("fazhi2", PASSWORD)
    a = ws.add_annotation(pdf, "rect", page=1, rect=[1, 1, 9, 9])
    p = ws.add_annotation(pdf, "rect", page=1, rect=[1, 1, 9, 9], visibility="private")
    with pytest.raises(AccessDenied):
        other.edit_annotation(a["id"], note="改")
    with pytest.raises(AccessDenied):
        other.delete_annotation(a["id"])
    with pytest.raises(NotFound):
        other.edit_annotation(p["id"], note="改")


def test_redaction_marks_for_export(review_case):
    ws, case_no, pdf = review_case["reviewer"], review_case["case_no"], review_case["pdf"]
    ws.add_annotation(pdf, "redaction", page=1, rect=[300, 80, 520, 96], note="身份证号码")
    ws.add_annotation(pdf, "highlight", page=1, rect=[72, 80, 200, 96])
    marks = ws.list_annotations(case_no, kind="redaction")
    assert len(marks) == 1
    m = marks[0]
    assert (m["item_id"], m["page"], m["rect"], m["reason"]) == (pdf, 1, [300.0, 80.0, 520.0, 96.0], "身份证号码")


def test_links_both_ends_and_permissions(archive, review_case):
    ws, head, outsider = review_case["reviewer"], review_case["head"], review_case["outsider"]
    case_no, pdf, video = review_case["case_no"], review_case["pdf"], review_case["video"]
    hl = ws.add_annotation(pdf, "highlight", page=3, rect=[72, 100, 300, 130], note="矛盾")
    link = ws.add_link({"annotation_id": hl["id"]}, {"item_id": video, "start_ms": 2000, "end_ms": 3000},
                       note="笔录与录像陈述不一致")
    assert link["a"]["page"] == 3 and link["a"]["annotation_id"] == hl["id"]
    assert link["b"]["label"].endswith("00:00:02—00:00:03")
    assert [x["id"] for x in ws.list_links(case_no, item_id=pdf)] == [link["id"]]
    assert [x["id"] for x in ws.list_links(case_no, item_id=video)] == [link["id"]]
    assert [x["id"] for x in head.list_links(case_no)] == [link["id"]]
    with pytest.raises(NotFound):
        outsider.list_links(case_no)
    with pytest.raises(InvalidInput):
        ws.add_link({"item_id": pdf, "page": 1}, {"item_id": pdf, "page": 1})
    with pytest.raises(InvalidInput, match="不是音视频"):
        ws.add_link({"item_id": pdf, "page": 1}, {"item_id": pdf, "start_ms": 5})
    with pytest.raises(AccessDenied):
        head.delete_link(link["id"])
    ws.delete_link(link["id"])
    assert ws.list_links(case_no) == []
    assert [x[0] for x in audit_actions(archive, "link.") if x[1] == "success"] == ["link.create", "link.delete"]
