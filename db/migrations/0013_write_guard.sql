-- A write guard: a batch that must happen only if the data it was planned on is unchanged (an
-- event still at the version its writer read, a hold still active) starts with
--   INSERT INTO write_guard (ok) SELECT <condition>
-- The view stores nothing; its trigger aborts the statement, and with it the whole batch, when the
-- condition does not hold. SQLite has no ASSERT; this is its idiom for one.
CREATE VIEW `write_guard` AS SELECT 1 AS `ok`;
--> statement-breakpoint
CREATE TRIGGER `write_guard_check` INSTEAD OF INSERT ON `write_guard`
WHEN NEW.`ok` IS NOT 1
BEGIN
  SELECT RAISE(ABORT, 'write_guard: the data this write was planned on has changed');
END;
