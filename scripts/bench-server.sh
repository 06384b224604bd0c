#!/usr/bin/env bash
# Runs ServerBenchmark: the real server in its own process, loaded over HTTP from 16 connections.
# Used by bench-webhooks.sh and bench-usage.sh; not part of `mvn verify`.
# Store: embedded SQLite by default; BENCH_DATABASE_URL=postgres://... for PostgreSQL,
# BENCH_MONGO_URI=mongodb://... for MongoDB. Tune with BENCH_OPTS, e.g.
# "-Dbench.connections=32 -Dbench.serverJvm='-Xmx512m'".
set -euo pipefail
cd "$(dirname "$0")/.."
mode=$1
# One reactor build, nothing installed: the sibling modules resolve to their target/classes.
mvn -q -B -pl app-bootstrap -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
# The load generator gets a small heap of its own; the server's JVM options are bench.serverJvm.
java -Xmx512m ${BENCH_OPTS:-} -Dbench.mode="$mode" \
  -cp "app-bootstrap/target/test-classes:app-bootstrap/target/classes:$(cat app-bootstrap/target/bench.classpath)" \
  io.agnosticbilling.app.bench.ServerBenchmark
