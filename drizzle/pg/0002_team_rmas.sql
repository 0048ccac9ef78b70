CREATE TABLE "team_fba_customer_returns" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"amazon_order_id" text NOT NULL,
	"return_date" text NOT NULL,
	"sku" text NOT NULL,
	"asin" text,
	"fnsku" text,
	"product_name" text,
	"quantity" integer NOT NULL,
	"fulfillment_center_id" text,
	"disposition" text,
	"reason" text,
	"status" text,
	"license_plate_number" text DEFAULT '' NOT NULL,
	"customer_comments" text,
	"source_file" text,
	"source_line" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "team_fba_returns_uq" UNIQUE("store_id","amazon_order_id","sku","return_date","license_plate_number")
);
--> statement-breakpoint
CREATE TABLE "team_kits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"parent_sku" text NOT NULL,
	"component_sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_kits_uq" UNIQUE("store_id","parent_sku","component_sku")
);
--> statement-breakpoint
CREATE TABLE "team_rma_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rma_id" bigint NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"detail" text,
	"at" timestamp with time zone NOT NULL,
	"actor" text,
	"command_id" uuid,
	"issued_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "team_rma_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rma_id" bigint NOT NULL,
	"sku" text NOT NULL,
	"source_sku" text NOT NULL,
	"parent_sku" text,
	"asin" text,
	"item_name" text,
	"quantity" integer NOT NULL,
	"reason" text,
	"currency" text,
	"refund_amount_minor" bigint,
	"received_quantity" integer DEFAULT 0 NOT NULL,
	"condition" text,
	"received_at" timestamp with time zone,
	"received_by" text,
	"source_line" integer,
	"raw" jsonb
);
--> statement-breakpoint
CREATE TABLE "team_rma_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rma_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_rma_settings" (
	"store_id" text PRIMARY KEY NOT NULL,
	"no_rma_for_returnless_refunds" boolean DEFAULT false NOT NULL,
	"download_rma_report" boolean DEFAULT true NOT NULL,
	"last_download_started_at" timestamp with time zone,
	"last_download_message" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_rmas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"amazon_order_id" text NOT NULL,
	"order_source_rma_id" text NOT NULL,
	"merchant_rma_id" text,
	"status" text NOT NULL,
	"resolution" text NOT NULL,
	"return_request_status" text NOT NULL,
	"return_request_date" text,
	"order_date" text,
	"amazon_resolution" text,
	"return_type" text,
	"returnless" boolean DEFAULT false NOT NULL,
	"tracking_id" text,
	"carrier" text,
	"label_type" text,
	"label_paid_by" text,
	"currency" text,
	"label_cost_minor" bigint,
	"order_amount_minor" bigint,
	"refunded_amount_minor" bigint,
	"source" text NOT NULL,
	"source_file" text,
	"source_line" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "team_rmas_store_rma_uq" UNIQUE("store_id","order_source_rma_id")
);
--> statement-breakpoint
ALTER TABLE "team_fba_customer_returns" ADD CONSTRAINT "team_fba_customer_returns_store_id_team_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."team_stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_kits" ADD CONSTRAINT "team_kits_store_id_team_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."team_stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_rma_history" ADD CONSTRAINT "team_rma_history_rma_id_team_rmas_id_fk" FOREIGN KEY ("rma_id") REFERENCES "public"."team_rmas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_rma_items" ADD CONSTRAINT "team_rma_items_rma_id_team_rmas_id_fk" FOREIGN KEY ("rma_id") REFERENCES "public"."team_rmas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_rma_notes" ADD CONSTRAINT "team_rma_notes_rma_id_team_rmas_id_fk" FOREIGN KEY ("rma_id") REFERENCES "public"."team_rmas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_rma_settings" ADD CONSTRAINT "team_rma_settings_store_id_team_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."team_stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_rmas" ADD CONSTRAINT "team_rmas_store_id_team_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."team_stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "team_rma_history_rma_idx" ON "team_rma_history" USING btree ("rma_id");--> statement-breakpoint
CREATE INDEX "team_rma_items_rma_idx" ON "team_rma_items" USING btree ("rma_id");--> statement-breakpoint
CREATE INDEX "team_rma_items_sku_idx" ON "team_rma_items" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "team_rma_notes_rma_idx" ON "team_rma_notes" USING btree ("rma_id");--> statement-breakpoint
CREATE INDEX "team_rmas_order_idx" ON "team_rmas" USING btree ("store_id","amazon_order_id");--> statement-breakpoint
CREATE INDEX "team_rmas_status_idx" ON "team_rmas" USING btree ("status");