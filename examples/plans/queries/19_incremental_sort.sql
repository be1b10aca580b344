-- Incremental Sort: input ordered by o_custkey (index), sorted further by date.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT o_custkey, o_orderdate, o_orderkey, o_totalprice
FROM orders
ORDER BY o_custkey, o_orderdate, o_orderkey
LIMIT 50;
