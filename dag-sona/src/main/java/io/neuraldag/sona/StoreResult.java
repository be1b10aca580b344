package io.neuraldag.sona;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link DagReasoningBank#storeAll} batch did. Immutable and thread-safe.
 *
 * @param stored candidates stored as new patterns
 * @param merged candidates merged into existing patterns
 * @param rejected candidates below the store confidence
 * @param evicted patterns evicted afterwards
 * @param reindexed whether the IVF index was (re)trained
 * @param ids per candidate, the id it was stored as or merged into, or −1 if rejected; copied
 */
public record StoreResult(int stored, int merged, int rejected, int evicted, boolean reindexed, List<Long> ids) {

    /**
     * Copies the ids.
     *
     * @throws NullPointerException if ids is null
     */
    public StoreResult {
        ids = List.copyOf(Objects.requireNonNull(ids, "ids"));
    }
}
