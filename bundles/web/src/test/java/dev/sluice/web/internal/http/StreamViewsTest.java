package dev.sluice.web.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Time;
import dev.sluice.api.management.BatchDelays;
import dev.sluice.api.management.GroupMember;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.MemberRole;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamViewsTest {

    @Test
    void shouldGiveTheGroupsMembersWithDelaysInMillisecondsAndSilentOnesMarked() {
        var delays = new BatchDelays(Duration.ofMillis(3), Duration.ofMillis(40), Duration.ofMillis(43),
                Duration.ofMillis(9), Duration.ofMillis(120), Duration.ofMillis(125));
        var view = new GroupView("wc", List.of(
                new GroupMember("node1/1", true, Optional.of(new MemberReport("app", MemberRole.SHARING,
                        Optional.of(Time.of(5_000)), Optional.of(delays))), Optional.of(Duration.ofMillis(300)),
                        List.of("lines-0", "lines-1"), true, false),
                new GroupMember("node2/2", false, Optional.empty(), Optional.empty(), List.of(), false, false)),
                Optional.of("Kafka at k:9092 cannot be asked"));

        String json = Json.write(StreamViews.group(view));

        assertThat(json).isEqualTo("{\"name\":\"wc\",\"problem\":\"Kafka at k:9092 cannot be asked\",\"members\":["
                + "{\"member\":\"node1/1\",\"self\":true,\"role\":\"sharing\",\"partitions\":[\"lines-0\",\"lines-1\"],"
                + "\"lastBatch\":5000,\"delays\":[3,40,43],\"maxDelays\":[9,120,125],\"reportedAgo\":300,"
                + "\"inGroup\":true,\"silent\":false},"
                + "{\"member\":\"node2/2\",\"self\":false,\"role\":null,\"partitions\":[],\"lastBatch\":null,"
                + "\"delays\":null,\"maxDelays\":null,\"reportedAgo\":null,\"inGroup\":false,\"silent\":false}]}");
    }
}
