CREATE TABLE `fba_customer_returns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`amazon_order_id` text NOT NULL,
	`return_date` text NOT NULL,
	`sku` text NOT NULL,
	`asin` text,
	`fnsku` text,
	`product_name` text,
	`quantity` integer NOT NULL,
	`fulfillment_center_id` text,
	`disposition` text,
	`reason` text,
	`status` text,
	`license_plate_number` text DEFAULT '' NOT NULL,
	`customer_comments` text,
	`source_file` text,
	`source_line` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fba_customer_returns_uq` ON `fba_customer_returns` (`store_id`,`amazon_order_id`,`sku`,`return_date`,`license_plate_number`);--> statement-breakpoint
CREATE INDEX `fba_customer_returns_order_idx` ON `fba_customer_returns` (`store_id`,`amazon_order_id`);--> statement-breakpoint
CREATE TABLE `kits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`parent_sku` text NOT NULL,
	`component_sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kits_store_parent_component_uq` ON `kits` (`store_id`,`parent_sku`,`component_sku`);--> statement-breakpoint
CREATE TABLE `refund_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`order_id` text NOT NULL,
	`rma_id` integer,
	`items` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rma_id`) REFERENCES `rmas`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `refund_requests_rma_idx` ON `refund_requests` (`rma_id`);--> statement-breakpoint
CREATE INDEX `refund_requests_store_idx` ON `refund_requests` (`store_id`,`status`);--> statement-breakpoint
CREATE TABLE `rma_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rma_id` integer NOT NULL,
	`event` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`detail` text,
	`at` text NOT NULL,
	FOREIGN KEY (`rma_id`) REFERENCES `rmas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rma_history_rma_idx` ON `rma_history` (`rma_id`);--> statement-breakpoint
CREATE TABLE `rma_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rma_id` integer NOT NULL,
	`sku` text NOT NULL,
	`source_sku` text NOT NULL,
	`parent_sku` text,
	`asin` text,
	`item_name` text,
	`quantity` integer NOT NULL,
	`reason` text,
	`currency` text,
	`refund_amount_minor` integer,
	`received_quantity` integer DEFAULT 0 NOT NULL,
	`condition` text,
	`received_at` text,
	`source_line` integer,
	`raw` text,
	FOREIGN KEY (`rma_id`) REFERENCES `rmas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rma_items_rma_idx` ON `rma_items` (`rma_id`);--> statement-breakpoint
CREATE TABLE `rma_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rma_id` integer NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`rma_id`) REFERENCES `rmas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rma_notes_rma_idx` ON `rma_notes` (`rma_id`);--> statement-breakpoint
CREATE TABLE `rmas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`order_id` text NOT NULL,
	`amazon_order_id` text NOT NULL,
	`order_source_rma_id` text NOT NULL,
	`merchant_rma_id` text,
	`status` text NOT NULL,
	`resolution` text NOT NULL,
	`return_request_status` text NOT NULL,
	`return_request_date` text,
	`order_date` text,
	`amazon_resolution` text,
	`return_type` text,
	`returnless` integer DEFAULT false NOT NULL,
	`tracking_id` text,
	`carrier` text,
	`label_type` text,
	`label_paid_by` text,
	`currency` text,
	`label_cost_minor` integer,
	`order_amount_minor` integer,
	`refunded_amount_minor` integer,
	`source` text NOT NULL,
	`source_file` text,
	`source_line` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rmas_store_source_rma_uq` ON `rmas` (`store_id`,`order_source_rma_id`);--> statement-breakpoint
CREATE INDEX `rmas_store_status_idx` ON `rmas` (`store_id`,`status`,`return_request_date`);--> statement-breakpoint
CREATE INDEX `rmas_order_idx` ON `rmas` (`order_id`);