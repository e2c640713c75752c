CREATE TABLE "ticket_daily_stats" (
	"day" date NOT NULL,
	"department_id" bigint,
	"subject_staff_id" bigint,
	"level" smallint,
	"kind" text,
	"category" text,
	"received" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"response_met" integer DEFAULT 0 NOT NULL,
	"response_missed" integer DEFAULT 0 NOT NULL,
	"resolution_met" integer DEFAULT 0 NOT NULL,
	"resolution_missed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_daily_stats_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"watermark" timestamp with time zone,
	"time_zone" text,
	"built_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "ticket_daily_stats_day_idx" ON "ticket_daily_stats" USING btree ("day","department_id");--> statement-breakpoint
CREATE INDEX "tickets_updated_idx" ON "tickets" USING btree ("updated_at");