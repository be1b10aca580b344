-- GroupAggregate over input already sorted by the primary-key index.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT l_orderkey, count(*) AS lines, sum(l_extendedprice) AS total
FROM lineitem
WHERE l_orderkey <= 2000
GROUP BY l_orderkey
ORDER BY l_orderkey;
