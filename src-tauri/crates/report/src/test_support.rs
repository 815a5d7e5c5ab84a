//! Test helpers: reading back what a drawn SVG shows (the texts a user reads — titles, axis
//! labels, ticks, value labels, legend — and the shapes drawn), and the demo at 10×.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use plotters::style::RGBColor;

/// The text of every `<text>` element, in drawing order, trimmed.
pub fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|rest| {
            let body = rest.split_once('>')?.1;
            Some(body.split_once("</text>")?.0.trim().to_string())
        })
        .collect()
}

/// One element of an SVG: its attributes, in order.
#[derive(Debug, Clone)]
pub struct Element(Vec<(String, String)>);

impl Element {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A numeric attribute (`x`, `width`, …); panics when missing, as a test should.
    pub fn num(&self, name: &str) -> f64 {
        let value = self
            .get(name)
            .unwrap_or_else(|| panic!("no {name} in {self:?}"));
        value.parse().unwrap_or_else(|_| panic!("{name}={value:?}"))
    }

    /// Whether the element is filled with `colour`.
    pub fn filled_with(&self, colour: RGBColor) -> bool {
        self.get("fill")
            .is_some_and(|f| f.eq_ignore_ascii_case(&hex(colour)))
    }
}

/// Every `<tag …>` element of the SVG, in drawing order.
pub fn elements(svg: &str, tag: &str) -> Vec<Element> {
    let open = format!("<{tag} ");
    svg.split(open.as_str())
        .skip(1)
        .map(|rest| {
            let head = rest.split('>').next().unwrap_or("");
            let mut attrs = Vec::new();
            let mut left = head;
            while let Some((name, after)) = left.split_once("=\"") {
                let Some((value, next)) = after.split_once('"') else {
                    break;
                };
                attrs.push((name.trim().to_string(), value.to_string()));
                left = next;
            }
            Element(attrs)
        })
        .collect()
}

/// The colour as SVG writes it, `#1F77B4`.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The demo organisation with every table copied until the file holds ten times its rows.
pub fn ten_times_demo() -> quartermaster_core::Store {
    let mut store = quartermaster_core::demo::in_memory().unwrap();
    store
        .with_untracked_tx(|tx| quartermaster_core::bench::undo::scale_up(tx, 10))
        .unwrap();
    store
}
