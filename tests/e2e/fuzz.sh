#!/usr/bin/env bash
# schemathesis over every operation of the live server ($BASE) with the admin token; every check
# but those schemathesis.toml turns off, each with its reason.
set -euo pipefail
OUT=$1
st --config-file "$(dirname "$0")/schemathesis.toml" run "$BASE/openapi.json" \
  -H "Authorization: Bearer $LMSGATE_ADMIN_TOKEN" \
  --max-time "${FUZZ_SECONDS:-120}" -w 2 \
  --report junit --report-dir "$OUT/schemathesis" \
  | tee "$OUT/schemathesis.log" | tail -20
