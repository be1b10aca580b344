package io.neuraldag.core.plan;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * An unmodifiable view of a map that the importer built and checked itself, and never touches again.
 * ImportedPlan keeps such maps as they are instead of copying and re-validating them; any other map
 * handed to its constructor is copied. The class is package-private, so callers cannot forge one.
 */
final class ValidatedMap<K, V> extends AbstractMap<K, V> {
    private final Map<K, V> view;

    ValidatedMap(Map<K, V> owned) {
        this.view = Collections.unmodifiableMap(owned);
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return view.entrySet();
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public @Nullable V get(@Nullable Object key) {
        return view.get(key);
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return view.containsKey(key);
    }
}
