CREATE INDEX "content_title_prefix" ON "content" USING btree (lower("title") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "content_popularity_idx" ON "content" USING btree ("popularity");--> statement-breakpoint
CREATE INDEX "people_name_prefix" ON "people" USING btree (lower("name") text_pattern_ops);