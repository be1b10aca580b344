-- WindowAgg: rank and running total per customer, over a Sort.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT o_custkey, o_orderkey, o_orderdate, o_totalprice,
       rank() OVER w AS price_rank,
       sum(o_totalprice) OVER (PARTITION BY o_custkey ORDER BY o_orderdate, o_orderkey) AS running_total
FROM orders
WHERE o_custkey <= 100
WINDOW w AS (PARTITION BY o_custkey ORDER BY o_totalprice DESC);
