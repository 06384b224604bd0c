package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.subscription.Subscription;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapter: organizations in {@code organizations} (a JSON document plus indexed columns), their
 * subscription ids in {@code organization_subscriptions}; saves are a compare-and-set on {@code
 * version}.
 */
public final class SqlOrganizations implements Organizations {
  static final String COLUMNS = "id, version, customer_id, document";

  /** An organization by id; on PostgreSQL a webhook's claim may read it ahead (SqlWebhookLog). */
  static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM organizations WHERE id = ?";

  // The document's place in row(org, false).
  private static final int DOCUMENT = 2;

  /** The name of the store's cache of organizations by id. */
  static final String TABLE_CACHE = "organizations";

  private final Database db;
  private final OrganizationRows rows;
  // By id: a usage record reads its organization on every request.
  private final ReadCache<Organization> byId;

  SqlOrganizations(Database db, OrganizationRows rows) {
    this.db = db;
    this.rows = rows;
    this.byId = db.readCache(TABLE_CACHE);
  }

  @Override
  public Organization insert(Organization organization) {
    if (organization.version() != 0) {
      throw new IllegalArgumentException(
          "'version' must be 0 for a new organization, was " + organization.version());
    }
    Organization stored = organization.withVersion(1);
    // Mapped on the caller's thread: the SQLite writer thread only executes statements.
    Object[] row = row(stored, true);
    return db.write(
        h -> {
          byId.changing(organization.id().value());
          int inserted =
              h.update(
                  "INSERT INTO organizations (id, version, customer_id, document, current_status,"
                      + " current_plan, current_cancel_at_period_end, current_period_start,"
                      + " current_period_end, current_grace_starts_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (id) DO NOTHING",
                  row);
          if (inserted == 0) {
            throw new ConcurrentUpdateException(
                "organization '" + organization.id() + "' exists already");
          }
          insertSubscriptions(h, stored);
          return stored;
        });
  }

  @Override
  public Optional<Organization> find(OrganizationId id) {
    return byId.get(
        id.value(),
        () ->
            db.read(
                h ->
                    // Inside a PostgreSQL webhook transaction, answered by the row its claim
                    // read ahead if this is the read right after the claim.
                    noted(h, h.one(FIND_BY_ID, rows::read, id.value()))));
  }

  @Override
  public Optional<Organization> findByCustomerId(String customerId) {
    return db.read(
        h ->
            noted(
                h,
                h.one(
                    "SELECT " + COLUMNS + " FROM organizations WHERE customer_id = ? LIMIT 1",
                    rows::read,
                    customerId)));
  }

  @Override
  public Optional<Organization> findBySubscriptionId(String subscriptionId) {
    return db.read(
        h ->
            noted(
                h,
                h.one(
                    "SELECT o.id, o.version, o.customer_id, o.document"
                        + " FROM organization_subscriptions s"
                        + " JOIN organizations o ON o.id = s.organization_id"
                        + " WHERE s.subscription_id = ? ORDER BY o.id LIMIT 1",
                    rows::read,
                    subscriptionId)));
  }

  /**
   * Notes an organization read inside a PostgreSQL transaction: a save of it at the version read
   * knows its stored subscription rows without reading them (see {@link #saveInOneStatement}).
   */
  private static Optional<Organization> noted(Handle h, Optional<Organization> read) {
    read.ifPresent(org -> h.noteRow(noteKey(org.id().value()), org));
    return read;
  }

  private static String noteKey(String orgId) {
    return "organizations:" + orgId;
  }

  @Override
  public Organization save(Organization organization) {
    return save(organization, List.of());
  }

  /** The compare-and-set and the notifications' outbox rows in one write (one transaction). */
  @Override
  public Organization save(Organization organization, List<Notification> notifications) {
    Organization stored = organization.withVersion(organization.version() + 1);
    Object[] row = append(row(stored, false), organization.id().value(), organization.version());
    if (db.dialect() == Dialect.POSTGRESQL) {
      return saveInOneStatement(organization, stored, row, notifications);
    }
    Organization saved =
        db.write(
            h -> {
              byId.changing(organization.id().value());
              // SQLite (PostgreSQL saves above): the version in the WHERE clause makes the
              // update a compare-and-set.
              Map<String, SubscriptionRow> rowsBefore = new HashMap<>();
              int updated = updateChangedIndexedColumns(h, row, rowsBefore);
              if (updated == 0) {
                throw new ConcurrentUpdateException(
                    "organization '"
                        + organization.id()
                        + "' is no longer at version "
                        + organization.version());
              }
              writeSubscriptions(h, stored, rowsBefore);
              SqlNotificationOutbox.insert(h, notifications);
              return stored;
            });
    // The next read of this row (the usual next step) needs no parse.
    rows.remember(saved, (String) row[DOCUMENT]);
    return saved;
  }

  /**
   * PostgreSQL: the compare-and-set, the outbox rows and the read of the organization's stored
   * subscription rows as ONE statement (a data-modifying {@code WITH}), so a save whose
   * subscription rows are unchanged (most webhooks change a subscription's document, not its
   * indexed columns) is one round trip instead of three or four. The outbox insert joins the
   * update's {@code RETURNING} row, so a refused compare-and-set (no row at that version) writes
   * nothing and is reported as before. Rows that differ are then written as on SQLite.
   *
   * <p>The rows are read in the same statement's snapshot, taken before the update waits for a
   * concurrent writer's lock: when the compare-and-set succeeds no transaction changed the
   * organization after that snapshot (every change of its rows moves its version), so they are the
   * rows of the version replaced.
   */
  private Organization saveInOneStatement(
      Organization organization,
      Organization stored,
      Object[] row,
      List<Notification> notifications) {
    String orgId = organization.id().value();
    List<Object> params = new ArrayList<>(Arrays.asList(row));
    SqlNotificationOutbox.addValues(params, notifications);
    params.add(orgId);
    String sql = SAVE_STATEMENTS.computeIfAbsent(notifications.size(), SqlOrganizations::saveSql);
    boolean saved =
        db.write(
            h -> {
              byId.changing(orgId);
              if (heldUntilCommit(h, organization, stored, params, notifications.size())) {
                return true;
              }
              long updated = 0;
              Map<String, SubscriptionRow> rowsBefore = new HashMap<>();
              try (ResultSet rs = h.prepare(sql, params.toArray()).executeQuery()) {
                while (rs.next()) {
                  updated = rs.getLong(1);
                  if (rs.getString(2) != null) {
                    SubscriptionRow before = SubscriptionRow.read(rs, 2);
                    rowsBefore.put(before.id(), before);
                  }
                }
              }
              if (updated == 0) {
                return false;
              }
              writeSubscriptions(h, stored, rowsBefore);
              return true;
            });
    if (!saved) {
      throw new ConcurrentUpdateException(
          "organization '" + orgId + "' is no longer at version " + organization.version());
    }
    rows.remember(stored, (String) row[DOCUMENT]);
    return stored;
  }

  /**
   * Inside a PostgreSQL transaction that read this organization at the version it saves: the save
   * is held back and sent with the transaction's COMMIT, in its round trip. Its compare-and-set
   * (with the outbox rows) is checked, dividing by zero when it updated nothing, so a refused save
   * fails the transaction before its COMMIT and the transaction runs again from the start ({@link
   * PostgresDatabase#transaction}). The subscription rows' changes come from the organization the
   * transaction read: the rows mirror the subscriptions of the version saved (every insert and save
   * writes them so), and the compare-and-set guarantees that version is the one replaced; they are
   * written as upserts and deletes, so a row that did not mirror it is mended, not a failure.
   * Returns false (save now) when the organization was not read here at that version.
   */
  private static boolean heldUntilCommit(
      Handle h,
      Organization organization,
      Organization stored,
      List<Object> saveParams,
      int notifications)
      throws SQLException {
    String key = noteKey(organization.id().value());
    if (!(h.notedRow(key) instanceof Organization read)
        || read.version() != organization.version()) {
      return false;
    }
    // The save's parameters without the last one (the organization id of the rows' read).
    h.deferSaveUntilCommit(
        HELD_SAVE_STATEMENTS.computeIfAbsent(notifications, SqlOrganizations::heldSaveSql),
        saveParams.subList(0, saveParams.size() - 1).toArray());
    String orgId = organization.id().value();
    Map<String, SubscriptionRow> before = new HashMap<>();
    for (Subscription s : read.subscriptions()) {
      before.put(s.id(), SubscriptionRow.of(s));
    }
    eachChangedRow(
        stored,
        before,
        (was, next) ->
            h.deferUntilCommit(
                UPSERT_SUBSCRIPTION,
                next.id(),
                orgId,
                next.status(),
                next.startedAt(),
                next.canceledAt()),
        gone -> h.deferUntilCommit(DELETE_SUBSCRIPTION, gone, orgId));
    h.noteRow(key, stored);
    return true;
  }

  private static final String UPSERT_SUBSCRIPTION =
      "INSERT INTO organization_subscriptions (subscription_id, organization_id, status,"
          + " started_at, canceled_at) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (subscription_id, organization_id) DO UPDATE SET status = EXCLUDED.status,"
          + " started_at = EXCLUDED.started_at, canceled_at = EXCLUDED.canceled_at";

  private static final String DELETE_SUBSCRIPTION =
      "DELETE FROM organization_subscriptions WHERE subscription_id = ? AND organization_id = ?";

  /** The held-back save of a save with {@code notifications} notifications, checked. */
  private static final Map<Integer, String> HELD_SAVE_STATEMENTS = new ConcurrentHashMap<>();

  private static String heldSaveSql(int notifications) {
    return saveWith(notifications).append(" SELECT 1 / COUNT(*) FROM org").toString();
  }

  /** The compare-and-set ({@code org}) and, with notifications, the outbox rows joining it. */
  private static StringBuilder saveWith(int notifications) {
    StringBuilder sql = new StringBuilder("WITH org AS (" + UPDATE_ALL + " RETURNING id)");
    if (notifications > 0) {
      sql.append(", outbox AS (")
          .append(SqlNotificationOutbox.insertFromOrg(notifications))
          .append(")");
    }
    return sql;
  }

  /** The PostgreSQL save statement of a save with {@code notifications} notifications. */
  private static final Map<Integer, String> SAVE_STATEMENTS = new ConcurrentHashMap<>();

  private static String saveSql(int notifications) {
    // One row when there are no subscription rows, so the count always comes back.
    return saveWith(notifications)
        .append(
            " SELECT saved.n, s.subscription_id, s.status, s.started_at, s.canceled_at"
                + " FROM (SELECT COUNT(*) AS n FROM org) saved"
                + " LEFT JOIN organization_subscriptions s ON s.organization_id = ?")
        .toString();
  }

  private static final String UPDATE_ALL =
      "UPDATE organizations SET version = ?, customer_id = ?, document = ?,"
          + " current_status = ?, current_plan = ?, current_cancel_at_period_end = ?,"
          + " current_period_start = ?, current_period_end = ?,"
          + " current_grace_starts_at = ? WHERE id = ? AND version = ?";
  // The indexed columns' places in the UPDATE's parameters (row(org, false) then id, version).
  private static final int CUSTOMER_ID = 1;
  private static final int CURRENT_STATUS = 3;
  private static final int ID = 9;
  private static final int VERSION = 10;
  // UPDATE_ALL without customer_id (bit 1), current_status (bit 2) or both: by the unchanged set.
  private static final String[] UPDATE_WITHOUT = {
    UPDATE_ALL,
    UPDATE_ALL.replace(" customer_id = ?,", ""),
    UPDATE_ALL.replace(" current_status = ?,", ""),
    UPDATE_ALL.replace(" customer_id = ?,", "").replace(" current_status = ?,", "")
  };

  /**
   * SQLite's compare-and-set: it rewrites an index's entry whenever the index's column is in the
   * SET list, even to the value it holds, so the indexed columns that did not change (nearly
   * always: an event changes the document, not the customer or the current status) are left out of
   * it. Their stored values are read first, in the same write transaction of the one writer, so
   * nothing can change them in between, and with them the organization's subscription rows (into
   * {@code rowsBefore}), which the save then brings to the new state: one read for both. Two index
   * pages fewer per save: most of a webhook's page writes after the event's own row.
   */
  private static int updateChangedIndexedColumns(
      Handle h, Object[] row, Map<String, SubscriptionRow> rowsBefore) throws SQLException {
    String[] stored = null;
    try (ResultSet rs =
        h.prepare(
                "SELECT o.customer_id, o.current_status, s.subscription_id, s.status,"
                    + " s.started_at, s.canceled_at FROM organizations o"
                    + " LEFT JOIN organization_subscriptions s ON s.organization_id = o.id"
                    + " WHERE o.id = ? AND o.version = ?",
                row[ID],
                row[VERSION])
            .executeQuery()) {
      while (rs.next()) {
        stored = new String[] {rs.getString(1), rs.getString(2)};
        if (rs.getString(3) != null) {
          SubscriptionRow before = SubscriptionRow.read(rs, 3);
          rowsBefore.put(before.id(), before);
        }
      }
    }
    if (stored == null) {
      return 0;
    }
    int unchanged =
        (Objects.equals(stored[0], row[CUSTOMER_ID]) ? 1 : 0)
            | (Objects.equals(stored[1], row[CURRENT_STATUS]) ? 2 : 0);
    if (unchanged == 0) {
      return h.update(UPDATE_ALL, row);
    }
    Object[] params = new Object[row.length - Integer.bitCount(unchanged)];
    int next = 0;
    for (int i = 0; i < row.length; i++) {
      boolean left =
          (i == CUSTOMER_ID && (unchanged & 1) != 0)
              || (i == CURRENT_STATUS && (unchanged & 2) != 0);
      if (!left) {
        params[next++] = row[i];
      }
    }
    return h.update(UPDATE_WITHOUT[unchanged], params);
  }

  @Override
  public void delete(OrganizationId id) {
    db.write(
        h -> {
          byId.changing(id.value());
          h.update("DELETE FROM organization_subscriptions WHERE organization_id = ?", id.value());
          h.update("DELETE FROM organizations WHERE id = ?", id.value());
          return null;
        });
  }

  private static void insertSubscriptions(Handle h, Organization org) throws SQLException {
    for (Subscription s : org.subscriptions()) {
      insertSubscription(h, org.id().value(), SubscriptionRow.of(s));
    }
  }

  private static void insertSubscription(Handle h, String orgId, SubscriptionRow row)
      throws SQLException {
    h.update(
        "INSERT INTO organization_subscriptions (subscription_id, organization_id, status,"
            + " started_at, canceled_at) VALUES (?, ?, ?, ?, ?)",
        row.id(),
        orgId,
        row.status(),
        row.startedAt(),
        row.canceledAt());
  }

  /**
   * Brings the organization's subscription rows from the {@code stored} ones (emptied on the way)
   * to {@code org}'s subscriptions, writing only the rows that differ: most saves change a
   * subscription's document, not its indexed columns, and then write nothing here (each row is in
   * four indexes; deleting and inserting them all was most of a save's page writes).
   */
  private static void writeSubscriptions(
      Handle h, Organization org, Map<String, SubscriptionRow> stored) throws SQLException {
    String orgId = org.id().value();
    eachChangedRow(
        org,
        stored,
        (before, next) -> {
          if (before == null) {
            insertSubscription(h, orgId, next);
          } else {
            updateSubscription(h, orgId, before, next);
          }
        },
        gone -> h.update(DELETE_SUBSCRIPTION, gone, orgId));
  }

  /**
   * Compares {@code org}'s subscriptions with the {@code stored} rows (emptied on the way): {@code
   * changed} gets each row that differs (with the stored one, or null when there is none), {@code
   * gone} each stored row's subscription id that {@code org} no longer has.
   */
  private static void eachChangedRow(
      Organization org, Map<String, SubscriptionRow> stored, ChangedRow changed, GoneRow gone)
      throws SQLException {
    for (Subscription s : org.subscriptions()) {
      SubscriptionRow next = SubscriptionRow.of(s);
      SubscriptionRow before = stored.remove(s.id());
      if (!next.equals(before)) {
        changed.write(before, next);
      }
    }
    for (String id : stored.keySet()) {
      gone.write(id);
    }
  }

  @FunctionalInterface
  private interface ChangedRow {
    void write(SubscriptionRow before, SubscriptionRow next) throws SQLException;
  }

  @FunctionalInterface
  private interface GoneRow {
    void write(String subscriptionId) throws SQLException;
  }

  /**
   * Sets only the columns that changed: started_at and canceled_at are indexed, and SQLite rewrites
   * an index's entry whenever its column is in the SET list, same value or not.
   */
  private static void updateSubscription(
      Handle h, String orgId, SubscriptionRow before, SubscriptionRow next) throws SQLException {
    List<Object> params = new ArrayList<>(5);
    StringBuilder set = new StringBuilder();
    if (!before.status().equals(next.status())) {
      set.append("status = ?");
      params.add(next.status());
    }
    if (before.startedAt() != next.startedAt()) {
      set.append(set.length() == 0 ? "" : ", ").append("started_at = ?");
      params.add(next.startedAt());
    }
    if (!Objects.equals(before.canceledAt(), next.canceledAt())) {
      set.append(set.length() == 0 ? "" : ", ").append("canceled_at = ?");
      params.add(next.canceledAt());
    }
    params.add(next.id());
    params.add(orgId);
    h.update(
        "UPDATE organization_subscriptions SET "
            + set
            + " WHERE subscription_id = ? AND organization_id = ?",
        params.toArray());
  }

  /** The columns of one subscription's row. */
  private record SubscriptionRow(String id, String status, long startedAt, Long canceledAt) {
    static SubscriptionRow of(Subscription s) {
      return new SubscriptionRow(
          s.id(),
          s.status().wireName(),
          Micros.of(s.startedAt()),
          s.canceledAt().map(Micros::of).orElse(null));
    }

    /** The row's four columns, from column {@code first} on. */
    static SubscriptionRow read(ResultSet rs, int first) throws SQLException {
      String id = rs.getString(first);
      String status = rs.getString(first + 1);
      long startedAt = rs.getLong(first + 2);
      long canceledAt = rs.getLong(first + 3);
      return new SubscriptionRow(id, status, startedAt, rs.wasNull() ? null : canceledAt);
    }
  }

  /** The column values in the order of the INSERT (with id first) or the UPDATE (without). */
  private static Object[] row(Organization org, boolean withId) {
    Optional<Subscription> current = org.currentSubscription();
    Object[] values = {
      org.version(),
      org.customerId().orElse(null),
      OrganizationMapper.toDocument(org),
      current.map(s -> s.status().wireName()).orElse(null),
      current.map(s -> s.plan().value()).orElse(null),
      current.map(Subscription::cancelAtPeriodEnd).orElse(null),
      current.map(s -> Micros.of(s.currentPeriodStart())).orElse(null),
      current.map(s -> Micros.of(s.currentPeriodEnd())).orElse(null),
      current.map(s -> Micros.of(s.graceStartsAt())).orElse(null)
    };
    return withId ? prepend(org.id().value(), values) : values;
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static Object[] append(Object[] values, Object... more) {
    Object[] all = new Object[values.length + more.length];
    System.arraycopy(values, 0, all, 0, values.length);
    System.arraycopy(more, 0, all, values.length, more.length);
    return all;
  }
}
