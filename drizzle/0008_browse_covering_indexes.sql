-- Browse orders walk their (key, id) btree and test each entry against the query's facets
-- until a page of matches is found. When the facets are selective ("romantic comedies under
-- 100 minutes" at 100,000 titles passes 15,000 entries for 120 matches) every entry tested was
-- a heap visit. These indexes carry the facet columns (INCLUDE), so the walk is an index-only
-- scan: the facets are tested on the index entry and only the page's rows are read (the search
-- repository selects ids first, then joins). Drizzle's schema cannot say INCLUDE: the indexes
-- keep their names and keys there, and this migration widens them.
DROP INDEX IF EXISTS "content_popularity_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "content_quality_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "content_weighted_rating_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "content_gross_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "content_year_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "content_underrated_idx";--> statement-breakpoint
CREATE INDEX "content_popularity_idx" ON "content" USING btree ("popularity" DESC NULLS LAST, "id" DESC NULLS LAST)
  INCLUDE ("release_year", "runtime_minutes", "imdb_rating", "mpaa_rating", "genres", "creative_type", "source");--> statement-breakpoint
CREATE INDEX "content_quality_idx" ON "content" USING btree ("quality_score" DESC NULLS LAST, "id" DESC NULLS LAST)
  INCLUDE ("release_year", "runtime_minutes", "imdb_rating", "mpaa_rating", "genres", "creative_type", "source");--> statement-breakpoint
CREATE INDEX "content_weighted_rating_idx" ON "content" USING btree ("weighted_rating" DESC NULLS LAST, "id" DESC NULLS LAST)
  INCLUDE ("release_year", "runtime_minutes", "imdb_rating", "mpaa_rating", "genres", "creative_type", "source");--> statement-breakpoint
CREATE INDEX "content_gross_idx" ON "content" USING btree ("worldwide_gross" DESC NULLS LAST, "id" DESC NULLS LAST)
  INCLUDE ("release_year", "runtime_minutes", "imdb_rating", "mpaa_rating", "genres", "creative_type", "source");--> statement-breakpoint
CREATE INDEX "content_year_idx" ON "content" USING btree ("release_year", "id")
  INCLUDE ("runtime_minutes", "imdb_rating", "mpaa_rating", "genres", "creative_type", "source");--> statement-breakpoint
CREATE INDEX "content_underrated_idx" ON "content" USING btree ("imdb_rating" DESC NULLS LAST, "id")
  INCLUDE ("release_year", "runtime_minutes", "mpaa_rating", "genres", "creative_type", "source")
  WHERE imdb_votes between 1000 and 25000 and imdb_rating >= 7;
