package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;

/** Column references that survive any column name (dots, spaces, backticks). */
final class Columns {
    private Columns() {}

    static Column named(String name) {
        return col(quote(name));
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
