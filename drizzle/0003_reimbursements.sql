CREATE TABLE `products` (
	`store_id` text NOT NULL,
	`sku` text NOT NULL,
	`asin` text,
	`parent_asin` text,
	`title` text,
	`image_url` text,
	`marketplace_id` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`store_id`, `sku`),
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `products_parent_asin_idx` ON `products` (`parent_asin`);--> statement-breakpoint
CREATE TABLE `reimbursement_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`encoding` text NOT NULL,
	`header` text NOT NULL,
	`source` text NOT NULL,
	`rows` integer NOT NULL,
	`inserted` integer NOT NULL,
	`updated` integer NOT NULL,
	`unchanged` integer NOT NULL,
	`rejected` integer NOT NULL,
	`imported_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reimbursement_imports_store_sha_idx` ON `reimbursement_imports` (`store_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `reimbursement_sync_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`window_start` text NOT NULL,
	`window_end` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`report_id` text,
	`rows` integer,
	`last_error` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reimbursement_sync_windows_uq` ON `reimbursement_sync_windows` (`store_id`,`window_start`,`window_end`);--> statement-breakpoint
CREATE INDEX `reimbursement_sync_windows_status_idx` ON `reimbursement_sync_windows` (`store_id`,`status`);--> statement-breakpoint
CREATE TABLE `reimbursements` (
	`id` integer PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`reimbursement_id` text NOT NULL,
	`line_key` text NOT NULL,
	`approved_at` text NOT NULL,
	`reimbursed_at` text NOT NULL,
	`time_from_approval` integer NOT NULL,
	`case_id` text,
	`amazon_order_id` text,
	`reason` text NOT NULL,
	`reason_category` text NOT NULL,
	`sku` text NOT NULL,
	`fnsku` text,
	`asin` text,
	`product_name` text,
	`condition` text,
	`currency` text NOT NULL,
	`amount_per_unit_minor` integer,
	`amount_total_minor` integer NOT NULL,
	`quantity_cash` integer NOT NULL,
	`quantity_inventory` integer NOT NULL,
	`quantity_total` integer NOT NULL,
	`original_reimbursement_id` text,
	`original_reimbursement_type` text,
	`original_row_id` integer,
	`source` text NOT NULL,
	`import_id` integer,
	`source_file` text,
	`source_line` integer,
	`raw` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reimbursements_id_store_line_uq` ON `reimbursements` (`reimbursement_id`,`store_id`,`line_key`);--> statement-breakpoint
CREATE INDEX `reimbursements_store_time_idx` ON `reimbursements` (`store_id`,`reimbursed_at`);--> statement-breakpoint
CREATE INDEX `reimbursements_time_idx` ON `reimbursements` (`reimbursed_at`);--> statement-breakpoint
CREATE INDEX `reimbursements_category_time_idx` ON `reimbursements` (`reason_category`,`reimbursed_at`);--> statement-breakpoint
CREATE INDEX `reimbursements_order_idx` ON `reimbursements` (`amazon_order_id`);--> statement-breakpoint
CREATE INDEX `reimbursements_sku_idx` ON `reimbursements` (`sku`);--> statement-breakpoint
CREATE INDEX `reimbursements_asin_idx` ON `reimbursements` (`asin`);--> statement-breakpoint
CREATE INDEX `reimbursements_amount_idx` ON `reimbursements` (`amount_total_minor`);--> statement-breakpoint
CREATE INDEX `reimbursements_original_idx` ON `reimbursements` (`original_reimbursement_id`) WHERE original_reimbursement_id IS NOT NULL;