//! `dondoc parse`: reads a directive (.txt, .docx, .pdf with a text layer)
//! and prints the proposed register entry and task breakdown, or scores the
//! parser on an annotated corpus (`--eval DIR`). All logic lives in
//! `dondoc-extract` and `dondoc-parser`; this file only reads files.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Text,
}

#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Văn bản cần đọc: .txt, .docx hoặc .pdf (the document to read).
    #[arg(required_unless_present = "eval")]
    pub file: Option<PathBuf>,
    /// Định dạng kết quả (output format).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Danh mục đơn vị, mảng JSON {id, name, abbreviation, aliases}, để đối chiếu đơn vị
    /// chủ trì, phối hợp (organisation directory).
    #[arg(long, value_name = "FILE")]
    pub directory: Option<PathBuf>,
    /// Đánh giá trên thư mục mẫu gồm `docs/` và `gold/` (evaluate on a corpus).
    #[arg(long, value_name = "DIR", conflicts_with = "file")]
    pub eval: Option<PathBuf>,
    /// Với --eval: báo lỗi nếu độ chính xác phần đầu (số, ngày, người ký) dưới mức này
    /// (0..1).
    #[arg(long, value_name = "X")]
    pub min_header: Option<f64>,
    /// Với --eval: báo lỗi nếu F1 đơn vị chủ trì dưới mức này.
    #[arg(long, value_name = "Y")]
    pub min_lead_f1: Option<f64>,
    /// Với --eval: báo lỗi nếu F1 thời hạn dưới mức này.
    #[arg(long, value_name = "Z")]
    pub min_deadline_f1: Option<f64>,
}

fn read_document(path: &Path) -> anyhow::Result<String> {
    let bytes =
        std::fs::read(path).with_context(|| format!("không đọc được tệp {}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if dondoc_app::edxml::is_package(&name, &bytes) {
        // An edXML package: the text of its file (the envelope is the web intake's).
        return dondoc_app::edxml::package_text(&bytes)
            .map(|(text, _, _)| text)
            .map_err(|e| anyhow::anyhow!("gói edXML {}: {e}", path.display()));
    }
    dondoc_extract::extract(&bytes, &name)
        .with_context(|| format!("không lấy được văn bản từ tệp {}", path.display()))
}

pub fn run(args: ParseArgs) -> anyhow::Result<()> {
    if let Some(dir) = &args.eval {
        return run_eval(dir, &args);
    }
    let Some(file) = &args.file else {
        anyhow::bail!("give a FILE to parse or --eval DIR");
    };
    let text = read_document(file)?;
    let parsed = dondoc_parser::parse(&text);
    let directory = match &args.directory {
        Some(p) => {
            let raw = std::fs::read_to_string(p)
                .with_context(|| format!("không đọc được tệp {}", p.display()))?;
            let units: Vec<dondoc_parser::DirectoryUnit> = serde_json::from_str(&raw)
                .with_context(|| format!("{} is not a unit directory", p.display()))?;
            Some(dondoc_parser::Directory::new(units))
        }
        None => None,
    };
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&parsed)?;
            if let (Some(d), Some(obj)) = (&directory, value.as_object_mut()) {
                obj.insert(
                    "resolved".into(),
                    serde_json::to_value(d.resolve_assignments(&parsed.document))?,
                );
            }
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        Format::Text => {
            print!("{}", parsed.render_text());
            if let Some(d) = &directory {
                for r in d.resolve_assignments(&parsed.document) {
                    println!(
                        "{} → {} ({:.2})",
                        r.lead.written,
                        r.lead.unit_id.as_deref().unwrap_or("?"),
                        r.lead.confidence
                    );
                }
            }
        }
    }
    Ok(())
}

fn run_eval(dir: &Path, args: &ParseArgs) -> anyhow::Result<()> {
    let docs_dir = dir.join("docs");
    let gold_dir = dir.join("gold");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&docs_dir)
        .with_context(|| format!("không liệt kê được thư mục {}", docs_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut items = Vec::new();
    for p in paths {
        let stem = p
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let gold_path = gold_dir.join(format!("{stem}.json"));
        let Ok(gold) = std::fs::read_to_string(&gold_path) else {
            eprintln!(
                "skipping {}: no gold file {}",
                p.display(),
                gold_path.display()
            );
            continue;
        };
        let text = read_document(&p)?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        items.push((name, text, gold));
    }
    let report = dondoc_parser::eval::evaluate(&items);
    print!("{}", report.render());
    let mut failures = Vec::new();
    let checks = [
        ("header accuracy", args.min_header, report.header_accuracy()),
        ("lead-unit F1", args.min_lead_f1, report.leads.f1()),
        ("deadline F1", args.min_deadline_f1, report.deadlines.f1()),
    ];
    for (what, floor, got) in checks {
        if let Some(floor) = floor
            && got < floor
        {
            failures.push(format!("{what} {got:.3} is below the floor {floor:.3}"));
        }
    }
    if !failures.is_empty() {
        anyhow::bail!(failures.join("; "));
    }
    Ok(())
}
