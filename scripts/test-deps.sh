#!/usr/bin/env bash
# What `make test` needs besides the Python and npm packages: Python 3.11 with venv, npm,
# Debian's chromium (the dashboard's end-to-end tests) and a Redis server on 127.0.0.1:6379
# (the cache tests). Missing system packages are installed with apt-get when running as root
# on Debian; otherwise the script says what to install and exits 1. Redis is started when
# nothing answers on its port. Safe to run again: it only acts on what is missing.
set -euo pipefail

REDIS_HOST=127.0.0.1
REDIS_PORT=${REDIS_PORT:-6379}  # the cache tests use 6379
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

log() { echo "== test-deps: $*"; }
die() { echo "test-deps: $*" >&2; exit 1; }

missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    die "missing: ${missing[*]}. Install them (Debian: sudo apt-get install -y ${missing[*]}),
or run \`make test\` as root on Debian to have them installed."
  fi
fi

python3 -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' 2>/dev/null \
  || die "Python 3.11 is required as python3 (found: $(python3 --version 2>&1))"
[ -x "$CHROMIUM" ] || die "$CHROMIUM is still missing after the install (set CHROMIUM_PATH?)"

redis_up() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; }
if ! redis_up; then
  log "starting redis-server on $REDIS_HOST:$REDIS_PORT (no persistence)"
  redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" \
    --appendonly no >/dev/null
  for _ in $(seq 1 50); do
    redis_up && break
    sleep 0.2
  done
  redis_up || die "redis-server did not answer on $REDIS_HOST:$REDIS_PORT"
fi
log "ready: python3 $(python3 -c 'import platform; print(platform.python_version())'), \
npm $(npm --version), $CHROMIUM, redis on $REDIS_HOST:$REDIS_PORT"
