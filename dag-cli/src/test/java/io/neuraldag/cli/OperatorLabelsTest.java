package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.testing.TestDags;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorLabelsTest {
    @Test
    void detailsOfTheMainKinds() {
        assertThat(OperatorLabels.detail(new Operator.SeqScan("lineitem"))).isEqualTo("lineitem");
        assertThat(OperatorLabels.detail(new Operator.IndexScan("orders_pkey", "orders")))
                .isEqualTo("orders using orders_pkey");
        assertThat(OperatorLabels.detail(new Operator.IndexOnlyScan("idx", ""))).isEqualTo("idx");
        assertThat(OperatorLabels.detail(new Operator.HnswScan("items_emb_hnsw", 64, "items", 10)))
                .isEqualTo("items using items_emb_hnsw ef_search=64 k=10");
        assertThat(OperatorLabels.detail(new Operator.IvfFlatScan("ivf", 8))).isEqualTo("ivf nprobe=8");
        assertThat(OperatorLabels.detail(new Operator.HashJoin("a.x = b.x", JoinType.LEFT)))
                .isEqualTo("left on a.x = b.x");
        assertThat(OperatorLabels.detail(new Operator.NestedLoopJoin(JoinType.ANTI)))
                .isEqualTo("anti");
        assertThat(OperatorLabels.detail(new Operator.HashAggregate(List.of("k1", "k2"), List.of("sum(x)"))))
                .isEqualTo("by k1, k2 sum(x)");
        assertThat(OperatorLabels.detail(new Operator.Sort(List.of("a", "b"), List.of(false, true))))
                .isEqualTo("a, b DESC");
        assertThat(OperatorLabels.detail(new Operator.Limit(5))).isEqualTo("5");
        assertThat(OperatorLabels.detail(new Operator.Union(true))).isEqualTo("all");
        assertThat(OperatorLabels.detail(new Operator.Gather(2))).isEqualTo("workers=2");
        assertThat(OperatorLabels.detail(new Operator.Result())).isEmpty();
    }

    @Test
    void everyKindHasAShortSingleLineDetail() {
        List<Operator> all = TestDags.everyOperatorKind();
        assertThat(all).hasSize(Operator.KIND_COUNT);
        for (Operator op : all) {
            String d = OperatorLabels.detail(op);
            assertThat(d).as(op.typeName()).hasSizeLessThanOrEqualTo(OperatorLabels.MAX_DETAIL);
            assertThat(d).as(op.typeName()).doesNotContain("\n").isEqualTo(d.strip());
        }
        assertThat(OperatorLabels.detail(all.get(19))).isEqualTo(Long.toString(1L << 40));
    }

    @Test
    void longDetailsAreCutAndWhitespaceCollapsed() {
        String predicate = "(l_shipdate <= '1998-09-02'::date)\n    AND (l_quantity > 10) AND (l_discount < 0.05)";
        String d = OperatorLabels.detail(new Operator.Filter(predicate));
        assertThat(d)
                .hasSize(OperatorLabels.MAX_DETAIL)
                .endsWith("...")
                .doesNotContain("\n")
                .doesNotContain("  ");
        assertThat(d).startsWith("(l_shipdate <= '1998-09-02'::date) AND");
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        String s = "x".repeat(OperatorLabels.MAX_DETAIL - 4) + "\uD83D\uDE00" + "tail";
        String d = OperatorLabels.shorten(s);
        assertThat(Character.isHighSurrogate(d.charAt(d.length() - 4))).isFalse();
        assertThat(d).endsWith("...");
    }

    @Test
    void roundedNumbers() {
        assertThat(Numbers.rounded(0.0)).isEqualTo("0");
        assertThat(Numbers.rounded(-0.0)).isEqualTo("0");
        assertThat(Numbers.rounded(0.00001)).isEqualTo("0");
        assertThat(Numbers.rounded(2182.5)).isEqualTo("2182.5");
        assertThat(Numbers.rounded(1e7)).isEqualTo("10000000");
        assertThat(Numbers.rounded(1e300)).doesNotContain("E").hasSize(301);
        assertThat(Numbers.rounded(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Numbers.rounded(165.38999999999987)).isEqualTo("165.39");
        assertThat(Numbers.rounded(0.123456)).isEqualTo("0.1235");
        assertThat(Numbers.fixed(2.0 / 3)).isEqualTo("0.666667");
    }
}
