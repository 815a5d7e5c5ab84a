//! The native .xlsx writer: formats, total formulas, frozen headers, autofilters, defined names
//! and a native Excel chart over each chart's data; every sheet set up to print (landscape, one
//! page wide, header rows repeated, header and footer) with columns as wide as what they show.

use std::io::Write;
use std::path::Path;

use quartermaster_core::kpi::status::KpiStatus;
use quartermaster_core::store::entity::Timestamp;
use quartermaster_core::{Error, Result};
use rust_xlsxwriter::utility::{row_col_to_cell, worksheet_range_absolute};
use rust_xlsxwriter::{
    Chart as XlsxChart, ChartType, Color, DocProperties, Format, FormatAlign, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError,
};

use super::table::{chart_block, rag, report_title, Block, Cell, ExecutiveReport};
use crate::chart::{Chart, ChartKind};
use crate::write;

/// Rows a native chart takes up, so the next table starts below it.
const CHART_ROWS: u32 = 17;
/// A native chart's size in pixels.
const CHART_SIZE: (u32, u32) = (620, 320);
/// Text longer than this wraps inside its column rather than widening it.
const TEXT_WIDTH: usize = 30;
/// Excel's default column width, and the narrowest a written column gets.
const DEFAULT_WIDTH: f64 = 8.43;
const MIN_WIDTH: f64 = 4.0;
/// Bold header and total text is wider than the digits a width unit is measured in.
const BOLD: f64 = 1.1;
/// Room per letter: letters are a little wider than the digit a width unit is measured in
/// (numbers get one unit a character: their separators are narrower than a digit).
const TEXT_SHARE: f64 = 1.1;

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
    wrap: Format,
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
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
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
        let mut laid = Laid::new(&report.currency);
        let top = if sheet.name == "Summary" {
            worksheet.write_string_with_format(0, 0, report_title(report), &styles.title)?;
            2
        } else {
            0
        };
        // The header row a printed page repeats: the first table's, or the report title.
        let mut repeat = (top == 2).then_some((0, 0));
        let mut row = top;
        for (i, block) in sheet.blocks.iter().enumerate() {
            let first_table = i == 0 && top == 0;
            let next = laid.block(worksheet, &styles, block, (row, 0), first_table)?;
            if first_table {
                repeat = Some((row + 1, row + 1));
            }
            row = next + 1;
        }
        let beside_col = sheet
            .blocks
            .iter()
            .map(|b| b.headers.len() as u16 + 1)
            .max()
            .unwrap_or(0);
        let mut beside_row = top;
        for block in &sheet.beside {
            beside_row =
                laid.block(worksheet, &styles, block, (beside_row, beside_col), false)? + 1;
        }
        row = row.max(beside_row);
        let mut charts = Vec::new();
        for chart in &sheet.charts {
            let data = chart_block(chart);
            let header_row = row + 1;
            let next = laid.block(worksheet, &styles, &data, (row, 0), false)?;
            let native = native_chart(&sheet.name, chart, header_row, next.saturating_sub(1));
            let col = data.headers.len() as u16 + 1;
            worksheet.insert_chart(row, col, &native)?;
            charts.push((row, col));
            row = (next + 1).max(row + CHART_ROWS);
        }
        let mut last_col = laid.widths.len().saturating_sub(1) as u16;
        for (c, width) in laid.widths.iter().enumerate() {
            worksheet.set_column_width(c as u16, *width)?;
        }
        for (chart_row, chart_col) in charts {
            last_col = last_col.max(laid.last_col_under(chart_col, CHART_SIZE.0));
            laid.last_row = laid.last_row.max(chart_row + CHART_ROWS - 1);
        }
        page_setup(worksheet, report, repeat, laid.last_row, last_col)?;
        for (name, range) in laid.names {
            workbook.define_name(name, &format!("={range}"))?;
        }
    }
    Ok(())
}

/// How a sheet prints: landscape A4, one page wide, the header row repeated on every page, the
/// used range as the print area, the organisation, quarter and date above and the page below.
fn page_setup(
    ws: &mut Worksheet,
    report: &ExecutiveReport,
    repeat: Option<(u32, u32)>,
    last_row: u32,
    last_col: u16,
) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    ws.set_landscape()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0)
        .set_header(format!(
            "&L{}&C{}&RAs of {}",
            header_text(&report.org_name),
            report.quarter,
            report.as_of
        ))
        .set_footer("&CPage &P of &N");
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_print_area(0, 0, last_row, last_col)?;
    Ok(())
}

/// `text` for a header or footer: `&` doubled (it starts a control code), cut so the whole
/// header stays under Excel's 255 characters.
fn header_text(text: &str) -> String {
    text.chars()
        .take(120)
        .collect::<String>()
        .replace('&', "&&")
}

/// What has been written on a sheet so far: column widths, the last row used, defined names.
struct Laid<'a> {
    currency: &'a str,
    /// Width of each column in Excel's character units.
    widths: Vec<f64>,
    last_row: u32,
    names: Vec<(String, String)>,
}

impl<'a> Laid<'a> {
    fn new(currency: &'a str) -> Laid<'a> {
        Laid {
            currency,
            widths: Vec::new(),
            last_row: 0,
            names: Vec::new(),
        }
    }

    /// Writes a block with its title at `(row, col)`; returns the row after it.
    fn block(
        &mut self,
        ws: &mut Worksheet,
        styles: &Styles,
        block: &Block,
        (row, col): (u32, u16),
        first_table: bool,
    ) -> Result<u32, XlsxError> {
        ws.write_string_with_format(row, col, &block.title, &styles.block_title)?;
        let header = row + 1;
        for (c, h) in block.headers.iter().enumerate() {
            let at = col + c as u16;
            ws.write_string_with_format(header, at, h, &styles.header)?;
            self.fit(at, h.chars().count() as f64 * BOLD * TEXT_SHARE);
        }
        for (r, cells) in block.rows.iter().enumerate() {
            let at = header + 1 + r as u32;
            for (c, cell) in cells.iter().enumerate() {
                let column = col + c as u16;
                let long = matches!(cell, Cell::Text(t) if t.chars().count() > TEXT_WIDTH);
                if long {
                    if let Cell::Text(t) = cell {
                        ws.write_string_with_format(at, column, t, &styles.wrap)?;
                    }
                } else {
                    write_cell(ws, styles, at, column, cell)?;
                }
                let shown = shown_text(cell, self.currency).chars().count();
                let share = if cell.number().is_some() {
                    1.0
                } else {
                    TEXT_SHARE
                };
                self.fit(column, shown.min(TEXT_WIDTH) as f64 * share);
            }
        }
        let last_col = col + block.headers.len().saturating_sub(1) as u16;
        let data_end = header + block.rows.len() as u32;
        let mut next = data_end + 1;
        if !block.totals.is_empty() && !block.rows.is_empty() {
            ws.write_string_with_format(next, col, "Total", &styles.total_label)?;
            for &c in &block.totals {
                let column = col + c as u16;
                let money = block
                    .rows
                    .iter()
                    .any(|r| matches!(r.get(c), Some(Cell::Money(_))));
                let sum = format!(
                    "=SUM({}:{})",
                    row_col_to_cell(header + 1, column),
                    row_col_to_cell(data_end, column)
                );
                let total = block.total(c);
                let formula = Formula::new(sum).set_result(total.to_string());
                let (format, shown) = if money {
                    (&styles.money_total, Cell::Money(total))
                } else {
                    (&styles.total_label, Cell::Number(total))
                };
                ws.write_formula_with_format(next, column, formula, format)?;
                self.fit(
                    column,
                    shown_text(&shown, self.currency).chars().count() as f64 * BOLD,
                );
            }
            next += 1;
        }
        if first_table {
            ws.set_freeze_panes(header + 1, 0)?;
            if !block.rows.is_empty() {
                ws.autofilter(header, col, data_end, last_col)?;
            }
        }
        if let (Some(name), false) = (&block.name, block.rows.is_empty()) {
            let range =
                worksheet_range_absolute(ws.name().as_str(), header + 1, col, data_end, last_col);
            self.names.push((name.clone(), range));
        }
        self.last_row = self.last_row.max(next - 1);
        Ok(next)
    }

    /// Widens column `column` to hold `chars` digit widths, with a margin either side.
    fn fit(&mut self, column: u16, chars: f64) {
        let column = usize::from(column);
        if self.widths.len() <= column {
            self.widths.resize(column + 1, MIN_WIDTH);
        }
        let width = (chars + 2.0).ceil();
        self.widths[column] = self.widths[column].max(width);
    }

    /// The last column a chart `pixels` wide covers when placed at column `first`.
    fn last_col_under(&self, first: u16, pixels: u32) -> u16 {
        let mut left = f64::from(pixels);
        let mut col = first;
        loop {
            let width = self
                .widths
                .get(usize::from(col))
                .copied()
                .unwrap_or(DEFAULT_WIDTH);
            left -= column_pixels(width);
            if left <= 0.0 {
                return col;
            }
            col += 1;
        }
    }
}

/// A column's width in pixels, as Excel draws it with its default font.
fn column_pixels(width: f64) -> f64 {
    (width * 7.0 + 5.0).floor()
}

/// The text a cell shows in Excel with its number format, so its column can be made wide enough
/// that no number turns into `###`.
pub(super) fn shown_text(cell: &Cell, currency: &str) -> String {
    match cell {
        Cell::Money(v) => {
            let sign = if *v < 0.0 { "-" } else { "" };
            format!("{sign}{currency} {}", grouped(v.abs(), 2))
        }
        Cell::Number(v) => grouped_signed(*v, 2),
        Cell::Int(v) => grouped_signed(*v as f64, 0),
        Cell::Percent(v) => format!("{:.1}%", v * 100.0),
        other => other.display(),
    }
}

fn grouped_signed(v: f64, decimals: usize) -> String {
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{}", grouped(v.abs(), decimals))
}

/// `v` with `decimals` decimals and a comma between thousands, as `#,##0.00` shows it.
fn grouped(v: f64, decimals: usize) -> String {
    let text = format!("{v:.decimals$}");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
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
    native.set_width(CHART_SIZE.0).set_height(CHART_SIZE.1);
    native
}
