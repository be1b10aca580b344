-- Memoize: repeated supplier keys on the outer side of a Nested Loop are
-- served from the cache instead of repeating the inner index lookup.
SET enable_hashjoin = off;
SET enable_mergejoin = off;
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT l.l_orderkey, l.l_linenumber, s.s_name, s.s_acctbal
FROM lineitem l
JOIN supplier s ON s.s_suppkey = l.l_suppkey
WHERE l.l_orderkey <= 400;
