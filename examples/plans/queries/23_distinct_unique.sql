-- SELECT DISTINCT on sorted input: Unique over Sort.
SET enable_hashagg = off;
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT DISTINCT l_shipmode, l_shipinstruct
FROM lineitem
WHERE l_receiptdate >= date '1996-01-01'
ORDER BY l_shipmode, l_shipinstruct;
