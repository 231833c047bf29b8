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
    if not path.exists():
        return ""
    # url() in a style sheet is relative to the working directory: make icon paths absolute.
    return path.read_text("utf-8").replace("@ICONS@", ICONS.as_posix())


@lru_cache(maxsize=None)
def nav_icon(name: str) -> QIcon:
    """A light icon for the dark navigation bar, dark when its row is selected (light background)."""
    from PySide6.QtCore import QSize

    light, dark = ICONS / f"{name}-nav.svg", ICONS / f"{name}.svg"
    result = QIcon()
    if light.exists():
        result.addFile(str(light), QSize(), QIcon.Mode.Normal)
    if dark.exists():
        result.addFile(str(dark), QSize(), QIcon.Mode.Selected)
    return result
