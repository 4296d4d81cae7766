-- Custom migration (drizzle-kit generate --custom): the pgvector embedding store.
-- Conditional on the server offering the `vector` extension, so that a PostgreSQL
-- without pgvector still migrates; the app then reports its vector leg unavailable.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
    CREATE TABLE IF NOT EXISTS content_embeddings (
      content_id text PRIMARY KEY REFERENCES content(id) ON DELETE CASCADE,
      embedding vector(256) NOT NULL,
      model text NOT NULL,
      updated_at timestamp with time zone NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS content_embeddings_hnsw
      ON content_embeddings USING hnsw (embedding vector_cosine_ops);
  ELSE
    RAISE NOTICE 'pgvector is not available on this server: content_embeddings skipped';
  END IF;
END
$$;
