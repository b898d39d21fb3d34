package io.medallion.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import scala.Option;
import scala.Product;
import scala.Tuple2;
import scala.collection.Iterator;
import scopt.OEffect;
import scopt.OParser;
import scopt.OParserBuilder;
import scopt.Read$;

/**
 * The one place that speaks scopt's Scala API. Everything is declared with string values and flags,
 * so only two {@code Read} instances are needed, and every collection crosses as an immutable Scala
 * {@code List}, which is a valid {@code Seq} in Scala 2.12 and 2.13 alike. Parsing returns scopt's
 * effects as data instead of letting scopt print or call {@code sys.exit}: a job on a cluster must
 * never exit the JVM.
 */
final class Scopt {
    private final OParserBuilder<ParsedArguments> builder = OParser.builder();

    /** An option taking a value: {@code --name <value>}. */
    OParser<String, ParsedArguments> option(String name, String valueName, String text) {
        return builder.opt(name, Read$.MODULE$.stringRead()).valueName(valueName).text(text)
                .action((value, arguments) -> arguments.with(name, value));
    }

    /** A positional argument, stored under {@code name}. */
    OParser<String, ParsedArguments> argument(String name, String valueName, String text) {
        return builder.arg(valueName, Read$.MODULE$.stringRead()).text(text)
                .action((value, arguments) -> arguments.with(name, value));
    }

    /** A flag: {@code --name}. */
    OParser<scala.runtime.BoxedUnit, ParsedArguments> flag(String name, String text) {
        return builder.opt(name, Read$.MODULE$.unitRead()).text(text)
                .action((unit, arguments) -> arguments.with(name, "true"));
    }

    OParser<scala.runtime.BoxedUnit, ParsedArguments> help() {
        return builder.help("help").text("prints this usage text");
    }

    OParser<scala.runtime.BoxedUnit, ParsedArguments> programName(String name) {
        return builder.programName(name);
    }

    OParser<scala.runtime.BoxedUnit, ParsedArguments> note(String text) {
        return builder.note(text);
    }

    /** A subcommand with its own options. */
    OParser<scala.runtime.BoxedUnit, ParsedArguments> command(String name, String text, List<OParser<?, ParsedArguments>> children) {
        OParser<scala.runtime.BoxedUnit, ParsedArguments> command = builder.cmd(name).text(text)
                .action((unit, arguments) -> arguments.withCommand(name));
        return children.isEmpty() ? command : command.children(scalaList(List.of(sequence(children))));
    }

    /** Several parsers as one, in order. */
    static OParser<?, ParsedArguments> sequence(List<OParser<?, ParsedArguments>> parsers) {
        OParser<?, ParsedArguments> result = parsers.get(0);
        for (int i = 1; i < parsers.size(); i++) {
            result = result.$plus$plus(parsers.get(i));
        }
        return result;
    }

    static String usage(OParser<?, ParsedArguments> parser) {
        return OParser.usage(parser);
    }

    /** Runs the parser without side effects: the parsed arguments (empty on error) and what scopt wanted to say. */
    static Outcome parse(OParser<?, ParsedArguments> parser, String[] args) {
        Tuple2<Option<ParsedArguments>, scala.collection.immutable.List<OEffect>> result =
                OParser.runParser(parser, scalaList(List.of(args)), ParsedArguments.empty());
        List<String> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean terminate = false;
        Iterator<OEffect> effects = result._2().iterator();
        while (effects.hasNext()) {
            Product effect = (Product) effects.next();
            switch (effect.productPrefix()) {
                case "DisplayToOut" -> out.add(String.valueOf(effect.productElement(0)));
                case "DisplayToErr", "ReportWarning" -> errors.add(String.valueOf(effect.productElement(0)));
                case "ReportError" -> errors.add("Error: " + effect.productElement(0));
                case "Terminate" -> terminate = true;
                default -> errors.add(String.valueOf(effect));
            }
        }
        ParsedArguments parsed = result._1().isDefined() ? result._1().get() : null;
        return new Outcome(parsed, out, errors, terminate);
    }

    /**
     * What parsing gave: {@code arguments} is null when the command line was wrong; {@code terminate}
     * is scopt asking to stop after printing (after {@code --help}, or an error).
     */
    record Outcome(ParsedArguments arguments, List<String> out, List<String> errors, boolean terminate) {}

    private static <T> scala.collection.immutable.List<T> scalaList(List<T> items) {
        scala.collection.immutable.List<T> list = scala.collection.immutable.List$.MODULE$.empty();
        for (int i = items.size() - 1; i >= 0; i--) {
            list = list.$colon$colon(items.get(i));
        }
        return list;
    }
}
