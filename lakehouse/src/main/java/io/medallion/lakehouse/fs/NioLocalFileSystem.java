package io.medallion.lakehouse.fs;

import org.apache.hadoop.fs.LocalFileSystem;

/**
 * The {@code file:} file system of a local session ({@code fs.file.impl}): Hadoop's checksummed
 * local file system over {@link NioRawLocalFileSystem}, so creating files starts no process.
 */
public class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new NioRawLocalFileSystem());
    }
}
