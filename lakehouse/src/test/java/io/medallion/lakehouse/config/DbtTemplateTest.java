package io.medallion.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbtTemplateTest {
    private static final DbtTemplate.Resolver NAMES = new DbtTemplate.Resolver() {
        @Override
        public String ref(String model) {
            return "REF_" + model;
        }

        @Override
        public String source(String source, String table) {
            return "SRC_" + source + "_" + table;
        }

        @Override
        public String self() {
            return "THIS";
        }
    };

    private final List<ConfigProblem> problems = new ArrayList<>();

    @Test
    void rendersReferencesAndTheBranchTheRunTakes() {
        DbtTemplate template = DbtTemplate.parse("""
                {{ config(materialized='incremental', unique_key=["day", 'store'], full_refresh=False, batch=3) }}
                {# which rows #}
                select * from {{ ref('lines') }} join {{- source("silver", 'dim_store') -}} using (store)
                {% if is_incremental() %}where day > (select max(day) from {{ this }}){% else %}where day is not null{% endif %}
                """, "m.sql", problems);

        assertThat(problems).isEmpty();
        assertThat(template.settings()).containsEntry("materialized", "incremental").containsEntry("unique_key", List.of("day", "store"))
                .containsEntry("full_refresh", false).containsEntry("batch", new BigDecimal("3"));
        assertThat(template.refs()).containsExactly("lines");
        assertThat(template.sources()).containsExactly("silver.dim_store");
        assertThat(template.render(NAMES, true)).isEqualTo("select * from REF_lines join SRC_silver_dim_store using (store)\n"
                + "where day > (select max(day) from THIS)");
        assertThat(template.render(NAMES, false)).endsWith("using (store)\nwhere day is not null");
    }

    @Test
    void referencesInsideTheIncrementalBranchCount() {
        DbtTemplate template = DbtTemplate.parse("select 1 from {{ ref('a') }}{% if is_incremental() %} where x in (select x from {{ ref('b') }}){% endif %}",
                "m.sql", problems);

        assertThat(template.refs()).containsExactly("a", "b");
        assertThat(template.render(NAMES, false)).isEqualTo("select 1 from REF_a");
    }

    @Test
    void jinjaItCannotRunIsNamedWithItsLine() {
        DbtTemplate.parse("select\n  {{ var('start') }} as s\nfrom {{ ref('a') }}\n{% for c in cols %}{% endfor %}\n{{ config(materialized=table) }}",
                "models/m.sql", problems);

        assertThat(problems).extracting(ConfigProblem::describe).containsExactly(
                "models/m.sql: line 2: `{{ var('start') }}` is a Jinja expression Medallion does not run. Medallion runs config(), ref(), source(), "
                        + "this and {% if is_incremental() %}; write the rest in SQL, or compute it in an upstream model",
                "models/m.sql: line 4: `{% for c in cols %}` is a Jinja statement Medallion does not run. Medallion runs config(), ref(), source(), "
                        + "this and {% if is_incremental() %}; write the rest in SQL, or compute it in an upstream model",
                "models/m.sql: line 4: `{% endfor %}` is a Jinja statement Medallion does not run. Medallion runs config(), ref(), source(), "
                        + "this and {% if is_incremental() %}; write the rest in SQL, or compute it in an upstream model",
                "models/m.sql: line 5: config(...) cannot be read: `table` is not a value (quote text: 'table'). "
                        + "Write its arguments as name='text', name=['a', 'b'] or name=true");
    }

    @Test
    void anUnclosedIncrementalBlockIsAProblem() {
        DbtTemplate.parse("select 1 from {{ ref('a') }} {% if is_incremental() %} where 1 = 1", "m.sql", problems);

        assertThat(problems).extracting(ConfigProblem::problem).containsExactly("`{% if is_incremental() %}` has no `{% endif %}`");
    }
}
