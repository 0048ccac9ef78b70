CREATE TABLE `buyer_cancel_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`order_id` text NOT NULL,
	`order_item_ids` text NOT NULL,
	`reason` text,
	`requested_at` text NOT NULL,
	`due_at` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`decided_at` text,
	`decision_note` text,
	`queue_entry_id` integer,
	`notified_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `buyer_cancel_requests_order_uq` ON `buyer_cancel_requests` (`order_id`);--> statement-breakpoint
CREATE INDEX `buyer_cancel_requests_status_idx` ON `buyer_cancel_requests` (`store_id`,`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `inventory` (
	`store_id` text NOT NULL,
	`sku` text NOT NULL,
	`physical_quantity` integer,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`store_id`, `sku`),
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_splits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` text NOT NULL,
	`seq` integer NOT NULL,
	`lines` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_splits_order_seq_uq` ON `order_splits` (`order_id`,`seq`);--> statement-breakpoint
CREATE TABLE `queue_batch_entries` (
	`batch_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`message_id` integer NOT NULL,
	`result` text NOT NULL,
	`result_code` text,
	`result_message` text,
	PRIMARY KEY(`batch_id`, `entry_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `queue_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `queue_entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queue_batch_entries_msg_uq` ON `queue_batch_entries` (`batch_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `queue_batch_entries_entry_idx` ON `queue_batch_entries` (`entry_id`);--> statement-breakpoint
CREATE TABLE `queue_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`kind` text NOT NULL,
	`feed_type` text NOT NULL,
	`state` text NOT NULL,
	`content` text NOT NULL,
	`content_bytes` integer NOT NULL,
	`message_count` integer NOT NULL,
	`feed_document_id` text,
	`upload_url` text,
	`upload_url_at` text,
	`submit_mark` text,
	`feed_id` text,
	`processing_status` text,
	`result_document_id` text,
	`summary` text,
	`wait_reason` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`retry_of` integer,
	`lock_owner` text,
	`lock_until` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`submitted_at` text,
	`finished_at` text,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `queue_batches_store_state_idx` ON `queue_batches` (`store_id`,`state`);--> statement-breakpoint
CREATE INDEX `queue_batches_type_submitted_idx` ON `queue_batches` (`store_id`,`feed_type`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `queue_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`order_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`lines` text NOT NULL,
	`currency` text,
	`total_minor` integer,
	`source` text NOT NULL,
	`rma_id` integer,
	`split_id` integer,
	`hold_id` integer,
	`queued` integer NOT NULL,
	`batch_id` integer,
	`note` text,
	`reject_reason` text,
	`result_message` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `queue_entries_store_status_idx` ON `queue_entries` (`store_id`,`status`,`kind`);--> statement-breakpoint
CREATE INDEX `queue_entries_order_idx` ON `queue_entries` (`order_id`);--> statement-breakpoint
CREATE INDEX `queue_entries_batch_idx` ON `queue_entries` (`batch_id`);--> statement-breakpoint
ALTER TABLE `order_items` ADD `quantity_cancelled` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `follow_up` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `source` text;