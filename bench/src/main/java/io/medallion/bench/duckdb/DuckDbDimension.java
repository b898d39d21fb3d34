package io.medallion.bench.duckdb;

import static io.medallion.bench.duckdb.DuckDbStatements.count;
import static io.medallion.bench.duckdb.DuckDbStatements.parquet;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * DuckDB's SCD2, as a user on one machine would write it: a merge of changed rows into a dimension
 * table (close the current version, insert the next), and a rebuild of the dimension from all days
 * with window functions. Input is the same data as Parquet.
 */
public final class DuckDbDimension {
    private final DuckDbStatements database;
    private final String key;
    private final String sequence;
    private final List<String> values;
    private final List<String> tracked;

    public DuckDbDimension(Path database, String key, String sequence, List<String> values, List<String> tracked) {
        this.database = new DuckDbStatements(database, "DuckDB's SCD2");
        this.key = key;
        this.sequence = sequence;
        this.values = List.copyOf(values);
        this.tracked = List.copyOf(tracked);
    }

    public void build(Path day) {
        database.run(statement -> statement.execute("CREATE OR REPLACE TABLE dim AS SELECT " + columns("") + ", " + sequence + " AS effective_from, "
                + "CAST(NULL AS TIMESTAMP) AS effective_to, true AS is_current, 1 AS version FROM " + parquet(day)));
    }

    /** Returns the versions inserted. */
    public long merge(Path day) {
        return database.run(statement -> {
            String differs = tracked.stream().map(c -> "d." + c + " IS DISTINCT FROM c." + c).collect(Collectors.joining(" OR "));
            statement.execute("CREATE OR REPLACE TEMP TABLE changed AS SELECT c.*, d.version + 1 AS version FROM " + parquet(day)
                    + " c JOIN dim d ON d." + key + " = c." + key + " AND d.is_current WHERE " + differs);
            statement.execute("UPDATE dim SET is_current = false, effective_to = c." + sequence + " FROM changed c WHERE dim." + key
                    + " = c." + key + " AND dim.is_current");
            statement.execute("INSERT INTO dim SELECT " + columns("") + ", " + sequence + ", NULL, true, version FROM changed");
            return count(statement, "SELECT count(*) FROM changed");
        });
    }

    /** Returns the versions the rebuilt dimension holds. */
    public long rebuild(Path firstDay, Path secondDay) {
        return database.run(statement -> {
            String lagDiffers = tracked.stream().map(c -> "lag(" + c + ") OVER w IS DISTINCT FROM " + c).collect(Collectors.joining(" OR "));
            statement.execute("CREATE OR REPLACE TABLE dim_rebuilt AS WITH days AS (SELECT * FROM " + parquet(firstDay) + " UNION ALL BY NAME SELECT * FROM "
                    + parquet(secondDay) + "), marked AS (SELECT *, (lag(" + key + ") OVER w IS NULL OR " + lagDiffers + ") AS opens FROM days "
                    + "WINDOW w AS (PARTITION BY " + key + " ORDER BY " + sequence + ")) SELECT " + columns("") + ", " + sequence
                    + " AS effective_from, lead(" + sequence + ") OVER w AS effective_to, lead(" + sequence + ") OVER w IS NULL AS is_current, "
                    + "row_number() OVER w AS version FROM marked WHERE opens WINDOW w AS (PARTITION BY " + key + " ORDER BY " + sequence + ")");
            return count(statement, "SELECT count(*) FROM dim_rebuilt");
        });
    }

    private String columns(String prefix) {
        return prefix + key + ", " + values.stream().map(c -> prefix + c).collect(Collectors.joining(", ")) + ", " + prefix + sequence;
    }
}
