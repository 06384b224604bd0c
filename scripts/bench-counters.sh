#!/usr/bin/env bash
# Benchmarks the usage counters side by side (in memory, Redis write-through, Redis write-behind)
# against the Redis of REDIS_TEST_URL (default redis://127.0.0.1:6379/15; only database 15 is
# flushed). Not part of `mvn verify`. Tune with BENCH_OPTS, e.g. "-Dbench.threads=8".
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl adapter-redis -am install -DskipTests
mvn -q -B -pl adapter-redis dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
java ${BENCH_OPTS:-} -cp "adapter-redis/target/test-classes:adapter-redis/target/classes:$(cat adapter-redis/target/bench.classpath)" \
  io.agnosticbilling.adapter.redis.CounterBenchmark
