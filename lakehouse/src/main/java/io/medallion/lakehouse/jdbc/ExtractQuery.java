package io.medallion.lakehouse.jdbc;

import io.medallion.lakehouse.config.JdbcSourceConfig;
import io.medallion.lakehouse.config.WatermarkConfig;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The SQL one extract of a JDBC source runs, in standard SQL that PostgreSQL and most databases
 * accept. Without a watermark: every row. With one and nothing saved yet: every row with a
 * timestamp. With a saved watermark (T, K): the rows after it, {@code ts > T OR (ts = T AND key > K)}
 * (keys compared lexicographically), plus, with a look-back L, the rows of {@code [T - L, (T, K)]}
 * again. With {@code max_rows_per_run} N, only the first N rows after the watermark in
 * (timestamp, key) order are taken, so the next run continues exactly after the last of them even
 * when many rows share one timestamp; the look-back rows come on top of the N.
 *
 * <p>A partitioned read runs {@link #bounds} first, then the query once per partition, each on its
 * own connection at its own moment: {@link #upTo} caps every partition at the newest watermark value
 * the bounds saw, so a row updated between two partition reads is left for the next run instead of
 * a later partition moving the watermark past the version an earlier one missed.
 *
 * <p>Rows whose watermark column is null are never extracted incrementally: declare the column
 * {@code NOT NULL} in the database.
 */
public final class ExtractQuery {
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private ExtractQuery() {}

    public static String sql(JdbcSourceConfig source, Optional<Watermark> after) {
        String relation = source.table().orElseGet(() -> "(" + source.query().orElseThrow() + ") medallion_query");
        String all = "SELECT * FROM " + relation;
        if (source.watermark().isEmpty()) {
            return all;
        }
        WatermarkConfig watermark = source.watermark().get();
        String column = watermark.column();
        String order = " ORDER BY " + column + ", " + String.join(", ", watermark.keys());
        String limit = source.maxRowsPerRun().map(n -> order + " FETCH FIRST " + n + " ROWS ONLY").orElse("");
        if (after.isEmpty()) {
            return all + " WHERE " + column + " IS NOT NULL" + limit;
        }
        String newer = after(watermark, after.get());
        boolean lookback = !watermark.lookback().isZero();
        if (source.maxRowsPerRun().isEmpty()) {
            return all + " WHERE " + (lookback ? column + " >= " + timestamp(after.get().timestamp().minus(watermark.lookback())) : newer);
        }
        String next = "SELECT * FROM (" + all + " WHERE " + newer + limit + ") medallion_next";
        if (!lookback) {
            return next;
        }
        return next + " UNION ALL " + all + " WHERE " + column + " >= " + timestamp(after.get().timestamp().minus(watermark.lookback()))
                + " AND NOT (" + newer + ")";
    }

    /**
     * One row: the least and greatest {@code partitionColumn} of the query's rows ({@code low},
     * {@code high}) and, with a watermark, the newest watermark value among them ({@code newest}).
     */
    static String bounds(String query, String partitionColumn, Optional<WatermarkConfig> watermark) {
        String newest = watermark.map(w -> ", MAX(" + w.column() + ") AS newest").orElse("");
        return "SELECT MIN(" + partitionColumn + ") AS low, MAX(" + partitionColumn + ") AS high" + newest + " FROM (" + query
                + ") medallion_bounds";
    }

    /** The query's rows whose watermark value is at most {@code newest}, as {@link #bounds} saw it. */
    static String upTo(String query, WatermarkConfig watermark, LocalDateTime newest) {
        return "SELECT * FROM (" + query + ") medallion_up_to WHERE " + watermark.column() + " <= " + timestamp(newest);
    }

    /** {@code (ts, k1, k2) > (T, K1, K2)}, written out so databases without row comparison accept it. */
    static String after(WatermarkConfig watermark, Watermark position) {
        List<String> keys = watermark.keys();
        String keyPart = keysAfter(keys, position.keys(), 0);
        String ts = timestamp(position.timestamp());
        return "(" + watermark.column() + " > " + ts + " OR (" + watermark.column() + " = " + ts + " AND " + keyPart + "))";
    }

    private static String keysAfter(List<String> columns, List<String> values, int index) {
        String column = columns.get(index);
        String value = text(values.get(index));
        if (index == columns.size() - 1) {
            return column + " > " + value;
        }
        return "(" + column + " > " + value + " OR (" + column + " = " + value + " AND " + keysAfter(columns, values, index + 1) + "))";
    }

    static String timestamp(LocalDateTime value) {
        return "TIMESTAMP '" + LITERAL.format(value) + "'";
    }

    /** A SQL string literal; the database converts it to the key column's type. */
    private static String text(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** The columns of the watermark, in order, for callers that sort or join on them. */
    static List<String> orderColumns(WatermarkConfig watermark) {
        return Stream.concat(Stream.of(watermark.column()), watermark.keys().stream()).toList();
    }
}
