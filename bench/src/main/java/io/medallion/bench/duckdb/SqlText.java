package io.medallion.bench.duckdb;

/** Quoting for the DuckDB SQL this package generates from config text (column names, regexes, allowed values). */
final class SqlText {
    private SqlText() {}

    /** A string literal; DuckDB's {@code '...'} takes backslashes as they are, so only quotes are doubled. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A double-quoted identifier, so column names with dots, spaces or keywords resolve as one name. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
