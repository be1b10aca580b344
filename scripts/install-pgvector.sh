#!/usr/bin/env bash
# Make the pgvector extension ("vector") available to the local PostgreSQL.
#
# Debian 12 (bookworm) does not package pgvector, so this script fetches the
# Debian source package of pgvector from a later Debian release line (trixie by
# default) through a private, throw-away apt configuration, and builds it
# against the local server with PGXS. The system's apt sources, lists and
# caches are not modified (only build dependencies are installed with the
# system apt).
#
# Idempotent: if vector.control is already installed, it exits at once.
#
# Environment overrides:
#   PG_MAJOR                 PostgreSQL major version (default 15)
#   PGVECTOR_DEBIAN_SUITES   release lines to try, in order
#                            (default "trixie unstable")
#   PGVECTOR_DEBIAN_MIRROR   Debian archive URI (default: the one already
#                            configured for the system's Debian release)
set -euo pipefail

start_ns=$(date +%s%N)
elapsed() {
  local now_ns
  now_ns=$(date +%s%N)
  awk -v a="$start_ns" -v b="$now_ns" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'
}
log() { echo "install-pgvector: $*"; }
die() { echo "install-pgvector: ERROR: $*" >&2; exit 1; }

PG_MAJOR=${PG_MAJOR:-15}
PG_CONFIG=/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config
CONTROL=/usr/share/postgresql/${PG_MAJOR}/extension/vector.control
SUITES=${PGVECTOR_DEBIAN_SUITES:-"trixie unstable"}
WANT_VERSION_RE='^0\.8\.'

if [ -f "$CONTROL" ]; then
  log "already installed: $CONTROL ($(grep -E '^default_version' "$CONTROL" | tr -d "' " || true))"
  log "done in $(elapsed) s (nothing to do)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n -E bash "$0" "$@"
  fi
  die "must run as root (or with password-less sudo)"
fi

export DEBIAN_FRONTEND=noninteractive
export NEEDRESTART_MODE=a

# --- build dependencies (system apt) ----------------------------------------
log "installing build dependencies"
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  "postgresql-server-dev-${PG_MAJOR}" build-essential make gcc dpkg-dev \
  ca-certificates >/dev/null
[ -x "$PG_CONFIG" ] || die "$PG_CONFIG not found after installing postgresql-server-dev-${PG_MAJOR}"

# --- private apt configuration for the source package -----------------------
work=$(mktemp -d /tmp/install-pgvector.XXXXXX)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/lists/partial" "$work/src"

mirror=${PGVECTOR_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  # First Debian archive (not the security archive) the system already uses.
  mirror=$(apt-get indextargets --format '$(ORIGIN) $(RELEASE) $(REPO_URI)' 2>/dev/null \
    | awk '$1 == "Debian" && $2 !~ /-security$/ { print $3; exit }')
fi
[ -n "$mirror" ] || die "no Debian archive configured; set PGVECTOR_DEBIAN_MIRROR"
mirror=${mirror%/}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "$keyring missing (package debian-archive-keyring)"

apt_private=(
  -o "Dir::Etc::SourceList=$work/sources.list"
  -o "Dir::Etc::SourceParts=-"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache::pkgcache="
  -o "Dir::Cache::srcpkgcache="
  -o "APT::Sandbox::User=root"
  -o "Acquire::Languages=none"
)

fetched=""
for suite in $SUITES; do
  log "looking for pgvector source in Debian '$suite'"
  echo "deb-src [signed-by=$keyring] $mirror $suite main" >"$work/sources.list"
  rm -rf "$work/lists"
  mkdir -p "$work/lists/partial"
  if ! apt-get "${apt_private[@]}" update -qq >"$work/update.log" 2>&1; then
    log "  '$suite': apt update failed: $(tail -n 2 "$work/update.log" | tr '\n' ' ')"
    continue
  fi
  version=$(apt-cache "${apt_private[@]}" showsrc pgvector 2>/dev/null \
    | awk '/^Version:/ { print $2 }' | sort -V | tail -n 1 || true)
  if [ -z "$version" ]; then
    log "  '$suite': no pgvector source package"
    continue
  fi
  upstream=${version#*:}
  upstream=${upstream%-*}
  if ! [[ $upstream =~ $WANT_VERSION_RE ]]; then
    log "  '$suite': pgvector $version is not 0.8.x, skipping"
    continue
  fi
  log "  '$suite': pgvector $version, fetching source"
  if (cd "$work/src" && apt-get "${apt_private[@]}" source -qq "pgvector=$version" >"$work/source.log" 2>&1); then
    fetched="$suite $version"
    break
  fi
  log "  '$suite': apt-get source failed: $(tail -n 3 "$work/source.log" | tr '\n' ' ')"
  rm -rf "${work:?}/src"/*
done
[ -n "$fetched" ] || die "no reachable Debian release line ($SUITES) has pgvector 0.8.x source"

srcdir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
[ -n "$srcdir" ] && [ -f "$srcdir/Makefile" ] || die "unpacked source tree not found in $work/src"
log "source: Debian $fetched, unpacked in $(basename "$srcdir")"

# --- build -------------------------------------------------------------------
# Upstream's Makefile may add -march=native through OPTFLAGS; the Debian
# packaging builds without it. OPTFLAGS= is passed as well so that the
# resulting vector.so never depends on the build machine's CPU features.
cd "$srcdir"
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" PG_CONFIG="$PG_CONFIG" OPTFLAGS= >"$work/build.log" 2>&1 \
  || { tail -n 40 "$work/build.log" >&2; die "make failed"; }
if grep -q -- '-march=native' "$work/build.log"; then
  die "build used -march=native; refusing to install a non-portable vector.so"
fi
log "verified: no -march=native in the compiler command lines"
make install PG_CONFIG="$PG_CONFIG" OPTFLAGS= >"$work/install.log" 2>&1 \
  || { tail -n 40 "$work/install.log" >&2; die "make install failed"; }

[ -f "$CONTROL" ] || die "make install did not produce $CONTROL"
log "installed $(grep -E '^default_version' "$CONTROL" | tr -d "' ") into PostgreSQL $PG_MAJOR"
log "done in $(elapsed) s"
