#!/usr/bin/env bash
# Install everything, build (or refresh) the demo archive, and start the workstation on it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash installer/debian-setup.sh
export WORKSTATION_HOME="${WORKSTATION_HOME:-$here/demo-archive}"
.venv/bin/workstation demo
if .venv/bin/python -c "import workstation.ui.launch" 2>/dev/null; then
  exec .venv/bin/workstation
fi
echo
echo "试用命令行（密码见上）："
echo "  WORKSTATION_PASSWORD=demo-pass-2026 .venv/bin/workstation --user clerk case list"
