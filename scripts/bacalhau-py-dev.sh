#!/usr/bin/env bash
# Bacalhau's Python client (bacalhau-apiclient, pinned, from PyPI) in a virtual environment of its own,
# for the tests of caravel serve's API: $CARAVEL_STATE_DIR/py-bacalhau/bin/python. The package does not
# declare all it imports, so six, urllib3, certifi and python-dateutil are installed with it.
# Idempotent: skips what is installed. Usage: scripts/bacalhau-py-dev.sh [install]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
CLIENT_VERSION=1.4.1
VENV="$CARAVEL_STATE_DIR/py-bacalhau"

install() {
  local marker="$VENV/.bacalhau-apiclient.version"
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$marker" 2>/dev/null)" = "$CLIENT_VERSION" ]; then return 0; fi
  echo "installing bacalhau-apiclient $CLIENT_VERSION in $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "bacalhau-apiclient==$CLIENT_VERSION" six urllib3 certifi python-dateutil
  "$VENV/bin/python" -c "import bacalhau_apiclient"
  echo "$CLIENT_VERSION" > "$marker"
}

case "${1:-install}" in
  install) install ;;
  *) echo "usage: $0 [install]" >&2; exit 2 ;;
esac
