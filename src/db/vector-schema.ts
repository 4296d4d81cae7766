/**
 * The pgvector embedding store. Kept out of drizzle-kit's schema list because its
 * migration is conditional: servers without the `vector` extension (Debian's PostgreSQL)
 * skip it and the vector leg reports itself unavailable instead of failing.
 * See drizzle/0001_content_embeddings.sql.
 */
import { pgTable, text, timestamp, vector } from 'drizzle-orm/pg-core';
import { EMBEDDING_DIMENSIONS } from '../services/ports';

export { EMBEDDING_DIMENSIONS };

/** @public The table's shape, for readers and drizzle-kit studio; the adapter queries it in SQL. */
export const contentEmbeddings = pgTable('content_embeddings', {
  contentId: text('content_id').primaryKey(),
  embedding: vector('embedding', { dimensions: EMBEDDING_DIMENSIONS }).notNull(),
  model: text('model').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
