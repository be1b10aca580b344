#!/usr/bin/env bash
# Load schema.sql into the local PostgreSQL and capture one
# EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) plan per file in queries/.
# Output: examples/plans/NN_name.json next to this script.
#
# Needs the pgvector extension to be installed (scripts/install-pgvector.sh).
# Connection: PGHOST / PGPORT / PGUSER / PGDATABASE, defaulting to
# 127.0.0.1:5432, user postgres, database test.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-postgres}
export PGDATABASE=${PGDATABASE:-test}

# Session settings shared by every query file; a file may override them with
# its own SET lines. Serial plans by default; the parallel examples raise
# max_parallel_workers_per_gather themselves.
export PGOPTIONS="-c search_path=nd_examples,public -c jit=off \
-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1 \
-c seq_page_cost=1 -c effective_cache_size=1GB -c work_mem=4MB \
-c hash_mem_multiplier=2 -c enable_partitionwise_join=off -c geqo=off"

psql_base=(psql -X -v ON_ERROR_STOP=1)
trap 'rm -f "$here"/*.json.tmp' EXIT

if ! "${psql_base[@]}" -q -At -c "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'" | grep -q 1; then
  echo "capture.sh: the 'vector' extension is not available; run scripts/install-pgvector.sh first" >&2
  exit 1
fi

echo "capture.sh: $("${psql_base[@]}" -q -At -c 'SELECT version()')"
start=$(date +%s)
"${psql_base[@]}" -q -f "$here/schema.sql" >/dev/null
echo "capture.sh: schema.sql loaded in $(( $(date +%s) - start )) s;" \
  "pgvector $("${psql_base[@]}" -q -At -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'")"

n=0
for q in "$here"/queries/[0-9][0-9]_*.sql; do
  name=$(basename "$q" .sql)
  out="$here/$name.json"
  "${psql_base[@]}" -q -At -f "$q" >"$out.tmp"
  python3 -m json.tool "$out.tmp" >/dev/null \
    || { echo "capture.sh: $name: output is not valid JSON" >&2; exit 1; }
  mv "$out.tmp" "$out"
  n=$((n + 1))
  echo "capture.sh: wrote $(basename "$out")"
done
echo "capture.sh: $n plans captured"
