#!/usr/bin/env bash
# The HTTP floor: a bare Jetty 11 handler (no servlet, no Javalin, no store) in its own process,
# answering the usage record's request shape to the same raw load generator as bench-usage.sh.
# Prints requests/s, p50/p99, and the server's and the generator's CPU ms per request: what any
# Jetty-based server spends per request on this machine before doing any work of its own.
# Tune with BENCH_OPTS, e.g. "-Dbench.records=200000 -Dbench.connections=32".
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl app-bootstrap -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
java -Xmx512m ${BENCH_OPTS:-} \
  -cp "app-bootstrap/target/test-classes:app-bootstrap/target/classes:$(cat app-bootstrap/target/bench.classpath)" \
  io.agnosticbilling.app.bench.HttpFloorBenchmark
