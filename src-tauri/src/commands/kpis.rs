//! KPI commands: status and trend of every KPI, charts, manual values.
