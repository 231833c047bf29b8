"""The 法制审核 state machine of one round (pure; the facade applies it).

    submitted ──accept──▶ accepted ──conclude──▶ concluded ──sign_off──▶ signed
        │  ▲                 │ ▲ check/extend        │ ▲ check/extend/conclude (revise)
        │  └─materials       │ └──────────────────── ┘
        └──return──▶ returned

``submit`` opens a new round when the case has none open: the first time, after a returned
package, or after a signed 意见书 (修改后再送审 brings the case back). Every other move
from a state not listed raises :class:`IllegalTransition` with the state in Chinese.
"""

from __future__ import annotations

from workstation.errors import Conflict

STATES = {"submitted": "已送审（待受理）", "accepted": "已受理（审核中）", "concluded": "已形成审核结论",
          "signed": "意见书已签发", "returned": "已退回"}
OPEN_STATES = ("submitted", "accepted", "concluded")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "materials": ("submitted",),
    "accept": ("submitted",),
    "return": ("submitted",),
    "check": ("accepted", "concluded"),
    "extend": ("accepted", "concluded"),
    "conclude": ("accepted", "concluded"),
    "draft": ("accepted", "concluded"),
    "sign_off": ("concluded",),
}
ACTION_NAMES = {"materials": "补正送审材料", "accept": "受理", "return": "退回", "check": "填写审核要点",
                "extend": "延长审核期限", "conclude": "作出审核结论", "draft": "生成意见书草稿",
                "sign_off": "签发意见书", "submit": "送审"}
AFTER = {"accept": "accepted", "return": "returned", "conclude": "concluded", "sign_off": "signed"}


class IllegalTransition(Conflict):
    key = "illegal_transition"
    template = "当前审核状态为“{state}”，不能{action}{hint}"


def require(state: str, action: str) -> str:
    """The state after ``action`` from ``state`` (unchanged for in-state edits), or raise."""
    allowed = TRANSITIONS[action]
    if state not in allowed:
        hint = "（" + "、".join(STATES[s] for s in allowed) + "时才可以）"
        raise IllegalTransition(state=STATES.get(state, state), action=ACTION_NAMES[action], hint=hint)
    return AFTER.get(action, state)


def require_new_round(latest_state: str | None) -> None:
    if latest_state in OPEN_STATES:
        raise IllegalTransition(state=STATES[latest_state], action=ACTION_NAMES["submit"],
                                hint="（本案已有进行中的送审，须先办结或退回）")


# --------------------------------------------------------------------------- disputes
#   signed ──dispute──▶ requested ──answer──▶ answered ──refer──▶ referred ──discuss──▶ discussed
# (domain.md §5.4: 复核 asked within N working days of receiving the 意见书, answered within
# M; still unresolved → 集体讨论.) The handling unit accepting the answer ends it at "answered".
DISPUTE_STATES = {"requested": "已申请复核（待答复）", "answered": "已作复核答复", "referred": "已提请集体讨论",
                  "discussed": "集体讨论已作决定"}
DISPUTE_TRANSITIONS: dict[str, tuple[str, ...]] = {"answer": ("requested",), "refer": ("answered",),
                                                   "discuss": ("referred",)}
DISPUTE_ACTIONS = {"dispute": "申请复核", "answer": "作复核答复", "refer": "提请集体讨论", "discuss": "记录集体讨论决定"}
DISPUTE_AFTER = {"dispute": "requested", "answer": "answered", "refer": "referred", "discuss": "discussed"}
ANSWER_RESULTS = ("维持", "变更")
DISCUSSION_OUTCOMES = ("采纳法制审核意见", "采纳承办机构意见", "其他")


def require_dispute(round_state: str, dispute_state: str | None, action: str) -> str:
    """The dispute state after ``action``, or raise IllegalTransition (state named in Chinese)."""
    if action == "dispute":
        if round_state != "signed":
            raise IllegalTransition(state=STATES.get(round_state, round_state), action=DISPUTE_ACTIONS[action],
                                    hint="（意见书签发后才可以申请复核）")
        if dispute_state is not None:
            raise IllegalTransition(state=DISPUTE_STATES[dispute_state], action=DISPUTE_ACTIONS[action],
                                    hint="（本轮已申请过复核）")
        return DISPUTE_AFTER[action]
    allowed = DISPUTE_TRANSITIONS[action]
    if dispute_state not in allowed:
        shown = DISPUTE_STATES.get(dispute_state, "") if dispute_state else "未申请复核"
        hint = "（" + "、".join(DISPUTE_STATES[s] for s in allowed) + "时才可以）"
        raise IllegalTransition(state=shown, action=DISPUTE_ACTIONS[action], hint=hint)
    return DISPUTE_AFTER[action]
