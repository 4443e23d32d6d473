package dev.lablink.server.participant;

import dev.lablink.core.config.LabLinkConfig;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.springframework.stereotype.Component;

/**
 * The workshop's words on the request page: {@code participants.title} as text and
 * {@code participants.message} as Markdown, rendered once at startup with raw HTML escaped and
 * unsafe links (javascript: and the like) removed, so the config cannot put script on the page.
 */
@Component
class RequestPageText {
    static final String DEFAULT_TITLE = "Get a lab machine";
    private final String title;
    private final String messageHtml;

    RequestPageText(LabLinkConfig config) {
        String configured = config.participants().title();
        this.title = configured == null || configured.isBlank() ? DEFAULT_TITLE : configured.strip();
        this.messageHtml = render(config.participants().message());
    }

    static String render(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return null;
        }
        HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
        return renderer.render(Parser.builder().build().parse(markdown));
    }

    String title() {
        return title;
    }

    /** Safe HTML, or null when there is no message. */
    String messageHtml() {
        return messageHtml;
    }
}
