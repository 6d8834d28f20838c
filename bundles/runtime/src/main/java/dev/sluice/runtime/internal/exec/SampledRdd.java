package dev.sluice.runtime.internal.exec;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * sample: each partition draws from a generator seeded by the seed and the partition's index, so
 * computing a partition again (an action after another) gives the same sample.
 */
public final class SampledRdd<T> extends Rdd<T> {

    private final Rdd<T> parent;
    private final boolean withReplacement;
    private final double fraction;
    private final long seed;

    public SampledRdd(Rdd<T> parent, boolean withReplacement, double fraction, long seed) {
        if (withReplacement ? !(fraction >= 0) || Double.isInfinite(fraction) : !(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("sample: the fraction must be " + (withReplacement
                    ? "a finite number of at least 0 with replacement" : "in [0, 1] without replacement")
                    + ", got " + fraction);
        }
        this.parent = parent;
        this.withReplacement = withReplacement;
        this.fraction = fraction;
        this.seed = seed;
    }

    @Override
    public int numPartitions() {
        return parent.numPartitions();
    }

    @Override
    public void compute(int p, Consumer<? super T> out) {
        var random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + p);
        parent.compute(p, t -> {
            int times = withReplacement ? poisson(random) : random.nextDouble() < fraction ? 1 : 0;
            for (int i = 0; i < times; i++) {
                out.accept(t);
            }
        });
    }

    /** How many events of a rate-{@code fraction} Poisson process fall in one unit of time. */
    private int poisson(SplittableRandom random) {
        if (fraction == 0) {
            return 0;
        }
        int n = 0;
        double t = -Math.log(1 - random.nextDouble()) / fraction;
        while (t <= 1) {
            n++;
            t += -Math.log(1 - random.nextDouble()) / fraction;
        }
        return n;
    }

    @Override
    public List<Rdd<?>> parents() {
        return List.of(parent);
    }
}
