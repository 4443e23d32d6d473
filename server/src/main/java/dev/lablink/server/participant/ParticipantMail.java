package dev.lablink.server.participant;

import dev.lablink.core.config.MailSettings;
import java.util.Properties;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends participants their mail over SMTP ({@code mail.*}), synchronously, so the participant
 * waiting for the page learns at once when it could not be sent.
 */
class ParticipantMail {
    private static final String TIMEOUT_MILLIS = "10000";
    private final JavaMailSenderImpl sender = new JavaMailSenderImpl();
    private final String from;

    ParticipantMail(MailSettings mail) {
        sender.setHost(mail.host());
        sender.setPort(mail.port());
        boolean tls = MailSettings.TLS.equals(mail.security());
        sender.setProtocol(tls ? "smtps" : "smtp");
        if (mail.user() != null && !mail.user().isBlank()) {
            sender.setUsername(mail.user());
            sender.setPassword(mail.password());
        }
        String prefix = "mail." + sender.getProtocol() + ".";
        Properties properties = new Properties();
        properties.setProperty(prefix + "auth", String.valueOf(sender.getUsername() != null));
        properties.setProperty(prefix + "connectiontimeout", TIMEOUT_MILLIS);
        properties.setProperty(prefix + "timeout", TIMEOUT_MILLIS);
        properties.setProperty(prefix + "writetimeout", TIMEOUT_MILLIS);
        if (MailSettings.STARTTLS.equals(mail.security())) {
            properties.setProperty(prefix + "starttls.enable", "true");
            properties.setProperty(prefix + "starttls.required", "true");
        }
        if (tls) {
            properties.setProperty(prefix + "ssl.enable", "true");
            properties.setProperty(prefix + "ssl.checkserveridentity", "true");
        }
        sender.setJavaMailProperties(properties);
        this.from = mail.from() != null && !mail.from().isBlank() ? mail.from() : "lablink@" + mail.host();
    }

    /** @throws MailException when the server could not be reached or refused the message */
    void send(String to, String subject, String text) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        sender.send(message);
    }
}
