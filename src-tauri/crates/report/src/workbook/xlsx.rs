//! The native .xlsx writer: formats, total formulas, frozen headers, autofilters, defined names
//! and a native Excel chart over each chart's data.

use std::io::Write;
use std::path::Path;

use quartermaster_core::kpi::status::KpiStatus;
use quartermaster_core::store::entity::Timestamp;
use quartermaster_core::{Error, Result};
use rust_xlsxwriter::utility::{row_col_to_cell, worksheet_range_absolute};
use rust_xlsxwriter::{
    Chart as XlsxChart, ChartType, Color, DocProperties, Format, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

use super::table::{chart_block, rag, report_title, Block, Cell, ExecutiveReport};
use crate::chart::{Chart, ChartKind};
use crate::write;

/// Rows a native chart takes up, so the next table starts below it.
const CHART_ROWS: u32 = 17;

struct Styles {
    title: Format,
    block_title: Format,
    header: Format,
    total_label: Format,
    money: Format,
    money_total: Format,
    percent: Format,
    number: Format,
    int: Format,
    date: Format,
    status: [Format; 3],
}

impl Styles {
    fn new(currency: &str) -> Styles {
        let money = format!("[${currency}] #,##0.00");
        let total = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        let fill = |rgb| Format::new().set_background_color(Color::RGB(rgb));
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            block_title: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE5F0))
                .set_border_bottom(FormatBorder::Thin),
            total_label: total.clone(),
            money_total: total.set_num_format(&money),
            money: Format::new().set_num_format(money),
            percent: Format::new().set_num_format("0.0%"),
            number: Format::new().set_num_format("#,##0.00"),
            int: Format::new().set_num_format("#,##0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            status: [fill(0xC6EFCE), fill(0xFFEB9C), fill(0xFFC7CE)],
        }
    }

    fn of(&self, cell: &Cell) -> &Format {
        match cell {
            Cell::Money(_) => &self.money,
            Cell::Percent(_) => &self.percent,
            Cell::Int(_) => &self.int,
            Cell::Date(_) => &self.date,
            Cell::Status(KpiStatus::OnTarget) => &self.status[0],
            Cell::Status(KpiStatus::Near) => &self.status[1],
            Cell::Status(KpiStatus::OffTarget) => &self.status[2],
            _ => &self.number,
        }
    }
}

/// The workbook's bytes; `now` is its creation time, so the same data and `now` give the same bytes.
pub fn xlsx_bytes(report: &ExecutiveReport, now: Timestamp) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    fill_workbook(&mut workbook, report, now).map_err(xlsx_error)?;
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// Writes the workbook to `path` through a temporary file.
pub fn write_xlsx(report: &ExecutiveReport, path: &Path, now: Timestamp) -> Result<()> {
    let bytes = xlsx_bytes(report, now)?;
    write::atomically(path, |out: &mut dyn Write| {
        out.write_all(&bytes)
            .map_err(|e| Error::io(path.display(), e))
    })
}

fn xlsx_error(err: XlsxError) -> Error {
    Error::io(
        "executive workbook",
        format!("cannot build the spreadsheet: {err}"),
    )
}

fn fill_workbook(
    workbook: &mut Workbook,
    report: &ExecutiveReport,
    now: Timestamp,
) -> Result<(), XlsxError> {
    let properties = DocProperties::new()
        .set_title(report_title(report))
        .set_company(&report.org_name)
        .set_creation_datetime(&now);
    workbook.set_properties(&properties);
    let styles = Styles::new(&report.currency);
    for sheet in &report.sheets {
        let worksheet = workbook.add_worksheet().set_name(&sheet.name)?;
        let mut names = Vec::new();
        let mut row = 0;
        if sheet.name == "Summary" {
            worksheet.write_string_with_format(0, 0, report_title(report), &styles.title)?;
            row = 2;
        }
        let mut widths: Vec<usize> = Vec::new();
        for (i, block) in sheet.blocks.iter().enumerate() {
            let first_table = i == 0 && sheet.name != "Summary";
            let (next, range) =
                write_block(worksheet, &styles, block, row, first_table, &mut widths)?;
            if let (Some(name), Some(range)) = (&block.name, range) {
                names.push((name.clone(), range));
            }
            row = next + 1;
        }
        for chart in &sheet.charts {
            let data = chart_block(chart);
            let header_row = row + 1;
            let (next, _) = write_block(worksheet, &styles, &data, row, false, &mut widths)?;
            let native = native_chart(&sheet.name, chart, header_row, next.saturating_sub(1));
            worksheet.insert_chart(row, data.headers.len() as u16 + 1, &native)?;
            row = (next + 1).max(row + CHART_ROWS);
        }
        for (c, width) in widths.iter().enumerate() {
            worksheet.set_column_width(c as u16, (*width as f64 + 2.0).min(60.0))?;
        }
        for (name, range) in names {
            workbook.define_name(name, &format!("={range}"))?;
        }
    }
    Ok(())
}

/// Writes a block at `row`; returns the row after it and the absolute range of its data.
fn write_block(
    ws: &mut Worksheet,
    styles: &Styles,
    block: &Block,
    row: u32,
    first_table: bool,
    widths: &mut Vec<usize>,
) -> Result<(u32, Option<String>), XlsxError> {
    ws.write_string_with_format(row, 0, &block.title, &styles.block_title)?;
    let header = row + 1;
    for (c, h) in block.headers.iter().enumerate() {
        ws.write_string_with_format(header, c as u16, h, &styles.header)?;
        fit(widths, c, h.chars().count());
    }
    for (r, cells) in block.rows.iter().enumerate() {
        let at = header + 1 + r as u32;
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, styles, at, c as u16, cell)?;
            fit(widths, c, cell.display().chars().count());
        }
    }
    let last_col = block.headers.len().saturating_sub(1) as u16;
    let data_end = header + block.rows.len() as u32;
    let mut next = data_end + 1;
    if !block.totals.is_empty() && !block.rows.is_empty() {
        ws.write_string_with_format(next, 0, "Total", &styles.total_label)?;
        for &c in &block.totals {
            let column = c as u16;
            let is_money = block
                .rows
                .iter()
                .any(|r| matches!(r.get(c), Some(Cell::Money(_))));
            let sum = format!(
                "=SUM({}:{})",
                row_col_to_cell(header + 1, column),
                row_col_to_cell(data_end, column)
            );
            let formula = Formula::new(sum).set_result(block.total(c).to_string());
            let format = if is_money {
                &styles.money_total
            } else {
                &styles.total_label
            };
            ws.write_formula_with_format(next, column, formula, format)?;
        }
        next += 1;
    }
    if first_table {
        ws.set_freeze_panes(header + 1, 0)?;
        if !block.rows.is_empty() {
            ws.autofilter(header, 0, data_end, last_col)?;
        }
    }
    let range = (!block.rows.is_empty())
        .then(|| worksheet_range_absolute(ws.name().as_str(), header + 1, 0, data_end, last_col));
    Ok((next, range))
}

fn fit(widths: &mut Vec<usize>, column: usize, chars: usize) {
    if widths.len() <= column {
        widths.resize(column + 1, 0);
    }
    widths[column] = widths[column].max(chars);
}

fn write_cell(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    col: u16,
    cell: &Cell,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(t) => ws.write_string(row, col, t).map(|_| ()),
        Cell::Date(d) => ws
            .write_date_with_format(row, col, d, styles.of(cell))
            .map(|_| ()),
        Cell::Status(s) => ws
            .write_string_with_format(row, col, rag(*s), styles.of(cell))
            .map(|_| ()),
        Cell::Blank => Ok(()),
        other => {
            let value = other.number().unwrap_or(0.0);
            ws.write_number_with_format(row, col, value, styles.of(other))
                .map(|_| ())
        }
    }
}

/// A native Excel chart over the chart's data block (`header` row, data to `last` row).
fn native_chart(sheet: &str, chart: &Chart, header: u32, last: u32) -> XlsxChart {
    let mut native = XlsxChart::new(match chart.kind {
        ChartKind::Line => ChartType::Line,
        ChartKind::StackedBars => ChartType::ColumnStacked,
        ChartKind::Bars => ChartType::Column,
    });
    native.title().set_name(&chart.title);
    native.y_axis().set_name(&chart.y_label);
    let columns = chart.series.len() + usize::from(chart.target.is_some());
    for c in 1..=columns as u16 {
        native
            .add_series()
            .set_name((sheet, header, c))
            .set_categories((sheet, header + 1, 0, last, 0))
            .set_values((sheet, header + 1, c, last, c));
    }
    native.set_width(620).set_height(320);
    native
}
