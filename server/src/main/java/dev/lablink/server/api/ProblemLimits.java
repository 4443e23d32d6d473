package dev.lablink.server.api;

import java.net.URI;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The last word on every problem+json the handlers write: its detail and its {@code instance}
 * (the request path, which Spring fills in) are cut to a few hundred characters, so a 3 kB path
 * or a message that quotes input without {@link Quote} is not echoed back whole.
 */
@ControllerAdvice
class ProblemLimits implements ResponseBodyAdvice<Object> {
    static final int MAX_DETAIL = 400;

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            String detail = problem.getDetail();
            if (detail != null && detail.length() > MAX_DETAIL) {
                problem.setDetail(detail.substring(0, MAX_DETAIL) + "…");
            }
            URI instance = problem.getInstance() != null ? problem.getInstance() : URI.create(request.getURI().getRawPath());
            problem.setInstance(shortened(instance));
        }
        return body;
    }

    private static URI shortened(URI instance) {
        String path = instance.getRawPath();
        if (path == null || path.length() <= 200) {
            return instance;
        }
        String cut = path.substring(0, 200);
        int escape = cut.lastIndexOf('%');
        // never split a %XX escape
        return URI.create((escape > cut.length() - 3 ? cut.substring(0, escape) : cut) + "...");
    }
}
