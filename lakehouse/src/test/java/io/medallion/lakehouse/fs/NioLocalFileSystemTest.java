package io.medallion.lakehouse.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void filesAndFoldersGetTheModeAskedFor() throws IOException {
        FileSystem fs = nioFileSystem();
        Path folder = new Path(dir.toUri().toString(), "a/b");
        assertTrue(fs.mkdirs(folder, new FsPermission((short) 0750)));
        Path file = new Path(folder, "part-0.parquet");
        try (OutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
            out.write(1);
        }
        fs.setPermission(file, new FsPermission((short) 0604));

        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))));
        assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/part-0.parquet"))));
    }

    @Test
    void everyPermissionBitMapsToItsOwnPosixPermission() {
        assertEquals("rwxr-xr--", PosixFilePermissions.toString(NioRawLocalFileSystem.posix((short) 0754)));
        assertEquals("-w---x-w-", PosixFilePermissions.toString(NioRawLocalFileSystem.posix((short) 0212)));
        assertEquals("---------", PosixFilePermissions.toString(NioRawLocalFileSystem.posix((short) 0)));
    }

    @Test
    void linkStatusIsHadoopsOwnForFilesLinksAndMissingPaths() throws IOException {
        FileSystem nio = nioFileSystem();
        FileSystem hadoop = FileSystem.newInstance(dir.toUri(), new Configuration());
        java.nio.file.Path target = Files.writeString(dir.resolve("target.json"), "{}");
        java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link.json"), target);
        // Hadoop recognises a link only by a path without a scheme (it hands "file:/..." to readlink as it is).
        List<Path> paths = List.of(new Path(target.toUri().toString()), new Path(link.toUri().toString()), new Path(link.toString()));

        for (Path path : paths) {
            FileStatus expected = hadoop.getFileLinkStatus(path);
            FileStatus actual = nio.getFileLinkStatus(path);
            assertEquals(expected.isSymlink(), actual.isSymlink(), path.toString());
            assertEquals(expected.isFile(), actual.isFile(), path.toString());
            assertEquals(expected.getLen(), actual.getLen(), path.toString());
            assertEquals(expected.isSymlink() ? expected.getSymlink() : null, actual.isSymlink() ? actual.getSymlink() : null, path.toString());
        }
        assertTrue(nio.getFileLinkStatus(paths.get(2)).isSymlink(), "the link case was not exercised");
        assertThrows(FileNotFoundException.class, () -> nio.getFileLinkStatus(new Path(dir.resolve("missing").toUri().toString())));
    }

    /** Delta commits its log by renaming a temporary file to the next version, which must fail when another writer got there first. */
    @Test
    void fileContextRenameRefusesAnExistingTarget() throws IOException {
        FileContext fc = FileContext.getFileContext(dir.toUri(), nioConf());
        Path committed = new Path(dir.toUri().toString(), "_delta_log/00000000000000000001.json");
        Path temporary = new Path(dir.toUri().toString(), "_delta_log/.00000000000000000001.json.tmp");
        write(fc, temporary, "first");
        fc.rename(temporary, committed, Options.Rename.NONE);
        write(fc, temporary, "second");

        assertThrows(FileAlreadyExistsException.class, () -> fc.rename(temporary, committed, Options.Rename.NONE));
        assertEquals("first", Files.readString(dir.resolve("_delta_log/00000000000000000001.json")));
    }

    @Test
    void createsAndCommitsWithoutStartingAProcessWhereHadoopStartsOne() throws Exception {
        List<String> nio = processesStartedBy(nioConf(), "nio");
        List<String> hadoop = processesStartedBy(new Configuration(), "hadoop");

        assertEquals(List.of(), nio);
        // Without this, the first assertion could pass on a machine where Hadoop starts none either.
        assertFalse(hadoop.isEmpty(), "Hadoop's local file system started no process; the test shows nothing here");
    }

    private List<String> processesStartedBy(Configuration conf, String folder) throws Exception {
        java.nio.file.Path recorded = dir.resolve(folder + ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ProcessStart");
            recording.start();
            FileSystem fs = FileSystem.newInstance(dir.toUri(), conf);
            Path table = new Path(dir.toUri().toString(), folder + "/table");
            fs.mkdirs(table);
            try (OutputStream out = fs.create(new Path(table, "part-0.parquet"))) {
                out.write(1);
            }
            FileContext fc = FileContext.getFileContext(dir.toUri(), conf);
            Path temporary = new Path(table, "_delta_log/.0.json.tmp");
            write(fc, temporary, "{}");
            fc.rename(temporary, new Path(table, "_delta_log/0.json"), Options.Rename.NONE);
            fs.close();
            recording.stop();
            recording.dump(recorded);
        }
        return RecordingFile.readAllEvents(recorded).stream()
                .filter(event -> event.getEventType().getName().equals("jdk.ProcessStart"))
                .map(event -> event.getString("command"))
                .filter(command -> command.contains(dir.toString()))
                .toList();
    }

    private static void write(FileContext fc, Path path, String text) throws IOException {
        try (OutputStream out = fc.create(path, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE), Options.CreateOpts.createParent())) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private FileSystem nioFileSystem() throws IOException {
        return FileSystem.newInstance(dir.toUri(), nioConf());
    }

    private static Configuration nioConf() {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.set("fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
        return conf;
    }
}
