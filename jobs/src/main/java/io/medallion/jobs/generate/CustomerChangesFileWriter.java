package io.medallion.jobs.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes one day's {@code customer_changes_<yyyy-MM-dd>.avro}: the events of the customer change
 * feed as an Avro container file (deflate), written with Avro's own writer so that no SparkSession
 * is needed.
 *
 * <p>change_id, customer_id, op ({@code I}, {@code U}, {@code D}) and changed_at (a
 * {@code timestamp-micros}, which Spark reads as {@code timestamp}) are always set; the customer
 * columns are nullable and null on a delete, which carries only the ids, the operation and its
 * time. Avro writes a random sync marker into every file; here it is drawn from the seed and the
 * day, so the same options give the same bytes.
 */
final class CustomerChangesFileWriter {
    static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "customer_change", "namespace": "io.medallion.retail", "fields": [
              {"name": "change_id", "type": "long"},
              {"name": "customer_id", "type": "string"},
              {"name": "op", "type": "string"},
              {"name": "changed_at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "first_name", "type": ["null", "string"], "default": null},
              {"name": "last_name", "type": ["null", "string"], "default": null},
              {"name": "email", "type": ["null", "string"], "default": null},
              {"name": "phone", "type": ["null", "string"], "default": null},
              {"name": "birth_date", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null},
              {"name": "city", "type": ["null", "string"], "default": null},
              {"name": "country", "type": ["null", "string"], "default": null},
              {"name": "loyalty_tier", "type": ["null", "string"], "default": null},
              {"name": "signup_ts", "type": ["null", {"type": "long", "logicalType": "timestamp-micros"}], "default": null}
            ]}
            """);
    private static final long MICROS_PER_SECOND = 1_000_000;
    private static final int SYNC_MARKER_BYTES = 16;

    private final long seed;

    CustomerChangesFileWriter(long seed) {
        this.seed = seed;
    }

    WrittenFile write(int dayIndex, List<CustomerChange> events, Path file) {
        try (OutputStream out = Files.newOutputStream(file);
                DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(SCHEMA))) {
            writer.setCodec(CodecFactory.deflateCodec(6));
            writer.create(SCHEMA, out, syncMarker(dayIndex));
            for (CustomerChange event : events) {
                writer.append(record(event));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the customer changes Avro file " + file, e);
        }
        try {
            return WrittenFile.withoutDefects(new GeneratedFile("customer_changes", file.toString(), events.size(), Files.size(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of " + file, e);
        }
    }

    private static GenericRecord record(CustomerChange event) {
        Customer customer = event.customer();
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("change_id", event.changeId());
        record.put("customer_id", CustomersFileWriter.customerId(customer.number()));
        record.put("op", event.operation().code());
        record.put("changed_at", event.changedEpochSecond() * MICROS_PER_SECOND);
        if (event.operation() != CustomerChange.Operation.DELETE) {
            record.put("first_name", customer.firstName());
            record.put("last_name", customer.lastName());
            record.put("email", customer.email());
            record.put("phone", customer.phone());
            record.put("birth_date", customer.birthEpochDay());
            record.put("city", customer.city());
            record.put("country", customer.countryCode());
            record.put("loyalty_tier", customer.loyaltyTier());
            record.put("signup_ts", customer.signupEpochSecond() * MICROS_PER_SECOND);
        }
        return record;
    }

    private byte[] syncMarker(int dayIndex) {
        SplittableRandom random = SeededRandom.of(seed, "customer-changes-sync", dayIndex);
        byte[] marker = new byte[SYNC_MARKER_BYTES];
        for (int i = 0; i < marker.length; i++) {
            marker[i] = (byte) random.nextInt(256);
        }
        return marker;
    }
}
