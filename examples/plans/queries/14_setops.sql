-- UNION, INTERSECT and EXCEPT: Append, SetOp (Intersect/Except) and the
-- duplicate elimination of UNION.
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
(SELECT c_nationkey AS nationkey FROM customer WHERE c_acctbal > 9000
 UNION
 SELECT s_nationkey FROM supplier WHERE s_acctbal > 5000)
EXCEPT
(SELECT n_nationkey FROM nation WHERE n_regionkey = 2
 INTERSECT
 SELECT c_nationkey FROM customer WHERE c_mktsegment = 'MACHINERY')
ORDER BY 1;
