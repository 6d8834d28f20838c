package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StaleBundlesTest {

    @Test
    void shouldFindTheFileOfFileLocationsAsFileInstallAndTheLauncherWriteThem() {
        assertThat(StaleBundles.file("file:/opt/sluice/deploy/plugin.jar")).isEqualTo(Path.of("/opt/sluice/deploy/plugin.jar"));
        assertThat(StaleBundles.file("file:///opt/sluice/bundle/a%20b.jar")).isEqualTo(Path.of("/opt/sluice/bundle/a b.jar"));
        assertThat(StaleBundles.file("reference:file:/opt/x.jar")).isEqualTo(Path.of("/opt/x.jar"));
    }

    @Test
    void shouldLeaveAloneLocationsThatAreNoFile() {
        assertThat(StaleBundles.file("mvn:dev.sluice/sluice-api/0.1.0")).isNull();
        assertThat(StaleBundles.file("System Bundle")).isNull();
        assertThat(StaleBundles.file("file:not a uri")).isNull();
    }
}
