package io.medallion.lakehouse.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How the target is created on a first copy, per database. PostgreSQL runs the standard form for
 * real in {@code JdbcExportTest}; SQL Server and Db2 cannot run here, so their statements are checked
 * as text: the forms their manuals give for an empty copy of a query's columns.
 */
class JdbcTableWriterTest {
    private static final String COLUMNS = "\"day\", \"amount\"";

    @Test
    void theStandardFormServesPostgresqlAndTheOthers() {
        assertThat(JdbcTableWriter.createLike("jdbc:postgresql://db/shop", "daily", COLUMNS, "daily_medallion_stage"))
                .isEqualTo("CREATE TABLE daily AS SELECT \"day\", \"amount\" FROM daily_medallion_stage WHERE 1 = 0");
        assertThat(JdbcTableWriter.createLike("jdbc:mysql://db/shop", "daily", COLUMNS, "s")).startsWith("CREATE TABLE daily AS SELECT");
    }

    @Test
    void sqlServerSelectsIntoTheNewTable() {
        assertThat(JdbcTableWriter.createLike("jdbc:sqlserver://db:1433;databaseName=shop", "dbo.daily", COLUMNS, "dbo.daily_medallion_stage"))
                .isEqualTo("SELECT \"day\", \"amount\" INTO dbo.daily FROM dbo.daily_medallion_stage WHERE 1 = 0");
    }

    @Test
    void db2CreatesItWithNoData() {
        assertThat(JdbcTableWriter.createLike("jdbc:db2://db:50000/shop", "daily", COLUMNS, "daily_medallion_stage"))
                .isEqualTo("CREATE TABLE daily AS (SELECT \"day\", \"amount\" FROM daily_medallion_stage) WITH NO DATA");
    }
}
