package io.medallion.lakehouse.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model's dbt settings as dbt resolves them, each from the most specific place that sets it: the
 * model's own {@code config()}, then the {@code config:} of its entry in a {@code .yml}, then
 * {@code dbt_project.yml}'s {@code models:} tree, from the model's own entry there ({@code
 * marts: {orders: {+materialized: table}}}) through its folders up to the project and to
 * {@code models:} itself. In that tree, as in dbt, a key with a {@code +}, or whose value is not a
 * mapping, is a setting; any other key is a folder (or the project, or the model). Each setting keeps
 * the node it was read from, so a wrong value is named by the file and key that set it. A setting
 * Medallion does not apply is a problem wherever it is set: the same project run by dbt would build
 * something else.
 */
final class DbtModelSettings {
    /** The settings Medallion applies. */
    static final Set<String> APPLIED = Set.of("materialized", "unique_key", "partition_by", "incremental_strategy", "file_format", "enabled",
            "full_refresh");
    /** Settings of documentation, access and dbt's own bookkeeping, which change nothing Medallion builds. */
    static final Set<String> IGNORED = Set.of("tags", "meta", "docs", "persist_docs", "description", "grants", "access", "group");

    private final Map<String, ConfigNode> settings;
    private final ConfigNode modelConfig;

    private DbtModelSettings(Map<String, ConfigNode> settings, ConfigNode modelConfig) {
        this.settings = settings;
        this.modelConfig = modelConfig;
    }

    /**
     * @param models {@code dbt_project.yml}'s {@code models:} node
     * @param path the project's name, the folders between the model path and the model's file (outermost first), and the model's name
     * @param propertiesConfig the {@code config:} of the model's {@code .yml} entry (absent when it has none)
     * @param modelConfig the model's {@code config()}
     */
    static DbtModelSettings resolve(ConfigNode models, List<String> path, ConfigNode propertiesConfig, ConfigNode modelConfig) {
        Map<String, ConfigNode> settings = new HashMap<>();
        ConfigNode level = models;
        putSettings(level, true, settings);
        for (String part : path) {
            level = level.child(part);
            putSettings(level, true, settings);
        }
        putSettings(propertiesConfig, false, settings);
        putSettings(modelConfig, false, settings);
        return new DbtModelSettings(settings, modelConfig);
    }

    /**
     * Records a problem, once, for every setting in {@code dbt_project.yml}'s {@code models:} tree
     * that Medallion does not apply, whether or not a model sits under it.
     */
    static void checkProject(ConfigNode models) {
        models.entries().forEach((key, node) -> {
            if (isSetting(key, node, true)) {
                String name = settingName(key);
                if (APPLIED.contains(name)) {
                    checkValue(name, node);  // here too for a folder no model sits in; Errors reports a problem once
                } else if (!changesNothing(name, node)) {
                    rejectUnapplied(node);
                }
            } else if (!APPLIED.contains(key) && !IGNORED.contains(key)) {
                // dbt reads a bare `docs: {...}` as a folder no model sits in; its keys are not settings to report.
                checkProject(node);
            }
        });
    }

    /** Records a problem for a value of a setting Medallion applies that it cannot apply, as reading a model's settings does. */
    static void checkValue(String name, ConfigNode node) {
        switch (name) {
            case "materialized" -> materialization(node);
            case "enabled", "full_refresh" -> node.booleanOr(true);
            case "file_format" -> fileFormat(node);
            case "incremental_strategy" -> incrementalStrategy(node);
            case "unique_key", "partition_by" -> node.stringList();
            default -> throw new IllegalArgumentException("not a setting Medallion applies: " + name);
        }
    }

    /** Whether a {@code file_format} setting names Delta (or nothing); a problem otherwise. */
    static void fileFormat(ConfigNode node) {
        node.optionalString().filter(format -> !format.equalsIgnoreCase("delta")).ifPresent(format ->
                node.problem("is `" + format + "`; gold tables are Delta tables", "Remove file_format, or set it to delta"));
    }

    /** The incremental strategy an {@code incremental_strategy} setting names, merge when unset; a problem for one Medallion does not run. */
    static String incrementalStrategy(ConfigNode node) {
        String strategy = node.optionalString().orElse("merge");
        if (!strategy.equals("merge") && !strategy.equals("append")) {
            node.problem("`" + strategy + "` is not a strategy Medallion runs", "Use merge (by unique_key) or append");
        }
        return strategy;
    }

    /** The materialization a {@code materialized} setting names; a problem, and empty, for one Medallion does not run. */
    static Optional<Materialization> materialization(ConfigNode node) {
        return node.optionalString().flatMap(text -> {
            Optional<Materialization> parsed = Materialization.fromKey(text);
            if (parsed.isEmpty()) {
                node.problem("`" + text + "` is not a materialization Medallion runs", "Use " + Materialization.ACCEPTED);
            }
            return parsed;
        });
    }

    /** The setting's node from the most specific place that sets it; an absent node of the model's {@code config()} when none does. */
    ConfigNode child(String key) {
        return settings.getOrDefault(key, modelConfig.child(key));
    }

    /** A problem of the model's settings as a whole, named by its {@code config()}. */
    void problem(String problem, String fix) {
        modelConfig.problem(problem, fix);
    }

    /** Puts {@code level}'s settings over those already in {@code settings}; only {@code dbt_project.yml}'s levels hold folders. */
    private static void putSettings(ConfigNode level, boolean inProject, Map<String, ConfigNode> settings) {
        if (!level.isMapping()) {
            if (!inProject) {
                level.entries();  // records that a config: or config() must be a mapping; nothing when absent
            }
            return;
        }
        level.entries().forEach((key, node) -> {
            if (!isSetting(key, node, inProject)) {
                return;  // a folder or the model: its settings apply only under it
            }
            String name = settingName(key);
            if (APPLIED.contains(name)) {
                settings.put(name, node);
            } else if (!changesNothing(name, node) && !inProject) {  // the project's are recorded once, by checkProject
                rejectUnapplied(node);
            }
        });
    }

    /** An empty key ({@code staging:} with nothing under it) is a folder without settings, as in dbt. */
    private static boolean isSetting(String key, ConfigNode node, boolean inProject) {
        return !inProject || key.startsWith("+") || (node.isPresent() && !node.isMapping());
    }

    private static String settingName(String key) {
        return key.startsWith("+") ? key.substring(1) : key;
    }

    /**
     * Whether Medallion may leave the setting unapplied: an {@link #IGNORED} one, or one at the value
     * that changes nothing: {@code on_schema_change: ignore} (dbt's default; the others would add,
     * drop or fail on columns), and a {@code contract} that is not enforced.
     */
    private static boolean changesNothing(String name, ConfigNode node) {
        return switch (name) {
            case "on_schema_change" -> !node.isMapping() && node.optionalString().filter("ignore"::equals).isPresent();
            case "contract" -> !node.isMapping() || !node.child("enforced").booleanOr(false);
            default -> IGNORED.contains(name);
        };
    }

    private static void rejectUnapplied(ConfigNode setting) {
        setting.problem("is a dbt setting Medallion does not apply", "Remove it; Medallion reads " + String.join(", ", APPLIED.stream().sorted().toList()));
    }
}
