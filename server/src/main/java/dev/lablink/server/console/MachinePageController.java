package dev.lablink.server.console;

import dev.lablink.server.events.EventRepository;
import dev.lablink.server.gpu.GpuRepository;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.health.HeartbeatRepository;
import dev.lablink.server.health.SessionAppLinks;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** One machine in the console: its state, last heartbeat, boot timings, GPU health and charts, its actions and its events. */
@Controller
class MachinePageController {
    static final int MAX_HOURS = 24 * 14;
    static final int EVENTS_SHOWN = 20;

    private final MachineService machines;
    private final GpuRepository gpus;
    private final HeartbeatRepository heartbeats;
    private final EventRepository events;
    private final SessionAppLinks apps;
    private final boolean ssh;
    private final String software;
    private final String configImage;

    MachinePageController(MachineService machines, GpuRepository gpus, HeartbeatRepository heartbeats, EventRepository events,
                          SessionAppLinks apps, LabLinkConfig config) {
        this.apps = apps;
        this.ssh = config.session().ssh().isEnabled();
        this.software = config.session().software();
        this.configImage = config.session().runsImage() ? config.session().image() : null;
        this.machines = machines;
        this.gpus = gpus;
        this.heartbeats = heartbeats;
        this.events = events;
    }

    @GetMapping("/admin/machines/{name}")
    String page(@PathVariable String name, Model model) {
        Machine machine = machines.get(name);
        model.addAttribute("machine", machine);
        // as the agent is told: the batch's pinned image, else session.image
        model.addAttribute("image", machine.image() != null ? machine.image() : configImage);
        model.addAttribute("heartbeat", heartbeats.latest(machine.id()).orElse(null));
        model.addAttribute("software", software);
        model.addAttribute("events", events.page(null, EVENTS_SHOWN, machine.name()));
        // the session's apps and ssh, as the participant has them; admins reach every machine's (lablink ssh with their login)
        model.addAttribute("apps", apps.of(machine.id(), machine.name()));
        model.addAttribute("sshCommand", ssh ? "lablink ssh " + machine.name() : null);
        return "console/machine";
    }

    /** The chart's data as uPlot takes it: parallel arrays of times (epoch seconds) and values. */
    public record Series(List<Double> at, List<Double> utilization, List<Double> memory, List<Double> temperature) {
    }

    @GetMapping("/admin/machines/{name}/gpu.json")
    @ResponseBody
    Series series(@PathVariable String name, @RequestParam(name = "hours", defaultValue = "1") int hours) {
        int span = Math.max(1, Math.min(hours, MAX_HOURS));
        List<GpuRepository.Point> points = gpus.series(machines.get(name).id(), Instant.now().minus(Duration.ofHours(span)));
        return new Series(points.stream().map(p -> p.at().toEpochMilli() / 1000.0).toList(),
                points.stream().map(GpuRepository.Point::utilizationGpu).toList(),
                points.stream().map(GpuRepository.Point::memoryUsedPercent).toList(),
                points.stream().map(GpuRepository.Point::temperatureC).toList());
    }
}
