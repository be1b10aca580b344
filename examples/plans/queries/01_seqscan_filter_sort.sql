-- Seq Scan with a filter on an unindexed column, then Sort.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT l_orderkey, l_linenumber, l_extendedprice, l_discount
FROM lineitem
WHERE l_discount = 0.07 AND l_quantity > 45
ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber;
