-- Index Scan on the primary key of orders (columns outside the index are read).
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT o_orderkey, o_custkey, o_orderdate, o_totalprice
FROM orders
WHERE o_orderkey BETWEEN 1000 AND 1040;
