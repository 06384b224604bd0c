#!/usr/bin/env bash
# Usage records: 200 organizations on the unlimited plan, 40,000 test runs with unique run ids,
# 16 connections. Prints records/s, p50/p90/p99, first/last tenth, server CPU seconds and RSS.
# Store: see bench-server.sh (BENCH_DATABASE_URL, BENCH_MONGO_URI).
exec "$(dirname "$0")/bench-server.sh" usage
