package io.agnosticbilling.adapter.redis;

/** Value object: whether Redis answered a PING, and what went wrong when it did not. */
public record RedisHealth(boolean up, String detail) {}
