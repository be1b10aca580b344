-- A MATERIALIZED CTE referenced twice: one CTE subplan, two CTE Scans.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
WITH cust_rev AS MATERIALIZED (
    SELECT o_custkey, sum(o_totalprice) AS revenue, count(*) AS n_orders
    FROM orders
    GROUP BY o_custkey
)
SELECT a.o_custkey, a.revenue, a.n_orders
FROM cust_rev a
WHERE a.revenue > (SELECT avg(b.revenue) * 2 FROM cust_rev b)
ORDER BY a.revenue DESC;
