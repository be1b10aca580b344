-- Nested Loop: a few orders, each joined to its customer and nation by
-- primary-key index lookups.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT o.o_orderkey, o.o_totalprice, c.c_name, n.n_name
FROM orders o
JOIN customer c ON c.c_custkey = o.o_custkey
JOIN nation n ON n.n_nationkey = c.c_nationkey
WHERE o.o_orderkey BETWEEN 500 AND 520;
