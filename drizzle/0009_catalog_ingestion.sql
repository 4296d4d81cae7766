CREATE TABLE "content_external_ids" (
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"content_id" text NOT NULL,
	CONSTRAINT "content_external_ids_source_external_id_pk" PRIMARY KEY("source","external_id")
);
--> statement-breakpoint
CREATE TABLE "ingest_batches" (
	"run_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"records" integer NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"quarantined" integer DEFAULT 0 NOT NULL,
	"done_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingest_batches_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "ingest_quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL,
	"reason" text NOT NULL,
	"issues" jsonb NOT NULL,
	"record" jsonb,
	"run_id" integer,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ingest_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"mode" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"since" timestamp with time zone,
	"cursor" text,
	"next_seq" integer DEFAULT 0 NOT NULL,
	"batches_total" integer,
	"batches_done" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"quarantined" integer DEFAULT 0 NOT NULL,
	"high_water" timestamp with time zone,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "synopsis" text;--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "themes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "poster_url" text;--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "poster_width" smallint;--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "poster_height" smallint;--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "title_key" text;--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "field_sources" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "record_hash" text;--> statement-breakpoint
ALTER TABLE "content" ADD COLUMN "text_doc" "tsvector";--> statement-breakpoint
ALTER TABLE "content_credits" ADD COLUMN "credited_as" text;--> statement-breakpoint
ALTER TABLE "content_external_ids" ADD CONSTRAINT "content_external_ids_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_batches" ADD CONSTRAINT "ingest_batches_run_id_ingest_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_external_ids_content_idx" ON "content_external_ids" USING btree ("content_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ingest_quarantine_uq" ON "ingest_quarantine" USING btree ("source","source_key","reason");--> statement-breakpoint
CREATE INDEX "ingest_runs_source_idx" ON "ingest_runs" USING btree ("source","started_at");--> statement-breakpoint
CREATE INDEX "content_themes_idx" ON "content" USING gin ("themes");--> statement-breakpoint
CREATE INDEX "content_title_key_idx" ON "content" USING btree ("title_key","release_year");--> statement-breakpoint
CREATE INDEX "content_text_doc_idx" ON "content" USING gin ("text_doc");