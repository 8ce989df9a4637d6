#!/bin/sh
# Entrypoint of the Gantry image: `gantry-entrypoint <app> [args…]`, app = a stage service
# (ingest, indexer, inspector, remediator, redactor, exporter) or `cli` (the gantry command).
set -eu

usage() {
  echo "usage: gantry-entrypoint <ingest|indexer|inspector|remediator|redactor|exporter|cli> [args...]" >&2
  exit 64
}

[ "$#" -ge 1 ] || usage
app="$1"
shift
case "$app" in
  ingest|indexer|inspector|remediator|redactor|exporter|cli) main="/app/apps/$app/dist/main.js" ;;
  *) usage ;;
esac

# Kubernetes mounts Secret files root-owned and group-readable at best, while Gantry accepts
# only an owner-only deployment key (0600). Copy it into the pod's memory volume first.
if [ -n "${GANTRY_KEY_SOURCE:-}" ]; then
  : "${GANTRY_KEY_FILE:?GANTRY_KEY_FILE must name where the key copy goes}"
  umask 077
  mkdir -p "$(dirname "$GANTRY_KEY_FILE")"
  cat "$GANTRY_KEY_SOURCE" > "$GANTRY_KEY_FILE"
fi

exec node "$main" "$@"
