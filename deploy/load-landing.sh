#!/usr/bin/env bash
# Put ERP export files into the landing bucket of a running deployment (docs/deployment.md).
#
#   deploy/load-landing.sh FOLDER          FOLDER/<source>/<file> -> s3://landing/<source>/<file>
#   deploy/load-landing.sh --sample [ARG...]
#       generate the demo sample with the pipeline image (python -m pipeline.sample --scale S
#       --seed 7 ARG..., e.g. --increment-from 2026-03-01 for a daily drop) and load it
#
# Sources: items, warehouses, sites, suppliers, consumption, inventory, purchase_orders
# (docs/data-contract.md). Re-loading a file already ingested is harmless: the pipeline ingests
# each file content (sha256) once. The next nightly run picks the files up; to run now:
#   docker compose exec pipeline python -m pipeline run
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "load-landing: $*" >&2; exit 1; }

if [ "${1:-}" = "--sample" ]; then
  shift
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  chmod 0777 "$work"
  docker compose run --rm --no-deps --user "$(id -u):$(id -g)" -v "$work:/out" pipeline \
    python -m pipeline.sample --out /out/landing --scale S --seed 7 --quiet "$@"
  folder="$work/landing"
else
  [ $# -eq 1 ] || fail "usage: $0 FOLDER | --sample [ARG...]"
  folder="$(cd "$1" && pwd)" || fail "no such folder: $1"
fi

# mc from the minio-init service's image, on the internal network, with the administrator login
# from .env. _defects.json (the sample generator's answer key) is not an ERP file.
docker compose run --rm --no-deps -v "$folder:/landing:ro" --entrypoint /bin/sh minio-init -c '
  mc alias set local "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null &&
  mc mirror --overwrite --exclude "_defects.json" /landing local/landing'
echo "load-landing: loaded $folder into s3://landing"
