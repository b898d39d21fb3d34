package io.medallion.lakehouse.error;

import io.medallion.lakehouse.config.ConfigProblem;
import io.medallion.lakehouse.config.JdbcUrls;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds every user-facing {@link MedallionException}. Each message says the problem, why it
 * matters and how to fix it, and names the file, key, table or batch involved. Secrets never reach
 * these messages: callers pass names, never values of secret settings.
 */
public final class Errors {
    private Errors() {}

    public static MedallionException invalidConfig(List<ConfigProblem> allProblems) {
        // A setting many models inherit is read once per model: its problem is reported once.
        List<ConfigProblem> problems = List.copyOf(new LinkedHashSet<>(allProblems));
        String lines = problems.stream().map(p -> "  - " + p.describe()).collect(Collectors.joining("\n"));
        String noun = problems.size() == 1 ? "problem" : "problems";
        return new MedallionException(
                MedallionException.Kind.BAD_CONFIG,
                "The pipeline config has " + problems.size() + " " + noun + "; nothing was run:\n" + lines,
                null);
    }

    public static MedallionException badUsage(String message) {
        return new MedallionException(MedallionException.Kind.BAD_CONFIG, message, null);
    }

    /** A config or dbt file that is not UTF-8 text: bad config (exit 2), not a storage failure. */
    public static MedallionException notUtf8(String file) {
        return invalidConfig(List.of(new ConfigProblem(file, "", "is not UTF-8 text", "Save the file as UTF-8")));
    }

    public static MedallionException configNotFound(String path) {
        return new MedallionException(
                MedallionException.Kind.BAD_CONFIG,
                "Config file " + path + " does not exist. Pass the path of a pipeline YAML file with --config "
                        + "(conf/retail.yaml is the example that ships with Medallion).",
                null);
    }

    public static MedallionException storageFailed(String action, String location, Throwable cause) {
        return new MedallionException(
                MedallionException.Kind.JOB_FAILED,
                "Could not " + action + " at " + location + ": " + rootMessage(cause).replaceFirst("\\.$", "") + ". "
                        + StorageHints.whatToCheck(location),
                cause);
    }

    public static MedallionException tableWriteFailed(String table, String batchId, Throwable cause) {
        return new MedallionException(
                MedallionException.Kind.JOB_FAILED,
                "Writing batch " + batchId + " to table " + table + " failed: " + rootMessage(cause)
                        + ". Nothing of this batch was committed; rerun the same command once the cause is fixed.",
                cause);
    }

    public static MedallionException lookupTableMissing(String table, String path) {
        return new MedallionException(
                MedallionException.Kind.JOB_FAILED,
                "The SCD2 table silver." + table + " that a lookup reads does not exist yet (" + path + "): it has had no bronze rows."
                        + " Load its bronze sources first, or run the lookup's table again after it has loaded.",
                null);
    }

    public static MedallionException qualityGateFailed(String table, String batchId, Throwable cause) {
        return new MedallionException(
                MedallionException.Kind.JOB_FAILED,
                "The quality checks of table " + table + " could not be evaluated on batch " + batchId + ": " + rootMessage(cause)
                        + ". Nothing of this batch was committed; fix the cause (or the table's checks: in the config), then rerun.",
                cause);
    }

    /** {@code url} must be the configured URL, which the config loader guarantees holds no password. */
    public static MedallionException jdbcExtractFailed(String source, String url, Throwable cause) {
        return new MedallionException(
                MedallionException.Kind.JOB_FAILED,
                "Extracting source " + source + " from " + JdbcUrls.withoutSecrets(url) + " failed: " + rootMessage(cause)
                        + ". Nothing was loaded and the watermark did not move; check the URL, the user and password "
                        + "(sources." + source + ".user, .password), and that the table exists, then rerun.",
                cause);
    }

    public static MedallionException watermarkMismatch(String table, String source, int savedKeys, int configuredKeys) {
        return new MedallionException(
                MedallionException.Kind.BAD_CONFIG,
                "The saved watermark of " + table + " has " + savedKeys + " key values but sources." + source
                        + ".watermark.key lists " + configuredKeys + " columns, so the next extract cannot be placed. "
                        + "Move it with `medallion state set` or forget it with `medallion state reset`.",
                null);
    }

    public static MedallionException jobFailed(String message, Throwable cause) {
        return new MedallionException(MedallionException.Kind.JOB_FAILED, message, cause);
    }

    /** The innermost message of a cause chain: the one that names the real failure. */
    public static String rootMessage(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        String message = current.getMessage();
        return message == null ? current.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
