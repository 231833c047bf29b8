#!/usr/bin/env python3
"""Regenerate resources/fonts/stamp-subset.ttf: the glyphs Bates numbers and 第x页 共y页 page
stamps need (printable ASCII and 第页共), cut from MuPDF's built-in Droid Sans Fallback
(Apache License 2.0).

Embedding this ~10 KB font in every stamped page instead of the whole 3.5 MB CJK font
means an exported document needs no font subsetting pass, which was a third of the
stamping time. Needs fontTools (``pip install fonttools``), only to regenerate:

    python scripts/make_stamp_font.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "fonts" / "stamp-subset.ttf"
#: Everything a stamp may contain: Bates prefixes are ASCII (validated by the bundle spec).
CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "第页共"


def main() -> int:
    import pymupdf
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(pymupdf.Font("china-s").buffer))
    opts = subset.Options()
    opts.hinting = False
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(text=CHARS)
    sub.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(OUT))
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes, {len(CHARS)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
