package dev.lablink.server.console;

import dev.lablink.server.api.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Errors on console pages as a page that says what was wrong, never a stack trace. */
@ControllerAdvice(basePackageClasses = ConsoleErrorPages.class)
class ConsoleErrorPages {

    @ExceptionHandler(NotFoundException.class)
    String notFound(NotFoundException e, Model model, HttpServletResponse response) {
        return page(HttpStatus.NOT_FOUND, e.getMessage(), model, response);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String badParameter(MethodArgumentTypeMismatchException e, Model model, HttpServletResponse response) {
        return page(HttpStatus.BAD_REQUEST, "'" + e.getValue() + "' is not a valid " + e.getName(), model, response);
    }

    private static String page(HttpStatus status, String detail, Model model, HttpServletResponse response) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("error", status.getReasonPhrase());
        model.addAttribute("detail", detail);
        return "error";
    }
}
