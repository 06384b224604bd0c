package io.agnosticbilling.adapter.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every lookup of the hot paths is served by an index: the query plan of each (on PostgreSQL with
 * sequential scans priced out, as on a large table) uses one and never scans a whole table.
 */
class SqlIndexesTest {
  private static final List<String> LOOKUPS =
      List.of(
          "SELECT document FROM organizations WHERE id = 'x'",
          "SELECT document FROM organizations WHERE customer_id = 'x'",
          "SELECT o.document FROM organization_subscriptions s"
              + " JOIN organizations o ON o.id = s.organization_id WHERE s.subscription_id = 'x'",
          "SELECT subscription_id, status FROM organization_subscriptions"
              + " WHERE organization_id = 'x'",
          "SELECT id FROM members WHERE email = 'x'",
          "SELECT id FROM members WHERE id = 'x'",
          "SELECT id, organization_id, role, operator FROM members WHERE id = 'x'",
          "SELECT 1 FROM members other WHERE other.organization_id = 'x' AND other.role = 'admin'"
              + " AND other.id <> 'y'",
          "SELECT id FROM members WHERE organization_id = 'x' ORDER BY created_at, seq",
          "SELECT members FROM seat_counts WHERE organization_id = 'x'",
          "SELECT status FROM webhook_log WHERE event_id = 'x'",
          "SELECT event_id FROM webhook_log ORDER BY received_at DESC, event_id DESC LIMIT 10",
          "SELECT event_id FROM webhook_log WHERE status = 'error'"
              + " ORDER BY received_at DESC, event_id DESC LIMIT 10",
          "SELECT used FROM usage_counters"
              + " WHERE organization_id = 'x' AND metric = 'm' AND period_start = 1",
          "SELECT allowed FROM usage_decisions WHERE organization_id = 'x' AND metric = 'm'"
              + " AND period_start = 1 AND idempotency_key = 'k'",
          "SELECT used FROM usage_alerts WHERE organization_id = 'x' AND period_start = 1"
              + " ORDER BY at",
          "SELECT plan FROM checkout_sessions WHERE session_id = 'x'");

  private Fixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("each hot-path lookup uses an index")
  void lookupsUseIndexes(String dialect) {
    fixture = Fixture.of(dialect);
    Database db = fixture.first().database();
    for (String query : LOOKUPS) {
      String plan =
          db.write(
              h -> {
                if (db.dialect() == Dialect.POSTGRESQL) {
                  h.execute("SET LOCAL enable_seqscan = off");
                  return String.join("\n", h.list("EXPLAIN " + query, rs -> rs.getString(1)));
                }
                return String.join(
                    "\n", h.list("EXPLAIN QUERY PLAN " + query, rs -> rs.getString("detail")));
              });
      // A scan is fine only walking an index in order ("SCAN t USING INDEX"), never a bare table
      // scan nor a sort of the whole table ("USE TEMP B-TREE").
      assertThat(plan).as(query).doesNotContainPattern("(?im)seq scan|^scan \\w+\\s*$|temp b-tree");
      assertThat(plan).as(query).containsPattern("(?i)index|primary key");
    }
  }
}
