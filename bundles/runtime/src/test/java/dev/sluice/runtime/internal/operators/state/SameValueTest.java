package dev.sluice.runtime.internal.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SameValueTest {

    @Test
    @SuppressWarnings("deprecation")
    void anEqualJdkValueKeepsItsInstanceAndAnythingElseIsReplaced() {
        assertThat(SameValue.same(new Integer(1000), new Integer(1000))).isTrue();
        assertThat(SameValue.same(new String("count"), new String("count"))).isTrue();
        assertThat(SameValue.same(1000L, 1001L)).isFalse();
        assertThat(SameValue.same(1000, 1000L)).as("another type").isFalse();
        assertThat(SameValue.same(0.0, -0.0)).isFalse();
        List<Integer> list = new ArrayList<>(List.of(1));
        assertThat(SameValue.same(list, new ArrayList<>(List.of(1)))).as("equal, but not a JDK value").isFalse();
        assertThat(SameValue.same(list, list)).isTrue();
        assertThat(SameValue.same(7, null)).isFalse();
    }
}
