//! The finops area in the real window (WebDriver under Xvfb).
