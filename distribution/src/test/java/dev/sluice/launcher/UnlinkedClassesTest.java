package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UnlinkedClassesTest {

    @Test
    void shouldReadTheClassAndItsJarFromALineOfTheLoadLog() {
        var loaded = UnlinkedClasses.LoadedClass.parse("[5.625s][info][class,load] org.apache.logging.log4j.core"
                + ".appender.FileAppender source: file:/opt/sluice/bundle/pax-logging-log4j2-2.3.2.jar");

        assertThat(loaded).isEqualTo(new UnlinkedClasses.LoadedClass("org.apache.logging.log4j.core.appender.FileAppender",
                Path.of("/opt/sluice/bundle/pax-logging-log4j2-2.3.2.jar")));
        assertThat(UnlinkedClasses.LoadedClass.parse("dev.sluice.api.Time source: file:/opt/sluice/bundle/sluice-api.jar"))
                .isEqualTo(new UnlinkedClasses.LoadedClass("dev.sluice.api.Time", Path.of("/opt/sluice/bundle/sluice-api.jar")));
    }

    @Test
    void shouldSkipClassesThatNoJarDefined() {
        assertThat(UnlinkedClasses.LoadedClass.parse("[0.1s][info][class,load] java.lang.Object source: shared objects file"))
                .isNull();
        assertThat(UnlinkedClasses.LoadedClass.parse("[0.2s][info][class,load] java.util.List source: jrt:/java.base")).isNull();
        assertThat(UnlinkedClasses.LoadedClass.parse("[1.5s][info][class,load] java.lang.invoke.LambdaForm$MH/0x00007f9a64000400"
                + " source: __JVM_LookupDefineClass__")).isNull();
        assertThat(UnlinkedClasses.LoadedClass.parse("[9.1s][info][class,load] dev.sluice.runtime.Foo$$Lambda$412/0x0000000801234"
                + " source: dev.sluice.runtime.Foo")).isNull();
        assertThat(UnlinkedClasses.LoadedClass.parse("")).isNull();
    }
}
