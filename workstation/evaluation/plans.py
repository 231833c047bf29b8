"""Choosing the files of an evaluation plan: the random draw (双随机) and the assignment of
evaluators. Pure functions; the facade applies the access policy before calling them.

The draw is reproducible: the candidates are sorted by 案号 and sampled with
``random.Random(seed)``; the plan stores the candidate list and the seed, so anyone can
repeat the draw (``draw(candidates, size, seed)``) and get the same files.
"""

from __future__ import annotations

import random
import secrets
from typing import Sequence

from workstation.errors import InvalidInput


def new_seed() -> int:
    return secrets.randbelow(2**31 - 1) + 1


def draw(candidates: Sequence[str], size: int | None, seed: int | None) -> list[str]:
    """The 案号 drawn from ``candidates`` (all of them, sorted, when ``size`` is None)."""
    pool = sorted(set(candidates))
    if size is None:
        return pool
    if size < 1:
        raise InvalidInput(reason="抽取数量须为正整数")
    if seed is None:
        raise InvalidInput(reason="随机抽取须记录随机种子")
    if size >= len(pool):
        return pool
    return random.Random(int(seed)).sample(pool, size)


def distribute(case_nos: Sequence[str], evaluators: Sequence[str], per_case: int,
               excluded: dict[str, set[str]] | None = None,
               load: dict[str, int] | None = None) -> dict[str, list[str]]:
    """Evaluators for each case, ``per_case`` different ones, spreading the work evenly.

    ``excluded``: case → evaluators who may not score it (their own file, no access);
    ``load``: files each evaluator already has in this plan. Raises InvalidInput naming a
    case that cannot get enough evaluators."""
    if per_case < 1:
        raise InvalidInput(reason="每份案卷至少要有一名评查员")
    if len(set(evaluators)) < per_case:
        raise InvalidInput(reason=f"每份案卷须由 {per_case} 名不同的评查员评查，至少要指定 {per_case} 人")
    excluded = excluded or {}
    counts = {e: (load or {}).get(e, 0) for e in evaluators}
    order = {e: i for i, e in enumerate(evaluators)}
    out: dict[str, list[str]] = {}
    # The most constrained cases first, so the free choices can even out the load.
    allowed_by_case = {c: [e for e in evaluators if e not in excluded.get(c, set())] for c in case_nos}
    for case_no in sorted(case_nos, key=lambda c: len(allowed_by_case[c])):
        allowed = allowed_by_case[case_no]
        if len(allowed) < per_case:
            raise InvalidInput(key="no_evaluator",
                               reason=f"案卷 {case_no} 没有足够的可分配评查员（本人承办或无权查阅的不能评查）")
        chosen = sorted(allowed, key=lambda e: (counts[e], order[e]))[:per_case]
        for e in chosen:
            counts[e] += 1
        out[case_no] = chosen
    return {c: out[c] for c in case_nos}
