#!/usr/bin/env bash
# Redmine 5 (Debian packages) vs dondoc under the same HTTP workload (issue 9 item 2).
# Not part of CI: it installs system packages, needs root, and takes several minutes.
#
#   benches/redmine.sh                # SQLite for both systems
#   DB=postgres benches/redmine.sh    # PostgreSQL (127.0.0.1:5432, user postgres) for both
#   ONLY=dondoc benches/redmine.sh    # one system only (redmine or dondoc)
#
# What it does:
#   1. apt-get install redmine redmine-sqlite puma (Debian 12: Redmine 5.0.4, Rails 6.1);
#   2. configures the "default" instance: SQLite busy timeout, default data (trackers,
#      statuses, roles), REST API on, e-mail notifications off, a project and 20 users
#      (one per "unit") who are members and may be assigned issues;
#   3. starts Redmine on 127.0.0.1:$REDMINE_PORT with puma, runs `dondoc-bench load
#      --target redmine`, stops it;
#   4. starts dondoc (demo data, SQLite) on 127.0.0.1:$DONDOC_PORT, gives every unit a
#      head account, runs `dondoc-bench load --target dondoc`, stops it.
# Results go to $OUT (default /tmp/redmine-compare/$DB), one JSON line per system.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=${DB:-sqlite}
case "$DB" in sqlite|postgres) ;; *) echo "DB must be sqlite or postgres" >&2; exit 2 ;; esac
PG_ADMIN=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
OUT=${OUT:-/tmp/redmine-compare/$DB}
ONLY=${ONLY:-}
REDMINE_PORT=${REDMINE_PORT:-3300}
DONDOC_PORT=${DONDOC_PORT:-3301}
# Four single-threaded workers (since 2026-12-07). With 2 workers x 4 threads, the
# worker that accepted the clients' keep-alive connections kept them: on 2026-12-06 one
# worker served 2,805 requests and the other 3, so Redmine ran on one core (59 % busy).
# A single-threaded worker accepts no connection while busy, so four spread the four
# clients (758-783 requests each, 100 % busy) and Redmine ran 1.6-1.9x faster.
PUMA_WORKERS=${PUMA_WORKERS:-4}
PUMA_THREADS=${PUMA_THREADS:-1}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-bench-admin-2026}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-bench}
BENCH=$CARGO_TARGET_DIR/release/dondoc-bench
DONDOC=$CARGO_TARGET_DIR/release/dondoc
LOAD_ARGS=(--creates "${CREATES:-2000}" --updates "${UPDATES:-500}" --clients 4 --seconds "${SECONDS_PER_PHASE:-10}" --json)

mkdir -p "$OUT"
log() { echo "[$(date +%T)] $*" | tee -a "$OUT/run.log"; }

if [ "$ONLY" != dondoc ]; then
# ---- 1. packages ----
if ! dpkg -s redmine redmine-sqlite redmine-pgsql puma >/dev/null 2>&1; then
  log "installing redmine, redmine-sqlite, redmine-pgsql, puma"
  cat <<'PRESEED' | debconf-set-selections
redmine redmine/instances/default/database-type select sqlite3
redmine redmine/instances/default/dbconfig-install boolean true
redmine redmine/instances/default/db/basepath string /var/lib/dbconfig-common/sqlite3/redmine/instances/default
redmine redmine/instances/default/db/dbname string redmine_default
redmine redmine/instances/default/default-language select en
PRESEED
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redmine redmine-sqlite redmine-pgsql puma
fi
log "redmine $(dpkg-query -W -f='${Version}' redmine), puma $(dpkg-query -W -f='${Version}' puma)"

fi

# NO_BUILD=1 uses the binaries already in $CARGO_TARGET_DIR/release.
[ -n "${NO_BUILD:-}" ] || (cd "$ROOT" && cargo build --release -q -p dondoc -p dondoc-bench)

if [ "$ONLY" != dondoc ]; then
# ---- 2. configuration ----
ETC=/etc/redmine/default
DBYML=$ETC/database.yml
# The package's own configuration is SQLite; it is kept as database.yml.sqlite and put
# back after a PostgreSQL run.
[ -f "$DBYML.sqlite" ] || cp "$DBYML" "$DBYML.sqlite"
if [ "$DB" = postgres ]; then
  psql "$PG_ADMIN" -qc 'DROP DATABASE IF EXISTS redmine_bench' -c 'CREATE DATABASE redmine_bench'
  cat > "$DBYML" <<YML
production:
  adapter: postgresql
  database: redmine_bench
  host: 127.0.0.1
  port: 5432
  username: postgres
  encoding: utf8
  pool: 8
YML
  trap 'cp "$DBYML.sqlite" "$DBYML"' EXIT
else
  cp "$DBYML.sqlite" "$DBYML"
  # Busy timeout for SQLite (ms): without it concurrent writers fail at once with
  # "database is locked".
  if ! grep -q 'timeout:' "$DBYML"; then
    sed -i 's/^\(\s*adapter: sqlite3\)$/\1\n  timeout: 5000/' "$DBYML"
  fi
fi
log "database.yml: $(tr '\n' ' ' < "$DBYML")"
cd /usr/share/redmine
export RAILS_ENV=production X_DEBIAN_SITEID=default REDMINE_LANG=en
# SCHEMA: the dump that follows a migration goes to /tmp (www-data may not write /usr/share).
runuser -u www-data -- env RAILS_ENV=production X_DEBIAN_SITEID=default SCHEMA=/tmp/redmine-schema.rb \
  rake db:migrate >>"$OUT/run.log" 2>&1
runuser -u www-data -- env RAILS_ENV=production X_DEBIAN_SITEID=default REDMINE_LANG=en \
  rake redmine:load_default_data >>"$OUT/run.log" 2>&1 || log "default data already loaded (or failed: see run.log)"
cat > "$OUT/setup.rb" <<RUBY
Setting.rest_api_enabled = '1'
Setting.login_required = '1'
Setting.notified_events = []
Setting.default_notification_option = 'none'
admin = User.find_by_login('admin')
admin.password = admin.password_confirmation = '$ADMIN_PASSWORD'
admin.must_change_passwd = false
admin.mail_notification = 'none'
admin.save!
project = Project.find_by_identifier('dondoc-bench') ||
  Project.create!(name: 'dondoc bench', identifier: 'dondoc-bench', is_public: true,
                  enabled_module_names: ['issue_tracking'], trackers: Tracker.all)
role = Role.where(assignable: true).where(builtin: 0).order(:position).first
# Every run starts without issues, as dondoc's starts from a fresh database: the SQLite
# database is the package's own and outlives a run (the PostgreSQL one is recreated), and
# the issues of earlier runs would make every list and count slower.
ActiveRecord::Base.transaction do
  journals = Journal.where(journalized_type: 'Issue')
  JournalDetail.where(journal_id: journals.select(:id)).delete_all
  journals.delete_all
  Watcher.where(watchable_type: 'Issue').delete_all
  Issue.delete_all
end
20.times do |i|
  login = format('unit%02d', i + 1)
  u = User.find_by_login(login) || User.new(firstname: 'Unit', lastname: format('%02d', i + 1),
                                            mail: "#{login}@bench.invalid")
  u.login = login
  u.password = u.password_confirmation = '$ADMIN_PASSWORD'
  u.mail_notification = 'none'
  u.save!
  Member.create!(project: project, user: u, roles: [role]) unless Member.where(project: project, user: u).exists?
end
done = IssueStatus.find_by_name('Resolved') || IssueStatus.where(is_closed: true).first
puts "DONE_STATUS=#{done.id}"
puts "ISSUES=#{Issue.count}"
RUBY
SETUP=$(runuser -u www-data -- env RAILS_ENV=production X_DEBIAN_SITEID=default \
  ruby bin/rails runner "$OUT/setup.rb" 2>>"$OUT/run.log")
echo "$SETUP" | tee -a "$OUT/run.log"
DONE_STATUS=$(echo "$SETUP" | sed -n 's/^DONE_STATUS=//p')

# ---- 3. Redmine run ----
log "starting puma: $PUMA_WORKERS workers x $PUMA_THREADS threads on 127.0.0.1:$REDMINE_PORT"
runuser -u www-data -- env RAILS_ENV=production X_DEBIAN_SITEID=default \
  puma -e production -b "tcp://127.0.0.1:$REDMINE_PORT" -w "$PUMA_WORKERS" -t "$PUMA_THREADS:$PUMA_THREADS" \
  config.ru >"$OUT/puma.log" 2>&1 &
PUMA=$!
trap 'kill $PUMA 2>/dev/null || true; cp "$DBYML.sqlite" "$DBYML"' EXIT
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$REDMINE_PORT/" && break
  sleep 1
done
PRODUCTION_LOG=/var/log/redmine/default/production.log
PRODUCTION_LOG_LINES=$(wc -l < "$PRODUCTION_LOG" 2>/dev/null || echo 0)
log "load average before Redmine run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BENCH" load --target redmine --url "http://127.0.0.1:$REDMINE_PORT" --user admin \
  --password "$ADMIN_PASSWORD" --project dondoc-bench --done-status "$DONE_STATUS" "${LOAD_ARGS[@]}" \
  | tee "$OUT/redmine.txt"
# Lock errors of this run only: production.log outlives runs, so only its new lines count.
tail -n +"$((PRODUCTION_LOG_LINES + 1))" "$PRODUCTION_LOG" 2>/dev/null \
  | grep -c 'BusyException\|database is locked' | sed 's/^/lock errors in production.log (this run): /' \
  | tee -a "$OUT/run.log" || true
grep -c 'BusyException\|database is locked' "$OUT/puma.log" | sed 's/^/lock errors in puma.log: /' \
  | tee -a "$OUT/run.log" || true
# How the requests spread over puma's workers (by process id): a worker keeps the
# keep-alive connections it accepted, so one worker may end up serving all four clients
# on one core while the other idles (seen on 2026-12-06: 2,805 requests against 3).
tail -n +"$((PRODUCTION_LOG_LINES + 1))" "$PRODUCTION_LOG" 2>/dev/null \
  | sed -n 's/.*#\([0-9]*\)\].*Completed.*/\1/p' | sort | uniq -c \
  | awk '{printf "%s requests by worker %s; ", $1, $2} END {print ""}' \
  | sed 's/^/requests per puma worker (this run): /' | tee -a "$OUT/run.log" || true
kill "$PUMA"; wait "$PUMA" 2>/dev/null || true
cp "$DBYML.sqlite" "$DBYML"
trap - EXIT
log "Redmine stopped"

fi

if [ "$ONLY" != redmine ]; then
# ---- 4. dondoc run, same workload ----
if [ "$DB" = postgres ]; then
  psql "$PG_ADMIN" -qc 'DROP DATABASE IF EXISTS dondoc_bench_http' -c 'CREATE DATABASE dondoc_bench_http'
  DBURL=postgres://postgres@127.0.0.1:5432/dondoc_bench_http
else
  rm -f "$OUT"/dondoc.db*
  DBURL=sqlite://$OUT/dondoc.db
fi
"$DONDOC" demo --db "$DBURL" --no-serve >"$OUT/dondoc-seed.log" 2>&1
"$DONDOC" serve --db "$DBURL" --bind "127.0.0.1:$DONDOC_PORT" >"$OUT/dondoc.log" 2>&1 &
DD=$!
trap 'kill $DD 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$DONDOC_PORT/healthz" && break
  sleep 0.5
done
# Every unit gets a head account, so the work spreads over all units (as over Redmine's 20 users).
TOKEN=$(curl -fsS -H 'content-type: application/json' \
  -d '{"username":"vanphong","password":"kienan2026"}' "http://127.0.0.1:$DONDOC_PORT/api/v1/session" \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
for id in $(curl -fsS -H "authorization: Bearer $TOKEN" "http://127.0.0.1:$DONDOC_PORT/api/v1/units" \
  | grep -o '"id":[0-9]*,"parent_id":[0-9]*,"kind":"unit"' | sed 's/"id":\([0-9]*\),.*/\1/'); do
  DONDOC_PASSWORD=kienan2026 "$DONDOC" user add --db "$DBURL" --username "bench$id" \
    --name "Trưởng đơn vị $id" --role unit_head --position truong_phong --unit "$id" >>"$OUT/dondoc-seed.log" 2>&1 || true
done
log "load average before dondoc run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BENCH" load --target dondoc --url "http://127.0.0.1:$DONDOC_PORT" --user vanphong \
  --password kienan2026 "${LOAD_ARGS[@]}" | tee "$OUT/dondoc.txt"
grep -c 'database is locked' "$OUT/dondoc.log" | sed 's/^/"database is locked" in dondoc.log: /' | tee -a "$OUT/run.log" || true
kill "$DD"; wait "$DD" 2>/dev/null || true
trap - EXIT
log "dondoc stopped; results in $OUT/redmine.txt and $OUT/dondoc.txt"
fi
