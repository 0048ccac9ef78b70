CREATE TABLE `claim_inbound_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`shipment_id` text NOT NULL,
	`fnsku` text NOT NULL,
	`sku` text,
	`shipment_name` text,
	`shipment_status` text NOT NULL,
	`destination_fc` text,
	`quantity_shipped` integer NOT NULL,
	`quantity_received` integer NOT NULL,
	`source_file` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_inbound_items_uq` ON `claim_inbound_items` (`store_id`,`shipment_id`,`fnsku`);--> statement-breakpoint
CREATE TABLE `claim_removal_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`order_id` text NOT NULL,
	`fnsku` text NOT NULL,
	`disposition` text NOT NULL,
	`sku` text,
	`requested_at` text NOT NULL,
	`order_type` text NOT NULL,
	`service_speed` text,
	`order_status` text NOT NULL,
	`updated_at` text NOT NULL,
	`requested` integer NOT NULL,
	`cancelled` integer NOT NULL,
	`disposed` integer NOT NULL,
	`shipped` integer NOT NULL,
	`in_process` integer NOT NULL,
	`fee_minor` integer,
	`currency` text,
	`source_file` text NOT NULL,
	`source_line` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_removal_orders_uq` ON `claim_removal_orders` (`store_id`,`order_id`,`fnsku`,`disposition`);--> statement-breakpoint
CREATE TABLE `claim_removal_shipments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`row_key` text NOT NULL,
	`order_id` text NOT NULL,
	`requested_at` text,
	`shipped_at` text NOT NULL,
	`sku` text,
	`fnsku` text NOT NULL,
	`disposition` text,
	`quantity` integer NOT NULL,
	`carrier` text,
	`tracking_number` text,
	`removal_order_type` text,
	`source_file` text NOT NULL,
	`source_line` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_removal_shipments_key_uq` ON `claim_removal_shipments` (`store_id`,`row_key`);--> statement-breakpoint
CREATE INDEX `claim_removal_shipments_order_idx` ON `claim_removal_shipments` (`store_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `claim_replacements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`replacement_order_id` text NOT NULL,
	`sku` text NOT NULL,
	`original_order_id` text NOT NULL,
	`shipped_at` text NOT NULL,
	`asin` text,
	`fulfillment_center` text,
	`original_fulfillment_center` text,
	`quantity` integer NOT NULL,
	`reason_code` text,
	`source_file` text NOT NULL,
	`source_line` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_replacements_uq` ON `claim_replacements` (`store_id`,`replacement_order_id`,`sku`);--> statement-breakpoint
CREATE INDEX `claim_replacements_original_idx` ON `claim_replacements` (`store_id`,`original_order_id`);