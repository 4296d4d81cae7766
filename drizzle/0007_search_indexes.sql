DROP INDEX "content_fts";--> statement-breakpoint
DROP INDEX "content_popularity_idx";--> statement-breakpoint
DROP INDEX "content_quality_idx";--> statement-breakpoint
DROP INDEX "content_weighted_rating_idx";--> statement-breakpoint
DROP INDEX "content_gross_idx";--> statement-breakpoint
DROP INDEX "content_year_idx";--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "search_doc" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(creative_type, '') || ' ' || coalesce(source, ''))) STORED;--> statement-breakpoint
CREATE INDEX "content_underrated_idx" ON "content" USING btree ("imdb_rating" DESC NULLS LAST,"id") WHERE imdb_votes between 1000 and 25000 and imdb_rating >= 7;--> statement-breakpoint
CREATE INDEX "content_mpaa_idx" ON "content" USING btree ("mpaa_rating");--> statement-breakpoint
CREATE INDEX "content_source_idx" ON "content" USING btree ("source");--> statement-breakpoint
CREATE INDEX "content_creative_type_idx" ON "content" USING btree ("creative_type");--> statement-breakpoint
CREATE INDEX "content_search_doc_idx" ON "content" USING gin ("search_doc");--> statement-breakpoint
CREATE INDEX "availability_content_region_idx" ON "platform_availability" USING btree ("content_id","region");--> statement-breakpoint
CREATE INDEX "content_popularity_idx" ON "content" USING btree ("popularity" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "content_quality_idx" ON "content" USING btree ("quality_score" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "content_weighted_rating_idx" ON "content" USING btree ("weighted_rating" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "content_gross_idx" ON "content" USING btree ("worldwide_gross" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "content_year_idx" ON "content" USING btree ("release_year","id");--> statement-breakpoint
-- pg_trgm declares its similarity operators as cheap as an integer comparison (COST 1), so on
-- a small table the planner scans every title computing trigrams (21 ms on PGlite for a
-- five-word query) instead of asking the GIN index (0.4 ms). Priced at 100 (about 7 µs a title here) the planner weighs them right.
-- Only the extension's owner may change this (a superuser here; perhaps not on a hosted
-- database): elsewhere the costs stay as they are and this migration still applies.
DO $$
BEGIN
  ALTER FUNCTION similarity_op(text, text) COST 100;
  ALTER FUNCTION word_similarity_op(text, text) COST 100;
  ALTER FUNCTION word_similarity_commutator_op(text, text) COST 100;
EXCEPTION WHEN insufficient_privilege OR undefined_function THEN
  RAISE NOTICE 'pg_trgm operator costs left unchanged: %', SQLERRM;
END
$$;
