package dev.lablink.server.live;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The event streams web pages listen to: seats for everyone, machine changes for admins. */
@Controller
class LiveStreamController {
    private final LiveUpdates live;

    LiveStreamController(LiveUpdates live) {
        this.live = live;
    }

    @GetMapping(path = "/live/seats", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter seats() {
        return live.subscribe(LiveUpdates.Audience.PARTICIPANTS);
    }

    @GetMapping(path = "/admin/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter machines() {
        return live.subscribe(LiveUpdates.Audience.ADMINS);
    }
}
