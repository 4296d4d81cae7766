DROP INDEX "content_fts";--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "search_doc" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(creative_type, '') || ' ' || coalesce(source, ''))) STORED;--> statement-breakpoint
CREATE INDEX "content_search_doc_idx" ON "content" USING gin ("search_doc");--> statement-breakpoint
CREATE INDEX "content_title_trgm_gist" ON "content" USING gist (lower("title") gist_trgm_ops);