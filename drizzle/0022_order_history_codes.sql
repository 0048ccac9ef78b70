ALTER TABLE `order_history` ADD `code` text;--> statement-breakpoint
ALTER TABLE `order_history` ADD `params` text;