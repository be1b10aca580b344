-- Index Only Scan: only indexed columns are read (schema.sql VACUUMs, so the
-- visibility map is set and Heap Fetches stays 0).
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT l_orderkey, l_linenumber
FROM lineitem
WHERE l_orderkey BETWEEN 2000 AND 2300
ORDER BY l_orderkey, l_linenumber;
