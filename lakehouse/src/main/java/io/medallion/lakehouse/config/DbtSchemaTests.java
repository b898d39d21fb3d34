package io.medallion.lakehouse.config;

import io.medallion.lakehouse.error.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The tests of a dbt {@code schema.yml} as entries of a table's {@code checks:} list, so dbt models
 * are gated by the same suites, metrics and reports as every other table:
 * <pre>
 *   unique                                       -> {type: uniqueness, columns: [c]}
 *   not_null                                     -> {type: completeness, column: c}
 *   accepted_values: {values: [...]}             -> {type: allowed_values, column: c, values: [...]}
 *   relationships: {to: ref('m'), field: f}      -> {type: references, column: c, table: &lt;layer&gt;.m, key: f}
 *   dbt_utils.unique_combination_of_columns: {combination_of_columns: [a, b]}  (a model test)
 *                                                -> {type: uniqueness, columns: [a, b]}
 * </pre>
 * {@code config: {severity: warn}} makes a check a {@code warning}. Test arguments may sit beside the
 * test name or, as dbt 1.10 writes them, under {@code arguments:}. The entries are plain config
 * values: the pipeline's loader reads and validates them like checks written by hand.
 */
public final class DbtSchemaTests {
    private static final Pattern REF = Pattern.compile("\\s*ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");

    private final Layer layer;
    private final List<ConfigProblem> problems;
    private final String fileName;

    private DbtSchemaTests(String fileName, Layer layer, List<ConfigProblem> problems) {
        this.fileName = fileName;
        this.layer = layer;
        this.problems = problems;
    }

    /**
     * The checks of each model of a {@code schema.yml}, by model name, in file order.
     *
     * @param layer the layer the models' tables live in, which {@code ref('m')} resolves to
     * @throws io.medallion.lakehouse.error.MedallionException (bad config) naming every test that has no check, by key path
     */
    public static Map<String, List<Map<String, Object>>> checksByModel(String schemaYaml, String fileName, Layer layer) {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(fileName).build()).loadFromString(schemaYaml);
        } catch (YamlEngineException e) {
            throw Errors.invalidConfig(List.of(new ConfigProblem(fileName, "", "is not valid YAML: " + Errors.rootMessage(e), "Fix the YAML syntax")));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, List<Map<String, Object>>> checks = checksByModel(document, fileName, layer, problems);
        if (!problems.isEmpty()) {
            throw Errors.invalidConfig(problems);
        }
        return checks;
    }

    /** The same, from a parsed document, recording what is wrong in {@code problems}. */
    static Map<String, List<Map<String, Object>>> checksByModel(Object document, String fileName, Layer layer, List<ConfigProblem> problems) {
        DbtSchemaTests reading = new DbtSchemaTests(fileName, layer, problems);
        Map<String, List<Map<String, Object>>> checks = new LinkedHashMap<>();
        for (ConfigNode model : new ConfigNode(fileName, "", document, problems).child("models").elements()) {
            model.child("name").requiredString("Name the model").ifPresent(name -> checks.put(name, reading.modelChecks(model)));
        }
        return checks;
    }

    private List<Map<String, Object>> modelChecks(ConfigNode model) {
        List<Map<String, Object>> checks = new ArrayList<>();
        for (ConfigNode test : testsOf(model)) {
            testCheck(test, Optional.empty()).ifPresent(checks::add);
        }
        for (ConfigNode column : model.child("columns").elements()) {
            Optional<String> name = column.child("name").requiredString("Name the column");
            for (ConfigNode test : testsOf(column)) {
                name.flatMap(c -> testCheck(test, Optional.of(c))).ifPresent(checks::add);
            }
        }
        return checks;
    }

    /** dbt 1.8 renamed {@code tests:} to {@code data_tests:}; both are read. */
    private static List<ConfigNode> testsOf(ConfigNode node) {
        List<ConfigNode> tests = new ArrayList<>(node.child("tests").elements());
        tests.addAll(node.child("data_tests").elements());
        return tests;
    }

    private Optional<Map<String, Object>> testCheck(ConfigNode test, Optional<String> column) {
        String name;
        ConfigNode settings;
        if (test.isMapping()) {
            Map<String, ConfigNode> entries = test.entries();
            if (entries.size() != 1) {
                test.problem("a test is one name with its settings, found " + entries.keySet(), "Write it as `- test_name: {...}`");
                return Optional.empty();
            }
            name = entries.keySet().iterator().next();
            settings = entries.get(name);
        } else {
            name = test.optionalString().orElse("");
            settings = new ConfigNode(fileName, test.path(), null, problems);
        }
        ConfigNode arguments = settings.child("arguments").isPresent() ? settings.child("arguments") : settings;
        Map<String, Object> check = new LinkedHashMap<>();
        switch (name) {
            case "unique" -> {
                check.put("type", "uniqueness");
                column.ifPresent(c -> check.put("columns", List.of(c)));
            }
            case "not_null" -> {
                check.put("type", "completeness");
                column.ifPresent(c -> check.put("column", c));
            }
            case "accepted_values" -> {
                check.put("type", "allowed_values");
                column.ifPresent(c -> check.put("column", c));
                check.put("values", arguments.child("values").stringList());
            }
            case "relationships" -> {
                check.put("type", "references");
                column.ifPresent(c -> check.put("column", c));
                ConfigNode to = arguments.child("to");
                to.requiredString("Name the model, e.g. to: ref('dim_customer')").ifPresent(text -> {
                    Matcher ref = REF.matcher(text);
                    if (ref.matches()) {
                        check.put("table", layer.key() + "." + ref.group(1));
                    } else {
                        to.problem("`" + text + "` is not a ref('model')", "Medallion resolves only ref('<model>') in relationships");
                    }
                });
                arguments.child("field").requiredString("Name the referenced column, e.g. field: customer_id").ifPresent(f -> check.put("key", f));
            }
            case "dbt_utils.unique_combination_of_columns" -> {
                check.put("type", "uniqueness");
                check.put("columns", arguments.child("combination_of_columns").stringList());
            }
            default -> {
                test.problem("dbt test `" + name + "` has no Medallion check",
                        "Use unique, not_null, accepted_values, relationships or dbt_utils.unique_combination_of_columns, "
                                + "or write the rule as a `type: sql` check on the table");
                return Optional.empty();
            }
        }
        if (column.isEmpty() && !check.containsKey("columns")) {
            test.problem("dbt test `" + name + "` needs a column", "Put it under the column's `tests:`");
            return Optional.empty();
        }
        settings.child("config").child("severity").optionalString()
                .filter(severity -> severity.equalsIgnoreCase("warn"))
                .ifPresent(severity -> check.put("level", "warning"));
        return Optional.of(check);
    }
}
