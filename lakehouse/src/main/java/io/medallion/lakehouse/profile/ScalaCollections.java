package io.medallion.lakehouse.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;

/** The one place the profiler turns Deequ's Scala collections into Java ones. */
final class ScalaCollections {
    private ScalaCollections() {}

    static <K, V> Map<K, V> map(scala.collection.Map<K, V> map) {
        Map<K, V> copy = new LinkedHashMap<>();
        Iterator<Tuple2<K, V>> entries = map.iterator();
        while (entries.hasNext()) {
            Tuple2<K, V> entry = entries.next();
            copy.put(entry._1(), entry._2());
        }
        return copy;
    }

    static <T> List<T> list(scala.collection.Seq<T> seq) {
        List<T> copy = new ArrayList<>();
        Iterator<T> items = seq.iterator();
        while (items.hasNext()) {
            copy.add(items.next());
        }
        return copy;
    }

    static <T> Optional<T> optional(Option<T> option) {
        return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
    }
}
