package io.medallion.lakehouse.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medallion.lakehouse.concurrent.Tasks;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Landing the same file again (a rerun after a failure) keeps its earlier copy when that is whole,
 * and overwrites a partial one. A file whose
 * name was already landed that day with another size or modification time is a new version of it
 * and is landed beside the first as {@code <name>.v<modification time>}, so raw keeps both.
 */
public final class RawLanding {
    private static final Logger LOG = LoggerFactory.getLogger(RawLanding.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER_SIZE = 1 << 20;
    /** The manifest's record of the source settings its counts and checks were found under. */
    private static final String INSPECTED_AS = "inspected_as";
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
     * in the order given, without those that changed while landing ({@link #land}). Files of the same
     * name and date land one after the other, in that order, since a later one is a new version of the
     * earlier one. A failure is thrown as it is (it names the file); the files still landing then are
     * interrupted.
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
                    .map(indexes -> pool.submit(() -> indexes.forEach(i -> landed[i] = land(source, files.get(i), dates.get(i)).orElse(null))))
                    .collect(Collectors.toList());
            // A failure already names the file and what to do (Errors.storageFailed).
            landings.forEach(landing -> Tasks.await(landing, "landing files into raw"));
        } finally {
            pool.shutdownNow();
        }
        return Arrays.stream(landed).filter(Objects::nonNull).toList(); // without the files that changed while landing
    }

    /**
     * Lands one file under {@code ingestDate}, or returns empty when the file changed after it was
     * listed or while it was copied (a writer still at work): its partial copy is deleted and the next
     * run, which lists it again, lands it once it holds still. A file raw already holds whole (its
     * manifest names the same size and modification time) is not copied again.
     */
    public Optional<LandedFile> land(SourceConfig source, SourceFile file, LocalDate ingestDate) {
        String folder = layout.rawFolder(source.name()) + "/ingest_date=" + ingestDate;
        String manifestFolder = layout.rawFolder(source.name()) + "/_manifests/ingest_date=" + ingestDate;
        try {
            Path input = new Path(file.path());
            FileSystem sourceFs = input.getFileSystem(hadoopConfiguration);
            Path target = new Path(folder, file.name());
            FileSystem rawFs = target.getFileSystem(hadoopConfiguration);
            Path manifest = new Path(manifestFolder, file.name() + ".json");
            // Each manifest is read once: on an object store every read is a request, on every landing.
            Optional<ObjectNode> earlier = readManifestIfAny(rawFs, manifest);
            if (earlier.isPresent() && !sameSourceFile(earlier.get(), file)) {
                String version = file.name() + ".v" + file.modificationTime();
                target = new Path(folder, version);
                manifest = new Path(manifestFolder, version + ".json");
                earlier = readManifestIfAny(rawFs, manifest);
            }
            if (earlier.isPresent() && sameSourceFile(earlier.get(), file) && rawFs.exists(target)
                    && rawFs.getFileStatus(target).getLen() == file.size()) {
                LOG.debug("Raw already holds {} whole as {}; not copied again", file.path(), target);
                return Optional.of(asSourceReadsNow(rawFs, source, manifest, earlier.get()));
            }
            CompressionCodec codec = new CompressionCodecFactory(hadoopConfiguration).getCodec(target);
            TextInspection inspection = TextInspection.of(source);
            MessageDigest digest = Checksums.newDigest();
            long copied = copy(sourceFs, input, rawFs, target, digest, codec == null ? inspection : null);
            FileStatus after = sourceFs.getFileStatus(input);
            // In whole seconds: an object store's listing gives milliseconds, its HEAD request (getFileStatus) whole seconds.
            if (copied != file.size() || after.getLen() != file.size() || after.getModificationTime() / 1000 != file.modificationTime() / 1000) {
                rawFs.delete(target, false);
                LOG.warn("Source file {} changed after it was listed ({} bytes, modified at {}) or while it was copied ({} bytes copied, now {} bytes,"
                        + " modified at {}): not landed; the next run lands it once it holds still", file.path(), file.size(),
                        Instant.ofEpochMilli(file.modificationTime()), copied, after.getLen(), Instant.ofEpochMilli(after.getModificationTime()));
                return Optional.empty();
            }
            if (codec != null && source.format().isText()) {
                inspect(rawFs, target, codec, inspection);
            }
            inspection.finish();
            LandedFile landed = inspected(file, rawFs.makeQualified(target).toString(), HexFormat.of().formatHex(digest.digest()), ingestDate,
                    inspection);
            writeManifest(rawFs, manifest, source, landed);
            writeLandedMark(rawFs, source, file, ingestDate);
            LOG.debug("Landed {} as {} ({} bytes, {} records)", file.path(), landed.rawPath(), copied, landed.records());
            return Optional.of(landed);
        } catch (IOException e) {
            throw Errors.storageFailed("land file " + file.path() + " into raw", folder, e);
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

    private static LandedFile inspected(SourceFile source, String rawPath, String sha256, LocalDate ingestDate, TextInspection inspection) {
        return new LandedFile(source, rawPath, sha256, inspection.records(), inspection.blankLines(), ingestDate, inspection.encodingProblem(),
                inspection.quotedLineBreaks());
    }

    /**
     * Inspects a landed copy, on its decompressed bytes when {@code codec} is given: a compressed
     * file's second read at landing, or any text file's when a reload finds it inspected under other
     * settings. A file that does not decompress (truncated, not really compressed) is left
     * uninspected; bronze finds it unreadable and quarantines it with the reader's own reason.
     */
    private static void inspect(FileSystem fs, Path path, CompressionCodec codec, TextInspection inspection) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream raw = fs.open(path, BUFFER_SIZE); InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
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
     * them, oldest date and name first: what a backfill or a full refresh loads again. A text file
     * landed under other source settings than today's (a fixed encoding or quote) is inspected again
     * under today's, so a reload after fixing the config does not reject it for what landing found.
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
                    files.add(asSourceReadsNow(fs, source, status.getPath(), readManifest(fs, status.getPath())));
                }
            }
            files.sort(Comparator.comparing(LandedFile::ingestDate).thenComparing(LandedFile::rawPath));
            return files;
        } catch (IOException e) {
            throw Errors.storageFailed("list the raw files of source " + source.name(), manifests.toString(), e);
        }
    }

    /**
     * The date under which raw already holds a copy of each of {@code files} (same source path, size
     * and modification time): a file landed before whose rows bronze may hold although the ledger
     * does not (its table's state was reset, a run failed between the bronze commit and the ledger
     * write, a blocked batch is loaded on a later day). Landing it under that date again lets its rows
     * replace the earlier ones instead of adding to them. Cost: one small read per file, of the mark
     * {@link #land} leaves (a missing mark is the usual answer, for a new file), whatever raw's history.
     */
    public Map<SourceFile, LocalDate> earlierLandings(SourceConfig source, List<SourceFile> files) {
        Map<SourceFile, LocalDate> dates = new HashMap<>();
        for (SourceFile file : files) {
            Path mark = landedMark(source, file);
            try (InputStream in = mark.getFileSystem(hadoopConfiguration).open(mark)) {
                dates.put(file, LocalDate.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()));
            } catch (FileNotFoundException e) {
                // never landed
            } catch (IOException e) {
                throw Errors.storageFailed("read the landing mark of source file " + file.path(), mark.toString(), e);
            }
        }
        return dates;
    }

    /**
     * Where {@link #land} notes the date it landed a source file under, named by the file's path, size
     * and modification time: {@code raw/<source>/_manifests/_landed/<sha-256 of them>}.
     */
    private Path landedMark(SourceConfig source, SourceFile file) {
        String identity = file.path() + "|" + file.size() + "|" + file.modificationTime();
        return new Path(layout.rawFolder(source.name()) + "/_manifests/_landed/" + Checksums.sha256Hex(identity.getBytes(StandardCharsets.UTF_8)));
    }

    private void writeLandedMark(FileSystem fs, SourceConfig source, SourceFile file, LocalDate ingestDate) throws IOException {
        try (OutputStream out = fs.create(landedMark(source, file), true)) {
            out.write(ingestDate.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The landed file {@code node}, the manifest at {@code manifest}, describes, as today's source settings would inspect it. */
    private LandedFile asSourceReadsNow(FileSystem fs, SourceConfig source, Path manifest, ObjectNode node) throws IOException {
        LandedFile landed = landedFile(node);
        if (!source.format().isText() || TextInspection.settingsOf(source).equals(node.path(INSPECTED_AS).asText())) {
            return landed;
        }
        LOG.info("Raw file {} was landed under other settings of source {} than today's; inspecting it again", landed.rawPath(), source.name());
        Path path = new Path(landed.rawPath());
        TextInspection inspection = TextInspection.of(source);
        inspect(path.getFileSystem(hadoopConfiguration), path, new CompressionCodecFactory(hadoopConfiguration).getCodec(path), inspection);
        inspection.finish();
        LandedFile again = inspected(landed.source(), landed.rawPath(), landed.sha256(), landed.ingestDate(), inspection);
        // Saved, so the next reload under the same settings trusts the manifest instead of reading the file again.
        putInspection(node, source, again);
        write(fs, manifest, node);
        return again;
    }

    /** The manifest's fields an inspection decides, and the settings it was made under. */
    private static void putInspection(ObjectNode node, SourceConfig source, LandedFile landed) {
        node.put("records", landed.records());
        node.put("blank_lines", landed.blankLines());
        node.put("quoted_line_breaks", landed.quotedLineBreaks());
        node.remove("encoding_problem");
        landed.encodingProblem().ifPresent(problem -> node.put("encoding_problem", problem));
        node.put(INSPECTED_AS, TextInspection.settingsOf(source));
    }

    private static ObjectNode readManifest(FileSystem fs, Path manifest) throws IOException {
        try (InputStream in = fs.open(manifest)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static Optional<ObjectNode> readManifestIfAny(FileSystem fs, Path manifest) throws IOException {
        try {
            return Optional.of(readManifest(fs, manifest));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void write(FileSystem fs, Path manifest, ObjectNode node) throws IOException {
        try (OutputStream out = fs.create(manifest, true)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static LandedFile landedFile(ObjectNode manifest) {
        return new LandedFile(
                new SourceFile(manifest.path("source_path").asText(), manifest.path("size").asLong(), manifest.path("source_modification_time").asLong()),
                manifest.path("raw_path").asText(),
                manifest.path("sha256").asText(),
                manifest.path("records").asLong(-1),
                manifest.path("blank_lines").asLong(-1),
                LocalDate.parse(manifest.path("ingest_date").asText()),
                Optional.ofNullable(manifest.get("encoding_problem")).map(JsonNode::asText),
                manifest.path("quoted_line_breaks").asBoolean(false));
    }

    private static boolean sameSourceFile(ObjectNode earlier, SourceFile file) {
        return earlier.path("source_path").asText().equals(file.path()) && earlier.path("size").asLong() == file.size()
                && earlier.path("source_modification_time").asLong() == file.modificationTime();
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
        putInspection(node, source, landed);
        node.put("ingest_date", landed.ingestDate().toString());
        node.put("landed_at", Instant.now().toString());
        write(fs, manifest, node);
    }
}
