package dev.sluice.web.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void shouldWriteMapsListsNumbersBooleansAndOptionals() {
        var map = new LinkedHashMap<String, Object>();
        map.put("name", "network-word-count");
        map.put("records", 42L);
        map.put("active", true);
        map.put("failure", Optional.empty());
        map.put("delays", List.of(1, 2));

        assertThat(Json.write(map))
                .isEqualTo("{\"name\":\"network-word-count\",\"records\":42,\"active\":true,\"failure\":null,\"delays\":[1,2]}");
    }

    @Test
    void shouldEscapeQuotesControlCharactersAndTheStartOfATag() {
        assertThat(Json.write("say \"hi\"\n\\ </script>\u0001"))
                .isEqualTo("\"say \\\"hi\\\"\\n\\\\ \\u003c/script>\\u0001\"");
    }
}
