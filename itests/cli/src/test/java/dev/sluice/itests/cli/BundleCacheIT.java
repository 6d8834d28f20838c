package dev.sluice.itests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start keeps from the one before: the bundle cache while bundle/ is unchanged, a fresh one
 * when a jar there was replaced (so the new one runs), and the class data archive of bin/sluice.
 */
class BundleCacheIT {

    private static final String EXAMPLES = "bundle/sluice-examples-0.1.0-SNAPSHOT.jar";

    @TempDir
    Path dir;

    private Distribution sluice;

    @BeforeEach
    void copyTheDistribution() throws Exception {
        sluice = Distribution.copyTo(dir);
    }

    @AfterEach
    void stopTheBackgroundContainer() throws Exception {
        sluice.run("stop");
    }

    @Test
    void shouldKeepTheBundleCacheWhileBundleIsUnchanged() throws Exception {
        String first = bundles();
        Path mark = markTheCache();

        String second = bundles();

        assertThat(mark).as("the same cache, not a new one").exists();
        assertThat(second).isEqualTo(first).contains("|Active     |    5|Sluice runtime")
                .contains("|Active     |    6|Sluice web view and metrics");
    }

    @Test
    void shouldKeepTheComponentsDeclarativeServicesReadAndServeThemFromTheKeptCache() throws Exception {
        bundles();
        Path mark = markTheCache();

        try (Stream<Path> stores = Files.find(sluice.file("data/felix-cache"), 3,
                (path, attributes) -> path.getFileName().toString().equals("componentMetadataStore"))) {
            assertThat(stores.toList()).as("Declarative Services' store of the components it read, in the cache")
                    .singleElement().satisfies(store -> assertThat(Files.size(store)).isPositive());
        }
        var list = sluice.run("exec", "stream:list");

        assertThat(mark).as("the same cache, not a new one").exists();
        assertThat(list.status()).as(list.output()).isZero();
        assertThat(list.output()).startsWith("APPLICATION ").contains("network-word-count", "file-word-count");
    }

    @Test
    void shouldRunAJarReplacedInBundleFromTheNextStart() throws Exception {
        assertThat(bundles()).contains("Sluice examples (0.1.0.SNAPSHOT)");
        Path mark = markTheCache();

        withBundleVersion(sluice.file(EXAMPLES), "0.1.0.upgraded");
        String upgraded = bundles();

        assertThat(mark).as("a fresh cache").doesNotExist();
        assertThat(sluice.file("data/felix-cache/bundle1")).isDirectory();
        assertThat(upgraded).contains("Sluice examples (0.1.0.upgraded)").doesNotContain("Sluice examples (0.1.0.SNAPSHOT)");
        assertThat(sluice.run("exec", "stream:info network-word-count").output())
                .startsWith("network-word-count: counts the words");
    }

    @Test
    void shouldServeTheShellAndTheWebViewAfterARestartOnTheKeptCache() throws Exception {
        sluice.startInBackground();
        Path mark = markTheCache();
        sluice.restartInBackground();

        assertThat(mark).exists();
        assertThat(sluice.client("stream:list")).containsPattern("network-word-count +STOPPED");
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sluice.httpPort() + "/sluice/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("password");
    }

    @Test
    void shouldForgetADeployedBundleDeletedWhileTheContainerWasDownAndTakeAChangedOne() throws Exception {
        sluice.startInBackground();
        deploy("deployed-1.0.0");
        awaitBundles("Deployed test bundle (1.0.0)");
        sluice.run("stop");
        Path mark = markTheCache();
        Files.delete(sluice.file("deploy/deployed.jar"));

        sluice.startInBackground();
        assertThat(mark).as("the cache was kept").exists();
        assertThat(sluice.client("lb")).contains("Sluice runtime").doesNotContain("Deployed test bundle");

        deploy("deployed-1.0.0");
        awaitBundles("Deployed test bundle (1.0.0)");
        sluice.run("stop");
        Files.delete(sluice.file("deploy/deployed.jar"));
        deploy("deployed-2.0.0");

        sluice.startInBackground();
        awaitBundles("Deployed test bundle (2.0.0)");
        assertThat(sluice.client("lb")).doesNotContain("Deployed test bundle (1.0.0)");
    }

    @Test
    void shouldWriteTheClassDataArchiveAtTheFirstRunAndMapItAfterwards() throws Exception {
        var first = sluice.run("exec", "stream:list");
        try (Stream<Path> made = Files.list(sluice.file("data/cds"))) {
            assertThat(made.map(p -> p.getFileName().toString())).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .matches("sluice-\\d+\\.jsa\\.\\d+");
        }

        var second = sluice.run("exec", "stream:list");
        var third = sluice.run("exec", "stream:list");

        try (Stream<Path> adopted = Files.list(sluice.file("data/cds"))) {
            assertThat(adopted.map(p -> p.getFileName().toString())).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .matches("sluice-\\d+\\.jsa");
        }
        // log4j2 loads its plugins without ever linking them: the first run links them so that they are archived
        Path loaded = dir.resolve("loaded.txt");
        var fourth = sluice.run(java.util.Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + loaded), "exec", "stream:list");
        assertThat(Files.readAllLines(loaded)).as("where the classes came from")
                .anySatisfy(line -> assertThat(line).contains(" org.apache.logging.log4j.core.appender.FileAppender source: shared objects file"))
                .noneSatisfy(line -> assertThat(line).contains("FileAppender source: file:"));
        assertThat(sluice.file("data/cds")).isDirectoryNotContaining("glob:**loaded-*");
        for (var run : java.util.List.of(first, second, third, fourth)) {
            assertThat(run.status()).as(run.output()).isZero();
            assertThat(run.output()).as("nothing but the command's output").startsWith("APPLICATION ")
                    .doesNotContain("cds", "warning");
        }
    }

    @Test
    void shouldWriteAnArchiveOfItsOwnForAMovedHomeAndForAReplacedBundle() throws Exception {
        var runs = new java.util.ArrayList<Distribution.Result>();
        runs.add(sluice.run("exec", "stream:list"));
        runs.add(sluice.run("exec", "stream:list"));
        String here = archive("sluice-(\\d+)\\.jsa");

        // Java refuses an archive made while the launcher's jar had another path
        sluice = sluice.movedTo(dir.resolve("moved"));
        runs.add(sluice.run("exec", "stream:list"));
        String moved = archive("sluice-(\\d+)\\.jsa\\.\\d+");
        runs.add(sluice.run("exec", "stream:list"));
        assertThat(archive("sluice-(\\d+)\\.jsa")).isEqualTo(moved);

        // the replaced jar's classes are not in the archive any more
        withBundleVersion(sluice.file(EXAMPLES), "0.1.0.upgraded");
        runs.add(sluice.run("exec", "stream:list"));
        String upgraded = archive("sluice-(\\d+)\\.jsa\\.\\d+");

        assertThat(java.util.List.of(here, moved, upgraded)).as("one archive per layout").doesNotHaveDuplicates();
        for (var run : runs) {
            assertThat(run.status()).as(run.output()).isZero();
            assertThat(run.output()).as("nothing but the command's output").startsWith("APPLICATION ")
                    .doesNotContain("cds", "warning");
        }
    }

    /** The layout key of the one archive in data/cds, whose name must match {@code pattern} (the key its group 1). */
    private String archive(String pattern) throws IOException {
        try (Stream<Path> files = Files.list(sluice.file("data/cds"))) {
            var names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).as("data/cds").singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .matches(pattern);
            var matcher = java.util.regex.Pattern.compile(pattern).matcher(names.get(0));
            assertThat(matcher.matches()).isTrue();
            return matcher.group(1);
        }
    }

    /** A bundle with nothing but a manifest, moved into deploy/ whole, so that FileInstall never reads half a jar. */
    private void deploy(String nameAndVersion) throws IOException {
        var manifest = new java.util.jar.Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(new Attributes.Name("Bundle-ManifestVersion"), "2");
        main.put(new Attributes.Name("Bundle-SymbolicName"), "dev.sluice.itests.deployed");
        main.put(new Attributes.Name("Bundle-Name"), "Deployed test bundle");
        main.put(new Attributes.Name("Bundle-Version"), nameAndVersion.substring(nameAndVersion.indexOf('-') + 1));
        Path staged = sluice.file("deployed.jar.staged");
        try (var out = new JarOutputStream(Files.newOutputStream(staged), manifest)) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write(nameAndVersion.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Files.move(staged, sluice.file("deploy/deployed.jar"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until the background container's lb lists {@code text}. */
    private void awaitBundles(String text) {
        var last = new String[] {""};
        Await.until("'" + text + "' in lb", () -> {
            try {
                last[0] = sluice.run("client", "lb").output();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return last[0].contains(text);
        }, () -> last[0], java.time.Duration.ofMillis(500));
    }

    /** lb's listing of the bundles in a fresh container from this home. */
    private String bundles() throws Exception {
        var lb = sluice.run("exec", "lb");
        assertThat(lb.status()).as(lb.output()).isZero();
        return lb.output();
    }

    /** A file of our own in the cache's folder (Felix leaves alone what is not a bundle's): a cleaned cache loses it. */
    private Path markTheCache() throws IOException {
        return Files.writeString(sluice.file("data/felix-cache/kept-since-the-last-start"), "");
    }

    /** Rewrites the jar in place with another Bundle-Version, as a rebuilt plugin of the same file name. */
    private static void withBundleVersion(Path jar, String version) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (JarFile in = new JarFile(jar.toFile()); JarOutputStream out = new JarOutputStream(bytes, manifest(in, version))) {
            for (JarEntry entry : java.util.Collections.list(in.entries())) {
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (var content = in.getInputStream(entry)) {
                    content.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Path replacement = jar.resolveSibling(jar.getFileName() + ".new");
        Files.write(replacement, bytes.toByteArray());
        Files.move(replacement, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static java.util.jar.Manifest manifest(JarFile jar, String version) throws IOException {
        var manifest = new java.util.jar.Manifest(jar.getManifest());
        manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
        return manifest;
    }
}
