#!/usr/bin/env bash
# Move files between the deployment's exports bucket and ml_env when ml_env runs on another
# machine and the files travel by hand (docs/deployment.md, "Forecasts from ml_env").
#
#   deploy/ml-exchange.sh training-out DIR   s3://exports/training/  -> DIR/training/
#   deploy/ml-exchange.sh results-in DIR     DIR/ml_results/<version>/ -> s3://exports/ml_results/
#
# results-in copies every file of a version first and its manifest.json last, as ml_env writes
# it: the pipeline takes a version only once its manifest and checksums hold, never half of it.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "ml-exchange: $*" >&2; exit 1; }
[ $# -eq 2 ] || fail "usage: $0 training-out DIR | results-in DIR"
mkdir -p "$2"
dir="$(cd "$2" && pwd)"

mc_run() {
  docker compose run --rm --no-deps -v "$dir:/exchange" --entrypoint /bin/sh minio-init -c "
    mc alias set local \"\$MINIO_URL\" \"\$MINIO_ROOT_USER\" \"\$MINIO_ROOT_PASSWORD\" >/dev/null && $1"
}

case "$1" in
  training-out)
    mc_run 'mc mirror --overwrite local/exports/training /exchange/training'
    ;;
  results-in)
    [ -d "$dir/ml_results" ] || fail "$dir/ml_results not found (ml_env's --out folder)"
    mc_run 'set -e
      for version in /exchange/ml_results/*/; do
        name=$(basename "$version")
        [ -f "$version/manifest.json" ] || { echo "skip $name: no manifest.json"; continue; }
        mc mirror --overwrite --exclude manifest.json "$version" "local/exports/ml_results/$name"
        mc cp "$version/manifest.json" "local/exports/ml_results/$name/manifest.json"
      done'
    ;;
  *) fail "unknown command '$1' (training-out or results-in)" ;;
esac
