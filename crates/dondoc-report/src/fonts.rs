//! The embedded Liberation Serif faces (metric-compatible with Times New Roman, SIL
//! OFL, see `fonts/OFL.txt`) and text measurement.
//!
//! They are compiled in so that rendering never depends on the fonts of the machine.
//! The DOCX exporter names "Times New Roman" and uses these metrics only to size
//! rules and columns; the PDF exporter embeds the faces themselves.

use std::sync::OnceLock;

use crate::error::ExportError;

/// Bold/italic variant of the serif face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ];

    pub fn new(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub fn is_bold(self) -> bool {
        matches!(self, Style::Bold | Style::BoldItalic)
    }

    pub fn is_italic(self) -> bool {
        matches!(self, Style::Italic | Style::BoldItalic)
    }

    pub(crate) fn postscript_name(self) -> &'static str {
        match self {
            Style::Regular => "LiberationSerif",
            Style::Bold => "LiberationSerif-Bold",
            Style::Italic => "LiberationSerif-Italic",
            Style::BoldItalic => "LiberationSerif-BoldItalic",
        }
    }

    pub(crate) fn data(self) -> &'static [u8] {
        match self {
            Style::Regular => include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
            Style::Bold => include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
            Style::Italic => include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
            Style::BoldItalic => include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
        }
    }
}

/// What the exporters need from a face: glyph ids and advances, looked up once per
/// character in a table so that measuring 10,000 table cells stays cheap.
pub(crate) struct Metrics {
    pub units_per_em: f32,
    pub ascender: f32,
    pub descender: f32,
    pub cap_height: f32,
    pub bbox: [f32; 4],
    pub italic_angle: f32,
    /// Advance width per glyph id, in 1/1000 em (PDF text space units).
    pub advances: Vec<f32>,
    /// Glyph ids of ASCII characters, the bulk of Vietnamese text too, without a search.
    ascii: [Option<u16>; 128],
    /// (char, glyph id) sorted by char, for binary search.
    cmap: Vec<(char, u16)>,
}

impl Metrics {
    fn parse(style: Style) -> Result<Self, ExportError> {
        let face = ttf_parser::Face::parse(style.data(), 0)
            .map_err(|_| ExportError::Font(style.postscript_name()))?;
        let mut cmap = Vec::new();
        if let Some(table) = face.tables().cmap {
            for sub in table.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| {
                    if let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                        cmap.push((c, g.0));
                    }
                });
            }
        }
        cmap.sort_unstable();
        cmap.dedup_by_key(|(c, _)| *c);
        let upem = f32::from(face.units_per_em());
        let advances = (0..face.number_of_glyphs())
            .map(|g| {
                f32::from(face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0)) * 1000.0
                    / upem
            })
            .collect();
        let mut ascii = [None; 128];
        for &(c, g) in &cmap {
            if let Some(slot) = ascii.get_mut(c as usize) {
                *slot = Some(g);
            }
        }
        let bb = face.global_bounding_box();
        Ok(Self {
            units_per_em: f32::from(face.units_per_em()),
            ascender: f32::from(face.ascender()),
            descender: f32::from(face.descender()),
            cap_height: f32::from(face.capital_height().unwrap_or(face.ascender())),
            bbox: [
                f32::from(bb.x_min),
                f32::from(bb.y_min),
                f32::from(bb.x_max),
                f32::from(bb.y_max),
            ],
            italic_angle: face.italic_angle(),
            advances,
            ascii,
            cmap,
        })
    }

    /// Glyph id of a character, `None` when the face lacks it.
    pub fn glyph(&self, c: char) -> Option<u16> {
        if c.is_ascii() {
            return self.ascii[c as usize];
        }
        self.cmap
            .binary_search_by_key(&c, |(k, _)| *k)
            .ok()
            .map(|i| self.cmap[i].1)
    }

    /// Advance of a glyph in 1/1000 em (PDF text space units).
    pub fn advance_milli(&self, glyph: u16) -> f32 {
        self.advances
            .get(usize::from(glyph))
            .copied()
            .unwrap_or(0.0)
    }
}

static METRICS: OnceLock<Result<[Metrics; 4], ExportError>> = OnceLock::new();

/// Parsed metrics of the four faces, parsed once per process.
pub(crate) fn metrics() -> Result<&'static [Metrics; 4], ExportError> {
    let m = METRICS.get_or_init(|| {
        Ok([
            Metrics::parse(Style::Regular)?,
            Metrics::parse(Style::Bold)?,
            Metrics::parse(Style::Italic)?,
            Metrics::parse(Style::BoldItalic)?,
        ])
    });
    match m {
        Ok(m) => Ok(m),
        Err(ExportError::Font(name)) => Err(ExportError::Font(name)),
        Err(_) => Err(ExportError::Font("LiberationSerif")),
    }
}

/// Width of `text` in points when set in `style` at `size_pt`.
/// Characters missing from the face count as a question mark, as the PDF renders them.
pub fn text_width_pt(style: Style, size_pt: f32, text: &str) -> Result<f32, ExportError> {
    let m = &metrics()?[style.index()];
    let fallback = m.glyph('?').unwrap_or(0);
    let milli: f32 = text
        .chars()
        .map(|c| m.advance_milli(m.glyph(c).unwrap_or(fallback)))
        .sum();
    Ok(milli * size_pt / 1000.0)
}
