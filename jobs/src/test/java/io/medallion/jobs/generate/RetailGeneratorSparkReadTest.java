package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated files read by Spark the way bronze reads them: every row arrives, with the documented types. */
class RetailGeneratorSparkReadTest {
    @TempDir
    static Path output;

    private static GenerationResult result;
    private static SparkSession spark;

    @BeforeAll
    static void generate() {
        result = RetailGenerator.generate(new GenerateOptions(output.toString(), 11, 400_000, 2, LocalDate.of(2026, 1, 1), 0.05));
        // A session of its own, sharing the SparkContext: under Spark's default EXCEPTION policy a timestamp
        // such as 2026-13-45 25:61:00, which the pre-3.0 parser accepted, fails the whole read instead of
        // just its row, so bronze must read with CORRECTED; other test classes keep the default.
        spark = SharedSpark.session().newSession();
        spark.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
    }

    @Test
    void salesCsvReadsEveryRowAndTypedParsingFailsExactlyOnWrongTypesAndMalformedTimestamps() {
        StructType typed = new StructType()
                .add("transaction_id", DataTypes.StringType)
                .add("transaction_ts", DataTypes.TimestampType)
                .add("store_id", DataTypes.StringType)
                .add("customer_id", DataTypes.StringType)
                .add("product_id", DataTypes.StringType)
                .add("quantity", DataTypes.IntegerType)
                .add("unit_price", DataTypes.createDecimalType(10, 2))
                .add("discount_pct", DataTypes.createDecimalType(5, 2))
                .add("payment_method", DataTypes.StringType)
                .add("channel", DataTypes.StringType)
                .add("currency", DataTypes.StringType)
                .add("_corrupt_record", DataTypes.StringType);

        Dataset<Row> sales = spark.read()
                .option("header", "true")
                .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
                .option("columnNameOfCorruptRecord", "_corrupt_record")
                .schema(typed)
                .csv(output.resolve("sales").toString())
                .cache();

        assertThat(sales.count()).isEqualTo(result.rowsBySource().get("sales"));
        long inventoryWrongTypes = spark.read().option("header", "true").csv(output.resolve("inventory").toString())
                .where("quantity_change not rlike '^-?[0-9]+$'").count();
        long salesWrongTypes = result.defectsByKind().get("wrong_type") - inventoryWrongTypes;
        assertThat(sales.where(col("_corrupt_record").isNotNull()).count())
                .isEqualTo(salesWrongTypes + result.defectsByKind().get("malformed_timestamp"));
    }

    @Test
    void inventoryCsvTypedParsingFailsExactlyOnWrongTypedQuantities() {
        Dataset<Row> inventory = spark.read()
                .option("header", "true")
                .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
                .option("columnNameOfCorruptRecord", "_corrupt_record")
                .schema(new StructType()
                        .add("movement_id", DataTypes.StringType)
                        .add("product_id", DataTypes.StringType)
                        .add("store_id", DataTypes.StringType)
                        .add("quantity_change", DataTypes.IntegerType)
                        .add("reason", DataTypes.StringType)
                        .add("movement_ts", DataTypes.TimestampType)
                        .add("_corrupt_record", DataTypes.StringType))
                .csv(output.resolve("inventory").toString())
                .cache();
        long wrongTypes = spark.read().option("header", "true").csv(output.resolve("inventory").toString())
                .where("quantity_change not rlike '^-?[0-9]+$'").count();

        assertThat(inventory.count()).isEqualTo(result.rowsBySource().get("inventory"));
        assertThat(wrongTypes).isPositive();
        assertThat(inventory.where(col("_corrupt_record").isNotNull()).count()).isEqualTo(wrongTypes);
    }

    @Test
    void customersParquetReadsWithDateAndTimestampColumns() {
        Dataset<Row> customers = spark.read().parquet(output.resolve("customers").toString());

        assertThat(customers.schema()).isEqualTo(new StructType()
                .add("customer_id", DataTypes.StringType)
                .add("first_name", DataTypes.StringType)
                .add("last_name", DataTypes.StringType)
                .add("email", DataTypes.StringType)
                .add("phone", DataTypes.StringType)
                .add("birth_date", DataTypes.DateType)
                .add("city", DataTypes.StringType)
                .add("country", DataTypes.StringType)
                .add("loyalty_tier", DataTypes.StringType)
                .add("signup_ts", DataTypes.TimestampType)
                .add("updated_at", DataTypes.TimestampType));
        assertThat(customers.count()).isEqualTo(result.rowsBySource().get("customers"));
    }

    @Test
    void productsReadAsMultiLineJsonDocuments() {
        Dataset<Row> products = spark.read()
                .option("multiLine", "true")
                .json(output.resolve("products").toString())
                .select(explode(col("products")).as("product"))
                .select("product.*");

        assertThat(products.count()).isEqualTo(result.rowsBySource().get("products"));
        assertThat(products.schema().apply("price").dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(products.schema().apply("active").dataType()).isEqualTo(DataTypes.BooleanType);
        assertThat(products.select("attributes.dimensions.width_cm").schema().apply(0).dataType())
                .isEqualTo(DataTypes.DoubleType);
    }

    @Test
    void campaignsReadAsJsonLinesWithNestedPerformance() {
        Dataset<Row> campaigns = spark.read().json(output.resolve("campaigns").toString());

        assertThat(campaigns.count()).isEqualTo(result.rowsBySource().get("campaigns"));
        assertThat(campaigns.columns()).doesNotContain("_corrupt_record");
        assertThat(campaigns.select("performance.impressions").schema().apply(0).dataType()).isEqualTo(DataTypes.LongType);
    }
}
