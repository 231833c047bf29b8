"""案卷评查 in the UI (issue 9): plans and assignments (page), the scoring view (rubric tree
beside the dossier viewer), the reconciliation view and the report view (QtCharts)."""

from workstation.ui.evaluation.page import EvaluationPage

__all__ = ["EvaluationPage"]
