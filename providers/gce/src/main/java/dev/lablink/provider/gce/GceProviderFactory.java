package dev.lablink.provider.gce;

import static dev.lablink.core.config.ConfigChecks.isHttpUrl;

import dev.lablink.core.provider.MachineProvider;
import dev.lablink.core.provider.MachineProviderFactory;
import dev.lablink.core.provider.ProviderContext;
import dev.lablink.core.provider.ProviderUse;
import java.util.ArrayList;
import java.util.List;

/** The {@code gce} plug-in: the {@code gce:} section, its checks, and Compute Engine machines from it. */
public final class GceProviderFactory implements MachineProviderFactory<GceSettings> {

    @Override
    public String name() {
        return GceProvider.NAME;
    }

    @Override
    public Class<GceSettings> settingsType() {
        return GceSettings.class;
    }

    @Override
    public List<String> problems(GceSettings gce, ProviderUse use) {
        List<String> problems = new ArrayList<>();
        if (use.machinesGoThere() && (gce.project() == null || gce.project().isBlank())) {
            problems.add("gce.project: required when machines go to gce; give the Google Cloud project id, like my-lab-123456");
        }
        if (gce.zones().stream().anyMatch(zone -> zone == null || !zone.matches("[a-z]+-[a-z]+[0-9]+-[a-z]"))) {
            problems.add("gce.zones: every entry must be a zone like us-central1-a");
        }
        if (gce.acceleratorCount() < 0 || (gce.acceleratorCount() > 0 && gce.acceleratorType() == null)) {
            problems.add("gce.accelerator_count: set gce.accelerator_type (like nvidia-tesla-t4) with a count of 1 or more, or leave both out");
        }
        if (!gce.instanceName().contains("{machine}") && !gce.instanceName().contains("{number}")) {
            problems.add("gce.instance_name: '" + gce.instanceName() + "' must contain {machine} or {number} so that every instance gets its own name; "
                    + "epic-lab's convention is " + GceSettings.EPIC_LAB_NAMES);
        }
        if (gce.endpoint() != null && !isHttpUrl(gce.endpoint())) {
            problems.add("gce.endpoint: '" + gce.endpoint() + "' is not an absolute http(s) URL; leave it out to use Compute Engine itself");
        }
        return problems;
    }

    /** Compute Engine does not publish capacity; a zone out of resources moves the batch to the next zone. */
    @Override
    public List<String> defaultRegions(GceSettings gce) {
        return gce.zones();
    }

    @Override
    public MachineProvider create(GceSettings gce, ProviderContext context) {
        return new GceProvider(gce, context.deployment(), context.spot());
    }
}
