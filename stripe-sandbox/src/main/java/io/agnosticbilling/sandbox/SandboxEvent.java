package io.agnosticbilling.sandbox;

import java.time.Instant;

/**
 * An event the sandbox emitted, with how its webhook delivery went.
 *
 * @param payload the exact JSON body delivered (and signed)
 * @param attempts delivery attempts so far (0 when no endpoint is configured)
 * @param delivered true once the endpoint answered 2xx
 * @param lastResult the last attempt's outcome, e.g. {@code HTTP 500}
 */
public record SandboxEvent(
    String id,
    String type,
    Instant created,
    String payload,
    int attempts,
    boolean delivered,
    String lastResult) {}
