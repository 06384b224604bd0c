package io.agnosticbilling.sandbox;

/**
 * A card attached to a customer as its default payment method ({@code pm_…}).
 *
 * @param failsCharges true for cards that attach but fail every later charge
 */
record Card(String id, String brand, String last4, boolean failsCharges) {}
