package io.medallion.lakehouse.config;

import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.raw.FileDates;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a pipeline YAML file into a validated {@link PipelineConfig}. It needs no Spark: bad config
 * fails here, before a session starts, with every problem listed by file and key path.
 *
 * <p>Order: parse YAML (duplicate keys rejected), apply {@code --conf} overrides, substitute
 * {@code ${ENV}} references, then read and check every key, then check combinations across keys.
 */
public final class PipelineConfigLoader {
    /** The column every bronze table gets, usable in {@code partition_by}. */
    public static final String INGEST_DATE_COLUMN = "_ingest_date";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> TOP_KEYS = Set.of("pipeline", "description", "lakehouse", "sources", "bronze", "silver", "gold", "exports");
    private static final Set<String> LAKEHOUSE_KEYS = Set.of("root");
    private static final Set<String> GOLD_KEYS = Set.of("dbt_project");
    /** Spark's file reader flags (lower case: Spark reads option names without regard to case). */
    private static final Set<String> FLAG_OPTIONS = Set.of("header", "multiline", "inferschema", "enforceschema", "ignoreleadingwhitespace",
            "ignoretrailingwhitespace", "allowcomments", "allowunquotedfieldnames", "allowsinglequotes", "allownumericleadingzeros",
            "allowbackslashescapinganycharacter", "dropfieldifallnull", "mergeschema", "recursivefilelookup");
    private static final Set<String> SOURCE_KEYS = Set.of("location", "format", "files", "options", "records", "file_date", "description");
    private static final Set<String> TABLE_KEYS = Set.of("source", "columns", "keys", "partition_by", "catalog_name", "schema_drift", "checks", "description");
    private static final Set<String> COLUMN_KEYS = Set.of("name", "type", "required", "format", "min", "max", "pattern", "allowed", "path", "description");

    private final Map<String, String> environment;
    private final List<String> overrides;

    /**
     * @param environment the variables {@code ${NAME}} references resolve against (normally {@code System.getenv()})
     * @param overrides {@code key.path=value} entries from the command line
     */
    public PipelineConfigLoader(Map<String, String> environment, List<String> overrides) {
        this.environment = Map.copyOf(environment);
        this.overrides = List.copyOf(overrides);
    }

    public PipelineConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw Errors.configNotFound(file.toString());
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), file.toAbsolutePath().getParent());
        } catch (CharacterCodingException e) {
            throw Errors.notUtf8(file.toString());
        } catch (IOException e) {
            throw Errors.storageFailed("read the config file", file.toString(), e);
        }
    }

    /** Loads a config shipped inside the jar, such as {@code conf/retail.yaml}. */
    public PipelineConfig loadResource(String resource) {
        java.net.URL url = PipelineConfigLoader.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw Errors.configNotFound("classpath:" + resource);
        }
        try (InputStream in = url.openStream()) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource, ResourceFolders.folderOf(url, resource));
        } catch (IOException e) {
            throw Errors.storageFailed("read the config resource", resource, e);
        }
    }

    /** Parses config text; {@code fileName} is only used in messages; relative paths in it are from the working directory. */
    public PipelineConfig parse(String yaml, String fileName) {
        return parse(yaml, fileName, Path.of("").toAbsolutePath());
    }

    /** Parses config text whose relative paths ({@code gold.dbt_project}) are from {@code folder}. */
    public PipelineConfig parse(String yaml, String fileName, Path folder) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<Object, Object> document = readYaml(yaml, fileName, problems);
        if (document == null) {
            throw Errors.invalidConfig(problems);
        }
        ConfigOverrides.apply(document, overrides, problems);
        Object substituted = new EnvironmentSubstitution(environment, fileName, problems).apply(document, "");
        ConfigNode root = new ConfigNode(fileName, "", substituted, problems);
        PipelineConfig config = readPipeline(root, fileName, folder, problems);
        if (!problems.isEmpty()) {
            throw Errors.invalidConfig(problems);
        }
        return config;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> readYaml(String yaml, String fileName, List<ConfigProblem> problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(fileName).setAllowDuplicateKeys(false).build();
        try {
            Object parsed = new Load(settings).loadFromString(yaml);
            if (parsed instanceof Map<?, ?> map) {
                return new LinkedHashMap<>((Map<Object, Object>) map);
            }
            problems.add(new ConfigProblem(fileName, "", "is not a YAML mapping (found " + (parsed == null ? "an empty file" : "a " + parsed.getClass().getSimpleName()) + ")",
                    "Start the file with `pipeline: <name>` and the sections lakehouse, sources, bronze"));
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
            problems.add(new ConfigProblem(fileName, where, "is not valid YAML: " + e.getProblem(), "Fix the YAML syntax at that place"));
        } catch (YamlEngineException e) {
            problems.add(new ConfigProblem(fileName, "", "is not valid YAML: " + Errors.rootMessage(e), "Fix the YAML syntax"));
        }
        return null;
    }

    private PipelineConfig readPipeline(ConfigNode root, String fileName, Path folder, List<ConfigProblem> problems) {
        root.rejectUnknownKeys(TOP_KEYS);
        ConfigNode nameNode = root.child("pipeline");
        String name = nameNode.requiredString("Name the pipeline, for example `pipeline: retail`").orElse("");
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            nameNode.problem("`" + name + "` is not a valid name", "Use lower-case letters, digits and underscores, starting with a letter");
        }
        ConfigNode lakehouse = root.child("lakehouse");
        lakehouse.rejectUnknownKeys(LAKEHOUSE_KEYS);
        String rootPath = lakehouse.child("root").requiredString(
                "Set lakehouse.root to the folder or URI all tables live under, e.g. ${MEDALLION_ROOT:-lakehouse}").orElse("");

        Map<String, SourceConfig> sources = new LinkedHashMap<>();
        ConfigNode sourcesNode = root.child("sources");
        sourcesNode.entries().forEach((sourceName, node) -> readSource(sourceName, node).ifPresent(s -> sources.put(sourceName, s)));

        Map<String, TableConfig> tablesByName = new LinkedHashMap<>();
        Map<String, ConfigNode> tableNodes = new LinkedHashMap<>();
        root.child(Layer.BRONZE.key()).entries().forEach((tableName, node) -> readTable(Layer.BRONZE, tableName, node, sources).ifPresent(table -> {
            tablesByName.put(table.qualifiedName(), table);
            tableNodes.put(table.qualifiedName(), node);
        }));
        Map<String, TableConfig> bronzeByName = new LinkedHashMap<>();
        tablesByName.values().forEach(t -> bronzeByName.put(t.name(), t));
        List<SilverTableConfig> silverTables = SilverConfigReading.read(root.child(Layer.SILVER.key()), bronzeByName, tablesByName);
        List<GoldModelConfig> goldModels = readGold(root.child(Layer.GOLD.key()), folder, tablesByName, silverTables, tableNodes, problems);
        // Checks are read once every table is known: a references check names another table and its keys.
        List<TableConfig> tables = new ArrayList<>();
        tablesByName.forEach((qualifiedName, table) -> tables.add(
                table.withChecks(CheckConfigReading.read(tableNodes.get(qualifiedName).child("checks"), table, tablesByName,
                        table.source().map(sources::get).map(SourceConfig::countsRecords).orElse(false)))));
        if (tables.isEmpty() && root.isPresent()) {
            root.child("bronze").problem("no tables are declared", "Declare at least one table under bronze:");
        }
        Set<String> allTables = new HashSet<>(tablesByName.keySet());
        silverTables.forEach(t -> allTables.add(t.qualifiedName()));
        List<ExportTarget> exports = ExportConfigReading.read(root.child("exports"), allTables);
        return new PipelineConfig(name, fileName, rootPath, sources, tables, silverTables, goldModels, exports);
    }

    /**
     * The dbt project {@code gold.dbt_project} names, relative to the config's folder: its models, and
     * their tables (with the checks their schema files declare) added to {@code tablesByName}.
     */
    private static List<GoldModelConfig> readGold(ConfigNode gold, Path folder, Map<String, TableConfig> tablesByName,
            List<SilverTableConfig> silverTables, Map<String, ConfigNode> tableNodes, List<ConfigProblem> problems) {
        if (!gold.isPresent()) {
            return List.of();
        }
        gold.rejectUnknownKeys(GOLD_KEYS);
        Optional<String> project = gold.child("dbt_project").requiredString("Set gold.dbt_project to the folder of the dbt project, e.g. ../dbt");
        if (project.isEmpty()) {
            return List.of();
        }
        Set<String> lakeTables = new HashSet<>(tablesByName.keySet());
        silverTables.forEach(t -> lakeTables.add(t.qualifiedName()));
        DbtProjectReading.Project read = DbtProjectReading.read(folder.resolve(project.get()).normalize(), project.get(), lakeTables, problems);
        read.tables().forEach(t -> tablesByName.put(t.qualifiedName(), t));
        tableNodes.putAll(read.checks());
        return read.models();
    }

    private static Optional<SourceConfig> readSource(String sourceName, ConfigNode node) {
        checkName(sourceName, node, "source");
        if (node.child("format").optionalString().filter(JdbcSourceReading.FORMAT::equalsIgnoreCase).isPresent()) {
            return JdbcSourceReading.readSource(sourceName, node);
        }
        node.rejectUnknownKeys(SOURCE_KEYS);
        Optional<String> location = node.child("location").requiredString(
                "Set the folder the source's files arrive in, e.g. location: ${MEDALLION_LANDING}/" + sourceName);
        ConfigNode formatNode = node.child("format");
        Optional<FileFormat> format = formatNode.requiredString("Set format: csv, json, parquet, avro or jdbc").flatMap(text -> {
            Optional<FileFormat> parsed = FileFormat.fromKey(text.toLowerCase(java.util.Locale.ROOT));
            if (parsed.isEmpty()) {
                formatNode.problem("`" + text + "` is not a supported format", "Use csv, json, parquet, avro or jdbc");
            }
            return parsed;
        });
        String files = node.child("files").optionalString().orElse("*");
        Map<String, String> options = node.child("options").stringMap();
        checkEncoding(node.child("options"), options, format);
        checkReaderOptions(node.child("options"), options);
        ConfigNode recordsNode = node.child("records");
        Optional<String> records = recordsNode.optionalString();
        if (records.isPresent() && format.isPresent() && format.get() != FileFormat.JSON) {
            recordsNode.problem("is only for json sources whose files are one document", "Remove records, or set format: json");
        }
        ConfigNode fileDateNode = node.child("file_date");
        Optional<String> fileDate = fileDateNode.optionalString();
        try {
            fileDate.ifPresent(FileDates::of);
        } catch (IllegalArgumentException e) {
            fileDateNode.problem("`" + fileDate.get() + "` is not a usable file date format: " + e.getMessage(),
                    "Give the format of the date in the file names, e.g. file_date: yyyy-MM-dd");
        }
        if (location.isEmpty() || format.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SourceConfig(sourceName, location.get(), format.get(), files, options, records, fileDate, Optional.empty()));
    }

    private static void checkEncoding(ConfigNode optionsNode, Map<String, String> options, Optional<FileFormat> format) {
        String key = options.containsKey("encoding") ? "encoding" : "charset";
        String name = options.get(key);
        if (name == null) {
            return;
        }
        if (!knownCharset(name)) {
            optionsNode.child(key).problem("`" + name + "` is not a known encoding", "Use a Java charset name such as UTF-8, ISO-8859-1 or windows-1252");
        } else if (format.equals(Optional.of(FileFormat.JSON)) && !java.nio.charset.Charset.forName(name).equals(StandardCharsets.UTF_8)) {
            optionsNode.child(key).problem("json sources are read as UTF-8 (RFC 8259), not " + name,
                    "Remove the option, or have the source write UTF-8");
        }
    }

    /**
     * Reader options whose bad values would not fail the config otherwise: Spark refuses a flag that is
     * not true or false when it reads, which would reject every file as unreadable; an empty delimiter
     * has no meaning to any reader.
     */
    private static void checkReaderOptions(ConfigNode optionsNode, Map<String, String> options) {
        options.forEach((key, value) -> {
            String option = key.toLowerCase(java.util.Locale.ROOT);
            if (FLAG_OPTIONS.contains(option) && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                optionsNode.child(key).problem("is `" + value + "`; Spark reads it as true or false only", "Write \"true\" or \"false\"");
            }
            if ((option.equals("delimiter") || option.equals("sep")) && value.isEmpty()) {
                optionsNode.child(key).problem("is empty", "Give the character between fields, e.g. delimiter: \";\"");
            }
        });
    }

    private static boolean knownCharset(String name) {
        try {
            return java.nio.charset.Charset.isSupported(name);
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return false;
        }
    }

    private static Optional<TableConfig> readTable(Layer layer, String tableName, ConfigNode node, Map<String, SourceConfig> sources) {
        node.rejectUnknownKeys(TABLE_KEYS);
        checkName(tableName, node, "table");
        ConfigNode sourceNode = node.child("source");
        Optional<String> source = sourceNode.optionalString();
        if (layer == Layer.BRONZE) {
            if (source.isEmpty()) {
                sourceNode.problem("is required for a bronze table", "Name the source it loads, one of: " + String.join(", ", sources.keySet()));
            } else if (!sources.containsKey(source.get())) {
                sourceNode.problem("names source `" + source.get() + "`, which is not declared under sources",
                        sources.isEmpty() ? "Declare it under sources:" : "Use one of: " + String.join(", ", sources.keySet()));
            }
        }
        List<ColumnConfig> columns = new ArrayList<>();
        ConfigNode columnsNode = node.child("columns");
        if (!columnsNode.isPresent()) {
            columnsNode.problem("is required", "List the table's columns with name and type");
        }
        Set<String> seen = new HashSet<>();
        for (ConfigNode columnNode : columnsNode.elements()) {
            readColumn(columnNode).ifPresent(column -> {
                if (!seen.add(column.name())) {
                    columnNode.child("name").problem("`" + column.name() + "` is declared twice", "Give every column a unique name");
                } else {
                    columns.add(column);
                }
            });
        }
        boolean csvSource = source.map(sources::get).map(s -> s.format() == FileFormat.CSV).orElse(false);
        List<ConfigNode> columnNodes = columnsNode.elements();
        for (int i = 0; i < columns.size() && csvSource; i++) {
            if (columns.get(i).path().isPresent()) {
                columnNodes.get(i).child("path").problem("is only for nested sources (json, parquet, avro); a csv column is matched by its header name",
                        "Remove path");
            }
        }
        source.map(sources::get).flatMap(SourceConfig::jdbc).ifPresent(jdbc -> JdbcSourceReading.checkTable(jdbc, node, columns));
        List<String> keys = node.child("keys").stringList();
        checkColumnsExist(node.child("keys"), keys, seen, Set.of());
        List<String> partitionBy = node.child("partition_by").stringList();
        checkColumnsExist(node.child("partition_by"), partitionBy, seen, Set.of(INGEST_DATE_COLUMN));
        Optional<String> catalogName = node.child("catalog_name").optionalString();
        ConfigNode driftNode = node.child("schema_drift");
        SchemaDrift drift = driftNode.optionalString().map(text -> SchemaDrift.fromKey(text).orElseGet(() -> {
            driftNode.problem("`" + text + "` is not a schema drift policy", "Use rescue (keep unknown columns in _rescued_data) or reject");
            return SchemaDrift.RESCUE;
        })).orElse(SchemaDrift.RESCUE);
        return Optional.of(new TableConfig(tableName, layer, source, columns, keys, partitionBy, catalogName, drift, List.of()));
    }

    private static void checkColumnsExist(ConfigNode node, List<String> names, Set<String> columns, Set<String> alsoAllowed) {
        for (String name : names) {
            if (!columns.contains(name) && !alsoAllowed.contains(name)) {
                node.problem("names column `" + name + "`, which the table does not declare",
                        "Use one of the declared columns" + (alsoAllowed.isEmpty() ? "" : " or " + String.join(", ", alsoAllowed)));
            }
        }
    }

    private static Optional<ColumnConfig> readColumn(ConfigNode node) {
        node.rejectUnknownKeys(COLUMN_KEYS);
        ConfigNode nameNode = node.child("name");
        Optional<String> name = nameNode.requiredString("Give the column a name");
        ConfigNode typeNode = node.child("type");
        Optional<ColumnType> type = typeNode.requiredString("Set type: " + ColumnType.ACCEPTED).flatMap(text -> {
            Optional<ColumnType> parsed = ColumnType.parse(text);
            if (parsed.isEmpty()) {
                typeNode.problem("`" + text + "` is not a known type", "Use " + ColumnType.ACCEPTED);
            }
            return parsed;
        });
        boolean required = node.child("required").booleanOr(false);
        ConfigNode formatNode = node.child("format");
        Optional<String> format = formatNode.optionalString();
        ConfigNode minNode = node.child("min");
        ConfigNode maxNode = node.child("max");
        Optional<BigDecimal> min = minNode.optionalNumber();
        Optional<BigDecimal> max = maxNode.optionalNumber();
        ConfigNode patternNode = node.child("pattern");
        Optional<String> pattern = patternNode.optionalString();
        pattern.ifPresent(regex -> {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                patternNode.problem("`" + regex + "` is not a valid regular expression: " + e.getDescription(), "Fix the expression");
            }
        });
        List<String> allowed = node.child("allowed").stringList();
        Optional<String> path = node.child("path").optionalString();
        type.ifPresent(t -> {
            if (format.isPresent() && !t.isTemporal()) {
                formatNode.problem("is only for date and timestamp columns, but the type is " + t.sqlName().toLowerCase(java.util.Locale.ROOT), "Remove format or change the type");
            }
            if (pattern.isPresent() && !t.isText()) {
                patternNode.problem("is only for string columns", "Remove pattern, or check the value with min/max or allowed");
            }
            if ((min.isPresent() || max.isPresent()) && !t.isNumeric()) {
                (min.isPresent() ? minNode : maxNode).problem("is only for numeric columns", "Remove it or make the column numeric");
            }
        });
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            minNode.problem("is " + min.get() + ", above max " + max.get(), "Make min at most max");
        }
        format.ifPresent(pattern1 -> checkDatetimePattern(pattern1, formatNode));
        if (name.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ColumnConfig(name.get(), type.get(), required, format, min, max, pattern, allowed, path));
    }

    private static void checkDatetimePattern(String pattern, ConfigNode node) {
        try {
            java.time.format.DateTimeFormatter.ofPattern(pattern);
        } catch (IllegalArgumentException e) {
            node.problem("`" + pattern + "` is not a valid datetime pattern: " + e.getMessage(),
                    "Use a Spark datetime pattern such as yyyy-MM-dd HH:mm:ss or M/d/yyyy H:mm");
        }
    }

    private static void checkName(String name, ConfigNode node, String what) {
        if (!NAME.matcher(name).matches()) {
            node.problem("`" + name + "` is not a valid " + what + " name", "Use lower-case letters, digits and underscores, starting with a letter");
        }
    }
}
