package io.agnosticbilling.sandbox;

import java.util.Map;

/** A product; mutable state owned by {@link SandboxStore} and changed only under its lock. */
final class Product {
  final String id;
  final long created;
  String name;
  String description;
  boolean active;
  final Map<String, String> metadata;

  Product(String id, long created, String name, Map<String, String> metadata) {
    this.id = id;
    this.created = created;
    this.name = name;
    this.metadata = metadata;
    this.active = true;
  }
}
