CREATE TABLE `import_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`file` text NOT NULL,
	`content_hash` text NOT NULL,
	`size` integer NOT NULL,
	`kind` text,
	`result` text NOT NULL,
	`counts` text,
	`error` text,
	`at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_log_store_hash_uq` ON `import_log` (`store_id`,`content_hash`);--> statement-breakpoint
CREATE INDEX `import_log_store_at_idx` ON `import_log` (`store_id`,`at`);--> statement-breakpoint
CREATE TABLE `watched_folders` (
	`store_id` text PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `products` ADD `listing_id` text;--> statement-breakpoint
ALTER TABLE `products` ADD `price_minor` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `currency` text;--> statement-breakpoint
ALTER TABLE `products` ADD `quantity` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `status` text;--> statement-breakpoint
ALTER TABLE `products` ADD `fulfillment_channel` text;--> statement-breakpoint
ALTER TABLE `products` ADD `catalog_synced_at` text;--> statement-breakpoint
CREATE INDEX `products_store_asin_idx` ON `products` (`store_id`,`asin`);