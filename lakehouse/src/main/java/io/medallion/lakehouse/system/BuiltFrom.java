package io.medallion.lakehouse.system;

import io.medallion.lakehouse.error.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What each output was last made from, one small text file per output in a {@code _system} folder:
 * a gold model's SQL digest and input versions ({@code _system/gold_inputs/<model>}), the lakehouse
 * version an export copied ({@code _system/exports/<target>/<table>}). A run redoes an output only
 * when what it would be made from differs. The file is written after the output's commit; should a
 * run stop between the two, the next run makes the output again, which changes nothing.
 */
public final class BuiltFrom {
    private final String folder;
    private final Configuration hadoop;

    /** @param folder the {@code _system} folder the files live in */
    public BuiltFrom(String folder, Configuration hadoop) {
        this.folder = folder;
        this.hadoop = hadoop;
    }

    public Optional<String> last(String output) {
        Path file = file(output);
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(file)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw Errors.storageFailed("read what " + output + " was last made from", file.toString(), e);
        }
    }

    public void record(String output, String madeFrom) {
        Path file = file(output);
        try (OutputStream out = file.getFileSystem(hadoop).create(file, true)) {
            out.write(madeFrom.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw Errors.storageFailed("record what " + output + " was made from", file.toString(), e);
        }
    }

    private Path file(String output) {
        return new Path(folder + "/" + output);
    }
}
