-- Bitmap Heap Scan fed by a BitmapAnd of a BitmapOr and a range condition.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT l_orderkey, l_linenumber, l_partkey, l_suppkey, l_shipdate
FROM lineitem
WHERE (l_partkey = 17 OR l_partkey = 1234 OR l_suppkey = 42)
  AND l_shipdate BETWEEN date '1994-01-01' AND date '1995-12-31';
