package io.medallion.lakehouse.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in every string value of a parsed config with
 * the environment variable's value, so that secrets and machine-specific paths stay out of config
 * files. A variable that is not set and has no default is a config problem naming the key; its value,
 * which may be a secret, is never put into any message.
 */
final class EnvironmentSubstitution {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> environment;
    private final String file;
    private final List<ConfigProblem> problems;

    EnvironmentSubstitution(Map<String, String> environment, String file, List<ConfigProblem> problems) {
        this.environment = environment;
        this.file = file;
        this.problems = problems;
    }

    Object apply(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> result.put(k, apply(v, path.isEmpty() ? String.valueOf(k) : path + "." + k)));
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                result.add(apply(list.get(i), path + "[" + i + "]"));
            }
            return result;
        }
        if (value instanceof String text && text.contains("${")) {
            return substitute(text, path);
        }
        return value;
    }

    private String substitute(String text, String path) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = environment.get(name);
            if (replacement == null) {
                replacement = matcher.group(2);
            }
            if (replacement == null) {
                problems.add(new ConfigProblem(file, path,
                        "refers to environment variable " + name + ", which is not set",
                        "Set " + name + " in the job's environment, or give a default as ${" + name + ":-value}"));
                replacement = "";
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
