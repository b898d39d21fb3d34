package io.medallion.lakehouse.config;

import io.medallion.lakehouse.error.Errors;

/**
 * Finds a bronze table by the name a person types on the command line: {@code sales} or
 * {@code bronze.sales}. An unknown name is a bad-usage error listing the declared tables.
 */
public final class BronzeTableName {
    private BronzeTableName() {}

    public static TableConfig resolve(PipelineConfig config, String name) {
        String prefix = Layer.BRONZE.key() + ".";
        String plain = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        return config.table(Layer.BRONZE, plain).orElseThrow(() -> Errors.badUsage("--table names " + name + ", which " + config.file()
                + " does not declare as a bronze table. Declared: "
                + String.join(", ", config.tables(Layer.BRONZE).stream().map(TableConfig::name).toList())));
    }
}
