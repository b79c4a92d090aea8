#!/usr/bin/env sh
# blue-green-deploy's stop-command: stop whatever runs on $BG_COLOR.
set -eu
pid_file="${SHIPGATE_RUN_DIR:-/var/run/shipgate}/$BG_COLOR.pid"
if [ -f "$pid_file" ]; then
  kill "$(cat "$pid_file")" 2>/dev/null || true
  rm -f "$pid_file"
fi
