"""案卷归档与审查工作站 — the Qt-free core lives here; all Qt code is under workstation.ui."""

__version__ = "0.1.0"
