"""workstation:// links (the citations in a 意见书 or score sheet): followed through the facade
to the item, page or second; a malformed link, a page past the end, a time on a document and
an item one may not see are refused with a Chinese message; following is audited. Also the
desktop registration of the link type (desktop entry + mimeapps.list)."""

from __future__ import annotations

import pytest

from tests.review.test_annotations import audit_actions
from workstation.errors import InvalidInput, NotFound
from workstation.review.anchors import anchor_uri


def test_links_lead_to_the_page_or_second(archive, review_case):
    ws, pdf, video = review_case["reviewer"], review_case["pdf"], review_case["video"]
    page = ws.follow_link(anchor_uri({"item_id": pdf, "page": 3}))
    assert page["case_no"] == review_case["case_no"] and page["item"]["id"] == pdf
    assert page["item"]["kind"] == "document" and page["anchor"] == {"item_id": pdf, "page": 3}
    assert page["text"].startswith("《询问笔录》第3页")
    second = ws.follow_link(f"workstation://item/{video}?t=2.5")
    assert second["anchor"]["start_ms"] == 2500 and second["item"]["kind"] == "video"
    assert second["text"].endswith("00:00:02")
    whole = ws.follow_link(f"  workstation://item/{pdf}  ")
    assert whole["anchor"] == {"item_id": pdf}
    assert [a for a in audit_actions(archive, "link.follow")] == [("link.follow", "success", "fazhi")] * 3


@pytest.mark.parametrize("link", ["", "http://example.com/item/1", "workstation://item/abc",
                                  "workstation://case/1", "workstation://item/1?page=x"])
def test_malformed_links_are_refused(archive, review_case, link):
    with pytest.raises(InvalidInput) as exc:
        review_case["reviewer"].follow_link(link)
    assert "无法识别的链接" in exc.value.message
    assert audit_actions(archive, "link.follow") == [("link.follow", "denied", "fazhi")]


def test_links_obey_access_and_the_item(archive, review_case):
    pdf, video = review_case["pdf"], review_case["video"]
    with pytest.raises(NotFound):
        review_case["outsider"].follow_link(f"workstation://item/{pdf}?page=1")  # no grant on the case
    with pytest.raises(NotFound):
        review_case["reviewer"].follow_link("workstation://item/999999")
    with pytest.raises(InvalidInput) as exc:
        review_case["reviewer"].follow_link(f"workstation://item/{pdf}?page=99")
    assert "页码无效" in exc.value.message
    with pytest.raises(InvalidInput):
        review_case["reviewer"].follow_link(f"workstation://item/{pdf}?t=3")
    assert video  # the time link on the video is the valid counterpart (first test)
    denied = [a for a in audit_actions(archive, "link.follow") if a[1] == "denied"]
    assert ("link.follow", "denied", "other") in denied and len(denied) == 2


def test_desktop_registration(tmp_path, monkeypatch):
    from workstation import desktop_links

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    mimeapps = tmp_path / "config" / "mimeapps.list"
    mimeapps.parent.mkdir(parents=True)
    mimeapps.write_text("# mine\n[Default Applications]\napplication/pdf=org.gnome.Evince.desktop\n"
                        "x-scheme-handler/workstation=old.desktop\n\n[Removed Associations]\ntext/plain=x.desktop\n",
                        encoding="utf-8")
    archive_dir = tmp_path / "我的 档案库"
    res = desktop_links.register(archive_dir, command=["/opt/ws/bin/python", "-m", "workstation"])
    entry = (tmp_path / "data" / "applications" / "workstation-link.desktop").read_text(encoding="utf-8")
    assert "MimeType=x-scheme-handler/workstation;" in entry
    assert f'Exec=/opt/ws/bin/python -m workstation --data-dir "{archive_dir.resolve()}" --open %u' in entry
    lines = mimeapps.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["# mine", "[Default Applications]", "application/pdf=org.gnome.Evince.desktop"]
    assert lines.count("x-scheme-handler/workstation=workstation-link.desktop") == 2  # default + added
    assert "x-scheme-handler/workstation=old.desktop" not in lines and "text/plain=x.desktop" in lines
    assert res["exec"].endswith("--open %u")
    desktop_links.register(archive_dir, command=["/opt/ws/bin/python", "-m", "workstation"])  # again: no duplicates
    assert mimeapps.read_text(encoding="utf-8").splitlines().count(
        "x-scheme-handler/workstation=workstation-link.desktop") == 2
    desktop_links.unregister()
    assert not (tmp_path / "data" / "applications" / "workstation-link.desktop").exists()
    text = mimeapps.read_text(encoding="utf-8")
    assert "workstation" not in text and "application/pdf=org.gnome.Evince.desktop" in text
