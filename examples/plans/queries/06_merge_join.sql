-- Merge Join of orders and lineitem on the order key (hash join disabled).
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT o.o_orderkey, o.o_orderdate, count(*) AS lines, sum(l.l_quantity) AS qty
FROM orders o
JOIN lineitem l ON l.l_orderkey = o.o_orderkey
WHERE o.o_orderkey <= 3000
GROUP BY o.o_orderkey, o.o_orderdate
ORDER BY o.o_orderkey;
