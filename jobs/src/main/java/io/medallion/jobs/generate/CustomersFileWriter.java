package io.medallion.jobs.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes one day's {@code customers_<yyyy-MM-dd>.parquet}: the whole customer snapshot as one
 * Snappy-compressed Parquet file, written with parquet-hadoop's example writer rather than Spark so
 * that no SparkSession is needed and the bytes depend on nothing but the rows.
 *
 * <p>Every column is optional, as Spark writes them, so that a later defect (a missing email) needs
 * no schema change. birth_date is a {@code DATE}; signup_ts and updated_at are UTC-adjusted
 * {@code TIMESTAMP(MICROS)}, which Spark reads as {@code timestamp}. About 80 bytes a customer.
 */
final class CustomersFileWriter {
    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message customer {
              optional binary customer_id (STRING);
              optional binary first_name (STRING);
              optional binary last_name (STRING);
              optional binary email (STRING);
              optional binary phone (STRING);
              optional int32 birth_date (DATE);
              optional binary city (STRING);
              optional binary country (STRING);
              optional binary loyalty_tier (STRING);
              optional int64 signup_ts (TIMESTAMP(MICROS,true));
              optional int64 updated_at (TIMESTAMP(MICROS,true));
            }
            """);
    private static final long MICROS_PER_SECOND = 1_000_000;

    WrittenFile write(DaySnapshot day, Path file) {
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        // No Hadoop defaults loaded: nothing on the classpath can change the output.
        Configuration configuration = new Configuration(false);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalParquetOutputFile(file))
                .withConf(configuration)
                .withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (Customer customer : day.customers()) {
                writer.write(groups.newGroup()
                        .append("customer_id", customerId(customer.number()))
                        .append("first_name", customer.firstName())
                        .append("last_name", customer.lastName())
                        .append("email", customer.email())
                        .append("phone", customer.phone())
                        .append("birth_date", customer.birthEpochDay())
                        .append("city", customer.city())
                        .append("country", customer.countryCode())
                        .append("loyalty_tier", customer.loyaltyTier())
                        .append("signup_ts", customer.signupEpochSecond() * MICROS_PER_SECOND)
                        .append("updated_at", customer.updatedEpochSecond() * MICROS_PER_SECOND));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the customers Parquet file " + file, e);
        }
        try {
            return WrittenFile.withoutDefects(
                    new GeneratedFile("customers", file.toString(), day.customers().size(), Files.size(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of " + file, e);
        }
    }

    /** {@code C} and seven digits. */
    static String customerId(int number) {
        String digits = Integer.toString(number);
        return "C" + "0000000".substring(digits.length()) + digits;
    }
}
