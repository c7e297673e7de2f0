#!/usr/bin/env bash
# Back up or restore the MinIO volume (landing, lake and exports: everything the deployment
# keeps) as one tar.gz. MinIO is stopped meanwhile, so the copy is consistent; the dashboard
# answers again once it is back up. Uses the bundled redis image for tar: nothing is pulled.
#
#   deploy/minio-volume.sh backup DIR       -> DIR/minio-data-<UTC time>.tar.gz
#   deploy/minio-volume.sh restore FILE     replaces the volume's contents with FILE's
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "minio-volume: $*" >&2; exit 1; }
[ $# -eq 2 ] || fail "usage: $0 backup DIR | restore FILE"

project="$(docker compose config --format json | sed -n 's/^ *"name": *"\([^"]*\)".*/\1/p' | head -1)"
volume="${project:-spareparts}_minio-data"
tool="$(docker compose config --images | grep '^redis:' | head -1)"
[ -n "$tool" ] || fail "no redis image in docker-compose.yml"
docker volume inspect "$volume" >/dev/null || fail "no volume $volume"

tar_run() {  # mounts the volume at /data and the host folder at /backup
  docker run --rm --network none --user 0 --entrypoint /bin/sh \
    -v "$volume:/data" -v "$1:/backup" "$tool" -c "$2"
}

case "$1" in
  backup)
    mkdir -p "$2"
    dir="$(cd "$2" && pwd)"
    file="minio-data-$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
    docker compose stop pipeline minio
    trap 'docker compose start minio pipeline' EXIT
    tar_run "$dir" "tar -czf /backup/$file -C /data ."
    echo "minio-volume: wrote $dir/$file"
    ;;
  restore)
    [ -f "$2" ] || fail "no such file: $2"
    dir="$(cd "$(dirname "$2")" && pwd)"
    file="$(basename "$2")"
    docker compose stop pipeline api minio
    trap 'docker compose up -d' EXIT
    tar_run "$dir" "find /data -mindepth 1 -delete && tar -xzf /backup/$file -C /data"
    echo "minio-volume: restored $2 into $volume"
    ;;
  *) fail "unknown command '$1' (backup or restore)" ;;
esac
