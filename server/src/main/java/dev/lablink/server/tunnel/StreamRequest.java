package dev.lablink.server.tunnel;

/** What the allocator asks an agent over its tunnel: open stream {@code stream} to {@code port} on the machine. */
record StreamRequest(String type, String stream, int port) {
    static StreamRequest open(String stream, int port) {
        return new StreamRequest("open", stream, port);
    }
}
