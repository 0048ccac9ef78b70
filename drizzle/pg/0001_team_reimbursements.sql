CREATE TABLE "reimbursement_imports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"encoding" text NOT NULL,
	"header" jsonb NOT NULL,
	"rows" integer NOT NULL,
	"inserted" integer NOT NULL,
	"updated" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"rejected" integer NOT NULL,
	"command_id" uuid,
	"imported_by" bigint,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reimbursements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"reimbursement_id" text NOT NULL,
	"line_key" text NOT NULL,
	"approved_at" timestamp (3) with time zone NOT NULL,
	"reimbursed_at" timestamp (3) with time zone NOT NULL,
	"time_from_approval" boolean NOT NULL,
	"case_id" text,
	"amazon_order_id" text,
	"reason" text NOT NULL,
	"reason_category" text NOT NULL,
	"sku" text NOT NULL,
	"fnsku" text,
	"asin" text,
	"product_name" text,
	"condition" text,
	"currency" text NOT NULL,
	"amount_per_unit_minor" bigint,
	"amount_total_minor" bigint NOT NULL,
	"quantity_cash" integer NOT NULL,
	"quantity_inventory" integer NOT NULL,
	"quantity_total" integer NOT NULL,
	"original_reimbursement_id" text,
	"original_reimbursement_type" text,
	"original_row_id" bigint,
	"import_id" bigint,
	"source_file" text,
	"source_line" integer,
	"raw" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reimbursement_imports_store_sha_idx" ON "reimbursement_imports" USING btree ("store_id","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "reimbursements_store_id_line_uq" ON "reimbursements" USING btree ("store_id","reimbursement_id","line_key");--> statement-breakpoint
CREATE INDEX "reimbursements_store_time_idx" ON "reimbursements" USING btree ("store_id","reimbursed_at");--> statement-breakpoint
CREATE INDEX "reimbursements_time_idx" ON "reimbursements" USING btree ("reimbursed_at");--> statement-breakpoint
CREATE INDEX "reimbursements_order_idx" ON "reimbursements" USING btree ("amazon_order_id");--> statement-breakpoint
CREATE INDEX "reimbursements_sku_idx" ON "reimbursements" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "reimbursements_original_idx" ON "reimbursements" USING btree ("store_id","original_reimbursement_id");