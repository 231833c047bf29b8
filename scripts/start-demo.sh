#!/usr/bin/env bash
# Install everything, build (or refresh) the demo archive, and start the workstation on it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash installer/debian-setup.sh
export WORKSTATION_HOME="${WORKSTATION_HOME:-$here/demo-archive}"
.venv/bin/workstation demo
# citations in 意见书 / score-sheet PDFs (workstation://…) open in this workstation
.venv/bin/workstation register-links >/dev/null || echo "（未能在桌面登记 workstation:// 链接，可稍后运行 workstation register-links）"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/workstation
fi
echo
echo "没有图形显示（DISPLAY 未设置）：桌面工作站需要图形界面。可用 xvfb-run .venv/bin/workstation 在虚拟屏幕中运行，"
echo "或试用命令行（密码 demo-pass-2026）："
echo "  WORKSTATION_HOME=$WORKSTATION_HOME WORKSTATION_PASSWORD=demo-pass-2026 .venv/bin/workstation --user clerk case list"
