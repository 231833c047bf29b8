#!/usr/bin/env python3
"""Refresh the English translation source from the UI code, then compile it.

    .venv/bin/python resources/translations/update_ts.py           # update .ts, write .qm
    .venv/bin/python resources/translations/update_ts.py --check   # exit 1 if anything is untranslated

1. ``pyside6-lupdate`` scans workstation/ui (self.tr, QCoreApplication.translate,
   QT_TRANSLATE_NOOP) into workstation_en.ts, keeping the translations already there.
2. Modules that translate through a helper ``def _tr(text): return
   QCoreApplication.translate("<Context>", text)`` are scanned for ``_tr("…")`` literals,
   which lupdate cannot see through; they are added to that context.
3. ``pyside6-lrelease`` writes workstation_en.qm, committed as the fallback for machines
   without lrelease (the application compiles the .ts itself at start when it can).

Source strings are the Chinese UI text (the default language); translate the new
``type="unfinished"`` entries in the .ts with Qt Linguist or any text editor.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TS = HERE / "workstation_en.ts"
QM = HERE / "workstation_en.qm"
UI = ROOT / "workstation" / "ui"

HELPER_RE = re.compile(r'def _tr\(text[^)]*\)[^:]*:\s*(?:""".*?"""\s*)?return QCoreApplication\.translate\("(\w+)", text\)',
                       re.DOTALL)
CALL_RE = re.compile(r'(?<![\w.])_tr\(\s*("(?:[^"\\\n]|\\.)*")')


def tool(name: str) -> str:
    here = Path(sys.executable).with_name(name)
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found (it comes with PySide6)")
    return found


def sources() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if "__pycache__" not in p.parts)


def helper_strings() -> dict[str, list[tuple[str, Path, int]]]:
    """{context: [(source text, file, line)]} for ``_tr("…")`` calls."""
    out: dict[str, list[tuple[str, Path, int]]] = {}
    for path in sources():
        text = path.read_text("utf-8")
        helper = HELPER_RE.search(text)
        if not helper:
            continue
        context = helper.group(1)
        for m in CALL_RE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.setdefault(context, []).append((ast.literal_eval(m.group(1)), path, line))
    return out


def add_helper_strings(ts: Path) -> int:
    tree = ET.parse(ts)
    root = tree.getroot()
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    added = 0
    for context, found in helper_strings().items():
        ctx = contexts.get(context)
        if ctx is None:
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = context
            contexts[context] = ctx
        messages = {m.findtext("source"): m for m in ctx.iter("message")}
        for source, path, line in found:
            msg = messages.get(source)
            if msg is None:
                msg = ET.SubElement(ctx, "message")
                loc = ET.SubElement(msg, "location", filename=str(path.relative_to(HERE.parent.parent).as_posix()),
                                    line=str(line))
                loc.tail = None
                ET.SubElement(msg, "source").text = source
                ET.SubElement(msg, "translation", type="unfinished")
                messages[source] = msg
                added += 1
            translation = msg.find("translation")
            if translation is not None and translation.get("type") in ("vanished", "obsolete"):
                if translation.text:
                    translation.attrib.pop("type")
                else:
                    translation.set("type", "unfinished")
    write_ts(tree, ts)
    return added


def write_ts(tree: ET.ElementTree, ts: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", "utf-8")


def untranslated(ts: Path) -> list[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    out = []
    for ctx in root.iter("context"):
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is not None and tr.get("type") == "unfinished":
                out.append((ctx.findtext("name"), msg.findtext("source")))
    return out


def main() -> int:
    check = "--check" in sys.argv
    subprocess.run([tool("pyside6-lupdate"), *map(str, sources()), "-source-language", "zh_CN",
                    "-target-language", "en", "-locations", "relative", "-ts", str(TS)], check=True, cwd=ROOT)
    added = add_helper_strings(TS)
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(QM)], check=True)
    missing = untranslated(TS)
    print(f"{TS.name}: {added} helper strings added, {len(missing)} untranslated")
    for context, source in missing[:40]:
        print(f"  [{context}] {source}")
    return 1 if check and missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
