-- Automatic backups: how many the rolling set keeps (organisation settings).
-- The last N backups, one a day for D days, one a month for M months.
ALTER TABLE settings ADD COLUMN backup_keep_last INTEGER NOT NULL DEFAULT 10
    CHECK (backup_keep_last BETWEEN 1 AND 1000);
ALTER TABLE settings ADD COLUMN backup_keep_daily_days INTEGER NOT NULL DEFAULT 14
    CHECK (backup_keep_daily_days BETWEEN 0 AND 3660);
ALTER TABLE settings ADD COLUMN backup_keep_monthly_months INTEGER NOT NULL DEFAULT 12
    CHECK (backup_keep_monthly_months BETWEEN 0 AND 1200);
