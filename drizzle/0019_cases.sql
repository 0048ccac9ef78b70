CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`actor` text NOT NULL,
	`reimbursement_id` text,
	`note` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`name` text NOT NULL,
	`added_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sha256`) REFERENCES `case_evidence_files`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_evidence_uq` ON `case_evidence` (`case_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `case_evidence_files` (
	`sha256` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`stored_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_findings` (
	`case_id` integer NOT NULL,
	`finding_id` text NOT NULL,
	`fnsku` text,
	`amazon_order_id` text,
	`quantity` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_findings_uq` ON `case_findings` (`case_id`,`finding_id`);--> statement-breakpoint
CREATE INDEX `case_findings_finding_idx` ON `case_findings` (`finding_id`);--> statement-breakpoint
CREATE TABLE `case_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`reimbursement_row_id` integer NOT NULL,
	`reimbursement_id` text NOT NULL,
	`matched_by` text NOT NULL,
	`reimbursed_at` text NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`quantity` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_payments_row_uq` ON `case_payments` (`reimbursement_row_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` text NOT NULL,
	`state` text NOT NULL,
	`amazon_case_id` text,
	`findings_json` text NOT NULL,
	`quantity` integer NOT NULL,
	`currency` text,
	`value_minor` integer,
	`paid_minor` integer DEFAULT 0 NOT NULL,
	`paid_currency` text,
	`paid_quantity` integer DEFAULT 0 NOT NULL,
	`closes_at` text,
	`created_at` text NOT NULL,
	`filed_at` text,
	`denied_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cases_store_state_idx` ON `cases` (`store_id`,`state`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_amazon_case_uq` ON `cases` (`store_id`,`amazon_case_id`);