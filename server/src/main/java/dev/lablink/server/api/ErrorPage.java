package dev.lablink.server.api;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;

/** The web pages' error page ({@code templates/error.html}) with a status and what to do, never a stack trace. */
public final class ErrorPage {
    private ErrorPage() {
    }

    /** @return the view name */
    public static String render(HttpStatus status, String detail, Model model, HttpServletResponse response) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("error", status.getReasonPhrase());
        model.addAttribute("detail", detail);
        return "error";
    }
}
