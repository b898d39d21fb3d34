package io.medallion.lakehouse.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, minus the processes it starts. Without Hadoop's native library (which
 * no Maven artifact ships), {@link RawLocalFileSystem} runs {@code chmod} for every file and folder
 * it creates and {@code readlink} for every rename through a {@code FileContext}, as Delta's log
 * commits are. A pipeline run on a laptop starts hundreds of them, about 2 ms each. This class does
 * both through {@code java.nio} and defers to Hadoop for what {@code java.nio} cannot express (the
 * sticky and setuid bits, a file system without POSIX permissions, a symbolic link).
 */
public class NioRawLocalFileSystem extends RawLocalFileSystem {
    private static final PosixFilePermission[] BY_BIT = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        short mode = permission.toShort();
        if ((mode & ~0777) != 0) {
            super.setPermission(p, permission);
            return;
        }
        try {
            Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(mode));
        } catch (UnsupportedOperationException notPosix) {
            super.setPermission(p, permission);
        }
    }

    /** Hadoop asks {@code readlink} whether the path is a link; only a link needs Hadoop's answer. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
        if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
            return getFileStatus(f);
        }
        return super.getFileLinkStatus(f);
    }

    static Set<PosixFilePermission> posix(short mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(BY_BIT[bit]);
            }
        }
        return permissions;
    }
}
