"""案卷评查 (issue 9): rubrics as data, plans and sampling, scoring, reconciliation, reports.

Qt-free core; the session facade (``workstation.session_evaluation``) is the only caller that
touches the database."""
