"""The PDF viewer: continuous scroll, zoom, thumbnails, find, selection, watermarked pages.

``PdfViewer`` is the widget; :func:`preload_mupdf` imports PyMuPDF in the background (call
it once the sign-in window is shown: the import costs ~0.6 s). Importing this package does
not import PyMuPDF.
"""

from .viewer import PdfViewer, export_allowed
from .worker import MUPDF_LOCK, preload_mupdf

__all__ = ["MUPDF_LOCK", "PdfViewer", "export_allowed", "preload_mupdf"]
