package io.agnosticbilling.adapter.http;

/**
 * Who may call a route; member routes accept admins too, operator routes need the claim, and the
 * metrics route needs the scrape token when the server has one ({@link MetricsEndpoint}).
 */
enum Access {
  ANYONE,
  MEMBER,
  ADMIN,
  OPERATOR,
  METRICS
}
