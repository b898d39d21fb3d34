package io.medallion.quality.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server for tests: Adobe S3Mock's executable jar, started with {@code java -jar} as a
 * separate process on a free loopback port, its objects kept in a folder the caller owns. The build
 * copies the jar from Maven Central to the path in the system property {@code medallion.s3mock.jar}.
 * Starting takes about ten seconds, so a test class starts one server and closes it when done.
 *
 * <p>S3Mock accepts any credentials and does not check request signatures: tests against it prove
 * the S3 protocol path (listing, reads, writes, multi-object deletes, Delta commits), not IAM.
 */
public final class S3MockServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private S3MockServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server storing its objects under {@code folder} and returns once it answers requests. */
    public static S3MockServer start(Path folder) throws IOException {
        Path jar = Path.of(System.getProperty("medallion.s3mock.jar", "target/s3mock/s3mock-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock's executable jar is not at " + jar
                    + "; the build copies it there in the generate-test-resources phase (run the tests through ./mvnw).");
        }
        int port = freePort();
        Path log = folder.resolve("s3mock.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar", jar.toString(),
                // Spring Boot's own connector, plain HTTP and bound to loopback, is the endpoint. S3Mock's
                // extra HTTP connector ignores server.address and cannot be turned off: any free port.
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--server.ssl.enabled=false",
                "--com.adobe.testing.s3mock.httpPort=0",
                "--com.adobe.testing.s3mock.store.root=" + Files.createDirectories(folder.resolve("objects")),
                "--com.adobe.testing.s3mock.store.retainFilesOnExit=true",
                "--logging.level.root=WARN");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3MockServer server = new S3MockServer(process, log, port);
        try {
            server.awaitAnswer();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The endpoint to give {@code fs.s3a.endpoint}: plain HTTP on loopback. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Creates a bucket, as an S3 client would: {@code PUT /<bucket>}. */
    public void createBucket(String bucket) throws IOException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket))
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200) {
            throw new IOException("S3Mock refused to create bucket " + bucket + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAnswer() throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest listBuckets = HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(5)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            try {
                if (send(listBuckets).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Spring Boot takes seconds to open the port; wait on the process so an early exit shows at once.
            }
            if (waitForExit(Duration.ofMillis(250))) {
                throw new IOException("S3Mock exited with code " + process.exitValue() + " before answering:\n" + Files.readString(log));
            }
        }
        throw new IOException("S3Mock did not answer on " + endpoint() + " within " + START_TIMEOUT.toSeconds() + " s:\n" + Files.readString(log));
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Mock to start", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling S3Mock", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for S3Mock", e);
        }
    }
}
