-- ModifyTable: INSERT ... SELECT into the scratch table order_summary
-- (schema.sql creates it empty; capture.sh reloads the schema each run).
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
INSERT INTO order_summary (o_custkey, n_orders, total)
SELECT o_custkey, count(*), sum(o_totalprice)
FROM orders
WHERE o_orderdate >= date '1998-01-01'
GROUP BY o_custkey;
