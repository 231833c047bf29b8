"""The review workspace (issue 8): side-by-side panes, annotations, links and 法制审核."""

from workstation.ui.review.page import ReviewPage
from workstation.ui.review.workspace import ReviewWorkspace

__all__ = ["ReviewPage", "ReviewWorkspace"]
