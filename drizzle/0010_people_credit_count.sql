-- Suggestions rank the people a prefix matches (hundreds for "to") by how many credits they
-- have. Counting credits for each candidate cost a subquery per match; the count is kept on
-- the person instead, by statement-level triggers on content_credits (one UPDATE per statement
-- with its transition table, so a page of 500 credits costs one statement, not 500). Rows are
-- locked in id order first, so two ingestion pages crediting the same people cannot deadlock.
ALTER TABLE "people" ADD COLUMN "credit_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION people_credit_count_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM people WHERE id IN (SELECT person_id FROM new_credits) ORDER BY id FOR UPDATE;
    UPDATE people p SET credit_count = p.credit_count + d.n
      FROM (SELECT person_id, count(*)::int AS n FROM new_credits GROUP BY person_id) d
     WHERE p.id = d.person_id;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM 1 FROM people WHERE id IN (SELECT person_id FROM old_credits) ORDER BY id FOR UPDATE;
    UPDATE people p SET credit_count = greatest(0, p.credit_count - d.n)
      FROM (SELECT person_id, count(*)::int AS n FROM old_credits GROUP BY person_id) d
     WHERE p.id = d.person_id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "content_credits_count_insert" AFTER INSERT ON "content_credits"
  REFERENCING NEW TABLE AS new_credits FOR EACH STATEMENT EXECUTE FUNCTION people_credit_count_sync();--> statement-breakpoint
CREATE TRIGGER "content_credits_count_update" AFTER UPDATE ON "content_credits"
  REFERENCING OLD TABLE AS old_credits NEW TABLE AS new_credits FOR EACH STATEMENT EXECUTE FUNCTION people_credit_count_sync();--> statement-breakpoint
CREATE TRIGGER "content_credits_count_delete" AFTER DELETE ON "content_credits"
  REFERENCING OLD TABLE AS old_credits FOR EACH STATEMENT EXECUTE FUNCTION people_credit_count_sync();--> statement-breakpoint
UPDATE "people" p SET "credit_count" = k.n
  FROM (SELECT person_id, count(*)::int AS n FROM content_credits GROUP BY person_id) k
 WHERE k.person_id = p.id;
