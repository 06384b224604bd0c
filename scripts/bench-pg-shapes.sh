#!/usr/bin/env bash
# PostgreSQL's own CPU per webhook for three shapes of the same writes, without the server:
#   single  one transaction per webhook: claim (advisory lock + log read), organization read,
#           compare-and-set, finished log row insert, COMMIT (today's shape on PostgreSQL)
#   seq16   16 webhooks' same single-row statements in one transaction (group commit alone)
#   batch16 16 webhooks in one transaction as 4 multi-row statements (a batch-native write path)
# After a 5 s warm-up, each shape runs under pgbench (4 clients, 14 s; BENCH_SHAPES picks them); the CPU of pgbench's own backends is read from
# /proc over the 10 middle seconds, divided by the webhooks done in them. Other users of the
# cluster do not count, but they share the cores: compare shapes within one run.
# Usage: scripts/bench-pg-shapes.sh [postgres://user:password@host:port/db]  (as root or the
# backends' owner, to read /proc/<pid>/stat; default: the tests' database).
set -euo pipefail
url=${1:-postgres://billing_test:billing_test@127.0.0.1:5432/billing_test}
pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)
[ -x "$pgbench" ] || { echo "pgbench not found (it comes with the PostgreSQL server package)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"; psql "$url" -q -c "DROP SCHEMA IF EXISTS bench_shapes CASCADE" 2>/dev/null || true' EXIT

# The tables as migrations 1 and 3 create them; 2,000 organizations with documents of the
# benchmark's size (~640 bytes), 1,000 payloads of a Stripe event's size (~4.2 KB, lz4 as in
# migration 10).
psql "$url" -q -v ON_ERROR_STOP=1 <<'SQL'
DROP SCHEMA IF EXISTS bench_shapes CASCADE;
CREATE SCHEMA bench_shapes;
SET search_path = bench_shapes;
CREATE TABLE organizations (id TEXT PRIMARY KEY, version BIGINT NOT NULL, customer_id TEXT,
  document TEXT NOT NULL, current_status TEXT, current_plan TEXT,
  current_cancel_at_period_end BOOLEAN, current_period_start BIGINT, current_period_end BIGINT,
  current_grace_starts_at BIGINT);
CREATE INDEX organizations_customer_id ON organizations (customer_id);
CREATE INDEX organizations_current_status ON organizations (current_status);
CREATE TABLE webhook_log (event_id TEXT PRIMARY KEY, type TEXT NOT NULL, status TEXT NOT NULL,
  attempts INTEGER NOT NULL, error TEXT, detail TEXT, organization_id TEXT,
  event_created BIGINT NOT NULL, livemode BOOLEAN NOT NULL, payload TEXT COMPRESSION lz4 NOT NULL,
  received_at BIGINT NOT NULL, claimed_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX webhook_log_received ON webhook_log (received_at, event_id);
CREATE INDEX webhook_log_status ON webhook_log (status, received_at, event_id);
CREATE TABLE samples (n INT PRIMARY KEY, payload TEXT NOT NULL);
CREATE SEQUENCE events;
INSERT INTO organizations
  SELECT 'org_' || n, 1, 'cus_' || md5(n::text), '{"plan":"team","subscriptions":[{"id":"sub_'
      || md5(n::text) || '","status":"active","items":"' || repeat(md5((n * 7)::text), 16) || '"}]}',
    'active', 'team', false, 0, 0, NULL
  FROM generate_series(1, 2000) n;
INSERT INTO samples
  SELECT s, '{' || string_agg('"field_' || i || '": "' || md5((s * 1000 + i)::text) || '"', ', ')
      || '}'
  FROM generate_series(1, 1000) s, generate_series(1, 95) i GROUP BY s;
ANALYZE organizations; ANALYZE webhook_log; ANALYZE samples;
SQL

cat > "$work/single.sql" <<'EOF'
\set o random(1, 2000)
\set p random(1, 1000)
BEGIN;
SELECT pg_advisory_xact_lock(hashtext(e)), (SELECT status FROM bench_shapes.webhook_log WHERE event_id = e) FROM (SELECT 'evt_' || nextval('bench_shapes.events') e) x;
SELECT version, document FROM bench_shapes.organizations WHERE id = 'org_' || :o \gset
UPDATE bench_shapes.organizations SET version = version + 1, document = :document, current_period_start = current_period_start + 1 WHERE id = 'org_' || :o AND version = :version;
INSERT INTO bench_shapes.webhook_log (event_id, type, status, attempts, organization_id, event_created, livemode, payload, received_at, claimed_at, updated_at, detail) SELECT 'evt_' || currval('bench_shapes.events'), 'customer.subscription.updated', 'processed', 1, 'org_' || :o, 1, false, payload, 1, 1, 1, 'applied' FROM bench_shapes.samples WHERE n = :p;
COMMIT;
EOF
{
  echo "BEGIN;"
  for i in $(seq 1 16); do
    grep -v '^BEGIN\|^COMMIT' "$work/single.sql" | sed "s/:o\b/:o$i/g; s/:p\b/:p$i/g; s/^\\\\set o /\\\\set o$i /; s/^\\\\set p /\\\\set p$i /"
  done
  echo "COMMIT;"
} > "$work/seq16.sql"
cat > "$work/batch16.sql" <<'EOF'
BEGIN;
SELECT pg_advisory_xact_lock(hashtext(e)), (SELECT status FROM bench_shapes.webhook_log WHERE event_id = e) FROM (SELECT 'evt_' || nextval('bench_shapes.events') e FROM generate_series(1, 16)) x;
SELECT id, version, document FROM bench_shapes.organizations WHERE id = ANY (ARRAY(SELECT 'org_' || (1 + (random() * 1999)::int) FROM generate_series(1, 16)));
UPDATE bench_shapes.organizations t SET version = t.version + 1, document = t.document, current_period_start = t.current_period_start + 1 FROM (SELECT DISTINCT 'org_' || (1 + (random() * 1999)::int) AS id FROM generate_series(1, 16)) v WHERE t.id = v.id;
INSERT INTO bench_shapes.webhook_log (event_id, type, status, attempts, organization_id, event_created, livemode, payload, received_at, claimed_at, updated_at, detail) SELECT 'evt_' || nextval('bench_shapes.events'), 'customer.subscription.updated', 'processed', 1, 'org_1', 1, false, s.payload, 1, 1, 1, 'applied' FROM generate_series(1, 16) g JOIN bench_shapes.samples s ON s.n = 1 + ((g * 61 + (random() * 999)::int) % 1000);
COMMIT;
EOF

backends_cpu_ticks() {
  local pid total=0
  for pid in $(psql "$url" -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = 'pgbench'"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
# Warm-up, not measured: the first run after loading the tables sets hint bits and fills caches.
"$pgbench" "$url" -n -M prepared -c 4 -j 1 -T 5 -f "$work/seq16.sql" > /dev/null 2>&1
ticks_per_second=$(getconf CLK_TCK)
printf '%-8s %12s %18s %26s\n' shape webhooks/s "statements/webhook" "PostgreSQL CPU ms/webhook"
for shape in ${BENCH_SHAPES:-single seq16 batch16}; do
  per=1; statements=4
  [ "$shape" != single ] && per=16
  [ "$shape" = batch16 ] && statements=0.25
  "$pgbench" "$url" -n -M prepared -c 4 -j 1 -T 14 -P 1 -f "$work/$shape.sql" > "$work/$shape.out" 2>&1 &
  sleep 3.5
  before=$(backends_cpu_ticks)
  sleep 10
  after=$(backends_cpu_ticks)
  wait $! || { cat "$work/$shape.out" >&2; exit 1; }
  transactions=$(grep '^progress' "$work/$shape.out" | sed -n 4,13p | awk '{s += $4} END {print s}')
  awk -v t="$transactions" -v per="$per" -v d=$((after - before)) -v hz="$ticks_per_second" \
    -v shape="$shape" -v st="$statements" \
    'BEGIN { w = t * per; printf "%-8s %12.0f %18s %26.3f\n", shape, w / 10, st, d * 1000 / hz / w }'
done
