-- Gather Merge: workers sort their part of the parallel scan, the leader merges.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT l_orderkey, l_linenumber, l_shipdate, l_extendedprice
FROM lineitem
WHERE l_shipmode IN ('AIR', 'MAIL') AND l_quantity > 40
ORDER BY l_shipdate, l_extendedprice DESC, l_orderkey, l_linenumber;
