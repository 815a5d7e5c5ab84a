//! The kpis area in the real window (WebDriver under Xvfb).
