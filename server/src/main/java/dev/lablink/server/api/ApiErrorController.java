package dev.lablink.server.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The error dispatch ({@code /error}): errors raised outside a controller (Spring Security's
 * firewall, a CSRF refusal, no such route) answer problem+json under /api, the client protocol's
 * {@code {"error": …}} on its routes, and the error page ({@code templates/error.html}) elsewhere.
 * Replaces Spring Boot's BasicErrorController, whose JSON is neither.
 */
@Controller
@RequestMapping("/error")
class ApiErrorController implements ErrorController {

    @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        if (ErrorBodies.isApi(path)) {
            json(request, response);
            return null;
        }
        int status = status(request);
        response.setStatus(status);
        HttpStatus known = HttpStatus.resolve(status);
        ModelAndView page = new ModelAndView("error");
        page.addObject("status", status);
        page.addObject("error", known == null ? "Error" : known.getReasonPhrase());
        page.addObject("detail", request.getAttribute(ErrorBodies.DETAIL));
        return page;
    }

    @RequestMapping
    void json(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = status(request);
        Object detail = request.getAttribute(ErrorBodies.DETAIL);
        Object field = request.getAttribute(ErrorBodies.FIELD);
        ErrorBodies.write(response, path(request), status, detail == null ? ErrorBodies.defaultDetail(status) : detail.toString(),
                field == null ? null : field.toString());
    }

    private static String path(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return original == null ? request.getRequestURI() : original.toString();
    }

    private static int status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return code instanceof Integer status ? status : 500;
    }
}
