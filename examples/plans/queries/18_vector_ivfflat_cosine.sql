-- pgvector: 10 nearest neighbours by cosine distance through the IVFFlat index.
SET ivfflat.probes = 5;
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT id, category,
       embedding <=> '[-0.813,0.908,0.582,0.242,0.716,0.950,0.189,0.391,-0.487,0.160,0.777,0.128,0.348,-0.096,-0.218,0.919]' AS distance
FROM docs_embedding
ORDER BY embedding <=> '[-0.813,0.908,0.582,0.242,0.716,0.950,0.189,0.391,-0.487,0.160,0.777,0.128,0.348,-0.096,-0.218,0.919]'
LIMIT 10;
