#!/usr/bin/env bash
# The Stripe webhook's signature check and payload reading alone (StripePaymentEvents.verify on
# one thread, the webhook benchmark's 4.2 KB events): CPU and allocation per event.
# Not part of `mvn verify`. Tune with BENCH_OPTS, e.g. "-Dbench.events=100000 -Dbench.rounds=8".
set -euo pipefail
cd "$(dirname "$0")/.."
# One reactor build, nothing installed: the sibling modules resolve to their target/classes.
mvn -q -B -pl app-bootstrap -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
java -Xmx256m -XX:+UseSerialGC ${BENCH_OPTS:-} \
  -cp "app-bootstrap/target/test-classes:app-bootstrap/target/classes:$(cat app-bootstrap/target/bench.classpath)" \
  io.agnosticbilling.app.bench.WebhookVerifyBenchmark
