package dev.lablink.core.config;

import static dev.lablink.core.config.ConfigChecks.isHttpUrl;

import java.util.List;
import java.util.regex.Pattern;

/** Checks {@code participants.*}, {@code mail.*} and {@code oidc.*}: who may sign in, and the servers that prove it. */
final class AccessValidator {
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    void addProblems(LabLinkConfig config, List<String> problems) {
        ParticipantsSettings participants = config.participants();
        MailSettings mail = config.mail();
        OidcSettings oidc = config.oidc();
        if (!ParticipantsSettings.ACCESS_MODES.contains(participants.access())) {
            problems.add("participants.access: '" + participants.access() + "' is not an access mode; use one of "
                    + String.join(", ", ParticipantsSettings.ACCESS_MODES));
        }
        if (participants.is(ParticipantsSettings.EMAIL) && !mail.isConfigured()) {
            problems.add("mail.host: required with participants.access email, to send the sign-in links; give your SMTP server, like smtp.uni.edu");
        }
        if (participants.is(ParticipantsSettings.OIDC) && !oidc.isConfigured()) {
            problems.add("oidc.issuer: required with participants.access oidc; give your identity provider's issuer URL, like https://login.uni.edu/realms/lab");
        }
        for (String domain : participants.allowedDomains()) {
            if (domain == null || !DOMAIN.matcher(domain).matches()) {
                problems.add("participants.allowed_domains: '" + domain + "' is not a domain; write it like uni.edu (no @, no scheme)");
            }
        }
        if (participants.claimsPerMinute() < 1 || participants.claimsPerMinute() > 100_000) {
            problems.add("participants.claims_per_minute: " + participants.claimsPerMinute() + " is out of range; use 1 to 100000 (default 30)");
        }
        if (participants.linkMinutes() < 1 || participants.linkMinutes() > 24 * 60) {
            problems.add("participants.link_minutes: " + participants.linkMinutes() + " is out of range; use 1 to 1440 (default 30)");
        }
        if (participants.title() != null && participants.title().length() > 200) {
            problems.add("participants.title: longer than 200 characters; keep it to a line and put the rest in participants.message");
        }
        if (participants.message() != null && participants.message().length() > 20_000) {
            problems.add("participants.message: longer than 20000 characters; link to a longer page instead");
        }
        if (mail.isConfigured()) {
            if (!MailSettings.SECURITY.contains(mail.security())) {
                problems.add("mail.security: '" + mail.security() + "' is not allowed; use starttls (default), tls or none");
            }
            if (mail.port() < 1 || mail.port() > 65535) {
                problems.add("mail.port: " + mail.port() + " is not a TCP port; use a number from 1 to 65535");
            }
            if (mail.from() == null || !EMAIL.matcher(mail.from().replaceAll("^.*<(.*)>\\s*$", "$1").trim()).matches()) {
                problems.add("mail.from: required with mail.host, as an address like lablink@uni.edu or \"Lab <lablink@uni.edu>\"");
            }
            if (mail.user() != null && mail.password() == null) {
                problems.add("mail.password: required with mail.user (or set LABLINK_MAIL_PASSWORD)");
            }
        }
        if (oidc.isConfigured()) {
            if (!isHttpUrl(oidc.issuer())) {
                problems.add("oidc.issuer: '" + oidc.issuer() + "' is not an absolute http(s) URL; write it like https://login.uni.edu/realms/lab");
            }
            if (oidc.clientId() == null || oidc.clientId().isBlank()) {
                problems.add("oidc.client_id: required with oidc.issuer; it is the client registered for LabLink at your identity provider");
            }
            if (oidc.adminClaim().isBlank()) {
                problems.add("oidc.admin_claim: must not be empty; leave it out to use 'groups'");
            }
        }
    }
}
