package io.medallion.lakehouse.gold;

import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What each gold table was last built from, one small file per model at
 * {@code _system/gold_inputs/<model>}: the model's SQL (by digest) and the versions of the tables it
 * read. A run rebuilds a model only when one of them changed. The file
 * is written after the model's commit; should a run stop between the two, the next run builds the
 * model again, which a dbt model must tolerate anyway.
 */
final class GoldInputs {
    private final LakehouseLayout layout;
    private final Configuration hadoop;

    GoldInputs(LakehouseLayout layout, Configuration hadoop) {
        this.layout = layout;
        this.hadoop = hadoop;
    }

    Optional<String> lastBuiltFrom(String model) {
        Path file = file(model);
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(file)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw Errors.storageFailed("read what gold model " + model + " was built from", file.toString(), e);
        }
    }

    void record(String model, String inputs) {
        Path file = file(model);
        try (OutputStream out = file.getFileSystem(hadoop).create(file, true)) {
            out.write(inputs.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw Errors.storageFailed("record what gold model " + model + " was built from", file.toString(), e);
        }
    }

    private Path file(String model) {
        return new Path(layout.system("gold_inputs/" + model));
    }
}
