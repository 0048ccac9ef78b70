CREATE TABLE `claim_costs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`sku` text NOT NULL,
	`from_date` text NOT NULL,
	`cost_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_costs_uq` ON `claim_costs` (`store_id`,`sku`,`from_date`);--> statement-breakpoint
CREATE TABLE `claim_ledger_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`row_key` text NOT NULL,
	`occurred_at` text NOT NULL,
	`fnsku` text NOT NULL,
	`asin` text,
	`sku` text,
	`title` text,
	`event_type` text NOT NULL,
	`reference_id` text,
	`quantity` integer NOT NULL,
	`fulfillment_center` text,
	`disposition` text,
	`reason` text,
	`country` text,
	`reconciled_quantity` integer,
	`unreconciled_quantity` integer,
	`source_file` text NOT NULL,
	`source_line` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_ledger_events_key_uq` ON `claim_ledger_events` (`store_id`,`row_key`);--> statement-breakpoint
CREATE INDEX `claim_ledger_events_fnsku_idx` ON `claim_ledger_events` (`store_id`,`fnsku`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `claim_refund_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`source` text NOT NULL,
	`source_ref` text NOT NULL,
	`amazon_order_id` text NOT NULL,
	`sku` text NOT NULL,
	`marketplace_id` text,
	`quantity` integer NOT NULL,
	`refunded_at` text NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_refund_events_uq` ON `claim_refund_events` (`store_id`,`source`,`source_ref`,`sku`);--> statement-breakpoint
CREATE INDEX `claim_refund_events_order_idx` ON `claim_refund_events` (`store_id`,`amazon_order_id`);