package io.agnosticbilling.adapter.notify;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.NotificationChannel;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Channel {@code email}: one message per notification to the organization's admins over SMTP (Angus
 * Mail). An organization without admins is delivered to nobody; an SMTP failure fails the attempt,
 * which the dispatcher retries (the message carries the notification id in {@code
 * X-Billing-Notification-Id}, so a repeat after a crash can be recognised).
 */
public final class EmailNotificationChannel implements NotificationChannel {
  public static final String NAME = "email";

  private final SmtpSettings smtp;
  private final InternetAddress from;
  private final Members members;
  private final Session session;

  /**
   * @throws IllegalArgumentException when {@code mailFrom} is not an address
   */
  public EmailNotificationChannel(
      SmtpSettings smtp, String mailFrom, Members members, Duration timeout) {
    this.smtp = Objects.requireNonNull(smtp, "'smtp' must not be null");
    this.members = Objects.requireNonNull(members, "'members' must not be null");
    this.from = address(mailFrom);
    this.session = session(smtp, timeout);
  }

  /** Parses {@code MAIL_FROM} ({@code billing@example.com} or {@code Billing <billing@…>}). */
  public static InternetAddress address(String mailFrom) {
    try {
      InternetAddress parsed = new InternetAddress(mailFrom, true);
      parsed.validate();
      return parsed;
    } catch (AddressException e) {
      throw new IllegalArgumentException("is not an email address: " + e.getMessage());
    }
  }

  private static Session session(SmtpSettings smtp, Duration timeout) {
    String prefix = smtp.tls() ? "mail.smtps." : "mail.smtp.";
    Properties p = new Properties();
    p.put("mail.transport.protocol", smtp.tls() ? "smtps" : "smtp");
    p.put(prefix + "host", smtp.host());
    p.put(prefix + "port", String.valueOf(smtp.port()));
    p.put(prefix + "auth", String.valueOf(smtp.user().isPresent()));
    p.put(prefix + "connectiontimeout", String.valueOf(timeout.toMillis()));
    p.put(prefix + "timeout", String.valueOf(timeout.toMillis()));
    p.put(prefix + "writetimeout", String.valueOf(timeout.toMillis()));
    if (!smtp.tls()) {
      p.put("mail.smtp.starttls.enable", "true");
    }
    Authenticator auth =
        new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication(smtp.user().orElse(""), smtp.password().orElse(""));
          }
        };
    return Session.getInstance(p, smtp.user().isPresent() ? auth : null);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void deliver(Notification notification) {
    List<Member> admins =
        members.list(notification.organizationId()).stream()
            .filter(m -> m.role() == Role.ADMIN)
            .toList();
    if (admins.isEmpty()) {
      return;
    }
    NotificationText text = NotificationText.of(notification);
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(from);
      for (Member admin : admins) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(admin.email().value()));
      }
      message.setSubject(text.subject(), "UTF-8");
      message.setText(text.body(), "UTF-8");
      message.setSentDate(Date.from(notification.createdAt()));
      message.setHeader("X-Billing-Notification-Id", notification.id());
      Transport.send(message);
    } catch (MessagingException e) {
      throw new IllegalStateException(
          "SMTP " + smtp.host() + ":" + smtp.port() + " refused the message: " + e.getMessage(), e);
    }
  }
}
