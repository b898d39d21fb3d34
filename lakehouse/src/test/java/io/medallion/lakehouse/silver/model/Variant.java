package io.medallion.lakehouse.silver.model;

import static java.util.Objects.requireNonNull;

import io.medallion.lakehouse.silver.DeleteMode;
import io.medallion.lakehouse.silver.LoadType;
import io.medallion.lakehouse.silver.MergeSpec;
import io.medallion.lakehouse.silver.NullUpdates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One silver table setup the property tests exercise, over the events {@link CaseGenerator} makes:
 * key (case_id, k_str, k_int), sequence seq, values (v_str, v_int, v_dec).
 *
 * @param keyParts whether k_str and k_int may be null (the {@code null_keys: match} setups)
 */
public record Variant(String name, MergeSpec spec, KeyParts keyParts) {
    public static final List<String> KEYS = List.of("case_id", "k_str", "k_int");
    public static final String SEQUENCE = "seq";
    public static final List<String> VALUES = List.of("v_str", "v_int", "v_dec");
    /** SCD2's tracked columns in most variants: a change of v_int alone updates the open version in place. */
    public static final List<String> TRACKED = List.of("v_str", "v_dec");

    /** Whether the generated keys' parts (other than case_id) may be null. */
    public enum KeyParts {
        NOT_NULL,
        NULLABLE
    }

    public Variant {
        requireNonNull(name, "name is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(keyParts, "keyParts is null");
    }

    /**
     * Append; SCD1 and SCD2 with no deletes, hard and soft deletes, each with nulls overwrite and
     * ignore (SCD2 tracking {@link #TRACKED}); SCD2 tracking every column; and two null-key setups.
     */
    public static List<Variant> all() {
        List<Variant> variants = new ArrayList<>();
        variants.add(of(LoadType.APPEND, Optional.empty(), NullUpdates.OVERWRITE, List.of(), KeyParts.NOT_NULL));
        for (LoadType load : List.of(LoadType.SCD1, LoadType.SCD2)) {
            List<String> tracked = load == LoadType.SCD2 ? TRACKED : List.of();
            for (Optional<DeleteMode> deletes : List.of(Optional.<DeleteMode>empty(), Optional.of(DeleteMode.HARD), Optional.of(DeleteMode.SOFT))) {
                for (NullUpdates nulls : NullUpdates.values()) {
                    variants.add(of(load, deletes, nulls, tracked, KeyParts.NOT_NULL));
                }
            }
        }
        variants.add(of(LoadType.SCD2, Optional.of(DeleteMode.SOFT), NullUpdates.OVERWRITE, List.of(), KeyParts.NOT_NULL));
        variants.add(of(LoadType.SCD1, Optional.of(DeleteMode.HARD), NullUpdates.IGNORE, List.of(), KeyParts.NULLABLE));
        variants.add(of(LoadType.SCD2, Optional.of(DeleteMode.SOFT), NullUpdates.IGNORE, TRACKED, KeyParts.NULLABLE));
        return variants;
    }

    public static Variant named(String name) {
        return all().stream().filter(variant -> variant.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no variant named " + name));
    }

    private static Variant of(LoadType load, Optional<DeleteMode> deletes, NullUpdates nulls, List<String> tracked, KeyParts keyParts) {
        String name = load.key()
                + (load == LoadType.APPEND ? "" : "-" + deletes.map(DeleteMode::key).orElse("no_deletes") + "-nulls_" + nulls.key())
                + (load == LoadType.SCD2 ? (tracked.isEmpty() ? "-all_tracked" : "-tracked_" + String.join("_", tracked)) : "")
                + (keyParts == KeyParts.NULLABLE ? "-null_keys" : "");
        return new Variant(name, new MergeSpec(load, KEYS, SEQUENCE, VALUES, tracked, deletes, nulls), keyParts);
    }

    @Override
    public String toString() {
        return name;
    }
}
