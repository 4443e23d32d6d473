package dev.lablink.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.config.RegistrySettings;
import dev.lablink.core.config.SessionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionImageTest {
    private static final SessionSettings JUPYTER = new SessionSettings("jupyter", null, null, null, null, null, null, null, null, 90, 80, null);

    @Test
    void aMachineWhoseSessionRunsOnItselfHasNoSessionImage() {
        assertThat(SessionImage.of(new SessionSettings(List.of("sleep", "60")), List.of(), null)).isNull();
    }

    @Test
    void theImageCarriesTheCommandTheMemoryBoundsAndTheLoginOfItsRegistryOnly() {
        RegistrySettings lab = new RegistrySettings("lab", "https://registry.example.org:5000", "ada", "pw", null);
        RegistrySettings publicOne = new RegistrySettings("quay", "https://quay.io", null, null, null);

        SessionImage image = SessionImage.of(JUPYTER, List.of(publicOne, lab), "registry.example.org:5000/lab/tools:1");

        assertThat(image.command()).isEqualTo(JUPYTER.command());
        assertThat(image.memoryLimitPct()).isEqualTo(90);
        assertThat(image.memorySoftLimitPct()).isEqualTo(80);
        assertThat(image.registry()).isEqualTo(lab);
        assertThat(SessionImage.of(JUPYTER, List.of(publicOne, lab), JUPYTER.image()).registry()).isNull();
    }
}
