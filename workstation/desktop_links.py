"""Registering ``workstation://`` links with the desktop (freedesktop.org), so a citation
clicked in a 意见书 or score sheet opened in any PDF reader opens in the workstation.

A desktop entry runs ``workstation --data-dir ARCHIVE --open %u``; it becomes the default
handler of ``x-scheme-handler/workstation`` in the user's ``mimeapps.list`` (what
``xdg-mime default`` does; edited line by line so other entries and comments stay as
they are). Both files are replaced atomically.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DESKTOP_ID = "workstation-link.desktop"
MIME_TYPE = "x-scheme-handler/workstation"
SECTIONS = ("[Default Applications]", "[Added Associations]")


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def _quote(arg: str) -> str:
    """An Exec argument (Desktop Entry Specification: quoted when it has reserved characters)."""
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`=%'):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'.replace("%", "%%")


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _set_handler(lines: list[str], desktop_id: str | None) -> list[str]:
    """``lines`` of a mimeapps.list with our type set to ``desktop_id`` (None: removed)."""
    out: list[str] = []
    section = None
    seen: set[str] = set()

    def close_section() -> None:
        if section in SECTIONS and section not in seen and desktop_id is not None:
            out.append(f"{MIME_TYPE}={desktop_id}")
            seen.add(section)

    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            close_section()
            section = stripped
            out.append(line)
            continue
        if section in SECTIONS and stripped.split("=", 1)[0].strip() == MIME_TYPE:
            if desktop_id is not None and section not in seen:
                out.append(f"{MIME_TYPE}={desktop_id}")
                seen.add(section)
            continue
        out.append(line)
    close_section()
    if desktop_id is not None:
        for name in SECTIONS:
            if name not in seen:
                if out and out[-1].strip():
                    out.append("")
                out += [name, f"{MIME_TYPE}={desktop_id}"]
    return out


def register(data_dir: str | os.PathLike[str], *, command: list[str] | None = None) -> dict[str, str]:
    """Make this installation the handler of workstation:// links for ``data_dir``."""
    argv = list(command or [sys.executable, "-m", "workstation"])
    exec_line = " ".join(_quote(a) for a in [*argv, "--data-dir", str(Path(data_dir).resolve()), "--open"]) + " %u"
    desktop = _data_home() / "applications" / DESKTOP_ID
    _write_atomic(desktop, "\n".join([
        "[Desktop Entry]", "Type=Application", "Name=案卷归档与审查工作站（链接）",
        "Name[en]=Case-file workstation (links)", "Comment=打开意见书、评分表中的 workstation:// 引用",
        f"Exec={exec_line}", "Terminal=false", "NoDisplay=true", f"MimeType={MIME_TYPE};", ""]))
    mimeapps = _config_home() / "mimeapps.list"
    lines = mimeapps.read_text(encoding="utf-8").splitlines() if mimeapps.exists() else []
    _write_atomic(mimeapps, "\n".join(_set_handler(lines, DESKTOP_ID)) + "\n")
    return {"desktop_file": str(desktop), "mimeapps": str(mimeapps), "exec": exec_line}


def unregister() -> dict[str, str]:
    desktop = _data_home() / "applications" / DESKTOP_ID
    desktop.unlink(missing_ok=True)
    mimeapps = _config_home() / "mimeapps.list"
    if mimeapps.exists():
        lines = mimeapps.read_text(encoding="utf-8").splitlines()
        _write_atomic(mimeapps, "\n".join(_set_handler(lines, None)) + "\n")
    return {"desktop_file": str(desktop), "mimeapps": str(mimeapps)}
