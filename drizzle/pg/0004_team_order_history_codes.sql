ALTER TABLE "team_order_history" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "team_order_history" ADD COLUMN "params" jsonb;