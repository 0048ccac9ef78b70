CREATE TABLE `order_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`order_id` text NOT NULL,
	`kind` text NOT NULL,
	`claim_type` text,
	`filed_at` text,
	`currency` text,
	`amount_minor` integer,
	`state` text NOT NULL,
	`info_requested_at` text,
	`granted_at` text,
	`amazon_refund_at` text,
	`source` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_claims_order_kind_uq` ON `order_claims` (`order_id`,`kind`);--> statement-breakpoint
CREATE INDEX `order_claims_store_state_idx` ON `order_claims` (`store_id`,`state`);--> statement-breakpoint
CREATE TABLE `deadline_notices` (
	`item_key` text NOT NULL,
	`stage` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`item_key`, `stage`)
);
--> statement-breakpoint
ALTER TABLE `orders` ADD `latest_ship_date` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `latest_delivery_date` text;