package dev.sluice.source.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Time;
import dev.sluice.api.management.BatchDelays;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.MemberRole;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusRecordTest {

    @Test
    void shouldReadBackAReportWithItsBatchDelaysAndConsumerId() {
        var delays = new BatchDelays(Duration.ofMillis(3), Duration.ofMillis(41), Duration.ofMillis(44),
                Duration.ofMillis(12), Duration.ofMillis(130), Duration.ofMillis(140));
        var record = new StatusRecord(new MemberReport("kafka-word-count", MemberRole.SHARING,
                Optional.of(Time.of(1_700_000_000_500L)), Optional.of(delays)), Optional.of("consumer-1-4f2c=x"));

        assertThat(StatusRecord.decode(record.encode())).isEqualTo(record);
    }

    @Test
    void shouldReadBackAReportOfAMemberWithNoBatchYet() {
        var record = new StatusRecord(new MemberReport("app", MemberRole.STANDING_BY, Optional.empty(),
                Optional.empty()), Optional.empty());

        assertThat(StatusRecord.decode(record.encode())).isEqualTo(record);
    }

    @Test
    void shouldRefuseAnotherFormatNamingBoth() {
        byte[] value = "format=2\nstream=app\nrole=RUNNING\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> StatusRecord.decode(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status record of format 2, this member reads format 1");
    }

    @Test
    void shouldRefuseMissingKeysUnknownRolesAndBadDelaysSayingWhich() {
        assertThatThrownBy(() -> StatusRecord.decode(bytes("format=1\nrole=RUNNING")))
                .hasMessage("status record without stream");
        assertThatThrownBy(() -> StatusRecord.decode(bytes("format=1\nstream=app\nrole=LEADING")))
                .hasMessage("status record with an unknown role LEADING");
        assertThatThrownBy(() -> StatusRecord.decode(bytes("format=1\nstream=app\nrole=RUNNING\ndelays=1,2,3")))
                .hasMessage("status record with 3 delays, not 6: 1,2,3");
        assertThatThrownBy(() -> StatusRecord.decode(bytes("format=1\nstream=app\nrole=RUNNING\nlastBatch=soon")))
                .hasMessage("status record with 'soon' where a number of milliseconds goes");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
