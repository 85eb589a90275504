# shellcheck shell=bash disable=SC2034  # variables used by the scripts that source it
# Shared helpers for scripts/test, scripts/run and scripts/odoo-test.
# Source it; do not run it.
#
# What it provides:
#   ensure_odoo          Odoo 19.0 importable by $PYTHON (tries the official nightly
#                        source tarball when it is not), else a clear error.
#   ensure_python_deps   packages of requirements-dev.txt, installed only when missing.
#   ensure_postgres      a private PostgreSQL cluster in .run/pg (unix socket in .run/,
#                        port $RECOUVREMENT_PG_PORT, default 54329), or the server
#                        given by PGHOST/PGPORT/PGUSER/PGPASSWORD.
#   write_odoo_conf      .run/odoo.conf pointing at that server and at the addons.
#   db_exists, module_state, drop_db, create_fr_db, odoo_cmd ...
#
# Environment knobs (all optional):
#   PYTHON                  interpreter that has Odoo (default python3)
#   RECOUVREMENT_PG_PORT    port of the private cluster (default 54329)
#   RECOUVREMENT_PG_BINDIR  directory holding initdb/pg_ctl/postgres
#   RECOUVREMENT_PG_KEEP=1  leave the private cluster running on exit
#   PGHOST [PGPORT PGUSER PGPASSWORD]  use that server instead of a private cluster
#   RECOUVREMENT_HTTP_PORT  port Odoo serves on (default 8069)
#   RECOUVREMENT_HTTP_INTERFACE  address Odoo listens on (default 127.0.0.1)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
LOG_DIR="$RUN_DIR/logs"
ODOO_CONF="$RUN_DIR/odoo.conf"
PYTHON="${PYTHON:-python3}"
ODOO=("$PYTHON" -m odoo)
ADDON=account_recouvrement
# the addons of the suite in dependency order, the installer (ADDON) last: each one
# is installed and tested alone (with its dependencies only), then all together
SUITE_ADDONS=(account_recouvrement_base account_recouvrement_dispute account_recouvrement_payment_plan account_recouvrement_factoring account_recouvrement_litigation account_recouvrement_receivables account_recouvrement)
# the optional glue addons, installed and tested with it when their dependency is
# importable (queue_job: requirements-dev.txt)
GLUE_ADDONS=(account_recouvrement_queue_job)
ODOO_SERIE=19.0
ODOO_NIGHTLY_URL="https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz"
PG_PORT="${RECOUVREMENT_PG_PORT:-54329}"
PG_MIN_MAJOR=13
HTTP_PORT="${RECOUVREMENT_HTTP_PORT:-8069}"
HTTP_INTERFACE="${RECOUVREMENT_HTTP_INTERFACE:-127.0.0.1}"

# Filled by ensure_postgres.
DB_HOST=""
DB_PORT=""
DB_USER=""
DB_PASSWORD=""
PG_BINDIR=""
PG_DATA=""
PG_LOG=""
PG_OS_USER=""
PG_STARTED_HERE=0

log() { printf '[recouvrement] %s\n' "$*" >&2; }
die() {
    printf '[recouvrement] ERROR: %s\n' "$*" >&2
    exit 1
}

# --------------------------------------------------------------------------------------
# Odoo
# --------------------------------------------------------------------------------------

odoo_serie() {
    "$PYTHON" -c 'from odoo import release; print(release.serie)' 2>/dev/null || true
}

ensure_odoo() {
    command -v "$PYTHON" >/dev/null 2>&1 || die "no '$PYTHON' interpreter on PATH (set PYTHON=...)."
    local serie
    serie="$(odoo_serie)"
    if [ -z "$serie" ]; then
        log "Odoo is not importable by $PYTHON; trying Odoo's official source: $ODOO_NIGHTLY_URL"
        if ! "$PYTHON" -m pip install --timeout 60 "$ODOO_NIGHTLY_URL" >"$LOG_DIR/pip-odoo.log" 2>&1; then
            tail -n 5 "$LOG_DIR/pip-odoo.log" >&2 || true
            die "Odoo 19.0 is missing and could not be installed from $ODOO_NIGHTLY_URL.
    Provide it, then re-run this command, for example:
      - pip install $ODOO_NIGHTLY_URL   (from a machine that reaches nightly.odoo.com), or
      - pip install -e /path/to/an/odoo-19.0/checkout, or
      - PYTHON=/path/to/a/python/that/has/odoo19 $0
    (full pip log: $LOG_DIR/pip-odoo.log)"
        fi
        serie="$(odoo_serie)"
    fi
    [ "$serie" = "$ODOO_SERIE" ] ||
        die "$PYTHON has Odoo '$serie', this project needs Odoo $ODOO_SERIE (set PYTHON=... to another interpreter)."
}

odoo_addons_dir() {
    "$PYTHON" - <<'EOF'
import os
import odoo

for path in odoo.__path__:
    addons = os.path.join(path, "addons")
    if os.path.isfile(os.path.join(addons, "base", "__manifest__.py")):
        print(os.path.realpath(addons))
        break
else:
    raise SystemExit("cannot find Odoo's addons directory (addons/base)")
EOF
}

# --------------------------------------------------------------------------------------
# Python dependencies
# --------------------------------------------------------------------------------------

# Print the requirement lines of requirements-dev.txt that are not satisfied.
missing_requirements() {
    "$PYTHON" - "$ROOT/requirements-dev.txt" <<'EOF'
import re
import sys
from importlib import metadata

try:
    from packaging.requirements import Requirement
except ImportError:  # pip always vendors it
    from pip._vendor.packaging.requirements import Requirement

for line in open(sys.argv[1], encoding="utf-8"):
    line = re.sub(r"\s#.*|^#.*", "", line).strip()
    if not line:
        continue
    req = Requirement(line)
    try:
        version = metadata.version(req.name)
    except metadata.PackageNotFoundError:
        print(line)
        continue
    if req.specifier and not req.specifier.contains(version, prereleases=True):
        print(line)
EOF
}

ensure_python_deps() {
    local missing
    missing="$(missing_requirements)"
    [ -z "$missing" ] && return 0
    log "installing missing Python packages: $(echo "$missing" | tr '\n' ' ')"
    # Pin every distribution already installed to its current version, so that adding
    # a tool never upgrades Odoo, lxml or anything Odoo relies on.
    local constraints="$RUN_DIR/pip-constraints.txt"
    "$PYTHON" -c '
from importlib import metadata
pins = {}
for dist in metadata.distributions():
    name = dist.metadata["Name"]
    if name and name.lower() not in pins:
        pins[name.lower()] = name + "==" + dist.version
print("\n".join(pins.values()))
' >"$constraints"
    local -a reqs
    mapfile -t reqs <<<"$missing"
    if ! "$PYTHON" -m pip install -q -c "$constraints" "${reqs[@]}" >"$LOG_DIR/pip-deps.log" 2>&1; then
        log "pip could not add them without touching installed packages; retrying with --no-deps"
        "$PYTHON" -m pip install -q --no-deps "${reqs[@]}" >>"$LOG_DIR/pip-deps.log" 2>&1 ||
            die "could not install: ${reqs[*]} (see $LOG_DIR/pip-deps.log)"
    fi
    missing="$(missing_requirements)"
    [ -z "$missing" ] || die "still missing after pip install: $missing (see $LOG_DIR/pip-deps.log)"
}

# --------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------

find_pg_bindir() {
    local d candidates=()
    [ -n "${RECOUVREMENT_PG_BINDIR:-}" ] && candidates+=("$RECOUVREMENT_PG_BINDIR")
    candidates+=(/usr/lib/postgresql/15/bin)
    # Other Debian/Ubuntu versions, newest first.
    while IFS= read -r d; do candidates+=("$d"); done < <(
        ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r
    )
    if command -v pg_ctl >/dev/null 2>&1; then
        candidates+=("$(dirname "$(readlink -f "$(command -v pg_ctl)")")")
    fi
    candidates+=(/usr/pgsql-*/bin /usr/local/pgsql/bin /opt/homebrew/bin /usr/local/bin)
    for d in "${candidates[@]}"; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && [ -x "$d/psql" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

chown_pg() {
    if [ "$(id -u)" -eq 0 ]; then chown "$PG_OS_USER" "$@"; fi
}

# Run a command as the OS user that owns the private cluster.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u "$PG_OS_USER" -- "$@"
        else
            su -s /bin/sh "$PG_OS_USER" -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

psql_cmd() {
    PGPASSWORD="$DB_PASSWORD" "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$@"
}

pg_stop_private() {
    if [ "$PG_STARTED_HERE" = 1 ] && [ "${RECOUVREMENT_PG_KEEP:-0}" != 1 ]; then
        # Another scripts/* run (or a psql) still uses the cluster: leave it running.
        local others
        others="$(psql_cmd -d postgres -tAc "select count(*) from pg_stat_activity
            where backend_type = 'client backend' and pid <> pg_backend_pid()" 2>/dev/null || echo 0)"
        [ "${others:-0}" = 0 ] || return 0
        as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -m fast -w stop >>"$LOG_DIR/postgresql-ctl.log" 2>&1 || true
        PG_STARTED_HERE=0
    fi
}

ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        PG_BINDIR="$(find_pg_bindir || dirname "$(command -v psql 2>/dev/null || echo /nonexistent/psql)")"
        [ -x "$PG_BINDIR/psql" ] || die "PGHOST is set but no 'psql' client is installed."
        DB_HOST="$PGHOST"
        DB_PORT="${PGPORT:-5432}"
        DB_USER="${PGUSER:-$(id -un)}"
        DB_PASSWORD="${PGPASSWORD:-}"
        log "using the PostgreSQL server given by PGHOST=$DB_HOST port $DB_PORT user $DB_USER"
        psql_cmd -d postgres -c 'select 1' >/dev/null ||
            die "cannot connect to PostgreSQL at $DB_HOST:$DB_PORT as $DB_USER (check PGHOST/PGPORT/PGUSER/PGPASSWORD)."
        return 0
    fi
    PG_BINDIR="$(find_pg_bindir)" || die "no PostgreSQL server binaries (initdb, pg_ctl, postgres, psql) found.
    Install them (Debian/Ubuntu: apt-get install postgresql), or point RECOUVREMENT_PG_BINDIR
    at their directory, or use an existing server with PGHOST=... [PGPORT PGUSER PGPASSWORD]."
    local major
    major="$("$PG_BINDIR/postgres" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')"
    [ "$major" -ge "$PG_MIN_MAJOR" ] ||
        die "PostgreSQL $major found in $PG_BINDIR; Odoo 19 needs PostgreSQL >= $PG_MIN_MAJOR."

    # PostgreSQL refuses to run as root: when we are root the cluster belongs to the
    # unprivileged 'postgres' system user (created when it does not exist).
    if [ "$(id -u)" -eq 0 ]; then
        PG_OS_USER=postgres
        if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
            log "creating the unprivileged system user '$PG_OS_USER' to run PostgreSQL"
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$PG_OS_USER" ||
                die "could not create the system user '$PG_OS_USER'"
        fi
    else
        PG_OS_USER="$(id -un)"
    fi

    local base="$RUN_DIR"
    mkdir -p "$base"
    chown_pg "$base"
    # The socket path must stay under the unix limit (107 bytes), and the cluster
    # owner must be able to reach the folder; otherwise fall back to a folder in /tmp.
    if [ ${#base} -gt 80 ] || ! as_pg test -w "$base" -a -x "$base"; then
        base="${TMPDIR:-/tmp}/recouvrement-pg-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
        mkdir -p "$base"
        chown_pg "$base"
        chmod 700 "$base"
        log "note: $RUN_DIR is not usable by '$PG_OS_USER' for the cluster; using $base"
    fi
    PG_DATA="$base/pg"
    PG_LOG="$base/postgresql.log"
    DB_HOST="$base"
    DB_PORT="$PG_PORT"
    DB_USER=odoo
    DB_PASSWORD=""

    if [ ! -s "$PG_DATA/PG_VERSION" ]; then
        log "creating the private PostgreSQL $major cluster in $PG_DATA"
        rm -rf "$PG_DATA"
        as_pg "$PG_BINDIR/initdb" -D "$PG_DATA" -U "$DB_USER" --auth=trust -E UTF8 --no-locale \
            >"$LOG_DIR/initdb.log" 2>&1 || die "initdb failed, see $LOG_DIR/initdb.log"
        echo "include_if_exists = 'recouvrement.conf'" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
    fi
    # Settings written at each start, so that a changed port is taken into account.
    # Socket only (no TCP), so the port number never clashes with another server.
    as_pg tee "$PG_DATA/recouvrement.conf" >/dev/null <<EOF
# Written by scripts/lib.sh at each start. Throw-away development cluster.
port = $PG_PORT
listen_addresses = ''
unix_socket_directories = '$base'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
    if as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        local running_port
        running_port="$(sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
        if [ "$running_port" != "$PG_PORT" ]; then
            log "restarting the private cluster (port $running_port -> $PG_PORT)"
            as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -m fast -w -l "$PG_LOG" restart \
                >>"$LOG_DIR/postgresql-ctl.log" 2>&1 || die "could not restart PostgreSQL, see $PG_LOG"
        fi
    else
        log "starting the private PostgreSQL cluster (socket $base, port $PG_PORT)"
        as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -w -t 60 -l "$PG_LOG" start \
            >>"$LOG_DIR/postgresql-ctl.log" 2>&1 || {
            tail -n 20 "$PG_LOG" >&2 || true
            die "PostgreSQL did not start, see $PG_LOG"
        }
        PG_STARTED_HERE=1
    fi
    psql_cmd -d postgres -c 'select 1' >/dev/null || die "cannot connect to the private cluster at $base:$PG_PORT"
}

# --------------------------------------------------------------------------------------
# Odoo configuration and databases
# --------------------------------------------------------------------------------------

write_odoo_conf() {
    local addons
    addons="$(odoo_addons_dir)" || die "cannot locate Odoo's addons directory"
    mkdir -p "$RUN_DIR/data"
    cat >"$ODOO_CONF" <<EOF
; Written by scripts/lib.sh; regenerated by every scripts/* run. Do not edit.
[options]
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
$( [ -n "$DB_PASSWORD" ] && echo "db_password = $DB_PASSWORD" )
pg_path = $PG_BINDIR
addons_path = $ROOT,$addons
data_dir = $RUN_DIR/data
http_port = $HTTP_PORT
http_interface = $HTTP_INTERFACE
log_level = info
max_cron_threads = 1
EOF
}

db_exists() {
    [ "$(psql_cmd -d postgres -tAc "select 1 from pg_database where datname = '$1'")" = 1 ]
}

# State of a module in a database ('' when the database or module does not exist).
module_state() {
    psql_cmd -d "$1" -tAc "select state from ir_module_module where name = '$2'" 2>/dev/null || true
}

drop_db() {
    if db_exists "$1"; then
        log "dropping database $1"
        "${ODOO[@]}" db -c "$ODOO_CONF" drop "$1" >>"$LOG_DIR/odoo-db.log" 2>&1 ||
            psql_cmd -d postgres -c "drop database if exists \"$1\" with (force)" >/dev/null
    fi
}

# create_fr_db NAME [--with-demo] [--language fr_FR]
# A new database whose main company is French (country FR, currency EUR).
create_fr_db() {
    local name="$1"
    shift
    log "creating database $name (French company) $*"
    "${ODOO[@]}" db -c "$ODOO_CONF" init "$name" --force --country FR "$@" \
        >"$LOG_DIR/db-init-$name.log" 2>&1 || {
        tail -n 30 "$LOG_DIR/db-init-$name.log" >&2
        die "could not create database $name, see $LOG_DIR/db-init-$name.log"
    }
}

# odoo_modules NAME LOGFILE -i|-u MODULES [extra odoo options]
# Install or update modules, then check they ended 'installed'.
odoo_modules() {
    local name="$1" logfile="$2" flag="$3" modules="$4"
    shift 4
    log "odoo $flag $modules on $name (log: ${logfile#"$ROOT"/})"
    local rc=0
    "${ODOO[@]}" -c "$ODOO_CONF" -d "$name" "$flag" "$modules" --stop-after-init --no-http \
        "$@" >"$logfile" 2>&1 || rc=$?
    local m bad=""
    for m in ${modules//,/ }; do
        [ "$(module_state "$name" "$m")" = installed ] || bad="$bad $m"
    done
    if [ "$rc" != 0 ] || [ -n "$bad" ]; then
        grep -E ' (ERROR|CRITICAL) ' "$logfile" | tail -n 20 >&2 || tail -n 40 "$logfile" >&2
        die "installing/updating '$modules' on $name failed (exit $rc; not installed:${bad:- none}); full log: $logfile"
    fi
}

# addons_to_test: the addons of the suite, then the glue addons (GLUE_ADDONS) whose other
# dependencies are importable, comma-separated: what scripts/test and
# scripts/odoo-test install and test.
addons_to_test() {
    local list glue
    list="$(IFS=,; echo "${SUITE_ADDONS[*]}")"
    for glue in "${GLUE_ADDONS[@]}"; do
        if "$PYTHON" - "$ROOT/$glue" <<'PY'
import ast
import importlib.util
import os
import sys

with open(os.path.join(sys.argv[1], "__manifest__.py"), encoding="utf-8") as manifest:
    depends = ast.literal_eval(manifest.read())["depends"]
missing = [
    name
    for name in depends
    if not name.startswith("account_recouvrement")
    and importlib.util.find_spec(f"odoo.addons.{name}") is None
]
sys.exit(1 if missing else 0)
PY
        then
            list="$list,$glue"
        else
            log "$glue left out: a module it depends on is not installed"
        fi
    done
    printf '%s\n' "$list"
}

# Usual start of every script.
prepare_environment() {
    mkdir -p "$RUN_DIR" "$LOG_DIR"
    ensure_odoo
    ensure_python_deps
    ensure_postgres
    write_odoo_conf
}

trap pg_stop_private EXIT
