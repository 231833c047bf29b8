#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is needed (installer/debian-setup.sh),
# starts a local PostgreSQL server for the multi-workstation tests, then runs pytest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash installer/debian-setup.sh

# PostgreSQL for the tests that need a real server (skipped only where none can be started).
if command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
    pg_ctlcluster "$pg_ver" main start || true
  fi
  if pg_lsclusters -h | awk '{print $4}' | grep -q online; then
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='ws_test'\"" | grep -q 1 ||
      su postgres -c "psql -qc \"CREATE ROLE ws_test LOGIN CREATEDB PASSWORD 'ws_test_pw'\""
    export WORKSTATION_TEST_PG="postgresql+psycopg2://ws_test@127.0.0.1:5432"
    export WORKSTATION_TEST_PG_PASSWORD="ws_test_pw"
  fi
fi

export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
set +e
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "no tests were collected: that is a failure" >&2
  exit 1
fi
exit "$rc"
