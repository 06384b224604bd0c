package io.agnosticbilling.adapter.notify;

import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.NotificationData;
import io.agnosticbilling.domain.notification.NotificationType;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.testkit.memory.InMemoryMembers;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The email channel against GreenMail, an SMTP server in this process. */
class EmailNotificationChannelTest {
  final InMemoryMembers members = new InMemoryMembers();
  GreenMail smtp;
  int port;

  @BeforeEach
  void start() throws Exception {
    port = freePort();
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.setUser("mailer", "s3cr:et");
    smtp.start();
    members.add(
        aMember().id("usr_a").email("ada@example.com").role(Role.ADMIN).build(), Quota.unlimited());
    members.add(
        aMember().id("usr_b").email("bob@example.com").role(Role.MEMBER).build(),
        Quota.unlimited());
    members.add(
        aMember().id("usr_c").email("cy@example.com").role(Role.ADMIN).build(), Quota.unlimited());
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  EmailNotificationChannel channel(int port) {
    return new EmailNotificationChannel(
        SmtpSettings.parse("smtp://mailer:s3cr%3Aet@127.0.0.1:" + port),
        "Billing <billing@example.com>",
        members,
        Duration.ofSeconds(5));
  }

  static Notification paymentFailed(String org) {
    return new Notification(
        "payment.failed:evt_1",
        NotificationType.PAYMENT_FAILED,
        OrganizationId.of(org),
        Instant.parse("2026-12-01T10:00:00Z"),
        NotificationData.builder().put("invoiceId", "in_1").put("amountMinor", 9900).build());
  }

  @Test
  @DisplayName("one message to the organization's admins only, with the notification's id")
  void mailsTheAdmins() throws Exception {
    channel(port).deliver(paymentFailed("org_1"));

    assertThat(smtp.waitForIncomingEmail(5000, 2)).isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2); // one message, one copy per recipient
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("[Billing] A payment failed");
    assertThat(m.getFrom()[0].toString()).isEqualTo("Billing <billing@example.com>");
    assertThat(m.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("ada@example.com", "cy@example.com");
    assertThat(m.getHeader("X-Billing-Notification-Id")).containsExactly("payment.failed:evt_1");
    assertThat(((String) m.getContent())).contains("invoiceId: in_1").contains("amountMinor: 9900");
  }

  @Test
  @DisplayName("an organization without admins gets no mail and the delivery succeeds")
  void noAdminsNoMail() {
    channel(port).deliver(paymentFailed("org_without_members"));

    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  @DisplayName("wrong credentials or no server fail the attempt, for the dispatcher to retry")
  void failuresThrow() throws Exception {
    EmailNotificationChannel wrongPassword =
        new EmailNotificationChannel(
            SmtpSettings.parse("smtp://mailer:wrong@127.0.0.1:" + port),
            "billing@example.com",
            members,
            Duration.ofSeconds(5));
    assertThatThrownBy(() -> wrongPassword.deliver(paymentFailed("org_1")))
        .hasMessageContaining("SMTP 127.0.0.1:" + port);

    int closed = freePort();
    assertThatThrownBy(() -> channel(closed).deliver(paymentFailed("org_1")))
        .hasMessageContaining("SMTP 127.0.0.1:" + closed);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  @DisplayName("SMTP_URL: schemes, default ports, decoded credentials, masked password, refusals")
  void smtpUrl() {
    SmtpSettings plain = SmtpSettings.parse("smtp://u%40x:p%3Aw@mail.example.com:587");
    assertThat(plain.host()).isEqualTo("mail.example.com");
    assertThat(plain.port()).isEqualTo(587);
    assertThat(plain.tls()).isFalse();
    assertThat(plain.user()).contains("u@x");
    assertThat(plain.password()).contains("p:w");
    assertThat(plain.masked()).isEqualTo("smtp://u@x:***@mail.example.com:587");
    assertThat(SmtpSettings.parse("smtps://mail.example.com").port()).isEqualTo(465);
    assertThat(SmtpSettings.parse("smtps://mail.example.com").tls()).isTrue();
    assertThat(SmtpSettings.parse("smtp://mail.example.com").port()).isEqualTo(25);
    assertThatThrownBy(() -> SmtpSettings.parse("http://mail.example.com"))
        .hasMessageContaining("smtp://");
    assertThatThrownBy(() -> SmtpSettings.parse("smtp://"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailNotificationChannel.address("not an address"))
        .hasMessageContaining("not an email address");
  }
}
