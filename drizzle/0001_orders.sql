CREATE TABLE `order_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` text NOT NULL,
	`event` text NOT NULL,
	`detail` text,
	`at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_history_order_idx` ON `order_history` (`order_id`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`order_item_id` text,
	`sku` text NOT NULL,
	`asin` text,
	`title` text,
	`quantity_ordered` integer DEFAULT 0 NOT NULL,
	`quantity_shipped` integer DEFAULT 0 NOT NULL,
	`currency` text,
	`item_price_minor` integer,
	`item_tax_minor` integer,
	`shipping_price_minor` integer,
	`shipping_tax_minor` integer,
	`promotion_discount_minor` integer,
	`buyer_requested_cancel` integer DEFAULT false NOT NULL,
	`buyer_cancel_reason` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_items_order_item_uq` ON `order_items` (`order_id`,`order_item_id`,`sku`);--> statement-breakpoint
CREATE INDEX `order_items_sku_idx` ON `order_items` (`sku`);--> statement-breakpoint
CREATE TABLE `order_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` text NOT NULL,
	`text` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_notes_order_idx` ON `order_notes` (`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`amazon_order_id` text NOT NULL,
	`marketplace_id` text,
	`status` text,
	`local_status` text,
	`shipping_status` text,
	`fulfillment_channel` text,
	`purchase_date` text,
	`last_update_date` text,
	`currency` text,
	`order_total_minor` integer,
	`cancelled_at` text,
	`is_minimal` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_store_amazon_id_uq` ON `orders` (`store_id`,`amazon_order_id`);--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`store_id`,`status`);