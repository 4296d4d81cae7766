-- Issue 17: the durable halves of the webhook replay guard and the sign-in guard (Redis stays
-- their fast path), and partial indexes for the token-denylist resync (sessions revoked and
-- accounts erased within an access token's lifetime).
CREATE TABLE "login_attempts" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "login_attempts_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"key" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "refresh_tokens_revoked_idx" ON "refresh_tokens" USING btree ("revoked_at") WHERE "refresh_tokens"."revoked_at" is not null;--> statement-breakpoint
CREATE INDEX "users_deleted_idx" ON "users" USING btree ("deleted_at") WHERE "users"."deleted_at" is not null;--> statement-breakpoint
-- Personal data at rest is encrypted (lib/pii-cipher.ts): the email is looked up and kept unique
-- by its blind index (an HMAC), filled with the ciphertexts by the backfill that runs after
-- migrating (scripts/lib/pii-backfill.ts).
DROP INDEX "users_email_uq";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_index" text;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_index_uq" ON "users" USING btree ("email_index");--> statement-breakpoint
-- Consent to personalisation, one row per person who answered (no row: the default).
CREATE TABLE "user_consents" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"personalisation" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_consents" ADD CONSTRAINT "user_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Retention deletes by age (services/ops/retention.ts).
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "refresh_tokens_expires_idx" ON "refresh_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "search_history_at_idx" ON "search_history" USING btree ("searched_at");--> statement-breakpoint
CREATE INDEX "history_at_idx" ON "user_history" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "webhook_events_seen_idx" ON "webhook_events" USING btree ("seen_at");
