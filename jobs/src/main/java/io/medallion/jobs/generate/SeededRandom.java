package io.medallion.jobs.generate;

import java.util.SplittableRandom;

/**
 * Independent, reproducible random streams derived from the run's seed, a purpose and an index
 * (usually the day).
 *
 * <p>Each file draws from its own stream, so files can be written in any order or in parallel and
 * still come out byte-identical, and changing how one file is generated leaves the others alone.
 */
final class SeededRandom {
    private SeededRandom() {}

    /** A fresh stream for {@code purpose} (e.g. {@code "sales"}) and {@code index} (e.g. the day). */
    static SplittableRandom of(long seed, String purpose, long index) {
        // String.hashCode is specified by the JLS, so the derivation is stable across JVMs.
        long mixed = mix(seed ^ 0x9E3779B97F4A7C15L);
        mixed = mix(mixed ^ purpose.hashCode());
        mixed = mix(mixed + index * 0xBF58476D1CE4E5B9L);
        return new SplittableRandom(mixed);
    }

    /** A {@code long} seed for a {@link java.util.Random}, e.g. for datafaker. */
    static long seedFor(long seed, String purpose, long index) {
        return of(seed, purpose, index).nextLong();
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer: spreads every input bit over the output. */
    private static long mix(long value) {
        value = (value ^ (value >>> 30)) * 0xBF58476D1CE4E5B9L;
        value = (value ^ (value >>> 27)) * 0x94D049BB133111EBL;
        return value ^ (value >>> 31);
    }
}
