CREATE TABLE "item_neighbors" (
	"content_id" text NOT NULL,
	"neighbor_id" text NOT NULL,
	"score" real NOT NULL,
	"co_count" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "item_neighbors_content_id_neighbor_id_pk" PRIMARY KEY("content_id","neighbor_id")
);
--> statement-breakpoint
CREATE TABLE "job_state" (
	"job" text PRIMARY KEY NOT NULL,
	"watermark" timestamp with time zone NOT NULL,
	"details" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "item_neighbors" ADD CONSTRAINT "item_neighbors_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_neighbors" ADD CONSTRAINT "item_neighbors_neighbor_id_content_id_fk" FOREIGN KEY ("neighbor_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_neighbors_score_idx" ON "item_neighbors" USING btree ("content_id","score");