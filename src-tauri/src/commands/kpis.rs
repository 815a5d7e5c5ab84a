//! KPI commands: status and trend of every KPI with its sparkline, and one KPI's trend chart
//! with its values and annotations. Manual values are saved through the generic records.

use quartermaster_core::kpi::page::{KpiCard, KpiDetail};
use quartermaster_report::chart::{self, Theme};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Every KPI of the catalogue as of today: latest value, target, status, trend and sparkline.
#[tauri::command(async)]
pub fn kpi_trends(state: State<'_, AppState>) -> CommandResult<Vec<KpiCard>> {
    let today = super::today();
    state.read(|store| chart::kpi_trends(store.conn(), today))
}

/// One KPI as of today: its status, values with annotations and the trend chart drawn
/// `width` × `height` pixels in the app's light or dark theme.
#[tauri::command(async)]
pub fn kpi_detail(
    state: State<'_, AppState>,
    key: String,
    dark: bool,
    width: u32,
    height: u32,
) -> CommandResult<KpiDetail> {
    let today = super::today();
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let size = (width.clamp(320, 2400), height.clamp(200, 1200));
    state.read(|store| chart::kpi_detail(store.conn(), &key, today, size, &theme))
}
