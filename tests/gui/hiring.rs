//! The hiring area in the real window (WebDriver under Xvfb).
