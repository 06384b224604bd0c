#!/usr/bin/env bash
# Webhook ingest: 2,000 organizations, 20,000 signed customer.subscription.updated events of
# Stripe's real size (10 revisions per subscription, increasing `created`), 16 connections.
# Prints events/s, p50/p90/p99, throughput of the first and last tenth, server CPU seconds and RSS.
# Store: see bench-server.sh (BENCH_DATABASE_URL, BENCH_MONGO_URI).
exec "$(dirname "$0")/bench-server.sh" webhooks
