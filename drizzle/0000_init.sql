CREATE TABLE `app_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`store_id` text,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`message` text,
	`cursor` text,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_runs_name_store_idx` ON `job_runs` (`name`,`store_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `store_settings` (
	`store_id` text PRIMARY KEY NOT NULL,
	`download_rma_report` integer DEFAULT false NOT NULL,
	`allow_over_refund` integer DEFAULT false NOT NULL,
	`allow_zero_inventory_on_cancel` integer DEFAULT false NOT NULL,
	`no_rma_for_returnless_refunds` integer DEFAULT false NOT NULL,
	`allow_cancel_without_amazon` integer DEFAULT false NOT NULL,
	`queue_refunds_and_cancellations` integer DEFAULT false NOT NULL,
	`queue_auto_submit` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `stores` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`region` text NOT NULL,
	`seller_id` text NOT NULL,
	`marketplace_ids` text NOT NULL,
	`lwa_client_id` text NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
