-- Small TPC-H-like schema with deterministic synthetic data, plus a pgvector
-- table, used to capture the example plans in this directory.
-- Everything lives in schema nd_examples; the vector extension itself is
-- created in public (if it is not installed in the database yet).
--
-- Sizes: region 5, nation 25, supplier 100, customer 1500, part 2000,
-- partsupp 8000, orders 15000, lineitem ~60000, docs_embedding 5000.
-- All "random" values come from md5() of the row key, so every load
-- produces identical data.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

DROP SCHEMA IF EXISTS nd_examples CASCADE;
CREATE SCHEMA nd_examples;
SET search_path = nd_examples, public;

-- Deterministic pseudo-random number in [0, 1) from a key and a salt.
CREATE FUNCTION rnd(k bigint, salt integer) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT ('x' || substr(md5(k::text || ':' || salt::text), 1, 8))::bit(32)::bigint / 4294967296.0 $$;

-- Deterministic pseudo-random integer in [lo, hi].
CREATE FUNCTION rnd_int(k bigint, salt integer, lo integer, hi integer) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT lo + floor(nd_examples.rnd(k, salt) * (hi - lo + 1))::integer $$;

CREATE TABLE region (
    r_regionkey integer PRIMARY KEY,
    r_name      text NOT NULL,
    r_comment   text
);

CREATE TABLE nation (
    n_nationkey integer PRIMARY KEY,
    n_name      text NOT NULL,
    n_regionkey integer NOT NULL REFERENCES region,
    n_comment   text
);

CREATE TABLE supplier (
    s_suppkey   integer PRIMARY KEY,
    s_name      text NOT NULL,
    s_address   text NOT NULL,
    s_nationkey integer NOT NULL REFERENCES nation,
    s_phone     text NOT NULL,
    s_acctbal   numeric(12,2) NOT NULL,
    s_comment   text
);

CREATE TABLE customer (
    c_custkey    integer PRIMARY KEY,
    c_name       text NOT NULL,
    c_address    text NOT NULL,
    c_nationkey  integer NOT NULL REFERENCES nation,
    c_phone      text NOT NULL,
    c_acctbal    numeric(12,2) NOT NULL,
    c_mktsegment text NOT NULL,
    c_comment    text
);

CREATE TABLE part (
    p_partkey     integer PRIMARY KEY,
    p_name        text NOT NULL,
    p_mfgr        text NOT NULL,
    p_brand       text NOT NULL,
    p_type        text NOT NULL,
    p_size        integer NOT NULL,
    p_container   text NOT NULL,
    p_retailprice numeric(12,2) NOT NULL,
    p_comment     text
);

CREATE TABLE partsupp (
    ps_partkey    integer NOT NULL REFERENCES part,
    ps_suppkey    integer NOT NULL REFERENCES supplier,
    ps_availqty   integer NOT NULL,
    ps_supplycost numeric(12,2) NOT NULL,
    ps_comment    text,
    PRIMARY KEY (ps_partkey, ps_suppkey)
);

CREATE TABLE orders (
    o_orderkey      integer PRIMARY KEY,
    o_custkey       integer NOT NULL REFERENCES customer,
    o_orderstatus   char(1) NOT NULL,
    o_totalprice    numeric(12,2) NOT NULL,
    o_orderdate     date NOT NULL,
    o_orderpriority text NOT NULL,
    o_clerk         text NOT NULL,
    o_shippriority  integer NOT NULL,
    o_comment       text
);

CREATE TABLE lineitem (
    l_orderkey      integer NOT NULL REFERENCES orders,
    l_partkey       integer NOT NULL,
    l_suppkey       integer NOT NULL,
    l_linenumber    integer NOT NULL,
    l_quantity      numeric(12,2) NOT NULL,
    l_extendedprice numeric(12,2) NOT NULL,
    l_discount      numeric(12,2) NOT NULL,
    l_tax           numeric(12,2) NOT NULL,
    l_returnflag    char(1) NOT NULL,
    l_linestatus    char(1) NOT NULL,
    l_shipdate      date NOT NULL,
    l_commitdate    date NOT NULL,
    l_receiptdate   date NOT NULL,
    l_shipinstruct  text NOT NULL,
    l_shipmode      text NOT NULL,
    l_comment       text,
    PRIMARY KEY (l_orderkey, l_linenumber),
    FOREIGN KEY (l_partkey, l_suppkey) REFERENCES partsupp
);

-- ---------------------------------------------------------------- data

INSERT INTO region (r_regionkey, r_name, r_comment)
SELECT i, (ARRAY['AFRICA','AMERICA','ASIA','EUROPE','MIDDLE EAST'])[i + 1], 'region ' || i
FROM generate_series(0, 4) AS i;

INSERT INTO nation (n_nationkey, n_name, n_regionkey, n_comment)
SELECT i,
       (ARRAY['ALGERIA','ARGENTINA','BRAZIL','CANADA','EGYPT','ETHIOPIA','FRANCE',
              'GERMANY','INDIA','INDONESIA','IRAN','IRAQ','JAPAN','JORDAN','KENYA',
              'MOROCCO','MOZAMBIQUE','PERU','CHINA','ROMANIA','SAUDI ARABIA',
              'VIETNAM','RUSSIA','UNITED KINGDOM','UNITED STATES'])[i + 1],
       (ARRAY[0,1,1,1,4,0,3,3,2,2,4,4,2,4,0,0,0,1,2,3,4,2,3,3,1])[i + 1],
       'nation ' || i
FROM generate_series(0, 24) AS i;

INSERT INTO supplier
SELECT i,
       'Supplier#' || lpad(i::text, 9, '0'),
       md5('s_address' || i),
       rnd_int(i, 1, 0, 24),
       lpad(rnd_int(i, 2, 10, 34)::text, 2, '0') || '-' || rnd_int(i, 3, 100, 999) || '-' || rnd_int(i, 4, 1000, 9999),
       round((rnd(i, 5) * 10998.99 - 999.99)::numeric, 2),
       'supplier comment ' || md5('s_comment' || i)
FROM generate_series(1, 100) AS i;

INSERT INTO customer
SELECT i,
       'Customer#' || lpad(i::text, 9, '0'),
       md5('c_address' || i),
       rnd_int(i, 11, 0, 24),
       lpad(rnd_int(i, 12, 10, 34)::text, 2, '0') || '-' || rnd_int(i, 13, 100, 999) || '-' || rnd_int(i, 14, 1000, 9999),
       round((rnd(i, 15) * 10998.99 - 999.99)::numeric, 2),
       (ARRAY['AUTOMOBILE','BUILDING','FURNITURE','HOUSEHOLD','MACHINERY'])[rnd_int(i, 16, 1, 5)],
       'customer comment ' || md5('c_comment' || i)
FROM generate_series(1, 1500) AS i;

INSERT INTO part
SELECT i,
       (ARRAY['almond','antique','aquamarine','azure','beige','bisque','black','blanched',
              'blue','blush','brown','burlywood','chartreuse','chiffon','chocolate'])[rnd_int(i, 21, 1, 15)]
         || ' ' ||
       (ARRAY['coral','cornflower','cornsilk','cream','cyan','dark','deep','dim','dodger',
              'drab','firebrick','floral','forest','frosted','gainsboro'])[rnd_int(i, 22, 1, 15)],
       'Manufacturer#' || m,
       'Brand#' || m || rnd_int(i, 23, 1, 5),
       (ARRAY['STANDARD','SMALL','MEDIUM','LARGE','ECONOMY','PROMO'])[rnd_int(i, 24, 1, 6)] || ' ' ||
       (ARRAY['ANODIZED','BURNISHED','PLATED','POLISHED','BRUSHED'])[rnd_int(i, 25, 1, 5)] || ' ' ||
       (ARRAY['TIN','NICKEL','BRASS','STEEL','COPPER'])[rnd_int(i, 26, 1, 5)],
       rnd_int(i, 27, 1, 50),
       (ARRAY['SM','LG','MED','JUMBO','WRAP'])[rnd_int(i, 28, 1, 5)] || ' ' ||
       (ARRAY['CASE','BOX','BAG','JAR','PKG','PACK','CAN','DRUM'])[rnd_int(i, 29, 1, 8)],
       (90000 + ((i / 10) % 20001) + 100 * (i % 1000)) / 100.0,
       'part comment ' || md5('p_comment' || i)
FROM generate_series(1, 2000) AS i,
     LATERAL (SELECT rnd_int(i, 20, 1, 5) AS m) AS mm;

-- Four suppliers per part (TPC-H's formula, scaled to 100 suppliers).
INSERT INTO partsupp
SELECT p, ((p + j * 25 + (p - 1) / 100) % 100) + 1,
       rnd_int(p * 4 + j, 31, 1, 9999),
       round((1 + rnd(p * 4 + j, 32) * 999)::numeric, 2),
       'partsupp comment ' || md5('ps_comment' || p || ':' || j)
FROM generate_series(1, 2000) AS p, generate_series(0, 3) AS j;

INSERT INTO orders
SELECT i,
       rnd_int(i, 41, 1, 1500),
       (ARRAY['F','O','P'])[rnd_int(i, 42, 1, 3)],
       round((850 + rnd(i, 43) * 450000)::numeric, 2),
       date '1992-01-01' + rnd_int(i, 44, 0, 2405),
       (ARRAY['1-URGENT','2-HIGH','3-MEDIUM','4-NOT SPECIFIED','5-LOW'])[rnd_int(i, 45, 1, 5)],
       'Clerk#' || lpad(rnd_int(i, 46, 1, 100)::text, 9, '0'),
       0,
       'order comment ' || md5('o_comment' || i)
FROM generate_series(1, 15000) AS i;

-- 1..7 lines per order (average 4): ~60000 rows.
INSERT INTO lineitem
SELECT o.o_orderkey,
       pk,
       ((pk + sj * 25 + (pk - 1) / 100) % 100) + 1,
       ln,
       q,
       q * (90000 + ((pk / 10) % 20001) + 100 * (pk % 1000)) / 100.0,
       rnd_int(k, 53, 0, 10) / 100.0,
       rnd_int(k, 54, 0, 8) / 100.0,
       CASE WHEN o.o_orderdate + sd + rd <= date '1995-06-17'
            THEN (ARRAY['R','A'])[rnd_int(k, 55, 1, 2)] ELSE 'N' END,
       CASE WHEN o.o_orderdate + sd > date '1995-06-17' THEN 'O' ELSE 'F' END,
       o.o_orderdate + sd,
       o.o_orderdate + rnd_int(k, 56, 30, 90),
       o.o_orderdate + sd + rd,
       (ARRAY['DELIVER IN PERSON','COLLECT COD','NONE','TAKE BACK RETURN'])[rnd_int(k, 57, 1, 4)],
       (ARRAY['REG AIR','AIR','RAIL','SHIP','TRUCK','MAIL','FOB'])[rnd_int(k, 58, 1, 7)],
       'lineitem comment ' || md5('l_comment' || k)
FROM orders AS o,
     generate_series(1, 1 + o.o_orderkey % 7) AS ln,
     LATERAL (SELECT o.o_orderkey::bigint * 8 + ln AS k) AS kk,
     LATERAL (SELECT rnd_int(k, 50, 1, 2000) AS pk,
                     rnd_int(k, 51, 0, 3) AS sj,
                     rnd_int(k, 52, 1, 50)::numeric AS q,
                     rnd_int(k, 59, 1, 121) AS sd,
                     rnd_int(k, 60, 1, 30) AS rd) AS v;

-- ---------------------------------------------------------------- indexes

CREATE INDEX orders_custkey_idx     ON orders (o_custkey);
CREATE INDEX orders_orderdate_idx   ON orders (o_orderdate);
CREATE INDEX lineitem_shipdate_idx  ON lineitem (l_shipdate);
CREATE INDEX lineitem_partkey_idx   ON lineitem (l_partkey);
CREATE INDEX lineitem_suppkey_idx   ON lineitem (l_suppkey);
CREATE INDEX customer_nationkey_idx ON customer (c_nationkey);
CREATE INDEX customer_mktsegment_idx ON customer (c_mktsegment);
CREATE INDEX partsupp_suppkey_idx   ON partsupp (ps_suppkey);

-- ---------------------------------------------------------------- vectors

-- 5000 vectors in 10 clusters (one per category): a per-category centre plus
-- noise, all derived from md5().
CREATE TABLE docs_embedding (
    id        integer PRIMARY KEY,
    category  integer NOT NULL,
    embedding vector(16) NOT NULL
);

INSERT INTO docs_embedding (id, category, embedding)
SELECT i,
       i % 10,
       ARRAY(SELECT (rnd(i % 10, 100 + d) * 2 - 1) + (rnd(i, 200 + d) - 0.5) * 0.6
             FROM generate_series(1, 16) AS d
             ORDER BY d)::real[]::vector(16)
FROM generate_series(1, 5000) AS i;

CREATE INDEX docs_embedding_category_idx ON docs_embedding (category);
CREATE INDEX docs_embedding_hnsw_l2_idx ON docs_embedding
    USING hnsw (embedding vector_l2_ops) WITH (m = 16, ef_construction = 64);
CREATE INDEX docs_embedding_ivfflat_cos_idx ON docs_embedding
    USING ivfflat (embedding vector_cosine_ops) WITH (lists = 50);

-- VACUUM sets the visibility map (needed for Index Only Scan) and ANALYZE
-- gives the planner statistics. With statistics target 1000 ANALYZE samples
-- up to 300000 rows, i.e. every row of every table here, so the statistics
-- (and the planner's estimates) are the same on every load.
SET default_statistics_target = 1000;
VACUUM (ANALYZE) region, nation, supplier, customer, part, partsupp, orders,
    lineitem, docs_embedding;

-- Empty scratch table for the INSERT example (queries/24_modify_table_insert.sql).
CREATE TABLE order_summary (
    o_custkey integer PRIMARY KEY,
    n_orders  bigint NOT NULL,
    total     numeric(14,2) NOT NULL
);
