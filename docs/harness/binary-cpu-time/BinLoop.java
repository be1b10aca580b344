import io.neuraldag.core.BenchDags;
import io.neuraldag.core.QueryDag;
import java.util.function.ToLongFunction;

/** Loaded once per class loader: the bench DAG and batches of one operation. */
public class BinLoop implements ToLongFunction<String> {
    private final QueryDag dag;
    private final byte[] bytes;
    private final String json;
    private final String benchJson;
    private final int reps;
    private final int editFrom;
    private final int editTo;

    public BinLoop() {
        dag = BenchDags.load(Integer.getInteger("n", 1000));
        dag.snapshot();
        bytes = dag.toBytes();
        json = dag.toJson();
        benchJson = BenchDags.json(Integer.getInteger("n", 1000));
        reps = Integer.getInteger("reps", 2000);
        editFrom = dag.edges().get(dag.edgeCount() / 2).from();
        editTo = dag.edges().get(dag.edgeCount() / 2).to();
    }

    @Override
    public long applyAsLong(String op) {
        long sink = 0;
        switch (op) {
            case "toBytes" -> { for (int i = 0; i < reps; i++) sink += dag.toBytes().length; }
            case "fromBytes" -> { for (int i = 0; i < reps; i++) sink += QueryDag.fromBytes(bytes).edgeCount(); }
            // a read followed by a query, and by an edge edit (removed, added back) and a query
            case "fromBytesSort" -> { for (int i = 0; i < reps; i++) sink += QueryDag.fromBytes(bytes).topologicalSort().length; }
            case "fromBytesEdit" -> {
                for (int i = 0; i < reps; i++) {
                    QueryDag d = QueryDag.fromBytes(bytes);
                    d.removeEdge(editFrom, editTo);
                    d.addEdge(editFrom, editTo);
                    sink += d.topologicalSort().length;
                }
            }
            case "fromBytesGrow" -> {
                for (int i = 0; i < reps; i++) {
                    QueryDag d = QueryDag.fromBytes(bytes);
                    int id = d.addNode(new io.neuraldag.core.Operator.Result());
                    d.addEdge(editTo, id);
                    sink += d.topologicalSort().length;
                }
            }
            case "toJson" -> { for (int i = 0; i < reps / 10; i++) sink += dag.toJson().length(); }
            case "fromJson" -> { for (int i = 0; i < reps / 10; i++) sink += QueryDag.fromJson(json).edgeCount(); }
            case "fromBenchJson" -> { for (int i = 0; i < reps / 10; i++) sink += io.neuraldag.core.DagFormats.fromBenchJson(benchJson).edgeCount(); }
            default -> throw new IllegalArgumentException(op);
        }
        return sink;
    }
}
