CREATE TABLE `team_connection` (
	`id` integer PRIMARY KEY NOT NULL,
	`server_url` text NOT NULL,
	`user_name` text NOT NULL,
	`role` text NOT NULL,
	`insecure` integer DEFAULT false NOT NULL,
	`needs_login` integer DEFAULT false NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`last_contact_at` text,
	`last_sync_at` text,
	`last_error` text,
	`connected_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `team_local_rows` (
	`entity` text NOT NULL,
	`key` text NOT NULL,
	`store_id` text,
	`data` text NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`entity`, `key`)
);
--> statement-breakpoint
CREATE INDEX `team_local_rows_store_idx` ON `team_local_rows` (`entity`,`store_id`);--> statement-breakpoint
CREATE TABLE `team_outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`channel` text NOT NULL,
	`input` text NOT NULL,
	`issued_at` text NOT NULL,
	`state` text NOT NULL,
	`outcome` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `team_outbox_id_unique` ON `team_outbox` (`id`);--> statement-breakpoint
CREATE INDEX `team_outbox_state_idx` ON `team_outbox` (`state`,`seq`);