package dev.lablink.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lablink.core.provider.MachineProviderFactories;
import org.junit.jupiter.api.Test;

/** The runnable jar ships every provider plug-in, in the order its messages list them (dist/pom.xml keeps local first). */
class ShippedProvidersTest {
    @Test
    void theJarShipsTheSixProvidersLocalFirst() {
        assertThat(MachineProviderFactories.names()).containsExactly("local", "lambda", "aws", "gce", "kubernetes", "terraform");
    }
}
