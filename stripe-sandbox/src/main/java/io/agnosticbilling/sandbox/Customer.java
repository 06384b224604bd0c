package io.agnosticbilling.sandbox;

import java.util.Map;

/** A customer; mutable state owned by {@link SandboxStore} and changed only under its lock. */
final class Customer {
  final String id;
  final long created;
  String name;
  String email;
  final Map<String, String> metadata;
  Card card;
  int invoiceCount;

  Customer(String id, long created, String name, String email, Map<String, String> metadata) {
    this.id = id;
    this.created = created;
    this.name = name;
    this.email = email;
    this.metadata = metadata;
  }
}
