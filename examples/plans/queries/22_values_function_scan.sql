-- Values Scan and Function Scan (generate_series) joined to a table.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT v.segment, d.day, count(c.c_custkey) AS n_orders
FROM (VALUES ('AUTOMOBILE'), ('MACHINERY')) AS v(segment)
CROSS JOIN generate_series(date '1995-01-01', date '1995-01-07', interval '1 day') AS d(day)
LEFT JOIN orders o ON o.o_orderdate = d.day::date
LEFT JOIN customer c ON c.c_custkey = o.o_custkey AND c.c_mktsegment = v.segment
GROUP BY v.segment, d.day
ORDER BY v.segment, d.day;
