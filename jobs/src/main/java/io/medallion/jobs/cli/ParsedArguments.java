package io.medallion.jobs.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the command line said, before any value is interpreted: the subcommand and each option's
 * values in order. Immutable; scopt threads it through its actions with {@link #with}.
 */
public final class ParsedArguments {
    private final String command;
    private final Map<String, List<String>> options;

    private ParsedArguments(String command, Map<String, List<String>> options) {
        this.command = command;
        this.options = options;
    }

    static ParsedArguments empty() {
        return new ParsedArguments("", Map.of());
    }

    public String command() {
        return command;
    }

    ParsedArguments withCommand(String name) {
        return new ParsedArguments(name, options);
    }

    ParsedArguments with(String option, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(options);
        List<String> values = new ArrayList<>(copy.getOrDefault(option, List.of()));
        values.add(value);
        copy.put(option, Collections.unmodifiableList(values));
        return new ParsedArguments(command, Collections.unmodifiableMap(copy));
    }

    /** The last value given for an option (a repeated single-value option: the last one wins). */
    public Optional<String> value(String option) {
        List<String> values = options.getOrDefault(option, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    public List<String> values(String option) {
        return options.getOrDefault(option, List.of());
    }

    public boolean has(String option) {
        return options.containsKey(option);
    }
}
