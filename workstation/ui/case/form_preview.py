"""Preview, print and save a generated form (卷内目录, 卷内备考表).

The facade's ``open_derivative`` gives a readable path (a private decrypted copy for 秘密 and
above, ``temporary``: removed when the preview closes). Pages are rendered with PyMuPDF
(imported here, on demand) and printed through Qt's print dialog.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)



def _tr(text: str) -> str:
    """UI text of this module (context "FormPreview"; collected by resources/translations/update_ts.py)."""
    return QCoreApplication.translate("FormPreview", text)


def render_pages(path: Path, zoom: float) -> list[QImage]:
    import pymupdf

    images = []
    with pymupdf.open(path) as doc:
        for page in doc:
            pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
            images.append(QImage(pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888).copy())
    return images


def page_text(path: Path) -> str:
    """The text of the form (tests and accessibility)."""
    import pymupdf

    with pymupdf.open(path) as doc:
        return "".join(p.get_text() for p in doc)


class FormPreview(QDialog):
    def __init__(self, info: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("formPreview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.info = info
        self.path = Path(info["path"])
        from workstation.ui.case.filing import form_name

        self.setWindowTitle(_tr("{name} 第 {v} 版 — {case_no}").format(
            name=form_name(info), v=info.get("version", ""), case_no=info.get("case_no", "")))
        pages = QWidget()
        pl = QVBoxLayout(pages)
        pl.setSpacing(12)
        self.page_labels: list[QLabel] = []
        try:
            images = render_pages(self.path, 1.3)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            log.exception("cannot render %s", self.path)
            images = []
            err = QLabel(_tr("无法显示：{msg}").format(msg=exc))
            err.setProperty("role", "error")
            pl.addWidget(err)
        for img in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(img))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setStyleSheet("background: white; border: 1px solid #c5cbd3;")
            pl.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(pages)
        area.setStyleSheet("QScrollArea { background: #e5e7eb; }")
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(_tr("打印…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton(_tr("另存为…"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_form)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.reject)
        info_line = QLabel(_tr("共 {n} 页 · SHA-256 {sha}").format(n=info.get("pages") or len(images),
                                                                   sha=(info.get("sha256") or "")[:16] + "…"))
        info_line.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(info_line)
        layout.addWidget(buttons)
        self.resize(900, 860)
        self.finished.connect(self._cleanup)

    def text(self) -> str:
        return page_text(self.path)

    def print_form(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer) -> None:
        dpi = printer.resolution()
        images = render_pages(self.path, dpi / 72)
        painter = QPainter(printer)
        try:
            for n, img in enumerate(images):
                if n:
                    printer.newPage()
                page = printer.pageLayout().paintRectPixels(dpi)
                scale = min(page.width() / img.width(), page.height() / img.height())
                painter.drawImage(QRectF(0, 0, img.width() * scale, img.height() * scale), img)
        finally:
            painter.end()

    def save_as(self) -> None:
        info = self.info
        name = f"{info.get('kind_name', 'form')}-{info.get('case_no', '')}-v{info.get('version', '')}.pdf"
        target, _ = QFileDialog.getSaveFileName(self, _tr("另存为"), name, _tr("PDF 文件 (*.pdf)"))
        if target:
            shutil.copyfile(self.path, target)

    def _cleanup(self) -> None:
        if self.info.get("temporary"):
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                log.warning("could not remove the temporary copy %s", self.path)
