CREATE TABLE `reimbursement_daily` (
	`store_id` text NOT NULL,
	`day` text NOT NULL,
	`reason_category` text NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`rows` integer NOT NULL,
	PRIMARY KEY(`store_id`, `day`, `reason_category`, `currency`),
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `reimbursement_daily` (`store_id`, `day`, `reason_category`, `currency`, `amount_minor`, `rows`)
SELECT `store_id`, substr(`reimbursed_at`, 1, 10), `reason_category`, `currency`, sum(`amount_total_minor`), count(*) FROM `reimbursements` GROUP BY 1, 2, 3, 4;
