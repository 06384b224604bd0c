package io.agnosticbilling.adapter.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

/**
 * Adapter: one MongoDB database holding every storage port of the domain, plus its migrations; the
 * database comes from the connection string, {@value MongoStoreOptions#DEFAULT_DATABASE} when it
 * names none.
 */
public final class MongoBillingStore implements AutoCloseable {
  private final MongoClient client;
  private final boolean ownsClient;
  private final MongoDatabase database;
  private final MongoStoreOptions options;

  private MongoBillingStore(
      MongoClient client, boolean ownsClient, String database, MongoStoreOptions options) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.database = client.getDatabase(database);
    this.options = options;
  }

  /** Opens a client of its own, closed with the store. */
  public static MongoBillingStore connect(String connectionString, MongoStoreOptions options) {
    ConnectionString parsed = new ConnectionString(connectionString);
    return new MongoBillingStore(MongoClients.create(parsed), true, databaseOf(parsed), options);
  }

  /** Uses a client the caller owns and closes. */
  public static MongoBillingStore using(
      MongoClient client, String database, MongoStoreOptions options) {
    return new MongoBillingStore(client, false, database, options);
  }

  /** The database named in the connection string, else the default one. */
  public static String databaseOf(ConnectionString connectionString) {
    String named = connectionString.getDatabase();
    return named == null || named.isBlank() ? MongoStoreOptions.DEFAULT_DATABASE : named;
  }

  public MongoDatabase database() {
    return database;
  }

  public MongoMigrations migrations() {
    return MongoMigrations.standard(database, options.clock(), options.webhookRetention());
  }

  public MongoOrganizations organizations() {
    return new MongoOrganizations(database);
  }

  public MongoMembers members() {
    return new MongoMembers(database);
  }

  public MongoWebhookLog webhookLog() {
    return new MongoWebhookLog(database);
  }

  public MongoUsageCounters usageCounters() {
    return new MongoUsageCounters(database, options.clock(), options.usageDecisionLease());
  }

  public MongoUsageAlerts usageAlerts() {
    return new MongoUsageAlerts(database);
  }

  /** The notification outbox, fed by this store's organization saves and alert records. */
  public MongoNotificationOutbox notificationOutbox() {
    return new MongoNotificationOutbox(database());
  }

  public MongoCheckoutSessions checkoutSessions() {
    return new MongoCheckoutSessions(database);
  }

  public MongoBillingReports reports() {
    return new MongoBillingReports(database);
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
