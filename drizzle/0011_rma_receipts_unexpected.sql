CREATE TABLE `rma_receipts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rma_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`condition` text NOT NULL,
	`via` text NOT NULL,
	`scanned_code` text,
	`received_at` text NOT NULL,
	FOREIGN KEY (`rma_id`) REFERENCES `rmas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `rma_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rma_receipts_rma_idx` ON `rma_receipts` (`rma_id`);--> statement-breakpoint
CREATE INDEX `rma_receipts_at_idx` ON `rma_receipts` (`received_at`);--> statement-breakpoint
CREATE TABLE `unexpected_returns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text,
	`code` text NOT NULL,
	`codes` text NOT NULL,
	`quantity` integer NOT NULL,
	`condition` text NOT NULL,
	`note` text,
	`status` text DEFAULT 'open' NOT NULL,
	`received_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `unexpected_returns_status_idx` ON `unexpected_returns` (`status`,`received_at`);--> statement-breakpoint
ALTER TABLE `store_settings` ADD `refund_on_receipt` integer DEFAULT false NOT NULL;