package io.neuraldag.bench;

/** Size of the corr-bench data set: {@code small} for CI (seconds), {@code full} for the documented run. */
public enum Scale {
    /** 50 000 orders, 2 500 customers. */
    SMALL(50_000, 2_500),
    /** 2 000 000 orders, 100 000 customers. */
    FULL(2_000_000, 100_000);

    private final int orders;
    private final int customers;

    Scale(int orders, int customers) {
        this.orders = orders;
        this.customers = customers;
    }

    /**
     * The number of orders.
     *
     * @return rows in {@code orders}
     */
    public int orders() {
        return orders;
    }

    /**
     * The number of customers.
     *
     * @return rows in {@code customers}
     */
    public int customers() {
        return customers;
    }
}
