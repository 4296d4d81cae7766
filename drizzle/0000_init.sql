CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."availability_change_kind" AS ENUM('added', 'removed', 'price_changed', 'leaving_soon');--> statement-breakpoint
CREATE TYPE "public"."content_type" AS ENUM('movie', 'series');--> statement-breakpoint
CREATE TYPE "public"."interaction_kind" AS ENUM('view', 'complete', 'click');--> statement-breakpoint
CREATE TYPE "public"."price_tier" AS ENUM('free', 'ads', 'subscription', 'rent', 'buy');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('user', 'premium', 'admin', 'super_admin');--> statement-breakpoint
CREATE TYPE "public"."video_quality" AS ENUM('sd', 'hd', '4k');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"details" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "availability_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"content_id" text NOT NULL,
	"platform_id" text NOT NULL,
	"region" text NOT NULL,
	"kind" "availability_change_kind" NOT NULL,
	"price_tier" "price_tier" NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content" (
	"id" text PRIMARY KEY NOT NULL,
	"type" "content_type" DEFAULT 'movie' NOT NULL,
	"title" text NOT NULL,
	"source_title" text NOT NULL,
	"release_date" text,
	"release_year" smallint,
	"runtime_minutes" smallint,
	"mpaa_rating" text,
	"genres" text[] DEFAULT '{}'::text[] NOT NULL,
	"creative_type" text,
	"source" text,
	"distributor" text,
	"production_budget" bigint,
	"us_gross" bigint,
	"worldwide_gross" bigint,
	"imdb_rating" real,
	"imdb_votes" integer,
	"rotten_tomatoes_rating" smallint,
	"popularity" real DEFAULT 0 NOT NULL,
	"data_source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_credits" (
	"content_id" text NOT NULL,
	"person_id" text NOT NULL,
	"role" text NOT NULL,
	"ordinal" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "content_credits_content_id_person_id_role_pk" PRIMARY KEY("content_id","person_id","role")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_availability" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"content_id" text NOT NULL,
	"platform_id" text NOT NULL,
	"region" text NOT NULL,
	"price_tier" "price_tier" NOT NULL,
	"amount" numeric(10, 2),
	"currency" text,
	"url" text NOT NULL,
	"quality" "video_quality" DEFAULT 'hd' NOT NULL,
	"leaving_at" timestamp with time zone,
	"source" text NOT NULL,
	"last_verified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platforms" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"homepage" text NOT NULL,
	"regions" text[] NOT NULL,
	"rate_per_second" real DEFAULT 5 NOT NULL,
	"rate_per_hour" integer DEFAULT 10000 NOT NULL,
	"burst" integer DEFAULT 10 NOT NULL,
	"webhook_secret" text,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"user_id" uuid NOT NULL,
	"content_id" text NOT NULL,
	"score" smallint NOT NULL,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ratings_user_id_content_id_pk" PRIMARY KEY("user_id","content_id")
);
--> statement-breakpoint
CREATE TABLE "search_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"query" text NOT NULL,
	"normalized_query" text NOT NULL,
	"region" text NOT NULL,
	"intent" text,
	"result_count" integer NOT NULL,
	"took_ms" integer,
	"searched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"content_id" text NOT NULL,
	"kind" "interaction_kind" DEFAULT 'view' NOT NULL,
	"progress" real,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"region" text DEFAULT 'US' NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"genres" text[] DEFAULT '{}'::text[] NOT NULL,
	"platforms" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_mpaa_rating" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text,
	"role" "user_role" DEFAULT 'user' NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "watchlist" (
	"user_id" uuid NOT NULL,
	"content_id" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watchlist_user_id_content_id_pk" PRIMARY KEY("user_id","content_id")
);
--> statement-breakpoint
ALTER TABLE "availability_changes" ADD CONSTRAINT "availability_changes_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_changes" ADD CONSTRAINT "availability_changes_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_credits" ADD CONSTRAINT "content_credits_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_credits" ADD CONSTRAINT "content_credits_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_availability" ADD CONSTRAINT "platform_availability_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_availability" ADD CONSTRAINT "platform_availability_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_history" ADD CONSTRAINT "search_history_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_history" ADD CONSTRAINT "user_history_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_history" ADD CONSTRAINT "user_history_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchlist" ADD CONSTRAINT "watchlist_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchlist" ADD CONSTRAINT "watchlist_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "changes_content_idx" ON "availability_changes" USING btree ("content_id","detected_at");--> statement-breakpoint
CREATE INDEX "content_title_trgm" ON "content" USING gin (lower("title") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "content_fts" ON "content" USING gin (to_tsvector('english', coalesce("title", '') || ' ' || coalesce("creative_type", '') || ' ' || coalesce("source", '')));--> statement-breakpoint
CREATE INDEX "content_year_idx" ON "content" USING btree ("release_year");--> statement-breakpoint
CREATE INDEX "content_genres_idx" ON "content" USING gin ("genres");--> statement-breakpoint
CREATE INDEX "credits_person_idx" ON "content_credits" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "people_name_trgm" ON "people" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "availability_offer_uq" ON "platform_availability" USING btree ("content_id","platform_id","region","price_tier");--> statement-breakpoint
CREATE INDEX "availability_region_idx" ON "platform_availability" USING btree ("region","platform_id");--> statement-breakpoint
CREATE INDEX "ratings_content_idx" ON "ratings" USING btree ("content_id");--> statement-breakpoint
CREATE INDEX "search_history_user_idx" ON "search_history" USING btree ("user_id","searched_at");--> statement-breakpoint
CREATE INDEX "history_user_idx" ON "user_history" USING btree ("user_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "watchlist_content_idx" ON "watchlist" USING btree ("content_id");