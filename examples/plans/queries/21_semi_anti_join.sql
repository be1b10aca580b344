-- EXISTS and NOT EXISTS: here the planner de-duplicates the EXISTS side
-- (HashAggregate) and joins it, and runs NOT EXISTS as a Nested Loop anti join.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT s.s_suppkey, s.s_name
FROM supplier s
WHERE EXISTS (SELECT 1 FROM partsupp ps
              WHERE ps.ps_suppkey = s.s_suppkey AND ps.ps_availqty > 9900)
  AND NOT EXISTS (SELECT 1 FROM customer c
                  WHERE c.c_nationkey = s.s_nationkey AND c.c_acctbal > 9990)
ORDER BY s.s_suppkey;
