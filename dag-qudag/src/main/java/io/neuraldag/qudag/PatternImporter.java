package io.neuraldag.qudag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Idempotent import of synced patterns into a {@link PatternSink} (spec 03 §3.5). A pattern whose id
 * was already imported with identical content is skipped. On a conflict (same id, different
 * content, e.g. reported by two nodes) the higher confidence wins, then the earlier round; the
 * winner is (re-)imported and the conflict is counted. Thread-safe (synchronized).
 */
public final class PatternImporter {
    /**
     * What one import call did.
     *
     * @param received patterns offered
     * @param applied patterns passed to the sink
     * @param conflictsResolved conflicts decided by the rule
     */
    public record ImportStats(int received, int applied, int conflictsResolved) {}

    private final PatternSink sink;
    private final Map<String, SyncedPattern> imported = new HashMap<>();

    private PatternImporter(PatternSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * An importer in front of {@code sink}.
     *
     * @param sink the sink
     * @return the importer
     */
    public static PatternImporter create(PatternSink sink) {
        return new PatternImporter(sink);
    }

    /**
     * Imports {@code patterns} in order.
     *
     * @param patterns the patterns
     * @return the counts
     */
    public synchronized ImportStats importAll(List<SyncedPattern> patterns) {
        int applied = 0;
        int conflicts = 0;
        for (SyncedPattern p : patterns) {
            SyncedPattern old = imported.get(p.id());
            if (old == null) {
                imported.put(p.id(), p);
                sink.importPattern(p);
                applied++;
            } else if (!old.equals(p)) {
                conflicts++;
                boolean wins = p.confidence() > old.confidence()
                        || (p.confidence() == old.confidence() && p.round() < old.round());
                if (wins) {
                    imported.put(p.id(), p);
                    sink.importPattern(p);
                    applied++;
                }
            }
        }
        return new ImportStats(patterns.size(), applied, conflicts);
    }

    /**
     * How many distinct ids have been imported.
     *
     * @return the count
     */
    public synchronized int size() {
        return imported.size();
    }
}
