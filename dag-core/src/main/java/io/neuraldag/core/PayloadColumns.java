package io.neuraldag.core;

import org.jspecify.annotations.Nullable;

/*
 * The payloads of a DAG read from a canonical binary encoding, in columns: node i has operator
 * operators[operatorIndex[i]] and estimates rows[i] and cost[i], which the reader has checked are
 * values the constructor keeps as they are (finite, >= 0, not -0.0). The arrays are shared by
 * the compact DAG and its snapshots and never written after the read. Records of nodes without
 * optional values are built from here on first read (node); those with optional values were built
 * by the reader.
 */
@SuppressWarnings("ArrayRecordComponent") // shared, never written after the read; equality unused
record PayloadColumns(Operator[] operators, int[] operatorIndex, double[] rows, double[] cost) {

    Operator operator(int i) {
        return operators[operatorIndex[i]];
    }

    /*
     * The payload of node i: slots[i], built from the columns and stored there on first read.
     * Threads that race on one entry build equal records and either may stay; a record's fields
     * are final, so a thread that sees one sees it whole.
     */
    OperatorNode node(@Nullable OperatorNode[] slots, int i) {
        OperatorNode x = slots[i];
        if (x == null) {
            x = new OperatorNode(operator(i), rows[i], cost[i], null, null, null, null, null);
            slots[i] = x;
        }
        return x;
    }

    // every entry of slots built (node): the same array, with no null entry left
    @SuppressWarnings("NullAway") // no entry is null once the loop ends
    OperatorNode[] fill(@Nullable OperatorNode[] slots) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                node(slots, i);
            }
        }
        return slots;
    }
}
