PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_stores` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`region` text NOT NULL,
	`seller_id` text,
	`marketplace_ids` text NOT NULL,
	`lwa_client_id` text,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_stores`("id", "name", "region", "seller_id", "marketplace_ids", "lwa_client_id", "is_demo", "created_at", "updated_at") SELECT "id", "name", "region", "seller_id", "marketplace_ids", "lwa_client_id", "is_demo", "created_at", "updated_at" FROM `stores`;--> statement-breakpoint
DROP TABLE `stores`;--> statement-breakpoint
ALTER TABLE `__new_stores` RENAME TO `stores`;--> statement-breakpoint
PRAGMA foreign_keys=ON;