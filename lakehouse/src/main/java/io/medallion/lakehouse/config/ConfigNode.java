package io.medallion.lakehouse.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A value inside a parsed YAML document together with its key path, so that every problem found while
 * reading it can name the file and key. Readers never throw: they record a {@link ConfigProblem} and
 * return empty, so one pass over a config reports all of its problems at once.
 */
final class ConfigNode {
    private final String file;
    private final String path;
    private final Object value;
    private final List<ConfigProblem> problems;

    ConfigNode(String file, String path, Object value, List<ConfigProblem> problems) {
        this.file = file;
        this.path = path;
        this.value = value;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    boolean isPresent() {
        return value != null;
    }

    boolean isMapping() {
        return value instanceof Map<?, ?>;
    }

    void problem(String problem, String fix) {
        problems.add(new ConfigProblem(file, path, problem, fix));
    }

    ConfigNode child(String key) {
        Object childValue = value instanceof Map<?, ?> map ? map.get(key) : null;
        return new ConfigNode(file, path.isEmpty() ? key : path + "." + key, childValue, problems);
    }

    /** The entries of a mapping, in file order; records a problem when the value is not a mapping. */
    Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> result = new LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem("expected a mapping of names to settings, found " + describe(value), "Write it as `name: {...}` entries");
            return result;
        }
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            result.put(name, child(name));
        }
        return result;
    }

    /** The elements of a list; records a problem when the value is not a list. */
    List<ConfigNode> elements() {
        List<ConfigNode> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (!(value instanceof List<?> list)) {
            problem("expected a list, found " + describe(value), "Write it as [a, b] or as `- item` lines");
            return result;
        }
        for (int i = 0; i < list.size(); i++) {
            result.add(new ConfigNode(file, path + "[" + i + "]", list.get(i), problems));
        }
        return result;
    }

    /** Records a problem for every key of this mapping that is not one of {@code allowed}. */
    void rejectUnknownKeys(Set<String> allowed) {
        if (!(value instanceof Map<?, ?> map)) {
            if (value != null) {
                problem("expected a mapping, found " + describe(value), "Use keys " + String.join(", ", new TreeSet<>(allowed)));
            }
            return;
        }
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            if (!allowed.contains(name)) {
                String suggestion = closest(name, allowed).map(s -> "Did you mean `" + s + "`? ").orElse("");
                child(name).problem("unknown key `" + name + "`",
                        suggestion + "Known keys here: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    Optional<String> optionalString() {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            problem("expected a single value, found " + describe(value), "Write a plain value");
            return Optional.empty();
        }
        return Optional.of(String.valueOf(value));
    }

    /**
     * A secret setting (a password, a private key). Empty is unset: {@code ${VARIABLE:-}} gives "" when
     * the variable is not set, and the secret must then come from its fallback (a Spark conf key), not be
     * tried empty.
     */
    Optional<Secret> optionalSecret() {
        return optionalString().filter(text -> !text.isEmpty()).map(Secret::new);
    }

    Optional<String> requiredString(String fix) {
        if (value == null) {
            problem("is required but missing", fix);
            return Optional.empty();
        }
        return optionalString().filter(s -> {
            if (s.isBlank()) {
                problem("is required but empty", fix);
                return false;
            }
            return true;
        });
    }

    boolean booleanOr(boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value);
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        problem("expected true or false, found `" + text + "`", "Write true or false");
        return defaultValue;
    }

    Optional<BigDecimal> optionalNumber() {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(String.valueOf(value).trim()));
        } catch (NumberFormatException e) {
            problem("expected a number, found `" + value + "`", "Write a plain number such as 0 or 99.5");
            return Optional.empty();
        }
    }

    /** A list of plain values; a single value is accepted as a list of one. */
    List<String> stringList() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?>)) {
            return optionalString().map(List::of).orElse(List.of());
        }
        List<String> result = new ArrayList<>();
        for (ConfigNode element : elements()) {
            element.optionalString().ifPresent(result::add);
        }
        return result;
    }

    /** A mapping of plain values, as strings (reader options). */
    Map<String, String> stringMap() {
        Map<String, String> result = new LinkedHashMap<>();
        entries().forEach((key, node) -> node.optionalString().ifPresent(v -> result.put(key, v)));
        return result;
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return "`" + value + "`";
    }

    /** The candidate nearest to {@code name} in spelling, when near enough to be a likely typo. */
    static Optional<String> closest(String name, Set<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = editDistance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
