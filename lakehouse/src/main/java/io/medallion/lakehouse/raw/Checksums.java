package io.medallion.lakehouse.raw;

import io.medallion.lakehouse.error.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** SHA-256 of a file on any Hadoop filesystem, as lower-case hex. Cost: one sequential read. */
public final class Checksums {
    private Checksums() {}

    /** SHA-256 of a few bytes, as lower-case hex. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    public static String sha256(Configuration hadoopConfiguration, String path) {
        try {
            MessageDigest digest = newDigest();
            Path file = new Path(path);
            byte[] buffer = new byte[1 << 20];
            try (InputStream in = file.getFileSystem(hadoopConfiguration).open(file)) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, read);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw Errors.storageFailed("read file " + path + " to checksum it", path, e);
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
