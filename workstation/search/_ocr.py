"""OCR for pages without a text layer and for image items (docs/decisions/0003-ocr.md).

Engine: RapidOCR (``rapidocr`` 3.x, ONNX Runtime) with the PP-OCRv6 small detection and
recognition models and the PP-OCR text-direction classifier that ship inside its wheel. The
models are passed by explicit path, which skips RapidOCR's "default model" resolution (the
only code path that can download); nothing is fetched at run time. The engine is imported
lazily and loaded once per process (~0.3 s); recognition runs on ``OCR_THREADS`` threads so
that a background indexing job leaves the UI a core.

    text = ocr_page_text("scan.pdf", 1)   # 1-based page number; "" if nothing recognised
    text = ocr_image_text("photo.jpg")
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

OCR_DPI = 200  # rendering resolution for PDF pages (scans are usually 150–300 dpi)
OCR_THREADS = 1  # ONNX Runtime intra-op threads per recognition
MIN_SCORE = 0.5  # drop recognised lines below this confidence
ENGINE = "rapidocr"

_engine = None
_lock = threading.Lock()  # one recognition at a time per process (the engine is not re-entrant)


class OcrUnavailable(RuntimeError):
    """The OCR engine or its bundled models are not installed."""


def _bundled_models() -> dict[str, Path]:
    try:
        import rapidocr
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise OcrUnavailable("rapidocr is not installed") from exc
    base = Path(rapidocr.__file__).resolve().parent / "models"
    paths = {
        "Det": base / "PP-OCRv6_det_small.onnx",
        "Rec": base / "PP-OCRv6_rec_small.onnx",
        "Cls": base / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise OcrUnavailable(f"bundled OCR models missing: {missing}")
    return paths


@lru_cache(maxsize=1)
def engine_version() -> str:
    """The engine and model set, for index versions ('none' when OCR is unavailable)."""
    try:
        from importlib.metadata import version

        _bundled_models()
        return f"rapidocr-{version('rapidocr')}-ppocrv6s"
    except (ImportError, OcrUnavailable, ValueError):
        return "none"


def available() -> bool:
    return engine_version() != "none"


def _get_engine():
    global _engine
    if _engine is None:
        models = _bundled_models()
        import logging

        from rapidocr import RapidOCR

        params = {
            "Global.log_level": "error",
            "EngineConfig.onnxruntime.intra_op_num_threads": OCR_THREADS,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            # no dilation of the detection map: with it, tightly spaced lines of a scanned form
            # merged and one line in 15 was lost (measured, 0003-ocr.md)
            "Det.use_dilation": False,
        }
        for part, path in models.items():
            params[f"{part}.model_path"] = str(path)
        _engine = RapidOCR(params=params)
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return _engine


def recognise(gray) -> str:
    """Text lines of a grayscale (H×W uint8) or BGR image, top to bottom, one per line."""
    import numpy as np

    img = np.asarray(gray)
    if img.ndim == 2:
        img = np.repeat(img[:, :, None], 3, axis=2)
    with _lock:
        res = _get_engine()(img)
    txts = getattr(res, "txts", None) or ()
    scores = getattr(res, "scores", None) or (1.0,) * len(txts)
    return "\n".join(t for t, s in zip(txts, scores) if t and s >= MIN_SCORE)


def render_page(pdf_path: str | Path, page_no: int, dpi: int = OCR_DPI):
    """A PDF page (1-based) as a grayscale numpy array."""
    import numpy as np
    import pymupdf

    with pymupdf.open(str(pdf_path)) as doc:
        if not 1 <= page_no <= doc.page_count:
            raise ValueError(f"page {page_no} not in 1..{doc.page_count}")
        pix = doc[page_no - 1].get_pixmap(matrix=pymupdf.Matrix(dpi / 72, dpi / 72),
                                          colorspace=pymupdf.csGRAY, alpha=False)
        return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()


def ocr_page_text(pdf_path: str | Path, page_no: int) -> str:
    """Recognised text of one PDF page (1-based page number)."""
    return recognise(render_page(pdf_path, page_no))


def ocr_image_text(path: str | Path) -> str:
    """Recognised text of an image file (format sniffed from the content; first frame)."""
    import numpy as np
    from PIL import Image

    with Image.open(str(path)) as im:
        im.seek(0)
        gray = np.asarray(im.convert("L"))
    return recognise(gray)
