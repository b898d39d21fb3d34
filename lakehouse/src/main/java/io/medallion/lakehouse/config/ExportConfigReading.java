package io.medallion.lakehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code exports:} section: each target's database and the tables copied to it. A table
 * copied must be one the pipeline declares; a secret never sits in the URL or the connector options,
 * only in {@code password:} or {@code private_key:} (normally {@code ${VARIABLE}}); the messages
 * never carry a secret's value.
 */
final class ExportConfigReading {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");
    private static final Set<String> TARGET_KEYS = Set.of("type", "enabled", "url", "user", "password", "private_key", "driver", "options",
            "tables", "description");
    private static final Set<String> TABLE_KEYS = Set.of("from", "to");
    private static final List<String> SNOWFLAKE_REQUIRED = List.of("sfURL", "sfUser", "sfDatabase", "sfSchema");
    private static final Set<String> SECRET_OPTIONS = Set.of("sfpassword", "password", "pem_private_key", "sftoken", "token");

    private ExportConfigReading() {}

    /** @param tables the qualified names of every table of the pipeline, which {@code from} may name */
    static List<ExportTarget> read(ConfigNode exports, Set<String> tables) {
        List<ExportTarget> targets = new ArrayList<>();
        exports.entries().forEach((name, node) -> readTarget(name, node, tables).ifPresent(targets::add));
        return targets;
    }

    private static Optional<ExportTarget> readTarget(String name, ConfigNode node, Set<String> tables) {
        node.rejectUnknownKeys(TARGET_KEYS);
        if (!NAME.matcher(name).matches()) {
            node.problem("`" + name + "` is not a valid export name", "Use lower-case letters, digits and underscores, starting with a letter");
        }
        ConfigNode typeNode = node.child("type");
        Optional<ExportTarget.Type> type = typeNode.requiredString("Set type: jdbc or snowflake").flatMap(text -> {
            try {
                return Optional.of(ExportTarget.Type.valueOf(text.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                typeNode.problem("`" + text + "` is not an export type", "Use jdbc or snowflake");
                return Optional.empty();
            }
        });
        Optional<String> url = node.child("url").optionalString();
        Map<String, String> options = node.child("options").stringMap();
        type.ifPresent(t -> checkConnection(t, node, url, options));
        // Unset when empty, so the Spark conf's ExportTarget.passwordConfKey is used instead.
        Optional<Secret> password = node.child("password").optionalSecret();
        Optional<Secret> privateKey = node.child("private_key").optionalSecret();
        if (privateKey.isPresent() && type.filter(t -> t == ExportTarget.Type.SNOWFLAKE).isEmpty()) {
            node.child("private_key").problem("is only for snowflake targets (key-pair authentication)", "Remove it, or use password:");
        }
        List<ExportTarget.ExportTable> exported = new ArrayList<>();
        ConfigNode tablesNode = node.child("tables");
        if (!tablesNode.isPresent()) {
            tablesNode.problem("is required", "List the tables to copy, e.g. tables: [{from: gold.daily_sales, to: marts.daily_sales}]");
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (ConfigNode table : tablesNode.elements()) {
            table.rejectUnknownKeys(TABLE_KEYS);
            Optional<String> from = table.child("from").requiredString("Name the lakehouse table to copy, e.g. from: gold.daily_sales");
            from.filter(f -> !tables.contains(f)).ifPresent(f -> table.child("from").problem("names `" + f + "`, which the pipeline does not declare",
                    "Use a qualified table name: " + String.join(", ", tables.stream().sorted().limit(12).toList())));
            Optional<String> to = table.child("to").requiredString("Name the target table, e.g. to: marts.daily_sales");
            to.filter(t -> !TABLE.matcher(t).matches()).ifPresent(t -> table.child("to").problem("`" + t + "` is not a table name",
                    "Write [database.][schema.]table with letters, digits and underscores"));
            to.filter(t -> seen.putIfAbsent(t.toLowerCase(Locale.ROOT), table.path()) != null).ifPresent(t -> table.child("to").problem(
                    "`" + t + "` is also the target of " + seen.get(t.toLowerCase(Locale.ROOT)), "Copy each table to a table of its own"));
            if (from.isPresent() && to.isPresent()) {
                exported.add(new ExportTarget.ExportTable(from.get(), to.get()));
            }
        }
        boolean enabled = node.child("enabled").booleanOr(true);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ExportTarget(name, type.get(), enabled, url, node.child("user").optionalString(), password, privateKey,
                node.child("driver").optionalString(), options, exported));
    }

    private static void checkConnection(ExportTarget.Type type, ConfigNode node, Optional<String> url, Map<String, String> options) {
        options.keySet().stream().filter(key -> SECRET_OPTIONS.contains(key.toLowerCase(Locale.ROOT))).forEach(key -> node.child("options").child(key)
                .problem("is a secret", "Remove it from options and set " + (key.toLowerCase(Locale.ROOT).contains("key") ? "private_key" : "password")
                        + ": ${<VARIABLE>} from the environment, so it stays out of logs and reports"));
        if (type == ExportTarget.Type.JDBC) {
            if (url.isEmpty()) {
                node.child("url").problem("is required for a jdbc export", "Set the JDBC URL, e.g. url: jdbc:postgresql://db.example.com:5432/reporting");
            }
            url.filter(u -> !u.startsWith("jdbc:")).ifPresent(u -> node.child("url").problem("is not a JDBC URL (it does not start with jdbc:)",
                    "Write it as jdbc:<database>://host:port/name"));
            url.filter(JdbcUrls::holdsPassword).ifPresent(u -> node.child("url")
                    .problem("holds a password", "Remove it from the URL, set user: and password: ${<VARIABLE>} from the environment, so it stays out of logs"));
        } else {
            url.ifPresent(u -> node.child("url").problem("is for jdbc exports", "Set the account under options: {sfURL: <account>.snowflakecomputing.com}"));
            SNOWFLAKE_REQUIRED.stream().filter(key -> !options.containsKey(key)).forEach(key -> node.child("options").child(key).problem(
                    "is required for a snowflake export", "Set options: {sfURL, sfUser, sfDatabase, sfSchema} (and sfWarehouse, sfRole as your account needs)"));
        }
    }
}
