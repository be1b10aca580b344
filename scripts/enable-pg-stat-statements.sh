#!/usr/bin/env bash
# Preload pg_stat_statements in the local PostgreSQL so the STAT_STATEMENTS capture mode can be
# tested against a real server. The library ships with PostgreSQL's contrib; preloading it needs a
# server restart, which this script does only when the setting is missing.
#
# Idempotent: if shared_preload_libraries already names pg_stat_statements, it exits at once.
# Environment overrides: PGHOST (default 127.0.0.1), PGPORT (default 5432), PGUSER (default postgres).
set -euo pipefail

log() { echo "enable-pg-stat-statements: $*"; }
die() { echo "enable-pg-stat-statements: ERROR: $*" >&2; exit 1; }

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
psql_q() { psql -X -q -t -A -d postgres -c "$1"; }

current=$(psql_q "SHOW shared_preload_libraries") || die "cannot reach PostgreSQL at $PGHOST:$PGPORT"
case ",${current// /}," in
  *,pg_stat_statements,*) log "already preloaded ($current)"; exit 0 ;;
esac

if [ -n "${current// /}" ]; then
  wanted="$current, pg_stat_statements"
else
  wanted="pg_stat_statements"
fi
psql_q "ALTER SYSTEM SET shared_preload_libraries = '$wanted'"

cluster_version=$(psql_q "SHOW server_version_num")
major=$((cluster_version / 10000))
command -v pg_ctlcluster >/dev/null 2>&1 || die "pg_ctlcluster not found: restart PostgreSQL $major yourself"
log "restarting PostgreSQL $major to load pg_stat_statements"
pg_ctlcluster --skip-systemctl-redirect "$major" main restart
for _ in $(seq 1 30); do
  pg_isready -q -h "$PGHOST" -p "$PGPORT" && break
  sleep 1
done
after=$(psql_q "SHOW shared_preload_libraries") || die "PostgreSQL did not come back after the restart"
log "shared_preload_libraries = $after"
