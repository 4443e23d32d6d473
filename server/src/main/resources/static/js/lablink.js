// Forms with data-confirm ask before they submit (destroy, release).
document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
        event.preventDefault();
    }
});

// A select with data-autosubmit sends its form when changed (no inline handler: the CSP forbids them).
document.addEventListener("change", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-autosubmit") && event.target.form) {
        event.target.form.submit();
    }
});

// A live log keeps its newest line in view unless the reader scrolled up.
document.addEventListener("htmx:sseBeforeMessage", function (event) {
    var log = event.target.closest && event.target.closest(".log");
    if (log) {
        log.dataset.follow = String(log.scrollTop + log.clientHeight >= log.scrollHeight - 20);
    }
});
document.addEventListener("htmx:sseMessage", function (event) {
    var log = event.target.closest && event.target.closest(".log");
    if (log && log.dataset.follow !== "false") {
        log.scrollTop = log.scrollHeight;
    }
});

// Live pages say whether their update stream is connected: "live", or "reconnecting" after a drop.
document.addEventListener("htmx:sseOpen", function () {
    document.body.setAttribute("data-live", "open");
});
document.addEventListener("htmx:sseError", function () {
    document.body.setAttribute("data-live", "reconnecting");
});

// When a live stream (re)opens, fragments that follow it fetch themselves at once: whatever
// changed while it was closed (an allocator restart, a network cut) shows without a reload.
document.addEventListener("htmx:sseOpen", function (event) {
    event.target.querySelectorAll("[hx-trigger*='sse:']").forEach(function (element) {
        element.getAttribute("hx-trigger").split(",").forEach(function (trigger) {
            var name = trigger.trim().split(" ")[0];
            if (name.indexOf("sse:") === 0) {
                htmx.trigger(element, name);
            }
        });
    });
});
