package io.medallion.jobs.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} on the local filesystem through java.nio.
 *
 * <p>Parquet 1.13 (Spark 3.5's) has no such class, and writing through a Hadoop {@code Path} goes
 * through Hadoop's checksummed local filesystem, which leaves a {@code .crc} file beside every
 * Parquet file.
 */
final class LocalParquetOutputFile implements OutputFile {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path path;

    LocalParquetOutputFile(Path path) {
        this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return path.toString();
    }

    private PositionOutputStream open(StandardOpenOption... options) throws IOException {
        OutputStream output = new BufferedOutputStream(
                Files.newOutputStream(path, withWrite(options)), BUFFER_BYTES);
        return new PositionOutputStream() {
            private long position;

            @Override
            public long getPos() {
                return position;
            }

            @Override
            public void write(int value) throws IOException {
                output.write(value);
                position++;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                output.write(bytes, offset, length);
                position += length;
            }

            @Override
            public void flush() throws IOException {
                output.flush();
            }

            @Override
            public void close() throws IOException {
                output.close();
            }
        };
    }

    private static StandardOpenOption[] withWrite(StandardOpenOption... options) {
        StandardOpenOption[] all = new StandardOpenOption[options.length + 1];
        System.arraycopy(options, 0, all, 0, options.length);
        all[options.length] = StandardOpenOption.WRITE;
        return all;
    }
}
