package io.agnosticbilling.adapter.http;

/** Who may call a route; member routes accept admins too, operator routes need the claim. */
enum Access {
  ANYONE,
  MEMBER,
  ADMIN,
  OPERATOR
}
