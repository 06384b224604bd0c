package io.agnosticbilling.sandbox;

/** One line of an invoice: the subscription's price for a period, or a proration. */
record InvoiceLine(
    String id,
    long amount,
    String description,
    long periodStart,
    long periodEnd,
    String priceId,
    boolean proration) {}
