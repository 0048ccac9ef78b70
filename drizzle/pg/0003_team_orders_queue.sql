CREATE TABLE "team_buyer_cancel_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"order_id" text NOT NULL,
	"order_item_ids" jsonb NOT NULL,
	"reason" text,
	"requested_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"decision_note" text,
	"queue_entry_id" bigint,
	"notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_order_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"event" text NOT NULL,
	"detail" text,
	"actor" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_order_items" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"order_item_id" text,
	"sku" text NOT NULL,
	"asin" text,
	"title" text,
	"quantity_ordered" integer DEFAULT 0 NOT NULL,
	"quantity_shipped" integer DEFAULT 0 NOT NULL,
	"quantity_cancelled" integer DEFAULT 0 NOT NULL,
	"currency" text,
	"item_price_minor" bigint,
	"item_tax_minor" bigint,
	"shipping_price_minor" bigint,
	"shipping_tax_minor" bigint,
	"promotion_discount_minor" bigint,
	"buyer_requested_cancel" boolean DEFAULT false NOT NULL,
	"buyer_cancel_reason" text
);
--> statement-breakpoint
CREATE TABLE "team_order_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"text" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_order_syncs" (
	"store_id" text PRIMARY KEY NOT NULL,
	"last_success_started_at" timestamp with time zone,
	"last_result" text,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"amazon_order_id" text NOT NULL,
	"marketplace_id" text,
	"status" text,
	"local_status" text,
	"shipping_status" text,
	"fulfillment_channel" text,
	"purchase_date" timestamp with time zone,
	"last_update_date" timestamp with time zone,
	"currency" text,
	"order_total_minor" bigint,
	"cancelled_at" timestamp with time zone,
	"is_minimal" boolean DEFAULT false NOT NULL,
	"follow_up" text,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_queue_batch_entries" (
	"batch_id" bigint NOT NULL,
	"entry_id" bigint NOT NULL,
	"message_id" integer NOT NULL,
	"result" text NOT NULL,
	"result_code" text,
	"result_message" text,
	CONSTRAINT "team_queue_batch_entries_batch_id_entry_id_pk" PRIMARY KEY("batch_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "team_queue_batches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"kind" text NOT NULL,
	"feed_type" text NOT NULL,
	"state" text NOT NULL,
	"content" text NOT NULL,
	"content_bytes" integer NOT NULL,
	"message_count" integer NOT NULL,
	"feed_document_id" text,
	"upload_url" text,
	"upload_url_at" timestamp with time zone,
	"submit_mark" timestamp with time zone,
	"feed_id" text,
	"processing_status" text,
	"result_document_id" text,
	"summary" jsonb,
	"wait_reason" text,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_token" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "team_queue_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"order_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"lines" jsonb NOT NULL,
	"currency" text,
	"total_minor" bigint,
	"source" text NOT NULL,
	"rma_id" bigint,
	"hold_id" bigint,
	"queued" boolean DEFAULT true NOT NULL,
	"batch_id" bigint,
	"note" text,
	"reject_reason" text,
	"result_message" text,
	"command_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "team_buyer_cancel_requests" ADD CONSTRAINT "team_buyer_cancel_requests_store_id_team_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."team_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_buyer_cancel_requests" ADD CONSTRAINT "team_buyer_cancel_requests_order_id_team_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."team_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_order_history" ADD CONSTRAINT "team_order_history_order_id_team_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."team_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_order_items" ADD CONSTRAINT "team_order_items_order_id_team_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."team_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_order_notes" ADD CONSTRAINT "team_order_notes_order_id_team_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."team_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_order_syncs" ADD CONSTRAINT "team_order_syncs_store_id_team_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."team_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_orders" ADD CONSTRAINT "team_orders_store_id_team_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."team_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_queue_batch_entries" ADD CONSTRAINT "team_queue_batch_entries_batch_id_team_queue_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."team_queue_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_queue_batch_entries" ADD CONSTRAINT "team_queue_batch_entries_entry_id_team_queue_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."team_queue_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_queue_batches" ADD CONSTRAINT "team_queue_batches_store_id_team_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."team_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_queue_entries" ADD CONSTRAINT "team_queue_entries_store_id_team_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."team_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_queue_entries" ADD CONSTRAINT "team_queue_entries_order_id_team_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."team_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "team_buyer_cancel_order_uq" ON "team_buyer_cancel_requests" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "team_buyer_cancel_status_idx" ON "team_buyer_cancel_requests" USING btree ("store_id","status");--> statement-breakpoint
CREATE INDEX "team_order_history_order_idx" ON "team_order_history" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "team_order_items_order_idx" ON "team_order_items" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "team_order_notes_order_idx" ON "team_order_notes" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_orders_store_amazon_uq" ON "team_orders" USING btree ("store_id","amazon_order_id");--> statement-breakpoint
CREATE INDEX "team_orders_purchase_idx" ON "team_orders" USING btree ("purchase_date");--> statement-breakpoint
CREATE UNIQUE INDEX "team_queue_batch_entries_msg_uq" ON "team_queue_batch_entries" USING btree ("batch_id","message_id");--> statement-breakpoint
CREATE INDEX "team_queue_batch_entries_entry_idx" ON "team_queue_batch_entries" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "team_queue_batches_store_state_idx" ON "team_queue_batches" USING btree ("store_id","state");--> statement-breakpoint
CREATE INDEX "team_queue_batches_type_idx" ON "team_queue_batches" USING btree ("store_id","feed_type");--> statement-breakpoint
CREATE INDEX "team_queue_entries_store_status_idx" ON "team_queue_entries" USING btree ("store_id","status","kind");--> statement-breakpoint
CREATE INDEX "team_queue_entries_order_idx" ON "team_queue_entries" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "team_queue_entries_batch_idx" ON "team_queue_entries" USING btree ("batch_id");