//! Hiring spreadsheets: the interview kit a panelist fills without the app (read back by
//! `quartermaster_core::hiring::interview_kit::import_kit`, whose layout it follows) and the debrief
//! packet of one candidate.

use std::io::Write;
use std::path::Path;

use quartermaster_core::hiring::debrief::{self, Debrief};
use quartermaster_core::hiring::interview_kit::{self, layout::*, KitContent};
use quartermaster_core::{Error, Result};
use rusqlite::Connection;
use rust_xlsxwriter::utility::cell_range;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula,
    Workbook, Worksheet, XlsxError,
};

use crate::write;

/// Formats shared by both workbooks.
struct Styles {
    title: Format,
    label: Format,
    heading: Format,
    text: Format,
    note: Format,
    input: Format,
    rating: Format,
    mean: Format,
    flagged: Format,
}

impl Styles {
    fn new() -> Styles {
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let input = wrap
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF5CC))
            .set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            heading: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xDDE5F0))
                .set_border(FormatBorder::Thin),
            text: wrap.clone(),
            note: wrap.clone().set_font_color(Color::RGB(0x555555)),
            rating: input.clone().set_align(FormatAlign::Center),
            input,
            mean: Format::new().set_num_format("0.0"),
            flagged: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xF8D7DA)),
        }
    }
}

/// Saves a finished workbook to `path` through a temporary file.
fn save(path: &Path, workbook: &mut Workbook) -> Result<()> {
    let bytes = workbook.save_to_buffer().map_err(|e| xlsx_error(path, e))?;
    write::atomically(path, |out: &mut dyn Write| {
        out.write_all(&bytes)
            .map_err(|e| Error::io(path.display(), e))
    })
}

fn xlsx_error(path: &Path, err: XlsxError) -> Error {
    Error::io(
        path.display(),
        format!("cannot build the spreadsheet: {err}"),
    )
}

/// Writes the kit of interview `interview_id` to `path` (one call for the shell); returns
/// what the kit shows.
pub fn export_kit(conn: &Connection, interview_id: i64, path: &Path) -> Result<KitContent> {
    let kit = interview_kit::kit_content(conn, interview_id)?;
    write_kit(path, &kit)?;
    Ok(kit)
}

/// Writes the debrief packet of a candidate as `viewer` may see it (the blind rule applies).
pub fn export_debrief_packet(
    conn: &Connection,
    viewer: &str,
    candidate_id: i64,
    path: &Path,
) -> Result<Debrief> {
    let packet = debrief::debrief(conn, viewer, candidate_id)?;
    write_debrief_packet(path, &packet)?;
    Ok(packet)
}

/// Writes the interview kit of one interview to `path`.
pub fn write_kit(path: &Path, kit: &KitContent) -> Result<()> {
    let mut workbook = Workbook::new();
    fill_kit(&mut workbook, kit).map_err(|e| xlsx_error(path, e))?;
    save(path, &mut workbook)
}

const INSTRUCTIONS: &str = "Rate each focus dimension from 1 (clear concern) to 5 (exceptional); 3 meets the bar \
for the role. Write what you observed as evidence: it is required for ratings of 1, 2 and 5. Fill only the \
yellow cells and send the file back: it becomes your submitted scorecard. Other panelists' scorecards stay \
hidden from you until yours is in.";

fn fill_kit(workbook: &mut Workbook, kit: &KitContent) -> Result<(), XlsxError> {
    let s = Styles::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    for (col, width) in [
        (COL_LABEL, 30.0),
        (COL_VALUE, 46.0),
        (COL_RATING, 12.0),
        (COL_EVIDENCE, 52.0),
        (COL_LISTEN_FOR, 36.0),
        (COL_WATCH_FOR, 36.0),
    ] {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_column_hidden(COL_DIMENSION_ID)?;
    sheet.write_string_with_format(ROW_TITLE, COL_LABEL, "Interview kit", &s.title)?;
    let header = [
        (ROW_CANDIDATE, LABEL_CANDIDATE, kit.candidate.clone()),
        (ROW_ROLE, LABEL_ROLE, kit.role.clone()),
        (ROW_INTERVIEWER, LABEL_INTERVIEWER, kit.interviewer.clone()),
        (ROW_EXERCISE, LABEL_EXERCISE, kit.exercise.clone()),
        (ROW_DATE, LABEL_DATE, kit.scheduled_on.to_string()),
        (ROW_CHECK, LABEL_CHECK, kit.check.clone()),
    ];
    sheet.write_string_with_format(ROW_INTERVIEW, COL_LABEL, LABEL_INTERVIEW, &s.label)?;
    sheet.write_number_with_format(
        ROW_INTERVIEW,
        COL_VALUE,
        kit.interview_id as f64,
        &s.text.clone().set_align(FormatAlign::Left),
    )?;
    for (row, label, value) in header {
        sheet.write_string_with_format(row, COL_LABEL, label, &s.label)?;
        sheet.write_string_with_format(row, COL_VALUE, &value, &s.text)?;
    }
    sheet.set_row_height(ROW_EXERCISE, 45)?;
    sheet.merge_range(
        ROW_INSTRUCTIONS,
        COL_LABEL,
        ROW_INSTRUCTIONS,
        COL_WATCH_FOR,
        INSTRUCTIONS,
        &s.note,
    )?;
    sheet.set_row_height(ROW_INSTRUCTIONS, 48)?;
    for (col, heading) in (0..).zip(HEADINGS) {
        sheet.write_string_with_format(ROW_HEADER, col, heading, &s.heading)?;
    }
    let answers = &kit.answers;
    for ((index, dimension), row) in kit.dimensions.iter().enumerate().zip(ROW_FIRST_DIMENSION..) {
        sheet.set_row_height(row, 75)?;
        sheet.write_string_with_format(
            row,
            COL_LABEL,
            &dimension.name,
            &s.label.clone().set_text_wrap(),
        )?;
        sheet.write_string_with_format(row, COL_VALUE, &dimension.good_looks_like, &s.text)?;
        sheet.write_string_with_format(row, COL_LISTEN_FOR, &dimension.listen_for, &s.note)?;
        sheet.write_string_with_format(row, COL_WATCH_FOR, &dimension.watch_for, &s.note)?;
        sheet.write_number(row, COL_DIMENSION_ID, dimension.id as f64)?;
        let (score, evidence) = answers.ratings.get(index).cloned().unwrap_or_default();
        match score {
            Some(score) => {
                sheet.write_number_with_format(row, COL_RATING, score as f64, &s.rating)?
            }
            None => sheet.write_blank(row, COL_RATING, &s.rating)?,
        };
        input_text(sheet, row, COL_EVIDENCE, &evidence, &s.input)?;
    }
    let n = kit.dimensions.len();
    if n > 0 {
        let last = ROW_FIRST_DIMENSION + n as u32 - 1;
        let rating_rule = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(1, 5))
            .set_input_title("Rating")?
            .set_input_message(
                "1 clear concern · 2 below the bar · 3 meets the bar · 4 strong · 5 exceptional",
            )?
            .set_error_title("Rating")?
            .set_error_message("Enter a whole number from 1 to 5.")?;
        sheet.add_data_validation(
            ROW_FIRST_DIMENSION,
            COL_RATING,
            last,
            COL_RATING,
            &rating_rule,
        )?;
    }
    for (row, label, value) in [
        (signals_row(n), LABEL_SIGNALS, &answers.strong_signals),
        (flags_row(n), LABEL_FLAGS, &answers.red_flags),
    ] {
        sheet.write_string_with_format(row, COL_LABEL, label, &s.label)?;
        sheet.merge_range(row, COL_VALUE, row, COL_WATCH_FOR, value, &s.input)?;
        sheet.set_row_height(row, 60)?;
    }
    let row = recommendation_row(n);
    sheet.write_string_with_format(row, COL_LABEL, LABEL_RECOMMENDATION, &s.label)?;
    input_text(sheet, row, COL_VALUE, &answers.recommendation, &s.input)?;
    let labels: Vec<&str> = RECOMMENDATIONS.iter().map(|(_, label)| *label).collect();
    let choice = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("Recommendation")?
        .set_error_message("Choose Strong no, No, Yes or Strong yes.")?;
    sheet.add_data_validation(row, COL_VALUE, row, COL_VALUE, &choice)?;
    sheet.protect();
    sheet.set_selection(
        ROW_FIRST_DIMENSION,
        COL_RATING,
        ROW_FIRST_DIMENSION,
        COL_RATING,
    )?;

    let scale = workbook.add_worksheet();
    scale.set_name("Rating scale")?;
    scale.set_column_width(0, 10)?;
    scale.set_column_width(1, 90)?;
    let meanings = [
        "Clear concern: the evidence shows a gap that would hurt in the role. Evidence required.",
        "Below the bar: some of what the role needs, with gaps. Evidence required.",
        "Meets the bar for the role.",
        "Strong: above the bar, with concrete examples.",
        "Exceptional: would raise the bar of the team. Evidence required.",
    ];
    scale.write_string_with_format(0, 0, "Rating", &s.heading)?;
    scale.write_string_with_format(0, 1, "Meaning", &s.heading)?;
    for (row, meaning) in (1..).zip(meanings) {
        scale.write_number(row, 0, f64::from(row))?;
        scale.write_string_with_format(row, 1, meaning, &s.text)?;
    }
    Ok(())
}

/// An input cell: unlocked and shaded, with `text` when there is some.
fn input_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        sheet.write_blank(row, col, format)?;
    } else {
        sheet.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

/// Writes the debrief packet of one candidate: the matrix with means, spreads and flags (as
/// formulas with their values), the recommendations, the decision, and every rating's evidence.
pub fn write_debrief_packet(path: &Path, debrief: &Debrief) -> Result<()> {
    let mut workbook = Workbook::new();
    fill_debrief(&mut workbook, debrief).map_err(|e| xlsx_error(path, e))?;
    save(path, &mut workbook)
}

fn fill_debrief(workbook: &mut Workbook, d: &Debrief) -> Result<(), XlsxError> {
    let s = Styles::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Debrief")?;
    sheet.set_column_width(0, 34)?;
    sheet.write_string_with_format(0, 0, format!("Debrief: {}", d.candidate), &s.title)?;
    sheet.write_string(1, 0, format!("{} · stage {}", d.requisition, d.stage))?;
    let columns = d.columns.len() as u16;
    let (mean_col, spread_col, flag_col) = (columns + 1, columns + 2, columns + 3);
    let mut row = 3;
    sheet.write_string_with_format(row, 0, "Dimension", &s.heading)?;
    for (col, column) in (1..).zip(&d.columns) {
        sheet.set_column_width(col, 16)?;
        sheet.write_string_with_format(
            row,
            col,
            format!("{}\n{}", column.interviewer, column.exercise),
            &s.heading,
        )?;
    }
    for (col, heading) in [
        (mean_col, "Mean"),
        (spread_col, "Spread"),
        (flag_col, "Flag"),
    ] {
        sheet.write_string_with_format(row, col, heading, &s.heading)?;
    }
    sheet.set_row_height(row, 60)?;
    sheet.set_column_width(flag_col, 28)?;
    let first_matrix_row = row + 1;
    for dimension in &d.rows {
        row += 1;
        sheet.write_string(row, 0, &dimension.dimension)?;
        for (col, rating) in (1..).zip(&dimension.ratings) {
            if let Some(rating) = rating {
                sheet.write_number(row, col, *rating as f64)?;
            }
        }
        let ratings = cell_range(row, 1, row, columns.max(1));
        if let Some(mean) = dimension.mean {
            let formula = Formula::new(format!("=AVERAGE({ratings})")).set_result(mean.to_string());
            sheet.write_formula_with_format(row, mean_col, formula, &s.mean)?;
        }
        if let Some(spread) = dimension.spread {
            let formula = Formula::new(format!("=MAX({ratings})-MIN({ratings})"))
                .set_result(spread.to_string());
            sheet.write_formula(row, spread_col, formula)?;
        }
        if dimension.disagreement {
            sheet.write_string_with_format(
                row,
                flag_col,
                "Panel differs by 2+: discuss",
                &s.flagged,
            )?;
        }
    }
    if let Some(overall) = d.overall_mean {
        row += 1;
        let means = cell_range(first_matrix_row, mean_col, row - 1, mean_col);
        sheet.write_string_with_format(row, 0, "Overall (mean of dimension means)", &s.label)?;
        let formula = Formula::new(format!("=AVERAGE({means})")).set_result(overall.to_string());
        sheet.write_formula_with_format(row, mean_col, formula, &s.mean.clone().set_bold())?;
    }

    row += 2;
    sheet.write_string_with_format(row, 0, "Recommendations", &s.label)?;
    row += 1;
    for (col, heading) in (0..).zip([
        "Interviewer",
        "Exercise",
        "Recommendation",
        "Strong signals",
        "Red flags",
    ]) {
        sheet.write_string_with_format(row, col, heading, &s.heading)?;
    }
    for recommendation in &d.recommendations {
        row += 1;
        let call = recommendation
            .recommendation
            .and_then(|r| RECOMMENDATIONS.iter().find(|(value, _)| *value == r))
            .map_or("", |(_, label)| *label);
        let cells = [
            recommendation.interviewer.as_str(),
            recommendation.exercise.as_str(),
            call,
            recommendation.strong_signals.as_str(),
            recommendation.red_flags.as_str(),
        ];
        for (col, text) in (0..).zip(cells) {
            sheet.write_string_with_format(row, col, text, &s.text)?;
        }
    }
    row += 1;
    let tally = d.tally;
    sheet.write_string(
        row,
        0,
        format!(
            "Strong yes {} · Yes {} · No {} · Strong no {}",
            tally.strong_yes, tally.yes, tally.no, tally.strong_no
        ),
    )?;
    if !d.pending.is_empty() {
        row += 1;
        sheet.write_string_with_format(
            row,
            0,
            format!("Waiting for: {}", d.pending.join(", ")),
            &s.flagged,
        )?;
    }
    row += 2;
    sheet.write_string_with_format(row, 0, "Decision", &s.label)?;
    match &d.decision {
        Some(decision) => {
            let outcome = match decision.outcome {
                quartermaster_core::hiring::DecisionOutcome::Hire => "Hire",
                quartermaster_core::hiring::DecisionOutcome::NoHire => "No hire",
            };
            sheet.write_string(row, 1, format!("{outcome} on {}", decision.decided_on))?;
            sheet.write_string_with_format(row + 1, 1, &decision.rationale, &s.text)?;
        }
        None => {
            sheet.write_string(row, 1, "Not decided yet")?;
        }
    }

    let evidence = workbook.add_worksheet();
    evidence.set_name("Evidence")?;
    for (col, (heading, width)) in (0..).zip([
        ("Dimension", 34.0),
        ("Interviewer", 22.0),
        ("Rating", 8.0),
        ("Evidence", 90.0),
    ]) {
        evidence.set_column_width(col, width)?;
        evidence.write_string_with_format(0, col, heading, &s.heading)?;
    }
    let mut row = 0;
    for dimension in &d.rows {
        for ((rating, text), column) in dimension
            .ratings
            .iter()
            .zip(&dimension.evidence)
            .zip(&d.columns)
        {
            let Some(rating) = rating else { continue };
            row += 1;
            evidence.write_string(row, 0, &dimension.dimension)?;
            evidence.write_string(row, 1, &column.interviewer)?;
            evidence.write_number(row, 2, *rating as f64)?;
            evidence.write_string_with_format(row, 3, text, &s.text)?;
        }
    }
    Ok(())
}
