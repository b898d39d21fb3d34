package io.medallion.lakehouse.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Applies {@code --conf key.path=value} overrides to a parsed config before it is validated, so an
 * override is checked exactly like a value written in the file. Keys are dot-separated paths through
 * mappings ({@code lakehouse.root}, {@code sources.sales.location}); missing mappings on the way are
 * created.
 */
final class ConfigOverrides {
    /** Keys joined by dots, none of them empty. */
    private static final Pattern KEY_PATH = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");

    private ConfigOverrides() {}

    static void apply(Map<Object, Object> document, List<String> overrides, List<ConfigProblem> problems) {
        for (int i = 0; i < overrides.size(); i++) {
            String override = overrides.get(i);
            int equals = override.indexOf('=');
            if (equals <= 0) {
                // Not repeated: without its `=`, nothing tells the key from a value that may be a secret.
                problems.add(new ConfigProblem("--conf", "#" + (i + 1), "is not of the form key=value (its text is not shown, in case it holds a secret)",
                        "Write --conf lakehouse.root=/data/lakehouse"));
                continue;
            }
            String key = override.substring(0, equals).trim();
            String value = override.substring(equals + 1);
            if (!KEY_PATH.matcher(key).matches()) {
                problems.add(new ConfigProblem("--conf", key, "is not a key path", "Name keys joined by dots, e.g. --conf sources.sales.location=/landing"));
                continue;
            }
            set(document, key, value, problems);
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<Object, Object> document, String key, String value, List<ConfigProblem> problems) {
        String[] parts = key.split("\\.");
        Map<Object, Object> current = document;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = current.get(parts[i]);
            if (next == null) {
                next = new LinkedHashMap<>();
                current.put(parts[i], next);
            }
            if (!(next instanceof Map<?, ?>)) {
                problems.add(new ConfigProblem("--conf", key,
                        "cannot be set: `" + String.join(".", java.util.Arrays.copyOf(parts, i + 1)) + "` is not a mapping",
                        "Override a key inside a mapping, such as lakehouse.root"));
                return;
            }
            current = (Map<Object, Object>) next;
        }
        current.put(parts[parts.length - 1], value);
    }
}
