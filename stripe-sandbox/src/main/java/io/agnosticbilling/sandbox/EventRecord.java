package io.agnosticbilling.sandbox;

/** One emitted event: its id, type, creation second (test clock) and the exact JSON delivered. */
record EventRecord(String id, String type, long created, String payload) {}
