#!/usr/bin/env bash
# Build the offline bundle on a connected machine with Docker (Engine 24+ with compose v2):
# builds the api, web (dashboard) and pipeline images, pulls the pinned minio, mc and redis images,
# `docker save`s them all into one archive with the compose file, .env.example, the deploy scripts
# and the docs. Copy artifacts/spareparts-<VERSION>.tar.gz to the air-gapped server and follow
# docs/deployment.md.
#
#   deploy/bundle.sh [VERSION]     VERSION defaults to `git describe` (letters, digits, . _ -)
#   PLATFORM=linux/arm64 deploy/bundle.sh    the server's platform (default linux/amd64)
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "bundle: $*" >&2; exit 1; }

VERSION="${1:-$(git describe --tags --always --dirty 2>/dev/null || date +%Y%m%d)}"
[[ "$VERSION" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || fail "bad version '$VERSION'"
export DOCKER_DEFAULT_PLATFORM="${PLATFORM:-linux/amd64}"
NAME="spareparts-$VERSION"
OUT="artifacts/$NAME"

command -v docker >/dev/null || fail "docker is not installed"
docker compose version >/dev/null || fail "docker compose v2 is required"
[ -f frontend/package-lock.json ] || fail "frontend/package-lock.json is missing (npm ci needs it)"

# compose refuses to parse without the secrets; the bundle holds none, so placeholders here
# (they only satisfy ${VAR:?}: nothing is started).
export SPAREPARTS_VERSION="$VERSION"
for secret in MINIO_ROOT_USER MINIO_ROOT_PASSWORD MINIO_API_SECRET_KEY \
              MINIO_PIPELINE_SECRET_KEY MINIO_ML_SECRET_KEY DASHBOARD_API_KEY; do
  export "$secret=bundle-placeholder"
done
compose() { docker compose --env-file /dev/null --file docker-compose.yml "$@"; }

echo "== bundle $NAME for $DOCKER_DEFAULT_PLATFORM"
compose build --pull api pipeline web
mapfile -t IMAGES < <(compose config --images | sort -u)
[ "${#IMAGES[@]}" -gt 0 ] || fail "compose lists no image"
for image in "${IMAGES[@]}"; do
  case "$image" in
    spareparts/*) ;;                     # built above
    *) docker pull --quiet "$image" ;;   # the pinned third-party images
  esac
done

rm -rf "$OUT"
mkdir -p "$OUT/deploy/minio" "$OUT/docs"
echo "== docker save ${IMAGES[*]}"
docker save --output "$OUT/images.tar" "${IMAGES[@]}"
gzip -1 "$OUT/images.tar"
printf '%s\n' "${IMAGES[@]}" > "$OUT/IMAGES"
echo "$VERSION" > "$OUT/VERSION"

cp docker-compose.yml README.md "$OUT/"
sed "s/^SPAREPARTS_VERSION=.*/SPAREPARTS_VERSION=$VERSION/" .env.example > "$OUT/.env.example"
cp deploy/minio-init.sh deploy/load-landing.sh deploy/ml-exchange.sh deploy/minio-volume.sh \
   "$OUT/deploy/"
cp -R deploy/minio/policies "$OUT/deploy/minio/"
cp docs/deployment.md docs/data-contract.md docs/ml-export.md "$OUT/docs/"
chmod +x "$OUT"/deploy/*.sh

# The bundled compose file must stand on its own (its mounts are relative to it).
docker compose --env-file /dev/null --project-directory "$OUT" --file "$OUT/docker-compose.yml" \
  config --quiet || fail "the bundled docker-compose.yml does not parse"

(cd "$OUT" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
tar -C artifacts -czf "artifacts/$NAME.tar.gz" "$NAME"
(cd artifacts && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
echo "== artifacts/$NAME.tar.gz ($(du -h "artifacts/$NAME.tar.gz" | cut -f1)); checksum in artifacts/$NAME.tar.gz.sha256"
