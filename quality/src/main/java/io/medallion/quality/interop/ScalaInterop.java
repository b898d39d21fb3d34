package io.medallion.quality.interop;

import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import scala.Option;
import scala.Predef;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;

/**
 * Every conversion between Java and the Scala types Deequ's API takes, in one place: collections
 * differ between Scala 2.12 and 2.13, so a 2.13 build changes this file only.
 */
public final class ScalaInterop {
    private ScalaInterop() {}

    public static <T> Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(list).toList();
    }

    public static <T> scala.collection.immutable.List<T> immutableList(List<T> list) {
        return JavaConverters.asScalaBuffer(list).toList();
    }

    public static <K, V> scala.collection.immutable.Map<K, V> immutableMap(Map<K, V> map) {
        return JavaConverters.mapAsScalaMap(map).toMap(Predef.$conforms());
    }

    public static <T> List<T> javaList(Seq<T> seq) {
        return JavaConverters.seqAsJavaList(seq);
    }

    public static <K, V> Map<K, V> javaMap(scala.collection.Map<K, V> map) {
        return JavaConverters.mapAsJavaMap(map);
    }

    public static <T> Option<T> none() {
        return Option.empty();
    }

    public static <T> Option<T> some(T value) {
        return Option.apply(value);
    }

    /** A Deequ assertion: Deequ hands it the metric as a boxed double and reads back a boxed boolean. */
    public static scala.Function1<Object, Object> assertion(DoublePredicate test) {
        return new Assertion(test);
    }

    private static final class Assertion extends AbstractFunction1<Object, Object> {
        private final DoublePredicate test;

        Assertion(DoublePredicate test) {
            this.test = test;
        }

        @Override
        public Object apply(Object metric) {
            return test.test(((Number) metric).doubleValue());
        }
    }
}
