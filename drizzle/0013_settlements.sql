CREATE TABLE `store_api_operations` (
	`store_id` text NOT NULL,
	`operation` text NOT NULL,
	`last_called_at` text NOT NULL,
	PRIMARY KEY(`store_id`, `operation`),
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `settlement_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`settlement_id` text NOT NULL,
	`line_key` text NOT NULL,
	`transaction_type` text NOT NULL,
	`order_id` text,
	`merchant_order_id` text,
	`adjustment_id` text,
	`shipment_id` text,
	`marketplace_name` text,
	`amount_type` text NOT NULL,
	`amount_description` text,
	`currency` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`fulfillment_id` text,
	`posted_at` text,
	`order_item_code` text,
	`merchant_order_item_id` text,
	`merchant_adjustment_item_id` text,
	`sku` text,
	`quantity` integer,
	`promotion_id` text,
	`source_line` integer NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `settlement_lines_identity_uq` ON `settlement_lines` (`store_id`,`settlement_id`,`line_key`);--> statement-breakpoint
CREATE INDEX `settlement_lines_order_idx` ON `settlement_lines` (`store_id`,`order_id`,`transaction_type`);--> statement-breakpoint
CREATE TABLE `settlements` (
	`id` integer PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`settlement_id` text NOT NULL,
	`start_at` text,
	`end_at` text,
	`deposit_at` text,
	`currency` text NOT NULL,
	`total_minor` integer NOT NULL,
	`lines_total_minor` integer NOT NULL,
	`line_count` integer NOT NULL,
	`decimal_mark` text NOT NULL,
	`decimal_mark_evidence` text NOT NULL,
	`source` text NOT NULL,
	`report_id` text,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`imported_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `settlements_store_settlement_uq` ON `settlements` (`store_id`,`settlement_id`);--> statement-breakpoint
CREATE INDEX `settlements_report_idx` ON `settlements` (`store_id`,`report_id`);