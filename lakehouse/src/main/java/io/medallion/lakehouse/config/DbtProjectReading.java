package io.medallion.lakehouse.config;

import io.medallion.lakehouse.error.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a dbt project as the gold layer: {@code dbt_project.yml} (its {@code name}, {@code model-paths}
 * and the settings of the project's folders, see {@link DbtModelSettings}), every {@code .sql} file under the model paths as a model
 * named by its file, and the {@code .yml} files beside them: {@code models:} give each model's columns
 * and tests (see {@link DbtSchemaTests}), {@code sources:} map a source name to the layer it reads
 * ({@code schema: silver}; a source named after a layer needs no entry). Everything wrong is recorded
 * with the file and the line or key, so one {@code medallion validate} lists it all.
 */
final class DbtProjectReading {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> PROJECT_KEYS = Set.of("name", "model-paths", "models", "version", "config-version", "profile",
            "require-dbt-version", "flags", "vars", "seed-paths", "test-paths", "macro-paths", "analysis-paths", "snapshot-paths",
            "target-path", "clean-targets", "docs-paths", "asset-paths", "packages-install-path", "seeds", "snapshots", "tests", "data_tests",
            "sources", "quoting", "on-run-start", "on-run-end", "query-comment", "dispatch", "restrict-access", "log-path", "packages");

    /** A project's models (in file order), their tables, and each table's checks (under {@code checks}) as config to read once all tables are known. */
    record Project(List<GoldModelConfig> models, List<TableConfig> tables, Map<String, ConfigNode> checks) {}

    private final Path root;
    private final String shownAs;
    private final List<ConfigProblem> problems;

    private DbtProjectReading(Path root, String shownAs, List<ConfigProblem> problems) {
        this.root = root;
        this.shownAs = shownAs;
        this.problems = problems;
    }

    /**
     * @param root the project's folder
     * @param shownAs how messages name the folder (as the pipeline config wrote it)
     * @param tables the pipeline's bronze and silver tables by qualified name, which {@code source()} may read
     */
    static Project read(Path root, String shownAs, Set<String> tables, List<ConfigProblem> problems) {
        return new DbtProjectReading(root, shownAs, problems).read(tables);
    }

    private Project read(Set<String> lakeTables) {
        Path projectFile = root.resolve("dbt_project.yml");
        if (!Files.isRegularFile(projectFile)) {
            problems.add(new ConfigProblem(shown(projectFile), "", "does not exist", "Point gold.dbt_project at the folder that holds dbt_project.yml"));
            return new Project(List.of(), List.of(), Map.of());
        }
        ConfigNode project = node(projectFile);
        project.rejectUnknownKeys(PROJECT_KEYS);
        String projectName = project.child("name").requiredString("Name the project, e.g. name: retail").orElse("");
        for (String hook : List.of("on-run-start", "on-run-end")) {
            if (project.child(hook).isPresent()) {
                project.child(hook).problem("is a hook; Medallion runs no hooks", "Remove it; put the SQL in a model, or run it before the pipeline");
            }
        }
        ConfigNode settingsTree = project.child("models");
        DbtModelSettings.checkProject(settingsTree);
        // Under models:, a mapping is a project's (no package is installed here): another name's settings would reach no model.
        settingsTree.entries().forEach((key, node) -> {
            if (!key.startsWith("+") && node.isMapping() && !key.equals(projectName) && !DbtModelSettings.IGNORED.contains(key)
                    && !DbtModelSettings.APPLIED.contains(key)) {
                node.problem("names no project: the project is `" + projectName + "`, so these settings reach no model",
                        "Put them under models: {" + projectName + ": {...}}");
            }
        });
        List<String> modelPaths = project.child("model-paths").isPresent() ? project.child("model-paths").stringList() : List.of("models");

        List<Path> sqlFiles = new ArrayList<>();
        List<Path> ymlFiles = new ArrayList<>();
        for (String modelPath : modelPaths) {
            filesUnder(root.resolve(modelPath), sqlFiles, ymlFiles);
        }
        Map<String, String> sourceLayers = new HashMap<>();
        Map<String, List<Map<String, Object>>> checksByModel = new LinkedHashMap<>();
        Map<String, List<ColumnConfig>> columnsByModel = new HashMap<>();
        Map<String, String> schemaFiles = new HashMap<>();
        Map<String, ConfigNode> propertiesConfigs = new HashMap<>();
        Map<String, String> describedIn = new HashMap<>();
        for (Path yml : ymlFiles) {
            Object document = rawDocument(yml);
            ConfigNode schema = new ConfigNode(shown(yml), "", document, problems);
            for (ConfigNode source : schema.child("sources").elements()) {
                source.child("name").requiredString("Name the source").ifPresent(name ->
                        sourceLayers.put(name, source.child("schema").optionalString().orElse(name)));
            }
            DbtSchemaTests.checksByModel(document, shown(yml), Layer.GOLD, problems).forEach((model, checks) -> {
                checksByModel.put(model, checks);
                schemaFiles.put(model, shown(yml));
            });
            for (ConfigNode model : schema.child("models").elements()) {
                model.child("name").optionalString().ifPresent(name -> {
                    // dbt refuses a model described twice; keeping the last would drop the first entry's tests unseen.
                    String earlier = describedIn.putIfAbsent(name, shown(yml) + ": " + model.path());
                    if (earlier != null) {
                        model.child("name").problem("describes `" + name + "` again (also " + earlier + ")",
                                "Describe each model once, in one .yml file");
                    }
                    columnsByModel.put(name, columns(model));
                    propertiesConfigs.put(name, model.child("config"));
                });
            }
        }

        Map<String, Path> modelFiles = new LinkedHashMap<>();
        for (Path sql : sqlFiles) {
            String name = sql.getFileName().toString().replaceFirst("\\.sql$", "");
            Path earlier = modelFiles.putIfAbsent(name, sql);
            if (!NAME.matcher(name).matches()) {
                problems.add(new ConfigProblem(shown(sql), "", "`" + name + "` is not a valid model name",
                        "Name the file in lower-case letters, digits and underscores, starting with a letter"));
            } else if (earlier != null) {
                problems.add(new ConfigProblem(shown(sql), "", "model `" + name + "` is also " + shown(earlier), "Give every model a unique file name"));
            }
        }
        // Every model's settings first: whether a model is enabled decides what the others may ref.
        Map<String, ParsedModel> parsed = new LinkedHashMap<>();
        Set<String> disabled = new HashSet<>();
        for (Map.Entry<String, Path> entry : modelFiles.entrySet()) {
            String name = entry.getKey();
            Path file = entry.getValue();
            DbtTemplate template = template(file);
            List<String> path = new ArrayList<>(List.of(projectName));
            path.addAll(folders(file, modelPaths));
            path.add(name);
            DbtModelSettings settings = DbtModelSettings.resolve(settingsTree, path,
                    propertiesConfigs.getOrDefault(name, new ConfigNode(shown(file), "config", null, problems)),
                    new ConfigNode(shown(file), "config()", template.settings(), problems));
            if (settings.child("enabled").booleanOr(true)) {
                parsed.put(name, new ParsedModel(file, template, settings));
            } else {
                disabled.add(name);
            }
        }
        List<GoldModelConfig> models = new ArrayList<>();
        List<TableConfig> goldTables = new ArrayList<>();
        Map<String, ConfigNode> checks = new LinkedHashMap<>();
        for (Map.Entry<String, ParsedModel> entry : parsed.entrySet()) {
            String name = entry.getKey();
            GoldModelConfig model = model(name, entry.getValue(), parsed.keySet(), disabled, sourceLayers, lakeTables);
            models.add(model);
            goldTables.add(new TableConfig(name, Layer.GOLD, Optional.empty(), columnsByModel.getOrDefault(name, List.of()), model.uniqueKey(),
                    model.partitionBy(), Optional.empty(), SchemaDrift.RESCUE, List.of()));
            // As dbt disables a test that reads a disabled model, a relationships test to one is dropped.
            List<Map<String, Object>> modelChecks = checksByModel.getOrDefault(name, List.of()).stream()
                    .filter(check -> !referencesAnyOf(check, disabled)).toList();
            checks.put(model.qualifiedName(), new ConfigNode(schemaFiles.getOrDefault(name, model.file()), "models." + name,
                    Map.of("checks", modelChecks), problems));
        }
        // A disabled model has its .sql file, so its entry is not reported here; its tests are not run, as in dbt.
        checksByModel.keySet().stream().filter(model -> !modelFiles.containsKey(model)).forEach(model -> problems.add(new ConfigProblem(
                schemaFiles.get(model), "models." + model, "describes model `" + model + "`, which has no .sql file",
                "Add models/" + model + ".sql, or remove the entry")));
        checkCycles(models);
        checkRelationshipsReadTables(models, checksByModel, schemaFiles);
        return new Project(models, goldTables, checks);
    }

    /** A relationships test reads the model it names as a Delta table: a view or ephemeral model is written nowhere. */
    private void checkRelationshipsReadTables(List<GoldModelConfig> models, Map<String, List<Map<String, Object>>> checksByModel,
            Map<String, String> schemaFiles) {
        for (GoldModelConfig unwritten : models.stream().filter(model -> !model.materialization().isWritten()).toList()) {
            checksByModel.forEach((name, modelChecks) -> modelChecks.stream().filter(check -> referencesAnyOf(check, Set.of(unwritten.name())))
                    .findFirst().ifPresent(check -> problems.add(new ConfigProblem(schemaFiles.get(name), "models." + name,
                            "has a relationships test to `" + unwritten.name() + "`, a model materialized as " + unwritten.materialization().key()
                                    + ", which is not a table the test can read",
                            "Materialize " + unwritten.name() + " as a table or incremental model, or point the test at the model it reads"))));
        }
    }

    /** Whether {@code check} is a relationships test to one of the {@code models}. */
    private static boolean referencesAnyOf(Map<String, Object> check, Set<String> models) {
        return "references".equals(check.get("type")) && models.stream().anyMatch(model -> (Layer.GOLD.key() + "." + model).equals(check.get("table")));
    }

    /** A model's file, its parsed template and its settings. */
    private record ParsedModel(Path file, DbtTemplate template, DbtModelSettings settings) {}

    private DbtTemplate template(Path file) {
        try {
            return DbtTemplate.parse(Files.readString(file, StandardCharsets.UTF_8), shown(file), problems);
        } catch (CharacterCodingException e) {
            throw Errors.notUtf8(shown(file));
        } catch (IOException e) {
            throw Errors.storageFailed("read the dbt model", shown(file), e);
        }
    }

    /**
     * @param modelNames the project's enabled models
     * @param disabled its models that {@code enabled: false} leaves out
     */
    private GoldModelConfig model(String name, ParsedModel parsed, Set<String> modelNames, Set<String> disabled, Map<String, String> sourceLayers,
            Set<String> lakeTables) {
        String shownFile = shown(parsed.file());
        DbtTemplate template = parsed.template();
        DbtModelSettings settings = parsed.settings();
        // dbt's own default: a model nothing configures is a view.
        Materialization materialization = DbtModelSettings.materialization(settings.child("materialized")).orElse(Materialization.VIEW);
        DbtModelSettings.fileFormat(settings.child("file_format"));
        List<String> uniqueKey = settings.child("unique_key").stringList();
        String strategy = DbtModelSettings.incrementalStrategy(settings.child("incremental_strategy"));
        if (strategy.equals("merge") && materialization == Materialization.INCREMENTAL && uniqueKey.isEmpty()) {
            settings.problem("an incremental model merges by unique_key, which it does not set",
                    "Set unique_key='<column>' (or a list), or incremental_strategy='append' to add its rows");
        }
        List<String> reads = new ArrayList<>();
        for (String ref : template.refs()) {
            if (disabled.contains(ref)) {
                problems.add(new ConfigProblem(shownFile, "", "ref('" + ref + "') names a model its settings disable (enabled: false)",
                        "Enable model " + ref + ", or stop reading it"));
            } else if (!modelNames.contains(ref)) {
                problems.add(new ConfigProblem(shownFile, "", "ref('" + ref + "') names no model of the project",
                        "Use one of: " + String.join(", ", modelNames)));
            } else if (ref.equals(name)) {
                problems.add(new ConfigProblem(shownFile, "", "ref('" + ref + "') is the model itself", "Use {{ this }} for the model's own table"));
            } else {
                reads.add(Layer.GOLD.key() + "." + ref);
            }
        }
        Map<String, String> sourceTables = new LinkedHashMap<>();
        for (String sourceTable : template.sources()) {
            int dot = sourceTable.indexOf('.');
            String layer = sourceLayers.getOrDefault(sourceTable.substring(0, dot), sourceTable.substring(0, dot));
            String qualified = layer + "." + sourceTable.substring(dot + 1);
            if (!lakeTables.contains(qualified)) {
                problems.add(new ConfigProblem(shownFile, "", "source('" + sourceTable.replace(".", "', '") + "') reads " + qualified
                        + ", which the pipeline does not declare",
                        "Name a bronze or silver table: source('silver', '<table>'), or map the source to a layer in a .yml: sources: [{name: x, schema: silver}]"));
            } else {
                sourceTables.put(sourceTable, qualified);
                reads.add(qualified);
            }
        }
        if (template.refs().isEmpty() && template.sources().isEmpty()) {
            problems.add(new ConfigProblem(shownFile, "", "reads no table", "Read silver through {{ source('silver', '<table>') }} or a model through {{ ref('<model>') }}"));
        }
        return new GoldModelConfig(name, shownFile, template, materialization, materialization == Materialization.INCREMENTAL && strategy.equals("append")
                ? List.of() : uniqueKey, settings.child("partition_by").stringList(), reads, sourceTables, settings.child("full_refresh").booleanOr(true));
    }

    private void checkCycles(List<GoldModelConfig> models) {
        Map<String, GoldModelConfig> byName = new HashMap<>();
        models.forEach(m -> byName.put(m.qualifiedName(), m));
        Set<String> done = new HashSet<>();
        for (GoldModelConfig model : models) {
            List<String> path = new ArrayList<>();
            if (cycleFrom(model, byName, done, path)) {
                problems.add(new ConfigProblem(model.file(), "", "models ref each other in a cycle: " + String.join(" -> ", path),
                        "Break the cycle; a model can read only models that do not read it"));
                return;
            }
        }
    }

    private static boolean cycleFrom(GoldModelConfig model, Map<String, GoldModelConfig> byName, Set<String> done, List<String> path) {
        if (path.contains(model.name())) {
            path.add(model.name());
            return true;
        }
        if (done.contains(model.name())) {
            return false;
        }
        path.add(model.name());
        for (String read : model.reads()) {
            GoldModelConfig next = byName.get(read);
            if (next != null && cycleFrom(next, byName, done, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        done.add(model.name());
        return false;
    }

    /** The folders between the model path that holds {@code sqlFile} and the file, outermost first. */
    private List<String> folders(Path sqlFile, List<String> modelPaths) {
        for (String modelPath : modelPaths) {
            Path folder = root.resolve(modelPath);
            if (sqlFile.startsWith(folder)) {
                List<String> folders = new ArrayList<>();
                folder.relativize(sqlFile.getParent()).forEach(part -> folders.add(part.toString()));
                return folders.stream().filter(part -> !part.isEmpty()).toList();
            }
        }
        return List.of();
    }

    private static List<ColumnConfig> columns(ConfigNode model) {
        List<ColumnConfig> columns = new ArrayList<>();
        for (ConfigNode column : model.child("columns").elements()) {
            Optional<String> name = column.child("name").optionalString();
            ConfigNode typeNode = column.child("data_type");
            ColumnType type = typeNode.optionalString().map(text -> ColumnType.parse(text).orElseGet(() -> {
                typeNode.problem("`" + text + "` is not a known type", "Use " + ColumnType.ACCEPTED);
                return ColumnType.of(ColumnType.Kind.STRING);
            })).orElse(ColumnType.of(ColumnType.Kind.STRING));
            name.ifPresent(n -> columns.add(new ColumnConfig(n, type, false, Optional.empty(), Optional.<BigDecimal>empty(), Optional.empty(),
                    Optional.empty(), List.of(), Optional.empty())));
        }
        return columns;
    }

    private void filesUnder(Path folder, List<Path> sqlFiles, List<Path> ymlFiles) {
        if (!Files.isDirectory(folder)) {
            problems.add(new ConfigProblem(shown(root.resolve("dbt_project.yml")), "model-paths", "names " + shown(folder) + ", which is not a folder",
                    "List the folders that hold the models, e.g. model-paths: [models]"));
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).sorted().forEach(file -> {
                String name = file.getFileName().toString();
                if (name.endsWith(".sql")) {
                    sqlFiles.add(file);
                } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                    ymlFiles.add(file);
                }
            });
        } catch (IOException | UncheckedIOException e) {  // Files.walk throws the unchecked one for a folder it cannot enter
            throw Errors.storageFailed("list the dbt models", shown(folder), e);
        }
    }

    private ConfigNode node(Path file) {
        return new ConfigNode(shown(file), "", rawDocument(file), problems);
    }


    private Object rawDocument(Path file) {
        try {
            return new Load(LoadSettings.builder().setLabel(shown(file)).build()).loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (YamlEngineException e) {
            problems.add(new ConfigProblem(shown(file), "", "is not valid YAML: " + Errors.rootMessage(e), "Fix the YAML syntax"));
            return null;
        } catch (CharacterCodingException e) {
            throw Errors.notUtf8(shown(file));
        } catch (IOException e) {
            throw Errors.storageFailed("read the dbt file", shown(file), e);
        }
    }

    /** The file as the user would look for it: under the folder the pipeline config names. */
    private String shown(Path file) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        return (shownAs.endsWith("/") ? shownAs : shownAs + "/") + relative;
    }
}
