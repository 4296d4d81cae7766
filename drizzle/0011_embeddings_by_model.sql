-- Custom migration: the vector index holds 512-dimension vectors (the local Universal Sentence
-- Encoder lite; OpenAI's text-embedding-3-small is asked for 512). Vectors of another model or
-- size cannot stay: the old 256-dimension hashing vectors are dropped, and the ingestion
-- pipeline re-embeds every title that has no vector of the configured model.
DO $$
BEGIN
  IF to_regclass('public.content_embeddings') IS NOT NULL THEN
    DROP INDEX IF EXISTS content_embeddings_hnsw;
    DELETE FROM content_embeddings;
    ALTER TABLE content_embeddings ALTER COLUMN embedding TYPE vector(512);
    CREATE INDEX IF NOT EXISTS content_embeddings_hnsw
      ON content_embeddings USING hnsw (embedding vector_cosine_ops);
    CREATE INDEX IF NOT EXISTS content_embeddings_model ON content_embeddings (model);
  END IF;
END
$$;
