#!/usr/bin/env bash
# Installs everything the workstation needs on Debian 12: OS packages (libVLC, ffmpeg,
# CJK fonts, Xvfb and Qt's xcb libraries, PostgreSQL for the multi-workstation tests)
# and the Python dependencies in a virtual environment at .venv.
# Safe to run again: installs only what is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

os_packages=(
  python3 python3-venv python3-pip
  libvlc5 vlc-plugin-base vlc-plugin-video-output ffmpeg
  fonts-noto-cjk espeak-ng sox qpdf poppler-utils
  libgcrypt20
  xvfb x11-apps imagemagick xauth
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-xinerama0 libxcb-shape0 libxcb-xkb1
  libegl1 libgl1 libfontconfig1 libdbus-1-3
  postgresql
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${os_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing OS packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python_bin="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$python_bin" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "== installing Python dependencies"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
