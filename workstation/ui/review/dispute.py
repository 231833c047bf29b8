"""Forms for disputes over a signed 法制审核意见书: 登记复核申请 (the handling unit asks for
复核 within the allowed working days after receiving the opinion), 复核答复 (维持 / 变更 with
the new conclusion), 提请集体讨论 and 集体讨论决定 (chair, participants, outcome, decision
and where the 集体讨论记录 is in the dossier).

Unlike the intake forms (which only gather values), each of these forms makes its facade
call itself (``review_dispute`` … ``review_discussion``) through ``run_op``. The facade checks
the rules (the deadline, the state machine, the quorum) and answers in Chinese. A refusal
appears inside the form, which stays open with what was typed, so the user can correct it.
``on_done(status)`` gets the new ``review_status`` when the facade call succeeds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from workstation.review.workflow import ANSWER_RESULTS, DISCUSSION_OUTCOMES
from workstation.ui.forms import FormDialog, date_edit, iso, qdate


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewDispute", text)


def set_date(edit: QDateEdit, day: str) -> None:
    """Set a date edit from "yyyy-mm-dd" (tests, scripts)."""
    edit.setDate(QDate.fromString(day, "yyyy-MM-dd"))


def signed_day(current: dict[str, Any] | None) -> dt.date | None:
    """The local day the round's 意见书 was signed (as the facade counts it)."""
    opinion = (current or {}).get("opinion") or {}
    if not opinion.get("signed_at"):
        return None
    return dt.datetime.fromisoformat(opinion["signed_at"]).astimezone().date()


def _text_edit(parent: QWidget, name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def _hint(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # user text (reasons) is never markup
    label.setWordWrap(True)
    label.setProperty("role", "hint")
    if name:
        label.setObjectName(name)
    return label


def _set_role(label: QLabel, role: str) -> None:
    """Switch a label between the style sheet's roles (hint grey, error red)."""
    if label.property("role") != role:
        label.setProperty("role", role)
        label.style().unpolish(label)
        label.style().polish(label)


class _DisputeForm(FormDialog):
    """A dispute form: fields in ``form``; OK runs ``call()`` (the facade call) through run_op,
    and a refusal stays in the form with its Chinese message."""

    def __init__(self, title: str, ok_text: str, ws: Any, case_no: str,
                 on_done: Callable[[dict], Any] | None, parent: QWidget | None):
        super().__init__(title, ok_text, parent)
        self.ws, self.case_no, self.on_done = ws, case_no, on_done
        self.status: dict[str, Any] | None = None  # the review status after a successful call
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addLayout(self.form)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ok_button.setObjectName("disputeOk")
        self.setMinimumWidth(480)

    def call(self) -> Callable[[], dict] | None:  # overridden: the facade call, or None (error shown)
        raise NotImplementedError

    def submit(self) -> None:
        fn = self.call()
        if fn is not None:
            self.run(fn, self._succeeded)

    def _succeeded(self, status: dict) -> None:
        self.status = status
        if self.on_done is not None:
            self.on_done(status)


class DisputeRequestDialog(_DisputeForm):
    """登记复核申请: who asks, why, the disputed checklist points, when the 意见书 was received
    (default: the sign-off day) and when the request came (default: today). The deadline is
    shown as the dates change; the facade refuses a late request."""

    def __init__(self, ws: Any, case_no: str, current: dict[str, Any], points: list[tuple[int, str]],
                 request_days: int, on_done: Callable[[dict], Any] | None = None, parent: QWidget | None = None):
        super().__init__(_tr("登记复核申请"), _tr("登记"), ws, case_no, on_done, parent)
        self.setObjectName("disputeRequestDialog")
        self.request_days = request_days
        signed = signed_day(current) or dt.date.today()
        opinion = current.get("opinion") or {}
        self.body.insertWidget(0, _hint(
            _tr("意见书 {number} 于 {day} 签发。承办机构对审核意见有异议的，应在收到意见书后 {n} 个工作日内申请复核。")
            .format(number=opinion.get("number", ""), day=signed.isoformat(), n=request_days), self))
        self.requested_by = QLineEdit(self)
        self.requested_by.setObjectName("disputeRequestedBy")
        self.requested_by.setPlaceholderText(_tr("承办机构及申请人，如：执法一队 张三"))
        self.reason = _text_edit(self, "disputeReason", _tr("申请复核的理由（必填）"))
        self.received_on = date_edit(self, signed, "disputeReceivedOn")
        self.received_on.setMinimumDate(qdate(signed))
        self.requested_on = date_edit(self, None, "disputeRequestedOn")
        self.deadline = QLabel(self)
        self.deadline.setObjectName("disputeDeadlineHint")
        self.deadline.setWordWrap(True)
        self.form.addRow(_tr("申请人"), self.requested_by)
        self.form.addRow(_tr("理由"), self.reason)
        self.form.addRow(_tr("收到意见书"), self.received_on)
        self.form.addRow(_tr("申请日期"), self.requested_on)
        self.form.addRow("", self.deadline)
        box = QGroupBox(_tr("有异议的审核要点（可不选）"), self)
        grid = QGridLayout(box)
        self.points: dict[int, QCheckBox] = {}
        for n, (no, name) in enumerate(points):
            check = QCheckBox(f"{no}. {name}", box)
            check.setObjectName(f"disputePoint{no}")
            self.points[no] = check
            grid.addWidget(check, n // 2, n % 2)
        self.body.addWidget(box)
        self.received_on.dateChanged.connect(lambda _d: self._show_deadline())
        self.requested_on.dateChanged.connect(lambda _d: self._show_deadline())
        self._show_deadline()

    def _show_deadline(self) -> None:
        from workstation.errors import WorkstationError

        try:
            deadline = self.ws.add_workdays(iso(self.received_on), self.request_days)["date"]
        except WorkstationError:  # e.g. outside the working-day calendar: the facade will say so
            self.deadline.clear()
            return
        late = iso(self.requested_on) > deadline
        text = _tr("申请截止 {day}").format(day=deadline)
        if late:
            text += _tr("（申请日期已超过截止日）")
        self.deadline.setText(text)
        self.deadline.setProperty("late", late)
        _set_role(self.deadline, "error" if late else "hint")

    def values(self) -> dict[str, Any]:
        return {"reason": self.reason.toPlainText().strip(), "requested_by": self.requested_by.text().strip(),
                "points": [no for no, c in self.points.items() if c.isChecked()],
                "requested_on": iso(self.requested_on), "received_on": iso(self.received_on)}

    def call(self) -> Callable[[], dict] | None:
        ws, case_no, values = self.ws, self.case_no, self.values()
        return lambda: ws.review_dispute(case_no, **values)


class DisputeAnswerDialog(_DisputeForm):
    """复核答复: 维持 or 变更 (then the new conclusion, preset to one other than the signed
    opinion's), the answer and its day."""

    def __init__(self, ws: Any, case_no: str, dispute: dict[str, Any], conclusions: list[str],
                 on_done: Callable[[dict], Any] | None = None, parent: QWidget | None = None, *,
                 original_conclusion: str = ""):
        super().__init__(_tr("复核答复"), _tr("答复"), ws, case_no, on_done, parent)
        self.setObjectName("disputeAnswerDialog")
        who = dispute.get("requested_by") or _tr("承办机构")
        self.body.insertWidget(0, _hint(
            _tr("{who} 于 {day} 申请复核：{reason}\n原审核结论：{conclusion}；答复期限 {due}。").format(
                who=who, day=dispute.get("requested_on", ""), reason=dispute.get("reason", ""),
                conclusion=original_conclusion or "—", due=dispute.get("answer_due", "")), self,
            "disputeAnswerContext"))
        self.results = QButtonGroup(self)
        row = QHBoxLayout()
        self.result_buttons: dict[str, QRadioButton] = {}
        for result in ANSWER_RESULTS:
            label = {"维持": _tr("维持原审核意见"), "变更": _tr("变更审核意见")}.get(result, result)
            button = QRadioButton(label, self)
            button.setObjectName("disputeResult" + ("Keep" if result == "维持" else "Change"))
            self.results.addButton(button)
            self.result_buttons[result] = button
            row.addWidget(button)
        row.addStretch(1)
        self.result_buttons[ANSWER_RESULTS[0]].setChecked(True)
        self.conclusion = QComboBox(self)
        self.conclusion.setObjectName("disputeConclusion")
        self.conclusion.addItems(conclusions)
        other = next((c for c in conclusions if c != original_conclusion), None)
        if other is not None:
            self.conclusion.setCurrentText(other)
        self.text = _text_edit(self, "disputeAnswerText", _tr("答复的内容和理由（必填）"), 4)
        self.answered_on = date_edit(self, None, "disputeAnsweredOn")
        if dispute.get("requested_on"):
            self.answered_on.setMinimumDate(qdate(dt.date.fromisoformat(dispute["requested_on"])))
        self.form.addRow(_tr("复核结果"), row)
        self.form.addRow(_tr("新的审核结论"), self.conclusion)
        self.form.addRow(_tr("答复"), self.text)
        self.form.addRow(_tr("答复日期"), self.answered_on)
        self.results.buttonToggled.connect(lambda *_: self._result_changed())
        self._result_changed()

    def result(self) -> str:
        return next((r for r, b in self.result_buttons.items() if b.isChecked()), "")

    def _result_changed(self) -> None:
        self.conclusion.setEnabled(self.result() == "变更")

    def values(self) -> dict[str, Any]:
        result = self.result()
        return {"result": result, "text": self.text.toPlainText().strip(),
                "conclusion": self.conclusion.currentText() if result == "变更" else "",
                "answered_on": iso(self.answered_on)}

    def call(self) -> Callable[[], dict] | None:
        ws, case_no, v = self.ws, self.case_no, self.values()
        return lambda: ws.review_dispute_answer(case_no, v["result"], text=v["text"], conclusion=v["conclusion"],
                                                answered_on=v["answered_on"])


class DisputeReferDialog(_DisputeForm):
    """提请集体讨论: the disagreement that remains after the answer, and the day."""

    def __init__(self, ws: Any, case_no: str, dispute: dict[str, Any],
                 on_done: Callable[[dict], Any] | None = None, parent: QWidget | None = None):
        super().__init__(_tr("提请集体讨论"), _tr("提请"), ws, case_no, on_done, parent)
        self.setObjectName("disputeReferDialog")
        self.body.insertWidget(0, _hint(
            _tr("复核答复（{day}）：{result}。承办机构仍有异议的，提请行政机关负责人集体讨论决定。").format(
                day=dispute.get("answered_on") or "", result=dispute.get("answer_result") or ""), self))
        self.reason = _text_edit(self, "disputeReferReason", _tr("仍然存在的分歧（必填）"), 4)
        self.referred_on = date_edit(self, None, "disputeReferredOn")
        if dispute.get("answered_on"):
            self.referred_on.setMinimumDate(qdate(dt.date.fromisoformat(dispute["answered_on"])))
        self.form.addRow(_tr("理由"), self.reason)
        self.form.addRow(_tr("提请日期"), self.referred_on)

    def values(self) -> dict[str, Any]:
        return {"reason": self.reason.toPlainText().strip(), "referred_on": iso(self.referred_on)}

    def call(self) -> Callable[[], dict] | None:
        ws, case_no, values = self.ws, self.case_no, self.values()
        return lambda: ws.review_dispute_refer(case_no, **values)


class DiscussionDialog(_DisputeForm):
    """集体讨论决定: the day, the chair, the participants (one per line; the chair counts),
    the outcome, the decision and, optionally, the item and page of the 集体讨论记录."""

    def __init__(self, ws: Any, case_no: str, dispute: dict[str, Any], case: dict[str, Any] | None,
                 min_participants: int, on_done: Callable[[dict], Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(_tr("集体讨论决定"), _tr("记录决定"), ws, case_no, on_done, parent)
        self.setObjectName("discussionDialog")
        self.min_participants = min_participants
        self.body.insertWidget(0, _hint(_tr("{day} 提请集体讨论：{reason}").format(
            day=dispute.get("referred_on") or "", reason=dispute.get("refer_reason") or ""), self))
        self.held_on = date_edit(self, None, "discussionHeldOn")
        if dispute.get("referred_on"):
            self.held_on.setMinimumDate(qdate(dt.date.fromisoformat(dispute["referred_on"])))
        self.chair = QLineEdit(self)
        self.chair.setObjectName("discussionChair")
        self.chair.setPlaceholderText(_tr("如：局长 孙某"))
        self.participants = _text_edit(self, "discussionParticipants", _tr("每行一人，如：副局长 李某"), 4)
        self.count = QLabel(self)
        self.count.setObjectName("discussionCount")
        self.count.setWordWrap(True)
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("discussionOutcome")
        self.outcome.addItems(list(DISCUSSION_OUTCOMES))
        self.decision = _text_edit(self, "discussionDecision", _tr("集体讨论的决定（必填）"), 3)
        self.minutes_item = QComboBox(self)
        self.minutes_item.setObjectName("discussionMinutesItem")
        self.minutes_item.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.minutes_item.setMinimumContentsLength(16)
        self.minutes_item.addItem(_tr("（不关联）"), None)
        self.page_counts: dict[int, int] = {}
        for vol in (case or {}).get("volumes", []):
            for it in vol.get("items", []):
                if it.get("page_count"):  # the record is a document: an item with pages
                    self.page_counts[it["id"]] = int(it["page_count"])
                    self.minutes_item.addItem(it["title"], it["id"])
        self.minutes_page = QSpinBox(self)
        self.minutes_page.setObjectName("discussionMinutesPage")
        self.minutes_page.setPrefix(_tr("页码 "))
        minutes = QHBoxLayout()
        minutes.addWidget(self.minutes_item, 1)
        minutes.addWidget(self.minutes_page)
        self.form.addRow(_tr("讨论日期"), self.held_on)
        self.form.addRow(_tr("主持人"), self.chair)
        self.form.addRow(_tr("参加人员"), self.participants)
        self.form.addRow("", self.count)
        self.form.addRow(_tr("讨论结果"), self.outcome)
        self.form.addRow(_tr("决定"), self.decision)
        self.form.addRow(_tr("讨论记录"), minutes)
        self.chair.textChanged.connect(lambda _t: self._count())
        self.participants.textChanged.connect(self._count)
        self.minutes_item.currentIndexChanged.connect(lambda _i: self._item_changed())
        self._item_changed()
        self._count()

    def people(self) -> list[str]:
        return [line.strip() for line in self.participants.toPlainText().splitlines() if line.strip()]

    def _count(self) -> None:
        chair = self.chair.text().strip()
        n = len(dict.fromkeys([p for p in (chair, *self.people()) if p]))
        ok = n >= self.min_participants
        self.count.setText(_tr("共 {n} 人（含主持人，至少 {min} 人）").format(n=n, min=self.min_participants))
        _set_role(self.count, "hint" if ok else "error")

    def _item_changed(self) -> None:
        item_id = self.minutes_item.currentData()
        self.minutes_page.setEnabled(item_id is not None)
        self.minutes_page.setRange(1, self.page_counts.get(item_id, 1))

    def values(self) -> dict[str, Any]:
        item_id = self.minutes_item.currentData()
        return {"held_on": iso(self.held_on), "chair": self.chair.text().strip(), "participants": self.people(),
                "outcome": self.outcome.currentText(), "decision": self.decision.toPlainText().strip(),
                "minutes": {"item_id": item_id, "page": self.minutes_page.value()} if item_id is not None else None}

    def call(self) -> Callable[[], dict] | None:
        ws, case_no, values = self.ws, self.case_no, self.values()
        return lambda: ws.review_discussion(case_no, **values)


__all__ = ["DiscussionDialog", "DisputeAnswerDialog", "DisputeReferDialog", "DisputeRequestDialog", "set_date",
           "signed_day"]
