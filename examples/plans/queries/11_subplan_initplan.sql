-- Correlated subquery (SubPlan, run per row) and an uncorrelated one
-- (InitPlan, run once).
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT c.c_custkey, c.c_name, c.c_acctbal,
       (SELECT count(*) FROM orders o WHERE o.o_custkey = c.c_custkey) AS n_orders
FROM customer c
WHERE c.c_acctbal > (SELECT avg(c2.c_acctbal) FROM customer c2) + 4000
  AND c.c_nationkey = 7
ORDER BY c.c_custkey;
