-- pgvector: 10 nearest neighbours by L2 distance through the HNSW index.
SET hnsw.ef_search = 64;
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)
SELECT id, category,
       embedding <-> '[-0.193,0.880,-0.526,0.519,-0.295,-0.100,0.631,0.667,-0.815,0.695,0.902,-0.841,-0.185,0.747,0.051,-0.785]' AS distance
FROM docs_embedding
ORDER BY embedding <-> '[-0.193,0.880,-0.526,0.519,-0.295,-0.100,0.631,0.667,-0.815,0.695,0.902,-0.841,-0.185,0.747,0.051,-0.785]'
LIMIT 10;
