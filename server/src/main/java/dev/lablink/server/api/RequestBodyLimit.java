package dev.lablink.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A body declared larger than its route takes is refused with 413 before it is read, and one sent
 * without a length is cut off once past it: no API body needs more than 1 MB, except agents' and
 * clients' log batches (up to 32 MB) and roster files.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimit extends OncePerRequestFilter {
    static final long MAX_BYTES = 1024 * 1024;
    static final long MAX_LOG_BYTES = 32L * 1024 * 1024;
    /** A roster CSV of up to 5 MB, with room for the console's multipart wrapping; the roster checks the 5 MB itself. */
    static final long MAX_ROSTER_BYTES = 6L * 1024 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        long limit = path.equals("/api/v1/agent/logs") || path.startsWith("/api/vm-logs") ? MAX_LOG_BYTES
                : path.equals("/api/v1/roster") || path.equals("/admin/roster") ? MAX_ROSTER_BYTES : MAX_BYTES;
        long length = request.getContentLengthLong();
        if (length < 0) {
            // chunked: counted as it is read
            chain.doFilter(new Limited(request, limit), response);
            return;
        }
        if (length <= limit) {
            chain.doFilter(request, response);
            return;
        }
        String detail = "the body is " + length + " bytes; this address takes at most " + limit / (1024 * 1024) + " MB";
        if (ErrorBodies.isApi(path)) {
            ErrorBodies.write(response, path, 413, detail, null);
        } else {
            request.setAttribute(ErrorBodies.DETAIL, detail);
            response.sendError(413);
        }
    }

    /** A request whose body stream throws {@link BodyTooLargeException} past the limit. */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), encoding));
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
