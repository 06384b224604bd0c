package io.agnosticbilling.domain.port.out;

/** Outbound port: one-way password hashing (bcrypt in production). */
public interface PasswordHasher {

  String hash(String password);

  boolean matches(String password, String hash);
}
