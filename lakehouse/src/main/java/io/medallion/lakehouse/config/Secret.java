package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

/**
 * A secret setting's value (a database password). Its {@link #toString()} is a mask, so a record
 * holding it can be printed or logged without leaking it; only {@link #reveal()} gives the value,
 * for the one call that needs it (opening a connection).
 */
public final class Secret {
    private static final String MASK = "******";

    private final String value;

    public Secret(String value) {
        this.value = requireNonNull(value, "value is null");
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
