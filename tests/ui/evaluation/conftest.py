"""The evaluation fixtures (users, cases, a 3-page PDF) for the UI tests."""

from tests.evaluation.conftest import CASES, eval_env, pdf_item  # noqa: F401
