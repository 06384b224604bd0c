package io.agnosticbilling.domain;

import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.error.ProviderCallInTransaction;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.invoice.InvoiceSummary;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.AddMember;
import io.agnosticbilling.domain.port.in.BillingMetrics;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.CancelSubscription;
import io.agnosticbilling.domain.port.in.ChangeMemberRole;
import io.agnosticbilling.domain.port.in.ChangePlan;
import io.agnosticbilling.domain.port.in.ConfirmCheckout;
import io.agnosticbilling.domain.port.in.CurrentMembership;
import io.agnosticbilling.domain.port.in.DriftReport;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.in.GetBillingMetrics;
import io.agnosticbilling.domain.port.in.GetBillingOverview;
import io.agnosticbilling.domain.port.in.GetEntitlements;
import io.agnosticbilling.domain.port.in.HandleBillingEvent;
import io.agnosticbilling.domain.port.in.ListInvoices;
import io.agnosticbilling.domain.port.in.ListMembers;
import io.agnosticbilling.domain.port.in.ListNotifications;
import io.agnosticbilling.domain.port.in.ListWebhookEvents;
import io.agnosticbilling.domain.port.in.LogIn;
import io.agnosticbilling.domain.port.in.ManageOperators;
import io.agnosticbilling.domain.port.in.OpenCustomerPortal;
import io.agnosticbilling.domain.port.in.OrganizationEntitlements;
import io.agnosticbilling.domain.port.in.ReconcileSubscriptions;
import io.agnosticbilling.domain.port.in.RecordUsage;
import io.agnosticbilling.domain.port.in.RemoveMember;
import io.agnosticbilling.domain.port.in.ReplayWebhook;
import io.agnosticbilling.domain.port.in.ResumeSubscription;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.domain.port.in.StartCheckout;
import io.agnosticbilling.domain.port.out.AlertPublisher;
import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.domain.port.out.InMemoryRateLimiter;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.PasswordHasher;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.Transactions;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.service.BillingServices;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.service.GuardedPaymentProvider;
import io.agnosticbilling.domain.service.NotificationService;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Facade: every use case of the product, built from the adapters an application chooses.
 *
 * <pre>{@code
 * Billing billing = Billing.builder()
 *     .organizations(orgs).members(members).webhookLog(log)
 *     .usageCounters(counters).usageAlerts(alerts).checkoutSessions(sessions).reports(reports)
 *     .passwordHasher(hasher).paymentProvider(stripe).paymentEvents(stripeEvents)
 *     .build();
 * billing.record(orgId, Metric.TEST_RUNS, 1, Optional.of(runId));
 * }</pre>
 */
public final class Billing
    implements SignUp,
        LogIn,
        StartCheckout,
        ConfirmCheckout,
        OpenCustomerPortal,
        ChangePlan,
        CancelSubscription,
        ResumeSubscription,
        ListInvoices,
        GetBillingOverview,
        GetEntitlements,
        RecordUsage,
        AddMember,
        ListMembers,
        ChangeMemberRole,
        RemoveMember,
        CurrentMembership,
        ManageOperators,
        HandleBillingEvent,
        ReconcileSubscriptions,
        ReplayWebhook,
        ListWebhookEvents,
        ListNotifications,
        GetBillingMetrics {

  private final BillingServices services;
  private final BillingSettings settings;
  private final Transactions transactions;
  // The store's transactions with the payment provider refused inside their work.
  private final Transactions guardedTransactions;
  private final NotificationService notifications;

  private Billing(
      BillingServices services,
      BillingSettings settings,
      Transactions transactions,
      GuardedPaymentProvider provider,
      NotificationService notifications) {
    this.services = services;
    this.settings = settings;
    this.transactions = transactions;
    this.guardedTransactions =
        new Transactions() {
          @Override
          public <T> T inTransaction(Supplier<T> work) {
            return transactions.inTransaction(() -> provider.refusingCalls(work));
          }
        };
    this.notifications = notifications;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The catalog in force, with provider price ids. */
  public PlanCatalog catalog() {
    return settings.catalog();
  }

  public BillingSettings settings() {
    return settings;
  }

  @Override
  public SignedUp signUp(SignUp.Command command) {
    return services.accounts().signUp(command);
  }

  @Override
  public LoggedIn logIn(String email, String password) {
    return services.accounts().logIn(email, password);
  }

  @Override
  public AddMember.MemberOutcome addMember(
      OrganizationId organizationId, AddMember.Command command) {
    return services.accounts().addMember(organizationId, command);
  }

  @Override
  public List<Member> members(OrganizationId organizationId) {
    return services.accounts().members(organizationId);
  }

  @Override
  public Member changeRole(OrganizationId organizationId, MemberId memberId, Role role) {
    return services.accounts().changeRole(organizationId, memberId, role);
  }

  @Override
  public void removeMember(OrganizationId organizationId, MemberId memberId) {
    services.accounts().removeMember(organizationId, memberId);
  }

  @Override
  public Optional<Membership> membership(MemberId memberId) {
    return services.accounts().membership(memberId);
  }

  @Override
  public Member grantOperator(String email) {
    return services.accounts().grantOperator(email);
  }

  @Override
  public Member revokeOperator(String email) {
    return services.accounts().revokeOperator(email);
  }

  @Override
  public List<Member> operators() {
    return services.accounts().operators();
  }

  @Override
  public boolean isOperator(MemberId id) {
    return services.accounts().isOperator(id);
  }

  @Override
  public CheckoutSessionCreated startCheckout(
      OrganizationId organizationId, StartCheckout.CheckoutCommand command) {
    return services.subscriptions().startCheckout(organizationId, command);
  }

  @Override
  public BillingOverview confirmCheckout(OrganizationId organizationId, String sessionId) {
    return services.subscriptions().confirmCheckout(organizationId, sessionId);
  }

  @Override
  public String openPortal(OrganizationId organizationId) {
    return services.subscriptions().openPortal(organizationId);
  }

  @Override
  public BillingOverview changePlan(
      OrganizationId organizationId, PlanId plan, Optional<ChangePlan.When> when) {
    return services.subscriptions().changePlan(organizationId, plan, when);
  }

  @Override
  public BillingOverview cancel(OrganizationId organizationId, CancelSubscription.When when) {
    return services.subscriptions().cancel(organizationId, when);
  }

  @Override
  public List<InvoiceSummary> invoices(OrganizationId organizationId, int limit) {
    return services.subscriptions().invoices(organizationId, limit);
  }

  @Override
  public BillingOverview resume(OrganizationId organizationId) {
    return services.subscriptions().resume(organizationId);
  }

  @Override
  public BillingOverview overview(OrganizationId organizationId) {
    return services.overviews().overview(organizationId);
  }

  @Override
  public OrganizationEntitlements entitlements(OrganizationId organizationId) {
    return services.overviews().entitlements(organizationId);
  }

  @Override
  public UsageOutcome record(
      OrganizationId organizationId,
      Metric metric,
      long quantity,
      Optional<String> idempotencyKey) {
    return services.usage().record(organizationId, metric, quantity, idempotencyKey);
  }

  /**
   * Claims, applies and finishes the event as one transaction of the store when it offers them
   * ({@link Builder#transactions}): one commit instead of three, and a concurrent delivery of the
   * same event waits for it instead of answering "in progress". A failed event's {@code error}
   * entry is committed before the failure is rethrown.
   *
   * <p>When the store's transactions must not wait on the network ({@link
   * Transactions#mayWaitOnNetwork()} false: SQLite, whose transaction runs on its one writer
   * thread), the payment provider is refused inside the transaction: an event that needs it (a
   * same-second tie, a schedule to read, the subscription of a completed Checkout) throws {@link
   * ProviderCallInTransaction} before any network wait, the transaction is rolled back whole (its
   * claim with it), and the event is handled again outside any transaction, each store call
   * committing on its own, as with {@link Transactions#none()}.
   */
  @Override
  public EventOutcome handle(BillingEvent event, String rawPayload) {
    if (transactions.mayWaitOnNetwork()) {
      return handleIn(transactions, event, rawPayload);
    }
    try {
      return handleIn(guardedTransactions, event, rawPayload);
    } catch (ProviderCallInTransaction needsProvider) {
      return handleIn(Transactions.none(), event, rawPayload);
    }
  }

  private EventOutcome handleIn(Transactions around, BillingEvent event, String rawPayload) {
    Object result =
        around.inTransaction(
            () -> {
              try {
                return services.events().handle(event, rawPayload);
              } catch (EventProcessingException failed) {
                return failed; // its error entry is written: commit it, then throw
              }
            });
    if (result instanceof EventProcessingException failed) {
      throw failed;
    }
    return (EventOutcome) result;
  }

  @Override
  public EventOutcome replay(String eventId) {
    return services.events().replay(eventId);
  }

  @Override
  public List<WebhookLogEntry> webhookEvents(
      Optional<WebhookStatus> status, int offset, int limit) {
    return services.events().webhookEvents(status, offset, limit);
  }

  @Override
  public DriftReport reconcile() {
    return services.reconciliation().reconcile();
  }

  @Override
  public List<OutboxEntry> notifications(Optional<OutboxStatus> status, int offset, int limit) {
    return notifications.notifications(status, offset, limit);
  }

  @Override
  public Map<OutboxStatus, Long> notificationCounts() {
    return notifications.notificationCounts();
  }

  @Override
  public OutboxEntry retryNotification(String id) {
    return notifications.retryNotification(id);
  }

  @Override
  public BillingMetrics metrics() {
    return services.metrics().metrics();
  }

  /** Collects the adapters; every storage port and the password hasher are required. */
  public static final class Builder {
    private Organizations organizations;
    private Members members;
    private WebhookLog webhookLog;
    private UsageCounters usageCounters;
    private UsageAlerts usageAlerts;
    private CheckoutSessions checkoutSessions;
    private BillingReports reports;
    private RateLimiter rateLimiter;
    private PasswordHasher passwordHasher;
    private PaymentProvider paymentProvider = PaymentProvider.notConfigured();
    private AlertPublisher alertPublisher = AlertPublisher.none();
    private PaymentEvents paymentEvents = PaymentEvents.notConfigured();
    private Clock clock = Clock.systemUTC();
    private BillingSettings settings = BillingSettings.defaults();
    private Transactions transactions = Transactions.none();
    private NotificationOutbox notificationOutbox;

    private Builder() {}

    public Builder organizations(Organizations value) {
      this.organizations = value;
      return this;
    }

    public Builder members(Members value) {
      this.members = value;
      return this;
    }

    public Builder webhookLog(WebhookLog value) {
      this.webhookLog = value;
      return this;
    }

    public Builder usageCounters(UsageCounters value) {
      this.usageCounters = value;
      return this;
    }

    public Builder usageAlerts(UsageAlerts value) {
      this.usageAlerts = value;
      return this;
    }

    public Builder checkoutSessions(CheckoutSessions value) {
      this.checkoutSessions = value;
      return this;
    }

    /** The reporting reads behind {@link #metrics()}. */
    public Builder reports(BillingReports value) {
      this.reports = value;
      return this;
    }

    /** Optional: counts Checkout sessions per organization; in this process's memory without it. */
    public Builder rateLimiter(RateLimiter value) {
      this.rateLimiter = value;
      return this;
    }

    public Builder passwordHasher(PasswordHasher value) {
      this.passwordHasher = value;
      return this;
    }

    /** Optional: without it payment use cases answer "payments not configured". */
    public Builder paymentProvider(PaymentProvider value) {
      this.paymentProvider = value;
      return this;
    }

    /** Optional: without it alerts are recorded and listed but not published anywhere. */
    public Builder alertPublisher(AlertPublisher value) {
      this.alertPublisher = value;
      return this;
    }

    /** Optional: without it logged events cannot be replayed. */
    public Builder paymentEvents(PaymentEvents value) {
      this.paymentEvents = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder settings(BillingSettings value) {
      this.settings = value;
      return this;
    }

    /**
     * How a webhook's store calls are grouped; {@link Transactions#none()} by default. A store
     * whose transactions must not wait on the network says so ({@link
     * Transactions#mayWaitOnNetwork()}): the provider is then refused inside them (see {@link
     * Billing#handle}).
     */
    public Builder transactions(Transactions value) {
      this.transactions = require(value, "transactions");
      return this;
    }

    /**
     * Optional: turns notifications on. The outbox must be the one of the store behind {@link
     * #organizations} and {@link #usageAlerts}: their saves then write each change's notifications
     * into it atomically ({@code Organizations.save(organization, notifications)}, {@code
     * UsageAlerts.recordOnce(alert, notifications)}). Without it nothing is notified, and ports
     * without an outbox keep working.
     */
    public Builder notifications(NotificationOutbox value) {
      this.notificationOutbox = require(value, "notifications");
      return this;
    }

    public Billing build() {
      // Every service gets the guarded provider; it refuses calls only inside the work of a
      // transaction that must not wait on the network (see handle).
      GuardedPaymentProvider provider =
          new GuardedPaymentProvider(require(paymentProvider, "paymentProvider"));
      BillingServices services =
          BillingServices.wire(
              require(organizations, "organizations"),
              require(members, "members"),
              require(webhookLog, "webhookLog"),
              require(usageCounters, "usageCounters"),
              require(usageAlerts, "usageAlerts"),
              require(checkoutSessions, "checkoutSessions"),
              require(passwordHasher, "passwordHasher"),
              provider,
              require(alertPublisher, "alertPublisher"),
              require(paymentEvents, "paymentEvents"),
              require(reports, "reports"),
              rateLimiter != null ? rateLimiter : new InMemoryRateLimiter(require(clock, "clock")),
              require(clock, "clock"),
              require(settings, "settings"),
              notificationOutbox != null);
      return new Billing(
          services,
          settings,
          transactions,
          provider,
          new NotificationService(Optional.ofNullable(notificationOutbox), clock));
    }

    private static <T> T require(T value, String name) {
      return Objects.requireNonNull(value, "Billing needs '" + name + "'");
    }
  }
}
