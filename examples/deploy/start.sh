#!/usr/bin/env sh
# blue-green-deploy's deploy-command for the example service: replace whatever runs on $BG_COLOR
# with $BG_VERSION, listening on the port of $BG_URL. Extra environment for one version can sit
# in $SHIPGATE_RUN_DIR/$BG_VERSION.env (the demo makes v3 misbehave that way).
set -eu
run_dir="${SHIPGATE_RUN_DIR:-/var/run/shipgate}"
mkdir -p "$run_dir"
here="$(cd "$(dirname "$0")" && pwd)"
"$here/stop.sh"
port="${BG_URL##*:}"
if [ -f "$run_dir/$BG_VERSION.env" ]; then
  set -a
  . "$run_dir/$BG_VERSION.env"
  set +a
fi
cd "$here/../.."
PORT="$port" VERSION="$BG_VERSION" nohup "${NODE:-node}" --import tsx examples/service/src/main.ts > "$run_dir/$BG_COLOR.log" 2>&1 &
echo $! > "$run_dir/$BG_COLOR.pid"
