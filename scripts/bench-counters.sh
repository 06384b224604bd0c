#!/usr/bin/env bash
# Benchmarks the usage counters side by side: in memory, Mongo (embedded mongo-java-server on its
# memory and H2 file backends; a real MongoDB when MONGO_URI_BENCH is set, in a database of its own
# that is dropped afterwards), Redis write-through and write-behind over in-memory and over Mongo.
# Redis: REDIS_TEST_URL (default redis://127.0.0.1:6379/15; only that database is flushed).
# Not part of `mvn verify`. Tune with BENCH_OPTS, e.g. "-Dbench.threads=8 -Dbench.slowRecords=20000".
set -euo pipefail
cd "$(dirname "$0")/.."
# One reactor build, nothing installed: the sibling modules resolve to their target/classes.
mvn -q -B -pl app-bootstrap -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
java ${BENCH_OPTS:-} \
  -cp "app-bootstrap/target/test-classes:app-bootstrap/target/classes:$(cat app-bootstrap/target/bench.classpath)" \
  io.agnosticbilling.app.bench.CounterBenchmark
