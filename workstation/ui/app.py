"""The QApplication: names (for QSettings), the Fusion style with our style sheet, a CJK
font, and the translators (Chinese by default, English selectable)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QStyleFactory

from workstation.ui import i18n
from workstation.ui.resources import icon, style_sheet

ORGANIZATION = "workstation"
APPLICATION = "workstation"
# Preferred UI fonts for Chinese text, first one installed wins (Linux, Windows, macOS).
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC",
             "WenQuanYi Micro Hei", "Noto Sans SC"]

log = logging.getLogger(__name__)


def ui_font(point_size: float = 10.0) -> QFont:
    families = set(QFontDatabase.families())
    chosen = [f for f in CJK_FONTS if f in families]
    font = QFont()
    if chosen:
        font.setFamilies(chosen + [font.defaultFamily()])
    else:
        log.warning("no CJK font found (install fonts-noto-cjk); Chinese text may not render")
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def create_app(argv: list[str] | None = None, *, lang: str | None = None,
               cache_dir: Path | None = None) -> QApplication:
    """The application object, set up once (reused if it exists, e.g. under pytest-qt)."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    setup_app(app, lang=lang, cache_dir=cache_dir)
    return app


def setup_app(app: QApplication, *, lang: str | None = None, cache_dir: Path | None = None) -> None:
    if "Fusion" in QStyleFactory.keys():
        app.setStyle("Fusion")
    app.setFont(ui_font())
    app.setStyleSheet(style_sheet())
    app.setWindowIcon(icon("app"))
    for old in getattr(app, "_workstation_translators", []):
        app.removeTranslator(old)
    app._workstation_translators = i18n.install_translators(app, lang or i18n.chosen_language(), cache_dir)
    app.setApplicationDisplayName(QCoreApplication.translate("App", "案卷归档与审查工作站"))
