package dev.lablink.server.participant;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real SMTP server (GreenMail) on a free port of this machine, and the mail it received. */
final class MailServer implements AutoCloseable {
    private static final Pattern LINK = Pattern.compile("https?://\\S+/signin/[A-Za-z0-9_-]+");
    final int port;
    private final GreenMail greenMail;

    MailServer() {
        this.port = freePort();
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    /** The {@code mail:} section of lablink.yaml for this server. */
    String yaml() {
        return "mail: {host: 127.0.0.1, port: " + port + ", security: none, from: \"Lab <lablink@example.org>\"}\n";
    }

    /** Every mail received so far (sending is synchronous: a request that answered has delivered its mail). */
    List<MimeMessage> received() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    List<String> recipients() {
        return received().stream().map(message -> {
            try {
                return message.getRecipients(Message.RecipientType.TO)[0].toString();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message);
    }

    /** The sign-in link in the newest mail to {@code to}. */
    String linkFor(String to) {
        List<MimeMessage> mails = received().stream().filter(m -> recipientsOf(m).contains(to)).toList();
        if (mails.isEmpty()) {
            throw new AssertionError("no mail to " + to + "; received for " + recipients());
        }
        Matcher link = LINK.matcher(body(mails.getLast()).replace("=\r\n", "").replace("=\n", ""));
        if (!link.find()) {
            throw new AssertionError("no sign-in link in: " + body(mails.getLast()));
        }
        return link.group();
    }

    private static String recipientsOf(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
