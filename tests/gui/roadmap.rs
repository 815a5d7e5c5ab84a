//! The roadmap area in the real window (WebDriver under Xvfb).
