package io.medallion.lakehouse.layout;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.TableConfig;
import java.net.URI;
import java.nio.file.Paths;

/**
 * The folders of one lakehouse, all under one root (a local folder, {@code s3a://}, {@code gs://} or
 * {@code abfss://}):
 * <pre>
 *   root/raw/&lt;source&gt;/ingest_date=YYYY-MM-DD/   landed files, unchanged
 *   root/raw/&lt;source&gt;/_manifests/...           one manifest per landed file
 *   root/bronze|silver|gold/&lt;table&gt;            Delta tables
 *   root/quarantine/&lt;table&gt;                   rejected rows and files
 *   root/quarantine/silver/&lt;table&gt;            bronze rows a silver table could not take as events
 *   root/_system/&lt;name&gt;                       audit log, processed-files ledger, quality results, state
 *   root/_system/reports/&lt;run id&gt;             a run's quality report (quality.json, quality.md)
 *   root/_system/staging/&lt;name&gt;               a running batch's intermediate files, removed when it ends
 * </pre>
 */
public final class LakehouseLayout {
    private final String root;

    private LakehouseLayout(String root) {
        this.root = root;
    }

    /** A layout at {@code root}; a path without a scheme is made absolute so every run names the same files. */
    public static LakehouseLayout at(String root) {
        return new LakehouseLayout(qualify(root));
    }

    /** A location as a URI string: kept as is when it has a scheme, else an absolute {@code file:} URI. */
    public static String qualify(String location) {
        if (hasScheme(location)) {
            return stripTrailingSlash(location);
        }
        URI uri = Paths.get(location).toAbsolutePath().normalize().toUri();
        return stripTrailingSlash(uri.toString().replaceFirst("^file:///", "file:/"));
    }

    public String root() {
        return root;
    }

    public String rawFolder(String source) {
        return root + "/raw/" + source;
    }

    public TableRef table(TableConfig table) {
        return new TableRef(root + "/" + table.layer().key() + "/" + table.name(), table.catalogName());
    }

    /**
     * Where a table of the pipeline lives, by qualified name ({@code silver.fact_sales}): under its
     * layer's folder, or its catalog name when its config sets one.
     */
    public TableRef table(io.medallion.lakehouse.config.PipelineConfig config, String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        String name = qualifiedName.substring(dot + 1);
        Layer layer = Layer.valueOf(qualifiedName.substring(0, dot).toUpperCase(java.util.Locale.ROOT));
        if (layer == Layer.SILVER) {
            return new TableRef(table(Layer.SILVER, name).path(),
                    config.silverTable(name).flatMap(io.medallion.lakehouse.config.SilverTableConfig::catalogName));
        }
        return config.table(layer, name).map(this::table).orElseGet(() -> table(layer, name));
    }

    public TableRef table(Layer layer, String name) {
        return TableRef.atPath(root + "/" + layer.key() + "/" + name);
    }

    /** The quarantine table of a table; with a catalog name, registered as {@code <name>_quarantine}. */
    public TableRef quarantine(TableConfig table) {
        return new TableRef(root + "/quarantine/" + table.name(), table.catalogName().map(n -> n + "_quarantine"));
    }

    /** Where a silver table's rejected events go, beside bronze's quarantine tables (whose names they may share). */
    public TableRef silverQuarantine(String table) {
        return TableRef.atPath(root + "/quarantine/silver/" + table);
    }

    public String system(String name) {
        return root + "/_system/" + name;
    }

    /** The folder of one run's reports. */
    public String reports(String runId) {
        return root + "/_system/reports/" + runId;
    }

    /** A folder for a running batch's intermediate files, which the batch removes when it ends. */
    public String staging(String name) {
        return root + "/_system/staging/" + name;
    }

    private static boolean hasScheme(String location) {
        int colon = location.indexOf(':');
        // A single letter before the colon is a Windows drive, not a scheme.
        return colon > 1 && location.substring(0, colon).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    }

    private static String stripTrailingSlash(String location) {
        return location.endsWith("/") && !location.endsWith("://") ? location.substring(0, location.length() - 1) : location;
    }
}
