package dev.lablink.server.api;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error report, for requests refused before they reach Spring (an encoded '/' or NUL
 * in the path, a malformed escape, a request line over 8 kB): problem+json (or the client
 * protocol's shape) under /api, Tomcat's plain page elsewhere.
 */
public class ProblemErrorReportValve extends ErrorReportValve {
    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        String path = request.getRequestURI();
        if (path != null && !ErrorBodies.isApi(path)) {
            super.report(request, response, throwable);
            return;
        }
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setSuspended(false);
            ErrorBodies.write(response, path == null ? "/api" : path, status, ErrorBodies.defaultDetail(status), null);
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response already started: nothing more to send
        }
    }
}
