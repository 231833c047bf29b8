"""Files the UI ships with: icons, the style sheet and translations (under resources/)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
ICONS = RESOURCES / "icons"
STYLE = RESOURCES / "style"
TRANSLATIONS = RESOURCES / "translations"


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """An icon from resources/icons/<name>.svg (an empty icon if it is missing)."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def style_sheet() -> str:
    path = STYLE / "workstation.qss"
    return path.read_text("utf-8") if path.exists() else ""
