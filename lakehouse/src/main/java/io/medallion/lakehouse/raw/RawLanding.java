package io.medallion.lakehouse.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medallion.lakehouse.concurrent.Tasks;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands source files in raw unchanged: each file is streamed once into
 * {@code raw/<source>/ingest_date=<date>/<name>}, and while it streams its SHA-256 and record count
 * are taken for its manifest ({@code raw/<source>/_manifests/ingest_date=<date>/<name>.json}).
 * Cost: one sequential read and one write per file, on the driver, a few files at a time; no Spark job.
 *
 * <p>Landing the same file again (a rerun after a failure) overwrites its earlier copy. A file whose
 * name was already landed that day with another size or modification time is a new version of it
 * and is landed beside the first as {@code <name>.v<modification time>}, so raw keeps both.
 */
public final class RawLanding {
    private static final Logger LOG = LoggerFactory.getLogger(RawLanding.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER_SIZE = 1 << 20;
    /**
     * Files landed at once. Each is one stream through the driver: on an object store a stream waits
     * on the network far more than it works, and on local disks the checksum and inspection of one
     * file keep one core busy, so a few at a time use what one at a time leaves idle.
     */
    private static final int CONCURRENT_FILES = 4;

    private final Configuration hadoopConfiguration;
    private final LakehouseLayout layout;

    public RawLanding(Configuration hadoopConfiguration, LakehouseLayout layout) {
        this.hadoopConfiguration = hadoopConfiguration;
        this.layout = layout;
    }

    /** The files in the source's folder that match its {@code files} glob, oldest name first. */
    public List<SourceFile> discover(SourceConfig source) {
        String location = LakehouseLayout.qualify(source.location());
        Path glob = new Path(location + "/" + source.filePattern());
        try {
            FileSystem fs = glob.getFileSystem(hadoopConfiguration);
            FileStatus[] statuses = fs.globStatus(glob);
            List<SourceFile> files = new ArrayList<>();
            if (statuses == null) {
                LOG.warn("Source {}: folder {} does not exist; no files to land", source.name(), location);
                return files;
            }
            for (FileStatus status : statuses) {
                if (status.isFile()) {
                    files.add(new SourceFile(fs.makeQualified(status.getPath()).toString(), status.getLen(), status.getModificationTime()));
                }
            }
            files.sort(Comparator.comparing(SourceFile::path));
            return files;
        } catch (IOException e) {
            throw Errors.storageFailed("list the files of source " + source.name(), location, e);
        }
    }

    /**
     * Lands the files, a few at a time, each under the date {@code dateOf} gives it, and returns them
     * in the order given. Files of the same name and date land one after the other, in that order,
     * since a later one is a new version of the earlier one ({@link #land}). A failure is thrown as it
     * is (it names the file); the files still landing then are interrupted.
     */
    public List<LandedFile> landAll(SourceConfig source, List<SourceFile> files, Function<SourceFile, LocalDate> dateOf) {
        List<LocalDate> dates = files.stream().map(dateOf).toList();
        Map<String, List<Integer>> sameTarget = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            sameTarget.computeIfAbsent(dates.get(i) + "/" + files.get(i).name(), target -> new ArrayList<>()).add(i);
        }
        if (sameTarget.isEmpty()) {
            return List.of();
        }
        LandedFile[] landed = new LandedFile[files.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(CONCURRENT_FILES, sameTarget.size()), Tasks.daemonThreads("medallion-landing"));
        try {
            List<Future<?>> landings = sameTarget.values().stream()
                    .map(indexes -> pool.submit(() -> indexes.forEach(i -> landed[i] = land(source, files.get(i), dates.get(i)))))
                    .collect(Collectors.toList());
            // A failure already names the file and what to do (Errors.storageFailed).
            landings.forEach(landing -> Tasks.await(landing, "landing files into raw"));
        } finally {
            pool.shutdownNow();
        }
        return List.of(landed);
    }

    public LandedFile land(SourceConfig source, SourceFile file, LocalDate ingestDate) {
        String folder = layout.rawFolder(source.name()) + "/ingest_date=" + ingestDate;
        String manifestFolder = layout.rawFolder(source.name()) + "/_manifests/ingest_date=" + ingestDate;
        try {
            Path input = new Path(file.path());
            FileSystem sourceFs = input.getFileSystem(hadoopConfiguration);
            Path target = new Path(folder, file.name());
            FileSystem rawFs = target.getFileSystem(hadoopConfiguration);
            Path manifest = new Path(manifestFolder, file.name() + ".json");
            if (rawFs.exists(manifest) && !sameSourceFile(rawFs, manifest, file)) {
                String version = file.name() + ".v" + file.modificationTime();
                target = new Path(folder, version);
                manifest = new Path(manifestFolder, version + ".json");
            }
            CompressionCodec codec = new CompressionCodecFactory(hadoopConfiguration).getCodec(target);
            TextInspection inspection = TextInspection.of(source);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long copied = copy(sourceFs, input, rawFs, target, digest, codec == null ? inspection : null);
            if (codec != null && source.format().isText()) {
                inspectDecompressed(rawFs, target, codec, inspection);
            }
            inspection.finish();
            String rawPath = rawFs.makeQualified(target).toString();
            LandedFile landed = new LandedFile(
                    new SourceFile(file.path(), copied, file.modificationTime()),
                    rawPath,
                    HexFormat.of().formatHex(digest.digest()),
                    inspection.records(),
                    inspection.blankLines(),
                    ingestDate,
                    inspection.encodingProblem(),
                    inspection.quotedLineBreaks());
            writeManifest(rawFs, manifest, source, landed);
            LOG.debug("Landed {} as {} ({} bytes, {} records)", file.path(), rawPath, copied, landed.records());
            return landed;
        } catch (IOException e) {
            throw Errors.storageFailed("land file " + file.path() + " into raw", folder, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Copies the file byte for byte, feeding each buffer to the digest and, when given, the inspection. */
    private static long copy(FileSystem sourceFs, Path input, FileSystem rawFs, Path target, MessageDigest digest, TextInspection inspection)
            throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        try (InputStream in = sourceFs.open(input, BUFFER_SIZE); OutputStream out = rawFs.create(target, true)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                out.write(buffer, 0, read);
                digest.update(buffer, 0, read);
                if (inspection != null) {
                    inspection.update(buffer, read);
                }
                total += read;
            }
        }
        return total;
    }

    /**
     * Inspects a compressed text file on its decompressed bytes: a second read, of the landed copy. A
     * file that does not decompress (truncated, not really compressed) is left uninspected; bronze
     * finds it unreadable and quarantines it with the reader's own reason.
     */
    private static void inspectDecompressed(FileSystem fs, Path path, CompressionCodec codec, TextInspection inspection) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = codec.createInputStream(fs.open(path, BUFFER_SIZE))) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                inspection.update(buffer, read);
            }
        } catch (IOException | RuntimeException e) { // codecs throw unchecked exceptions on corrupt input too
            LOG.debug("Could not decompress {} to inspect it: {}", path, e.toString());
            inspection.unknown();
        }
    }

    /**
     * The files raw holds for a source on the dates {@code dates} accepts, as their manifests describe
     * them, oldest date and name first: what a backfill or a full refresh loads again.
     */
    public List<LandedFile> landed(SourceConfig source, Predicate<LocalDate> dates) {
        Path manifests = new Path(layout.rawFolder(source.name()) + "/_manifests");
        try {
            FileSystem fs = manifests.getFileSystem(hadoopConfiguration);
            FileStatus[] statuses = fs.globStatus(new Path(manifests, "ingest_date=*/*.json"));
            List<LandedFile> files = new ArrayList<>();
            for (FileStatus status : statuses == null ? new FileStatus[0] : statuses) {
                LocalDate date = LocalDate.parse(status.getPath().getParent().getName().substring("ingest_date=".length()));
                if (dates.test(date)) {
                    files.add(readManifest(fs, status.getPath()));
                }
            }
            files.sort(Comparator.comparing(LandedFile::ingestDate).thenComparing(LandedFile::rawPath));
            return files;
        } catch (IOException e) {
            throw Errors.storageFailed("list the raw files of source " + source.name(), manifests.toString(), e);
        }
    }

    private static LandedFile readManifest(FileSystem fs, Path manifest) throws IOException {
        try (InputStream in = fs.open(manifest)) {
            ObjectNode node = (ObjectNode) JSON.readTree(in);
            return new LandedFile(
                    new SourceFile(node.path("source_path").asText(), node.path("size").asLong(), node.path("source_modification_time").asLong()),
                    node.path("raw_path").asText(),
                    node.path("sha256").asText(),
                    node.path("records").asLong(-1),
                    node.path("blank_lines").asLong(-1),
                    LocalDate.parse(node.path("ingest_date").asText()),
                    Optional.ofNullable(node.get("encoding_problem")).map(JsonNode::asText),
                    node.path("quoted_line_breaks").asBoolean(false));
        }
    }

    private static boolean sameSourceFile(FileSystem fs, Path manifest, SourceFile file) throws IOException {
        try (InputStream in = fs.open(manifest)) {
            ObjectNode earlier = (ObjectNode) JSON.readTree(in);
            return earlier.path("size").asLong() == file.size()
                    && earlier.path("source_modification_time").asLong() == file.modificationTime();
        }
    }

    private static void writeManifest(FileSystem fs, Path manifest, SourceConfig source, LandedFile landed) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("source", source.name());
        node.put("format", source.format().key());
        node.put("source_path", landed.source().path());
        node.put("source_modification_time", landed.source().modificationTime());
        node.put("raw_path", landed.rawPath());
        node.put("size", landed.source().size());
        node.put("sha256", landed.sha256());
        node.put("records", landed.records());
        node.put("blank_lines", landed.blankLines());
        node.put("quoted_line_breaks", landed.quotedLineBreaks());
        landed.encodingProblem().ifPresent(problem -> node.put("encoding_problem", problem));
        node.put("ingest_date", landed.ingestDate().toString());
        node.put("landed_at", Instant.now().toString());
        try (OutputStream out = fs.create(manifest, true)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
        }
    }
}
