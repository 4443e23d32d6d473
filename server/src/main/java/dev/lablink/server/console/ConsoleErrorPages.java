package dev.lablink.server.console;

import dev.lablink.server.api.Quote;
import dev.lablink.server.api.ErrorPage;
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
        return ErrorPage.render(HttpStatus.NOT_FOUND, e.getMessage(), model, response);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String badParameter(MethodArgumentTypeMismatchException e, Model model, HttpServletResponse response) {
        return ErrorPage.render(HttpStatus.BAD_REQUEST, Quote.of(e.getValue()) + " is not a valid " + e.getName(), model, response);
    }
}
