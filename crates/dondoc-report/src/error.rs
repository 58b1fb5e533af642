//! Errors of the exporters.

/// Why an export failed. The model is valid by construction, so these are failures of
/// the writers themselves (or of a font that cannot be parsed).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("DOCX writer failed: {0}")]
    Docx(String),
    #[error("XLSX writer failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("embedded font {0} cannot be parsed")]
    Font(&'static str),
}
