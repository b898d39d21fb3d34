package io.medallion.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.error.MedallionException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineConfigLoaderTest {
    private static final String VALID = """
            pipeline: shop
            lakehouse:
              root: ${ROOT:-/data/lake}
            sources:
              sales:
                location: /landing/sales
                format: csv
                files: "*.csv"
                options: {header: true, delimiter: ";"}
            bronze:
              sales:
                source: sales
                keys: [id]
                partition_by: [_ingest_date]
                columns:
                  - {name: id, type: string, required: true, pattern: "T[0-9]+"}
                  - {name: ts, type: timestamp, format: "M/d/yyyy H:mm"}
                  - {name: amount, type: "decimal(10,2)", min: 0, max: 99.5}
                  - {name: channel, type: string, allowed: [web, store]}
            """;

    private static PipelineConfig parse(String yaml, Map<String, String> environment, List<String> overrides) {
        return new PipelineConfigLoader(environment, overrides).parse(yaml, "shop.yaml");
    }

    private static String problemsOf(String yaml) {
        MedallionException error = org.junit.jupiter.api.Assertions.assertThrows(MedallionException.class, () -> parse(yaml, Map.of(), List.of()));
        assertThat(error.kind()).isEqualTo(MedallionException.Kind.BAD_CONFIG);
        assertThat(error.kind().exitCode()).isEqualTo(2);
        return error.getMessage();
    }

    @Test
    void readsEveryDeclaredSetting() {
        PipelineConfig config = parse(VALID, Map.of(), List.of());

        assertThat(config.name()).isEqualTo("shop");
        assertThat(config.root()).isEqualTo("/data/lake");
        SourceConfig sales = config.source("sales");
        assertThat(sales.format()).isEqualTo(FileFormat.CSV);
        assertThat(sales.filePattern()).isEqualTo("*.csv");
        assertThat(sales.options()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("delimiter", ";", "header", "true")));
        TableConfig table = config.table(Layer.BRONZE, "sales").orElseThrow();
        assertThat(table.columnNames()).containsExactly("id", "ts", "amount", "channel");
        assertThat(table.keys()).containsExactly("id");
        assertThat(table.partitionBy()).containsExactly("_ingest_date");
        ColumnConfig amount = table.columns().get(2);
        assertThat(amount.type()).isEqualTo(ColumnType.decimal(10, 2));
        assertThat(amount.min()).contains(BigDecimal.ZERO);
        assertThat(amount.max()).contains(new BigDecimal("99.5"));
        assertThat(table.columns().get(1).format()).contains("M/d/yyyy H:mm");
        assertThat(table.columns().get(0).required()).isTrue();
        assertThat(table.columns().get(3).allowedValues()).containsExactly("web", "store");
        assertThat(table.catalogName()).isEqualTo(Optional.empty());
    }

    @Test
    void aFileDateFormatWithoutADayIsReportedWithItsKey() {
        String problems = problemsOf(VALID.replace("files: \"*.csv\"", "files: \"*.csv\"\n    file_date: yyyy-MM"));

        assertThat(problems).contains("sources.sales.file_date", "yyyy-MM-dd");
    }

    @Test
    void aReaderFlagThatIsNotTrueOrFalseAndAnEmptyDelimiterAreBadConfig() {
        String problems = problemsOf(VALID.replace("options: {header: true, delimiter: \";\"}", "options: {header: \"yes\", delimiter: \"\", multiLine: TRUE}"));

        assertThat(problems).contains("sources.sales.options.header: is `yes`; Spark reads it as true or false only")
                .contains("sources.sales.options.delimiter: is empty").doesNotContain("multiLine");
    }

    @Test
    void environmentVariablesAndOverridesApply() {
        PipelineConfig fromEnvironment = parse(VALID, Map.of("ROOT", "s3a://bucket/lake"), List.of());
        PipelineConfig overridden = parse(VALID, Map.of("ROOT", "s3a://bucket/lake"),
                List.of("lakehouse.root=/tmp/other", "sources.sales.location=/tmp/in"));

        assertThat(fromEnvironment.root()).isEqualTo("s3a://bucket/lake");
        assertThat(overridden.root()).isEqualTo("/tmp/other");
        assertThat(overridden.source("sales").location()).isEqualTo("/tmp/in");
    }

    @Test
    void missingEnvironmentVariableNamesTheKeyAndNotTheValue() {
        String message = problemsOf(VALID.replace("${ROOT:-/data/lake}", "${LAKE_ROOT}"));

        assertThat(message).contains("shop.yaml: lakehouse.root: refers to environment variable LAKE_ROOT, which is not set. "
                + "Set LAKE_ROOT in the job's environment, or give a default as ${LAKE_ROOT:-value}");
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne() {
        String message = problemsOf(VALID.replace("    keys: [id]", "    keyz: [id]"));

        assertThat(message).contains("shop.yaml: bronze.sales.keyz: unknown key `keyz`. Did you mean `keys`?");
    }

    @Test
    void reportsEveryProblemAtOnceWithItsKeyPath() {
        String broken = VALID
                .replace("type: timestamp, format", "type: timestamp, formatt")
                .replace("\"decimal(10,2)\", min: 0, max: 99.5", "numeric, min: 5, max: 1")
                .replace("source: sales", "source: orders");

        String message = problemsOf(broken);

        assertThat(message).startsWith("The pipeline config has 4 problems; nothing was run:");
        assertThat(message).contains("shop.yaml: bronze.sales.source: names source `orders`, which is not declared under sources. Use one of: sales");
        assertThat(message).contains("shop.yaml: bronze.sales.columns[1].formatt: unknown key `formatt`. Did you mean `format`?");
        assertThat(message).contains("shop.yaml: bronze.sales.columns[2].type: `numeric` is not a known type. "
                + "Use string, int, long, double, boolean, date, timestamp, decimal(p,s), json, or a nested type such as array<string>");
        assertThat(message).contains("shop.yaml: bronze.sales.columns[2].min: is 5, above max 1. Make min at most max");
    }

    @Test
    void keysMustNameDeclaredColumns() {
        String message = problemsOf(VALID.replace("keys: [id]", "keys: [id, store]"));

        assertThat(message).contains("shop.yaml: bronze.sales.keys: names column `store`, which the table does not declare");
    }

    @Test
    void badRegularExpressionAndDatetimePatternAreRejected() {
        String message = problemsOf(VALID.replace("pattern: \"T[0-9]+\"", "pattern: \"T[0-9\"").replace("M/d/yyyy H:mm", "yyyy-MM-dd bb"));

        assertThat(message).contains("bronze.sales.columns[0].pattern: `T[0-9` is not a valid regular expression");
        assertThat(message).contains("bronze.sales.columns[1].format: `yyyy-MM-dd bb` is not a valid datetime pattern");
    }

    @Test
    void duplicateYamlKeysAreRejectedWithTheirLine() {
        String message = problemsOf(VALID.replace("pipeline: shop", "pipeline: shop\npipeline: other"));

        assertThat(message).contains("shop.yaml: line 2, column 1: is not valid YAML");
        assertThat(message).contains("duplicate key pipeline");
    }

    @Test
    void pathIsRejectedOnCsvColumnsAndRecordsOnNonJsonSources() {
        String message = problemsOf(VALID
                .replace("{name: channel, type: string, allowed: [web, store]}", "{name: channel, type: string, path: meta.channel}")
                .replace("files: \"*.csv\"", "files: \"*.csv\"\n    records: items"));

        assertThat(message).contains("shop.yaml: bronze.sales.columns[3].path: is only for nested sources (json, parquet, avro); a csv column is matched by its header name");
        assertThat(message).contains("shop.yaml: sources.sales.records: is only for json sources whose files are one document");
    }

    @Test
    void nestedTypesAreParsedAndBadOnesNamed() {
        PipelineConfig config = parse(VALID.replace("{name: channel, type: string, allowed: [web, store]}", "{name: channel, type: \"array<string>\"}"),
                Map.of(), List.of());

        assertThat(config.table(Layer.BRONZE, "sales").orElseThrow().columns().get(3).type())
                .isEqualTo(new ColumnType(ColumnType.Kind.NESTED, "ARRAY<STRING>"));
        assertThat(problemsOf(VALID.replace("{name: channel, type: string, allowed: [web, store]}", "{name: channel, type: \"array<strin\"}")))
                .contains("bronze.sales.columns[3].type: `array<strin` is not a known type.");
    }

    @Test
    void missingFileIsABadConfigError() {
        assertThatThrownBy(() -> new PipelineConfigLoader(Map.of(), List.of()).load(Path.of("/nowhere/retail.yaml")))
                .isInstanceOf(MedallionException.class)
                .hasMessageStartingWith("Config file /nowhere/retail.yaml does not exist.");
    }

    @Test
    void shippedRetailConfigIsValid() {
        PipelineConfig retail = new PipelineConfigLoader(Map.of("MEDALLION_ROOT", "/tmp/lake"), List.of())
                .load(Path.of("../conf/retail.yaml"));

        assertThat(retail.name()).isEqualTo("retail");
        assertThat(retail.sources()).containsOnlyKeys("campaigns", "customer_changes", "customers", "inventory", "products", "sales");
        assertThat(retail.tables(Layer.BRONZE)).extracting(TableConfig::name).containsExactly("sales", "inventory", "products", "customers", "campaigns", "customer_changes");
    }
}
