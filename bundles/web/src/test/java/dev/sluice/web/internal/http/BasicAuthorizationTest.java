package dev.sluice.web.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthorizationTest {

    private static String header(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheUserAndAPasswordThatMayContainColons() {
        assertThat(BasicAuthorization.parse(header("sluice:a:b")))
                .contains(new BasicAuthorization("sluice", "a:b"));
    }

    @Test
    void shouldIgnoreOtherSchemesAndMalformedValues() {
        assertThat(BasicAuthorization.parse(null)).isEmpty();
        assertThat(BasicAuthorization.parse("Bearer abc")).isEmpty();
        assertThat(BasicAuthorization.parse("Basic !!!")).isEmpty();
        assertThat(BasicAuthorization.parse(header("no-colon"))).isEmpty();
    }
}
