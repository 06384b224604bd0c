package io.agnosticbilling.sandbox;

/** A Customer Portal session: which customer it manages and where "return" goes. */
record PortalSession(String id, long created, String customer, String returnUrl) {}
