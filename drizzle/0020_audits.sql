CREATE TABLE `audit_service_mappings` (
	`service_key` text PRIMARY KEY NOT NULL,
	`service` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_statement_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`statement_id` integer NOT NULL,
	`line` integer NOT NULL,
	`case_id` text,
	`reimbursement_id` text,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`fee_minor` integer NOT NULL,
	`fee_currency` text NOT NULL,
	FOREIGN KEY (`statement_id`) REFERENCES `audit_statements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_statement_lines_statement_idx` ON `audit_statement_lines` (`statement_id`,`line`);--> statement-breakpoint
CREATE INDEX `audit_statement_lines_reimbursement_idx` ON `audit_statement_lines` (`reimbursement_id`);--> statement-breakpoint
CREATE TABLE `audit_statements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`service` text NOT NULL,
	`service_key` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`rows` integer NOT NULL,
	`rejected` integer NOT NULL,
	`imported_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_statements_file_uq` ON `audit_statements` (`store_id`,`service_key`,`sha256`);