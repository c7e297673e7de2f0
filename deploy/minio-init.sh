#!/bin/sh
# One-shot MinIO setup, run by the `minio-init` service (minio/mc image) at every
# `docker compose up`. Idempotent: buckets are created when missing, policies and users are
# created or updated (a secret changed in .env is applied on the next `up`).
#
#   buckets   $BUCKETS (landing lake exports)
#   users     $API_USER       read-only on the lake          (policies/api-readonly.json)
#             $PIPELINE_USER  reads landing, writes lake and exports (policies/pipeline-readwrite.json)
#             $ML_USER        reads exports/, writes exports/ml_results/ (policies/ml-exports.json)
set -eu

POLICIES=/deploy/policies

fail() {
  echo "minio-init: $*" >&2
  exit 1
}

for name in MINIO_URL MINIO_ROOT_USER MINIO_ROOT_PASSWORD BUCKETS API_USER API_SECRET \
            PIPELINE_USER PIPELINE_SECRET ML_USER ML_SECRET; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || fail "$name is not set"
done
for name in API_SECRET PIPELINE_SECRET ML_SECRET; do
  eval "value=\${$name}"
  [ "${#value}" -ge 8 ] || fail "$name must have at least 8 characters (a MinIO rule)"
done

mc alias set local "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null \
  || fail "cannot log in to $MINIO_URL as MINIO_ROOT_USER"

for bucket in $BUCKETS; do
  mc mb --ignore-existing "local/$bucket"
done

# user secret policy-name policy-file
grant() {
  mc admin policy create local "$3" "$POLICIES/$4" >/dev/null
  mc admin user add local "$1" "$2" >/dev/null
  if ! mc admin policy attach local "$3" --user "$1" >/dev/null 2>&1; then
    # attach refuses a policy that is already attached; anything else is an error
    mc admin user info local "$1" | grep -q "$3" || fail "cannot attach $3 to $1"
  fi
  echo "minio-init: user $1 has policy $3"
}

grant "$API_USER" "$API_SECRET" spareparts-api-readonly api-readonly.json
grant "$PIPELINE_USER" "$PIPELINE_SECRET" spareparts-pipeline pipeline-readwrite.json
grant "$ML_USER" "$ML_SECRET" spareparts-ml ml-exports.json
echo "minio-init: done"
