"""Showing a document the 归档 services generated (卷内目录, 卷内备考表)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def generated_path(result) -> Path | None:
    """The file path inside whatever the service returned (path, dict or object)."""
    if isinstance(result, (str, Path)):
        return Path(result)
    if isinstance(result, dict):
        for key in ("path", "pdf", "file"):
            if result.get(key):
                return Path(result[key])
    for attr in ("path", "pdf", "file"):
        value = getattr(result, attr, None)
        if isinstance(value, (str, Path)):
            return Path(value)
    return None


def show_generated(result, *, parent: QWidget | None) -> QMessageBox | None:
    path = generated_path(result)
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("Documents", "已生成"))
    if path is None:
        box.setText(QCoreApplication.translate("Documents", "文件已生成。"))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    else:
        box.setText(QCoreApplication.translate("Documents", "已生成：{name}").format(name=path.name))
        box.setInformativeText(str(path))
        open_button = box.addButton(QCoreApplication.translate("Documents", "打开预览"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    box.open()
    return box
