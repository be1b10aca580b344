package io.neuraldag.core.plan;

import io.neuraldag.core.DagException;
import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * Turns a ParsedPlan (the tree as read, nodes in pre-order) into an ImportedPlan. Every pass is a
 * loop over the pre-order indices, never a recursive walk: a node's parent has a smaller index and
 * its subtree is the contiguous range [i, end[i]], so "parents before children" is an ascending loop
 * and "children before parents" a descending one.
 *
 * 1. Folding (ascending). The inner Hash of a Hash Join, and Bitmap Index Scan / BitmapAnd /
 *    BitmapOr nodes under a Bitmap Heap Scan (directly or through other bitmap nodes), are folded:
 *    absorber[i] is the node that takes them over. InitPlan/SubPlan children are never folded.
 *    keptParent[i] is the nearest kept ancestor, i.e. the parent after the folded nodes' inputs are
 *    rewired to the absorbing node. New ids number the kept nodes in pre-order, 0 .. m-1.
 * 2. Operators (ascending), using limitAbove[i] (the nearest Limit above i in the same (sub)query,
 *    for pgvector's k) and the access-method resolver, memoized per (schema, index).
 * 3. Numbers. estimatedCost = max(0, Total Cost - sum of the kept children's Total Cost): a folded
 *    node's own cost (a Hash's, a bitmap index scan's) stays inside the absorbing node, whose
 *    Total Cost includes it; what is subtracted is exactly the cost of the inputs the DAG shows as
 *    separate nodes. Actual times the same way on ATT * loops. Actual Rows * loops; loops 0 or no
 *    ANALYZE -> null actuals.
 * 4. Vector attributes: vectorMetric from an "Order By", "Filter", "Join Filter" or sort key that
 *    uses a pgvector distance operator; exactVectorSearch where the distance is computed outside an
 *    ANN index: in a filter, or in a sort with no HNSW/IVFFlat scan below it in the same (sub)query
 *    (annBelow, descending).
 * 5. Edges: kept child -> kept parent; and each InitPlan "CTE x" -> every CTE Scan of x in the scope
 *    of that definition (the subtree of the node the InitPlan hangs on; an inner definition of the
 *    same name shadows an outer one). Scopes are tracked by one ascending sweep with a stack.
 * 6. The DAG: Kahn's algorithm over these edges gives an insertion order in which every edge runs
 *    forward, so QueryDag.addEdge never reorders; a cycle (only possible through CTE edges of a
 *    malformed plan) is reported as a SERIALIZATION error.
 */
final class PlanMapper {
    static final String[] VECTOR_OPERATORS = {"<->", "<=>", "<#>", "<+>", "<~>", "<%>"};
    static final String[] VECTOR_METRICS = {"l2", "cosine", "negative_inner_product", "l1", "hamming", "jaccard"};
    private static final String[] FILTER_FIELDS = {"Filter", "Join Filter"};
    private static final String[] SORT_SUFFIXES = {" NULLS FIRST", " NULLS LAST", " DESC", " ASC"};

    private final ParsedPlan plan;
    private final AccessMethodResolver resolver;
    private final Map<String, Optional<String>> accessMethods = new HashMap<>();
    private final int n;
    private final boolean[] folded;
    private final int[] absorber;
    private final int[] keptParent;
    private final int[] foldedHash;
    private final int[] newId;
    private final int[] end;
    private final int[] oldIndex;
    private final int kept;

    private PlanMapper(ParsedPlan plan, AccessMethodResolver resolver) {
        this.plan = plan;
        this.resolver = resolver;
        this.n = plan.size;
        folded = new boolean[n];
        absorber = new int[n];
        keptParent = new int[n];
        foldedHash = new int[n];
        newId = new int[n];
        end = new int[n];
        Arrays.fill(absorber, -1);
        Arrays.fill(foldedHash, -1);
        Arrays.fill(newId, -1);
        int m = 0;
        for (int i = 0; i < n; i++) {
            int par = plan.parent[i];
            if (par >= 0 && !isSubplan(i)) {
                String type = plan.nodeType[i];
                String parentType = plan.nodeType[par];
                if (type.equals("Hash") && parentType.equals("Hash Join") && foldedHash[par] < 0) {
                    folded[i] = true;
                    absorber[i] = par;
                    foldedHash[par] = i;
                } else if (isBitmapInput(type)) {
                    if (parentType.equals("Bitmap Heap Scan")) {
                        folded[i] = true;
                        absorber[i] = par;
                    } else if (folded[par] && isBitmapInput(parentType)) {
                        folded[i] = true;
                        absorber[i] = absorber[par];
                    }
                }
            }
            keptParent[i] = par < 0 ? -1 : folded[par] ? absorber[par] : par;
            if (!folded[i]) {
                newId[i] = m++;
            }
        }
        kept = m;
        oldIndex = new int[m];
        for (int i = 0; i < n; i++) {
            end[i] = i;
            if (newId[i] >= 0) {
                oldIndex[newId[i]] = i;
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int par = plan.parent[i];
            if (end[i] > end[par]) {
                end[par] = end[i];
            }
        }
    }

    static ImportedPlan map(ParsedPlan plan, AccessMethodResolver resolver) {
        return new PlanMapper(plan, resolver).build();
    }

    private static boolean isBitmapInput(String type) {
        return type.equals("Bitmap Index Scan") || type.equals("BitmapAnd") || type.equals("BitmapOr");
    }

    private boolean isSubplan(int i) {
        String rel = string(i, "Parent Relationship");
        return "InitPlan".equals(rel) || "SubPlan".equals(rel);
    }

    // ------------------------------------------------------------------ field access

    private DagException errorAt(int i, String message) {
        return new DagException(
                DagException.Kind.SERIALIZATION,
                ExplainParser.PREFIX + "node \"" + plan.nodeType[i] + "\": " + message
                        + ExplainParser.at(plan.line[i], plan.column[i]));
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return v instanceof ParsedPlan.Composite c && c.json().startsWith("[") ? "an array" : "an object";
    }

    private @Nullable String string(int i, String name) {
        Object v = plan.fields.get(i).get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw errorAt(i, "\"" + name + "\" must be a string, found " + describe(v));
    }

    private String string(int i, String name, String fallback) {
        String s = string(i, name);
        return s == null ? fallback : s;
    }

    /** A non-negative finite number, or NaN when absent. */
    private double number(int i, String name) {
        Object v = plan.fields.get(i).get(name);
        if (v == null) {
            return Double.NaN;
        }
        double d;
        if (v instanceof Long l) {
            d = l;
        } else if (v instanceof Double x) {
            d = x;
        } else {
            throw errorAt(i, "\"" + name + "\" must be a number, found " + describe(v));
        }
        if (!Double.isFinite(d) || d < 0) {
            throw errorAt(i, "\"" + name + "\" must be finite and >= 0: " + v);
        }
        return d;
    }

    private List<String> strings(int i, String name) {
        Object v = plan.fields.get(i).get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof ParsedPlan.Composite c) {
            List<String> flat = c.stringArray();
            if (flat != null) {
                return flat;
            }
        }
        throw errorAt(i, "\"" + name + "\" must be an array of strings, found " + describe(v));
    }

    // ------------------------------------------------------------------ build

    private ImportedPlan build() {
        double[] total = new double[n];
        double[] rows = new double[n];
        for (int i = 0; i < n; i++) {
            total[i] = zeroIfAbsent(number(i, "Total Cost"));
            rows[i] = number(i, "Plan Rows");
        }
        int[] limitAbove = limitsAbove();

        // operators (parents first, so a node's limit and folded inputs are known)
        Operator[] ops = new Operator[n];
        BitmapFold bitmaps = foldBitmaps();
        for (int i = 0; i < n; i++) {
            if (!folded[i]) {
                try {
                    ops[i] = operator(i, rows, limitAbove, bitmaps);
                } catch (IllegalArgumentException e) {
                    if (e instanceof DagException d) {
                        throw d;
                    }
                    throw errorAt(i, String.valueOf(e.getMessage()));
                }
            }
        }

        // numbers: sums over the kept children
        double[] inputCost = new double[n];
        double[] inputTime = new double[n];
        double[] timeLoops = new double[n];
        for (int i = 0; i < n; i++) {
            timeLoops[i] = actualTimeTimesLoops(i);
            int kp = keptParent[i];
            if (!folded[i] && kp >= 0) {
                inputCost[kp] += total[i];
                inputTime[kp] += Double.isNaN(timeLoops[i]) ? 0 : timeLoops[i];
            }
        }

        // annBelow[i]: an HNSW/IVFFlat scan feeds i within the same (sub)query
        boolean[] annBelow = new boolean[n];
        for (int i = n - 1; i > 0; i--) {
            if (!folded[i] && (annBelow[i] || isAnn(ops[i])) && !isSubplan(i)) {
                annBelow[keptParent[i]] = true;
            }
        }

        int[] cte = cteEdges(); // before the attribute pass rewrites the field maps
        OperatorNode[] nodes = new OperatorNode[kept];
        Map<Integer, Map<String, Object>> attributes = LinkedHashMap.newLinkedHashMap(kept);
        for (int id = 0; id < kept; id++) {
            int i = oldIndex[id];
            Operator op = ops[i];
            // totals are finite, so an input sum that overflowed gives -infinity here, never NaN
            double cost = Math.max(0.0, total[i] - inputCost[i]);
            double loops = number(i, "Actual Loops");
            Double actualRows = null;
            Double actualTime = null;
            if (loops > 0) {
                double r = number(i, "Actual Rows");
                if (!Double.isNaN(r)) {
                    actualRows = finite(i, r * loops, "Actual Rows * Actual Loops");
                }
                if (!Double.isNaN(timeLoops[i])) {
                    double self = timeLoops[i] - inputTime[i];
                    actualTime = self > 0 ? self : 0.0;
                }
            }
            try {
                nodes[id] = new OperatorNode(op, zeroIfAbsent(rows[i]), cost, actualRows, actualTime, null, null, null);
            } catch (IllegalArgumentException e) {
                throw errorAt(i, String.valueOf(e.getMessage()));
            }
            attributes.put(id, attributes(i, op, annBelow[i], bitmaps));
        }
        QueryDag dag = assemble(nodes, cte);
        return new ImportedPlan(
                dag, new ValidatedMap<>(attributes), plan.planningTimeMs, plan.executionTimeMs, plan.settings);
    }

    private static double zeroIfAbsent(double d) {
        return Double.isNaN(d) ? 0.0 : d;
    }

    private double finite(int i, double v, String what) {
        if (!Double.isFinite(v)) {
            throw errorAt(i, what + " is not finite");
        }
        return v;
    }

    /** ATT * loops, 0 for loops 0 (never executed), NaN without ANALYZE timing. */
    private double actualTimeTimesLoops(int i) {
        double att = number(i, "Actual Total Time");
        double loops = number(i, "Actual Loops");
        if (Double.isNaN(att) || Double.isNaN(loops)) {
            return Double.NaN;
        }
        return loops == 0 ? 0.0 : finite(i, att * loops, "Actual Total Time * Actual Loops");
    }

    private static boolean isAnn(@Nullable Operator op) {
        return op instanceof Operator.HnswScan || op instanceof Operator.IvfFlatScan;
    }

    /** limitAbove[i]: the nearest Limit ancestor of i, not crossing an InitPlan/SubPlan root; -1 if none. */
    private int[] limitsAbove() {
        int[] limit = new int[n];
        limit[0] = -1;
        for (int i = 1; i < n; i++) {
            int par = plan.parent[i];
            if (isSubplan(i)) {
                limit[i] = -1;
            } else if (!folded[par] && plan.nodeType[par].equals("Limit")) {
                limit[i] = par;
            } else {
                limit[i] = limit[par];
            }
        }
        return limit;
    }

    // ------------------------------------------------------------------ operators

    private Operator operator(int i, double[] rows, int[] limitAbove, BitmapFold bitmaps) {
        String type = plan.nodeType[i];
        return switch (type) {
            case "Seq Scan", "Sample Scan", "Tid Scan", "Tid Range Scan", "Foreign Scan", "Custom Scan" ->
                new Operator.SeqScan(string(i, "Relation Name", ""));
            case "Index Scan" -> indexScan(i, rows, limitAbove);
            case "Index Only Scan" ->
                new Operator.IndexOnlyScan(string(i, "Index Name", ""), string(i, "Relation Name", ""));
            case "Bitmap Heap Scan" -> new Operator.BitmapScan(bitmaps.indexNames(i), string(i, "Relation Name", ""));
            case "Bitmap Index Scan" -> new Operator.BitmapScan(string(i, "Index Name", ""), "");
            case "Nested Loop" -> new Operator.NestedLoopJoin(joinType(i));
            case "Hash Join" -> new Operator.HashJoin(string(i, "Hash Cond", ""), joinType(i));
            case "Merge Join" -> new Operator.MergeJoin(string(i, "Merge Cond", ""), joinType(i));
            case "Aggregate" -> aggregate(i);
            case "Group" -> new Operator.GroupBy(groupKeys(i));
            case "WindowAgg" -> new Operator.WindowAgg(windowFunctions(i));
            case "Sort" -> {
                List<String> raw = strings(i, "Sort Key");
                yield new Operator.Sort(sortKeys(raw), descending(raw));
            }
            case "Incremental Sort" -> {
                List<String> raw = strings(i, "Sort Key");
                yield new Operator.IncrementalSort(sortKeys(raw), descending(raw));
            }
            case "Unique" -> new Operator.Unique(List.of());
            case "Append" -> new Operator.Append();
            case "Merge Append" -> new Operator.MergeAppend(sortKeys(strings(i, "Sort Key")));
            case "Limit" -> new Operator.Limit(Math.round(zeroIfAbsent(rows[i])));
            case "Recursive Union" -> new Operator.Union(true);
            case "SetOp" -> setOp(i);
            case "Subquery Scan" -> new Operator.SubqueryScan(string(i, "Alias", ""));
            case "CTE Scan", "WorkTable Scan" -> new Operator.CteScan(string(i, "CTE Name", ""));
            case "Named Tuplestore Scan" ->
                new Operator.CteScan(string(i, "Tuplestore Name", string(i, "CTE Name", "")));
            case "Materialize", "Memoize" -> new Operator.Materialize();
            case "Gather" -> new Operator.Gather(workers(i));
            case "Gather Merge" -> new Operator.GatherMerge(workers(i));
            default -> new Operator.Result();
        };
    }

    private Operator indexScan(int i, double[] rows, int[] limitAbove) {
        String index = string(i, "Index Name", "");
        String table = string(i, "Relation Name", "");
        String am = index.isEmpty() ? "" : accessMethod(string(i, "Schema", ""), index);
        boolean hnsw = am.equals("hnsw");
        if (!hnsw && !am.equals("ivfflat")) {
            return new Operator.IndexScan(index, table);
        }
        Integer k = null;
        int limit = limitAbove[i];
        if (limit >= 0 && !Double.isNaN(rows[limit])) {
            long r = Math.round(rows[limit]);
            if (r >= 1 && r <= Integer.MAX_VALUE) {
                k = (int) r;
            }
        }
        return hnsw
                ? new Operator.HnswScan(
                        index, setting("hnsw.ef_search", PostgresPlans.DEFAULT_HNSW_EF_SEARCH), table, k)
                : new Operator.IvfFlatScan(
                        index, setting("ivfflat.probes", PostgresPlans.DEFAULT_IVFFLAT_PROBES), table, k);
    }

    private String accessMethod(String schema, String index) {
        String key = schema + '\u0000' + index;
        Optional<String> am = accessMethods.get(key);
        if (am == null) {
            am = Objects.requireNonNull(resolver.accessMethod(schema, index), "resolver returned null");
            accessMethods.put(key, am);
        }
        return am.map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
    }

    /** A positive integer setting from the plan's "Settings", else the default. */
    private int setting(String name, int fallback) {
        String v = plan.settings.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(v.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private JoinType joinType(int i) {
        String s = string(i, "Join Type");
        if (s == null) {
            return JoinType.INNER;
        }
        return switch (s) {
            case "Left" -> JoinType.LEFT;
            case "Right" -> JoinType.RIGHT;
            case "Full" -> JoinType.FULL;
            case "Semi", "Right Semi" -> JoinType.SEMI;
            case "Anti", "Right Anti" -> JoinType.ANTI;
            default -> JoinType.INNER;
        };
    }

    private Operator aggregate(int i) {
        String strategy = string(i, "Strategy", "Plain");
        return switch (strategy) {
            case "Sorted" -> new Operator.GroupBy(groupKeys(i));
            case "Hashed", "Mixed" -> {
                List<String> keys = groupKeys(i);
                yield new Operator.HashAggregate(keys, aggregateFunctions(i, keys));
            }
            default -> new Operator.Aggregate(aggregateFunctions(i, List.of()));
        };
    }

    /** "Group Key", or for grouping sets every distinct key named under "Grouping Sets". */
    private List<String> groupKeys(int i) {
        List<String> keys = strings(i, "Group Key");
        if (!keys.isEmpty()) {
            return keys;
        }
        if (plan.fields.get(i).get("Grouping Sets") instanceof ParsedPlan.Composite sets) {
            return List.copyOf(new LinkedHashSet<>(sets.strings()));
        }
        return keys;
    }

    /** The "Output" entries (VERBOSE) that are not grouping keys; empty without VERBOSE. */
    private List<String> aggregateFunctions(int i, List<String> keys) {
        List<String> output = strings(i, "Output");
        if (keys.isEmpty()) {
            return output;
        }
        Set<String> keySet = new HashSet<>(keys.size() * 2);
        Set<String> unqualified = new HashSet<>(keys.size() * 2);
        for (String k : keys) {
            keySet.add(k);
            int dot = k.lastIndexOf('.');
            if (dot >= 0 && dot + 1 < k.length()) {
                unqualified.add(k.substring(dot + 1));
            }
        }
        List<String> functions = new ArrayList<>();
        for (String o : output) {
            if (!keySet.contains(o) && !unqualified.contains(o)) {
                functions.add(o);
            }
        }
        return functions;
    }

    /** The window-function entries of "Output" (VERBOSE): those with an OVER clause. */
    private List<String> windowFunctions(int i) {
        List<String> functions = new ArrayList<>();
        for (String o : strings(i, "Output")) {
            if (o.contains(" OVER ")) {
                functions.add(o);
            }
        }
        return functions;
    }

    /** Sort keys without their direction and NULLS placement. */
    static List<String> sortKeys(List<String> raw) {
        List<String> keys = new ArrayList<>(raw.size());
        for (String k : raw) {
            keys.add(stripDirection(k));
        }
        return keys;
    }

    static List<Boolean> descending(List<String> raw) {
        List<Boolean> flags = new ArrayList<>(raw.size());
        for (String k : raw) {
            String s = k;
            if (s.endsWith(" NULLS FIRST") || s.endsWith(" NULLS LAST")) {
                s = s.substring(0, s.lastIndexOf(" NULLS "));
            }
            flags.add(s.endsWith(" DESC"));
        }
        return flags;
    }

    private static String stripDirection(String key) {
        String s = key;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String suffix : SORT_SUFFIXES) {
                if (s.endsWith(suffix) && s.length() > suffix.length()) {
                    s = s.substring(0, s.length() - suffix.length());
                    changed = true;
                }
            }
        }
        return s;
    }

    private Operator setOp(int i) {
        String command = string(i, "Command", "");
        if (command.startsWith("Intersect")) {
            return new Operator.Intersect();
        }
        if (command.startsWith("Except")) {
            return new Operator.Except();
        }
        return new Operator.Result();
    }

    private int workers(int i) {
        double w = number(i, "Workers Launched");
        if (Double.isNaN(w)) {
            w = number(i, "Workers Planned");
        }
        if (Double.isNaN(w)) {
            return 0;
        }
        if (w != Math.rint(w) || w > Integer.MAX_VALUE) {
            throw errorAt(i, "worker count must be an integer in [0, 2^31-1]: " + w);
        }
        return (int) w;
    }

    // ------------------------------------------------------------------ bitmap folding

    /* The index names (distinct, in plan order) and the And/Or structure of the folded bitmap inputs of each Bitmap Heap Scan. */
    private static final class BitmapFold {
        final Map<Integer, LinkedHashSet<String>> names = new HashMap<>();
        final Map<Integer, StringBuilder> trees = new HashMap<>();

        String indexNames(int heapScan) {
            LinkedHashSet<String> set = names.get(heapScan);
            return set == null ? "" : String.join(",", set);
        }

        StringBuilder tree(int heapScan) {
            return trees.computeIfAbsent(heapScan, k -> new StringBuilder());
        }
    }

    private BitmapFold foldBitmaps() {
        BitmapFold fold = new BitmapFold();
        boolean[] hasMember = new boolean[n];
        int[] open = new int[16];
        int sp = 0;
        for (int i = 0; i < n; i++) {
            if (!folded[i] || !isBitmapInput(plan.nodeType[i])) {
                continue;
            }
            while (sp > 0 && end[open[sp - 1]] < i) {
                fold.tree(absorber[open[--sp]]).append(')');
            }
            int heap = absorber[i];
            StringBuilder tree = fold.tree(heap);
            int group = plan.parent[i];
            if (hasMember[group]) {
                tree.append(", ");
            }
            hasMember[group] = true;
            String type = plan.nodeType[i];
            if (type.equals("Bitmap Index Scan")) {
                String index = string(i, "Index Name", "");
                tree.append(index);
                if (!index.isEmpty()) {
                    fold.names.computeIfAbsent(heap, k -> new LinkedHashSet<>()).add(index);
                }
            } else {
                tree.append(type).append('(');
                if (sp == open.length) {
                    open = Arrays.copyOf(open, sp * 2);
                }
                open[sp++] = i;
            }
        }
        while (sp > 0) {
            fold.tree(absorber[open[--sp]]).append(')');
        }
        return fold;
    }

    // ------------------------------------------------------------------ attributes

    /**
     * The node's attributes: its own field map, rewritten in place (booleans and composites to
     * text) and extended by the derived entries. Reads every raw field it needs first; the map is
     * not read as a field map afterwards.
     */
    private Map<String, Object> attributes(int i, Operator op, boolean annBelow, BitmapFold bitmaps) {
        String metric = null;
        boolean exact = false;
        String orderBy = string(i, "Order By");
        if (orderBy != null) {
            metric = vectorMetric(orderBy);
        }
        for (String filterField : FILTER_FIELDS) {
            String filter = string(i, filterField);
            String m = filter == null ? null : vectorMetric(filter);
            if (m != null) {
                metric = metric == null ? m : metric;
                exact = true;
            }
        }
        if (op instanceof Operator.Sort || op instanceof Operator.IncrementalSort) {
            for (String key : strings(i, "Sort Key")) {
                String m = vectorMetric(key);
                if (m != null) {
                    metric = metric == null ? m : metric;
                    exact |= !annBelow;
                }
            }
        }

        Map<String, Object> a = plan.fields.get(i);
        a.replaceAll((k, v) -> attributeValue(v));
        int hash = foldedHash[i];
        if (hash >= 0) {
            plan.fields.get(hash).forEach((k, v) -> {
                if (!k.equals("Node Type") && !k.equals("Parent Relationship")) {
                    String name = k.startsWith("Hash ") || k.startsWith("Original Hash ") ? k : "Hash " + k;
                    a.putIfAbsent(name, attributeValue(v));
                }
            });
        }
        StringBuilder tree = bitmaps.trees.get(i);
        if (tree != null) {
            a.put("bitmapTree", tree.toString());
        }
        if (op instanceof Operator.Result) {
            a.put("rawNodeType", plan.nodeType[i]);
        }
        if (metric != null) {
            a.put("vectorMetric", metric);
        }
        if (exact) {
            a.put("exactVectorSearch", "true");
        }
        return new ValidatedMap<>(a);
    }

    private static Object attributeValue(Object v) {
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof ParsedPlan.Composite c) {
            return c.json();
        }
        return v;
    }

    /** The metric of the first pgvector distance operator in the expression, or null. */
    static @Nullable String vectorMetric(String expression) {
        int best = -1;
        int bestAt = Integer.MAX_VALUE;
        for (int k = 0; k < VECTOR_OPERATORS.length; k++) {
            int at = expression.indexOf(VECTOR_OPERATORS[k]);
            if (at >= 0 && at < bestAt) {
                bestAt = at;
                best = k;
            }
        }
        return best < 0 ? null : VECTOR_METRICS[best];
    }

    // ------------------------------------------------------------------ edges and assembly

    /** Edges (new ids) from each InitPlan "CTE x" to the CTE Scans of x in its scope, as pairs. */
    private int[] cteEdges() {
        // definitions hang on their kept parent: defAt[v] lists the InitPlan roots defined at v
        int[] defHead = new int[n];
        int[] defNext = new int[n];
        Arrays.fill(defHead, -1);
        for (int i = n - 1; i > 0; i--) {
            if (!folded[i] && cteDefined(i) != null) {
                int v = keptParent[i];
                defNext[i] = defHead[v];
                defHead[v] = i;
            }
        }
        int[] edges = new int[16];
        int count = 0;
        Map<String, ArrayDeque<Integer>> active = new HashMap<>();
        int[] scopes = new int[16]; // definition roots, innermost last
        int sp = 0;
        for (int i = 0; i < n; i++) {
            while (sp > 0 && end[keptParent[scopes[sp - 1]]] < i) {
                String name = cteDefined(scopes[--sp]);
                ArrayDeque<Integer> defs = name == null ? null : active.get(name);
                if (defs != null) {
                    defs.pop();
                }
            }
            for (int d = defHead[i]; d >= 0; d = defNext[d]) {
                String name = cteDefined(d);
                if (name != null) {
                    active.computeIfAbsent(name, k -> new ArrayDeque<>()).push(d);
                    if (sp == scopes.length) {
                        scopes = Arrays.copyOf(scopes, sp * 2);
                    }
                    scopes[sp++] = d;
                }
            }
            if (!folded[i] && plan.nodeType[i].equals("CTE Scan")) {
                ArrayDeque<Integer> defs = active.get(string(i, "CTE Name", ""));
                Integer def = defs == null ? null : defs.peek();
                if (def != null) {
                    if (count + 2 > edges.length) {
                        edges = Arrays.copyOf(edges, edges.length * 2);
                    }
                    edges[count++] = newId[def];
                    edges[count++] = newId[i];
                }
            }
        }
        return Arrays.copyOf(edges, count);
    }

    /** The CTE name if node i is an InitPlan "CTE name", else null. */
    private @Nullable String cteDefined(int i) {
        if (plan.parent[i] < 0 || !"InitPlan".equals(string(i, "Parent Relationship"))) {
            return null;
        }
        String sub = string(i, "Subplan Name");
        return sub != null && sub.startsWith("CTE ") ? sub.substring(4) : null;
    }

    private QueryDag assemble(OperatorNode[] nodes, int[] cte) {
        int m = kept;
        int treeEdges = m - 1;
        int e = treeEdges + cte.length / 2;
        int[] from = new int[e];
        int[] to = new int[e];
        int k = 0;
        for (int id = 1; id < m; id++) {
            from[k] = id;
            to[k++] = newId[keptParent[oldIndex[id]]];
        }
        for (int c = 0; c < cte.length; c += 2) {
            from[k] = cte[c];
            to[k++] = cte[c + 1];
        }
        // Kahn: an insertion order in which every edge runs forward
        int[] outStart = new int[m + 1];
        int[] indeg = new int[m];
        for (int j = 0; j < e; j++) {
            outStart[from[j] + 1]++;
            indeg[to[j]]++;
        }
        for (int v = 0; v < m; v++) {
            outStart[v + 1] += outStart[v];
        }
        int[] fill = Arrays.copyOf(outStart, m);
        int[] targets = new int[e];
        for (int j = 0; j < e; j++) {
            targets[fill[from[j]]++] = to[j];
        }
        int[] order = new int[m];
        int tail = 0;
        for (int v = m - 1; v >= 0; v--) {
            if (indeg[v] == 0) {
                order[tail++] = v;
            }
        }
        for (int head = 0; head < tail; head++) {
            int v = order[head];
            for (int p = outStart[v]; p < outStart[v + 1]; p++) {
                if (--indeg[targets[p]] == 0) {
                    order[tail++] = targets[p];
                }
            }
        }
        if (tail < m) {
            int stuck = 0;
            while (indeg[stuck] == 0) {
                stuck++;
            }
            throw errorAt(oldIndex[stuck], "the CTE references of the plan form a cycle");
        }
        QueryDag dag = new QueryDag(m, e);
        for (int r = 0; r < m; r++) {
            dag.addNode(order[r], nodes[order[r]]);
        }
        for (int j = 0; j < e; j++) {
            dag.addEdge(from[j], to[j]);
        }
        return dag;
    }
}
