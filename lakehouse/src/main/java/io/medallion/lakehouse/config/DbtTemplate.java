package io.medallion.lakehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dbt model's SQL, parsed once at config load: the Jinja a model needs to read the lakehouse and
 * nothing more, so a model runs the same under dbt and natively here, and anything else is a config
 * error naming the file and line rather than SQL that fails half-way through a run.
 * <pre>
 *   {{ config(materialized='incremental', unique_key=['a', 'b']) }}   the model's settings, read here
 *   {{ ref('model') }}                  another model of the project
 *   {{ source('silver', 'fact_sales') }}  a table of a layer (or of a source declared in a .yml)
 *   {{ this }}                           the model's own table
 *   {% if is_incremental() %} ... {% else %} ... {% endif %}
 *   {# a comment #}
 * </pre>
 * Whitespace control ({@code {{-}, {@code -%}}}) is accepted; SQL does not care about the spaces.
 */
public final class DbtTemplate {
    private static final Pattern TAG = Pattern.compile("\\{\\{-?(.*?)-?}}|\\{%-?(.*?)-?%}|\\{#(.*?)#}", Pattern.DOTALL);
    private static final Pattern REF = Pattern.compile("ref\\(\\s*" + quoted("model") + "\\s*\\)");
    private static final Pattern SOURCE = Pattern.compile("source\\(\\s*" + quoted("source") + "\\s*,\\s*" + quoted("table") + "\\s*\\)");
    private static final Pattern CONFIG = Pattern.compile("config\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern IF_INCREMENTAL = Pattern.compile("if\\s+is_incremental\\(\\s*\\)");
    private static final String SUPPORTED = "Medallion runs config(), ref(), source(), this and {% if is_incremental() %}; "
            + "write the rest in SQL, or compute it in an upstream model";

    private final List<Part> parts;
    private final Map<String, Object> settings;

    private DbtTemplate(List<Part> parts, Map<String, Object> settings) {
        this.parts = List.copyOf(parts);
        this.settings = settings;
    }

    /** What a model reads and how its SQL is written out: by {@link #render}. */
    public interface Resolver {
        String ref(String model);

        String source(String source, String table);

        String self();
    }

    private sealed interface Part permits Text, Ref, Source, Self, Incremental {}

    private record Text(String sql) implements Part {}

    private record Ref(String model) implements Part {}

    private record Source(String source, String table) implements Part {}

    private record Self() implements Part {}

    private record Incremental(List<Part> then, List<Part> otherwise) implements Part {}

    /**
     * Parses a model's SQL; every construct it cannot run is recorded in {@code problems} under
     * {@code fileName} and the line it is on.
     */
    static DbtTemplate parse(String sql, String fileName, List<ConfigProblem> problems) {
        Map<String, Object> settings = new LinkedHashMap<>();
        List<List<Part>> open = new ArrayList<>();
        List<Part> top = new ArrayList<>();
        List<Incremental> blocks = new ArrayList<>();
        List<Part> current = top;
        Matcher tag = TAG.matcher(sql);
        int at = 0;
        while (tag.find()) {
            current.add(new Text(sql.substring(at, tag.start())));
            at = tag.end();
            String line = "line " + (1 + sql.substring(0, tag.start()).chars().filter(c -> c == '\n').count());
            if (tag.group(3) != null) {
                continue;
            }
            boolean expression = tag.group(1) != null;
            String body = (expression ? tag.group(1) : tag.group(2)).strip();
            if (expression) {
                expression(body, settings, fileName, line, problems).ifPresent(current::add);
            } else if (IF_INCREMENTAL.matcher(body).matches()) {
                Incremental block = new Incremental(new ArrayList<>(), new ArrayList<>());
                current.add(block);
                blocks.add(block);
                open.add(current);
                current = block.then();
            } else if (body.equals("else") && !blocks.isEmpty() && current == blocks.get(blocks.size() - 1).then()) {
                current = blocks.get(blocks.size() - 1).otherwise();
            } else if (body.equals("endif") && !blocks.isEmpty()) {
                blocks.remove(blocks.size() - 1);
                current = open.remove(open.size() - 1);
            } else {
                problems.add(new ConfigProblem(fileName, line, "`{% " + body + " %}` is a Jinja statement Medallion does not run", SUPPORTED));
            }
        }
        current.add(new Text(sql.substring(at)));
        if (!blocks.isEmpty()) {
            problems.add(new ConfigProblem(fileName, "", "`{% if is_incremental() %}` has no `{% endif %}`", "Close the block with {% endif %}"));
        }
        return new DbtTemplate(top, Map.copyOf(settings));
    }

    private static Optional<Part> expression(String body, Map<String, Object> settings, String fileName, String line, List<ConfigProblem> problems) {
        Matcher ref = REF.matcher(body);
        if (ref.matches()) {
            return Optional.of(new Ref(quotedValue(ref, "model")));
        }
        Matcher source = SOURCE.matcher(body);
        if (source.matches()) {
            return Optional.of(new Source(quotedValue(source, "source"), quotedValue(source, "table")));
        }
        if (body.equals("this")) {
            return Optional.of(new Self());
        }
        Matcher config = CONFIG.matcher(body);
        if (config.matches()) {
            try {
                settings.putAll(PythonArguments.parse(config.group(1)));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(fileName, line, "config(...) cannot be read: " + e.getMessage(),
                        "Write its arguments as name='text', name=['a', 'b'] or name=true"));
            }
            return Optional.empty();
        }
        problems.add(new ConfigProblem(fileName, line, "`{{ " + body + " }}` is a Jinja expression Medallion does not run", SUPPORTED));
        return Optional.empty();
    }

    /** A Python string in either quotes; its text is {@link #quotedValue} of {@code group}. */
    private static String quoted(String group) {
        return "(?:'(?<" + group + ">[^']+)'|\"(?<" + group + "Dq>[^\"]+)\")";
    }

    private static String quotedValue(Matcher matcher, String group) {
        return matcher.group(group) != null ? matcher.group(group) : matcher.group(group + "Dq");
    }

    /** The model's {@code config(...)} arguments: text, lists of text, booleans, numbers. */
    public Map<String, Object> settings() {
        return settings;
    }

    /** The models this one {@code ref}s, in the order they appear, without repeats, in either branch. */
    public List<String> refs() {
        List<String> refs = new ArrayList<>();
        walk(parts, part -> {
            if (part instanceof Ref r && !refs.contains(r.model())) {
                refs.add(r.model());
            }
        });
        return refs;
    }

    /** The {@code source(source, table)} pairs this model reads, as {@code source.table}, without repeats. */
    public List<String> sources() {
        List<String> sources = new ArrayList<>();
        walk(parts, part -> {
            if (part instanceof Source s && !sources.contains(s.source() + "." + s.table())) {
                sources.add(s.source() + "." + s.table());
            }
        });
        return sources;
    }

    /** The SQL to run: each reference written out by {@code resolver}, and the incremental branch when {@code incremental}. */
    public String render(Resolver resolver, boolean incremental) {
        StringBuilder sql = new StringBuilder();
        render(parts, resolver, incremental, sql);
        return sql.toString().strip();
    }

    private static void render(List<Part> parts, Resolver resolver, boolean incremental, StringBuilder sql) {
        for (Part part : parts) {
            if (part instanceof Text t) {
                sql.append(t.sql());
            } else if (part instanceof Ref r) {
                sql.append(resolver.ref(r.model()));
            } else if (part instanceof Source s) {
                sql.append(resolver.source(s.source(), s.table()));
            } else if (part instanceof Self) {
                sql.append(resolver.self());
            } else if (part instanceof Incremental block) {
                render(incremental ? block.then() : block.otherwise(), resolver, incremental, sql);
            }
        }
    }

    private static void walk(List<Part> parts, java.util.function.Consumer<Part> visit) {
        for (Part part : parts) {
            visit.accept(part);
            if (part instanceof Incremental block) {
                walk(block.then(), visit);
                walk(block.otherwise(), visit);
            }
        }
    }
}
