package io.neuraldag.bench;

import java.util.List;
import java.util.random.RandomGenerator;

/* A query template: SQL with ? markers and a seeded drawer of bind values (about half of a trap's draws are traps). */
record Template(String id, boolean isTrap, String why, String sql, Drawer drawer) {

    @FunctionalInterface
    interface Drawer {
        Draw draw(RandomGenerator r, Scale scale);
    }

    record Draw(List<Object> binds, boolean trap) {}

    Instance draw(RandomGenerator r, Scale scale) {
        Draw d = drawer.draw(r, scale);
        return new Instance(id, sql, d.binds(), d.trap());
    }
}
