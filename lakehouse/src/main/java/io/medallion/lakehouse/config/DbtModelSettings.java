package io.medallion.lakehouse.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's dbt settings as dbt resolves them, each from the most specific place that sets it: the
 * model's own {@code config()}, then the {@code config:} of its entry in a {@code .yml}, then
 * {@code dbt_project.yml}'s {@code models.<project>} from the model's own folder up to the project
 * ({@code +materialized: table} at any level; a key without {@code +} is a sub-folder of the model
 * paths, unless it is a setting, which dbt also reads bare). Each setting keeps the node it was read
 * from, so a wrong value is named by the file and key that set it. A setting Medallion does not apply
 * is a problem wherever it is set, as a model read under dbt-spark would otherwise behave differently.
 */
final class DbtModelSettings {
    /** The settings Medallion applies. */
    static final Set<String> APPLIED = Set.of("materialized", "unique_key", "partition_by", "incremental_strategy", "file_format");
    /** Settings of documentation, access and dbt's own bookkeeping, which change nothing Medallion builds. */
    static final Set<String> IGNORED = Set.of("tags", "meta", "docs", "persist_docs", "description", "enabled", "grants",
            "contract", "access", "group", "on_schema_change", "full_refresh");

    private final Map<String, ConfigNode> settings;
    private final ConfigNode modelConfig;

    private DbtModelSettings(Map<String, ConfigNode> settings, ConfigNode modelConfig) {
        this.settings = settings;
        this.modelConfig = modelConfig;
    }

    /**
     * @param projectModels {@code dbt_project.yml}'s {@code models.<project>} node
     * @param folders the folders between the model path and the model's file, outermost first
     * @param propertiesConfig the {@code config:} of the model's {@code .yml} entry (absent when it has none)
     * @param modelConfig the model's {@code config()}
     */
    static DbtModelSettings resolve(ConfigNode projectModels, List<String> folders, ConfigNode propertiesConfig, ConfigNode modelConfig) {
        Map<String, ConfigNode> settings = new HashMap<>();
        ConfigNode level = projectModels;
        putSettings(level, true, settings);
        for (String folder : folders) {
            level = level.child(folder);
            putSettings(level, true, settings);
        }
        putSettings(propertiesConfig, false, settings);
        putSettings(modelConfig, false, settings);
        return new DbtModelSettings(settings, modelConfig);
    }

    /**
     * Records a problem, once, for every setting of {@code projectModels}' tree that Medallion does not
     * apply, and for every key that is neither a setting nor a folder's mapping (a misspelt setting).
     */
    static void checkProject(ConfigNode projectModels) {
        projectModels.entries().forEach((key, node) -> {
            String name = key.startsWith("+") ? key.substring(1) : key;
            if (isSetting(key, true)) {
                if (!APPLIED.contains(name) && !IGNORED.contains(name)) {
                    node.problem("is a dbt setting Medallion does not apply", "Remove it; Medallion reads " + applied());
                }
            } else if (node.isMapping()) {
                checkProject(node);
            } else {
                node.problem("is neither a setting nor a folder of models",
                        "Write a setting with a +, e.g. +materialized: table (Medallion reads " + applied() + "), or a folder as a mapping of its settings");
            }
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

    /**
     * Puts {@code level}'s settings over those already in {@code settings}. In {@code dbt_project.yml}
     * a setting carries {@code +} or is one of the known names; elsewhere every key is a setting.
     */
    private static void putSettings(ConfigNode level, boolean inProject, Map<String, ConfigNode> settings) {
        if (!level.isMapping()) {
            return;
        }
        level.entries().forEach((key, node) -> {
            if (!isSetting(key, inProject)) {
                return;  // a sub-folder: its settings apply only to the models under it
            }
            String name = key.startsWith("+") ? key.substring(1) : key;
            if (APPLIED.contains(name)) {
                settings.put(name, node);
            } else if (!IGNORED.contains(name) && !inProject) {
                node.problem("is a dbt setting Medallion does not apply", "Remove it; Medallion reads " + applied());
            }
        });
    }

    private static String applied() {
        return String.join(", ", APPLIED.stream().sorted().toList());
    }

    private static boolean isSetting(String key, boolean inProject) {
        if (!inProject || key.startsWith("+")) {
            return true;
        }
        return APPLIED.contains(key) || IGNORED.contains(key);
    }
}
