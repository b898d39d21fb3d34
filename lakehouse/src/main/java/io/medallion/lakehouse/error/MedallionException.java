package io.medallion.lakehouse.error;

/**
 * The one family of user-facing Medallion errors. Every instance is built by {@link Errors}, and its
 * message says what went wrong, why, and what to do. {@link #kind()} tells a launcher which exit code
 * the failure maps to.
 */
public class MedallionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is, which decides the process exit code. */
    public enum Kind {
        /** Bad command line or bad pipeline config: exit code 2. */
        BAD_CONFIG(2),
        /** The job ran and failed (unreadable input, failed gate, storage error): exit code 1. */
        JOB_FAILED(1);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    MedallionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
