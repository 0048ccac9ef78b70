-- Issue #22. Return and order dates of RMAs: one shape, the calendar day (YYYY-MM-DD); the XML
-- report's instants were stored as UTC ISO date-times next to the flat file's days.
UPDATE rmas SET return_request_date = substr(return_request_date, 1, 10) WHERE length(return_request_date) > 10;
--> statement-breakpoint
UPDATE rmas SET order_date = substr(order_date, 1, 10) WHERE length(order_date) > 10;
--> statement-breakpoint
-- The XML's refund_amount is the refund due, not a refund made: it was stored as "refunded" and
-- blocked "Issue refund". Cleared for RMAs that only ever came from an XML report (one a later
-- report updated keeps its amount: it may come from a flat file's Refunded Amount).
UPDATE rmas SET refunded_amount_minor = NULL
WHERE source = 'mfn-xml' AND refunded_amount_minor IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM rma_history h WHERE h.rma_id = rmas.id AND h.event = 'report-update');
