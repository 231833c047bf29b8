"""Development data: realistic demo dossiers, test fixtures and benchmark inputs.

Deterministic (everything derives from ``random.Random(seed)``), offline, Qt-free. PDFs need
PyMuPDF; audio/video need the ffmpeg and espeak-ng command-line tools (see ``media``).

Public API::

    corpus.paragraphs(), corpus.sample_text(rng, n_chars)
    pdfs.make_text_pdf / make_form_pdf / make_scanned_pdf / make_photo / make_long_pdf, pdfs.cjk_font_path
    media.make_bodycam_mp4 / make_interview_audio / make_long_video
    dossiers.make_dossier_folder(dest, seed=...), dossiers.make_demo_set(dest, n_cases=6, seed=0)
    badinputs.make_bad_inputs(dest)

Submodules are imported lazily so that ``import workstation.devdata`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["make_dossier_folder", "make_demo_set", "make_bad_inputs"]

_LAZY = {
    "make_dossier_folder": "dossiers",
    "make_demo_set": "dossiers",
    "make_bad_inputs": "badinputs",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
