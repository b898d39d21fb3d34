package io.medallion.bench;

import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The export floor: each mart's Delta table written straight into PostgreSQL by Spark's JDBC writer,
 * dropping and re-creating the table. No stage, no transaction around the swap (a reader can find the
 * table missing or half-filled), no skipping an unchanged mart.
 */
final class FloorExport {
    private final SparkSession spark;
    private final String url;
    private final Properties connection = new Properties();

    FloorExport(SparkSession spark, String url, ExportDatabase database) {
        this.spark = spark;
        this.url = url;
        connection.setProperty("user", database.user());
        connection.setProperty("password", database.password());
        connection.setProperty("batchsize", "10000");
    }

    /** Copies each mart under {@code folder} to table {@code floor_<mart>}; returns the rows copied. */
    long copy(String folder, List<String> marts) {
        long rows = 0;
        for (String mart : marts) {
            Dataset<Row> table = spark.read().format("delta").load(folder + "/" + mart);
            rows += table.count();  // from the Delta log's statistics
            table.write().mode(SaveMode.Overwrite).jdbc(url, "floor_" + mart, connection);
        }
        return rows;
    }
}
