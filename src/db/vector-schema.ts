/**
 * The pgvector embedding store. Kept out of drizzle-kit's schema list because its
 * migration is conditional: servers without the `vector` extension (Debian's PostgreSQL)
 * skip it and the vector leg reports itself unavailable instead of failing.
 * See drizzle/0001_content_embeddings.sql.
 */
import { pgTable, text, timestamp, vector } from 'drizzle-orm/pg-core';
import { EMBEDDING_DIMENSIONS } from '../services/ports';

export { EMBEDDING_DIMENSIONS };

/**
 * IVFFlat lists probed per vector query (PGlite's index; PostgreSQL and Neon get HNSW, which
 * ignores it). Set for PGlite's one session when it starts (dev/local-stack/pglite-server.ts):
 * neither a database-level (`alter database … set`) nor a transaction-local setting reaches
 * pgvector's scan there, so after a restart the dev stack probed 1 list of 92.
 */
export const IVFFLAT_PROBES = 10;

/** @public The table's shape, for readers and drizzle-kit studio; the adapter queries it in SQL. */
export const contentEmbeddings = pgTable('content_embeddings', {
  contentId: text('content_id').primaryKey(),
  embedding: vector('embedding', { dimensions: EMBEDDING_DIMENSIONS }).notNull(),
  model: text('model').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
