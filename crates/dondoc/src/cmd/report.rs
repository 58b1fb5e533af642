//! `dondoc report`: the consolidated progress report (DOCX, PDF, XLSX) or a directive's
//! implementing letter (DOCX, PDF), written to a file. The command acts as the
//! organisation's Office (the first person with the Office role) unless `--as` names
//! another account; it sees what that person may see.

use anyhow::{Context, Result, bail};
use dondoc_app::reports::ReportScopeInput;
use dondoc_app::reports::dondoc_report::{docx, pdf, xlsx};
use dondoc_domain::{DocumentId, Role, UnitId};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Cơ sở dữ liệu: sqlite://TỆP hoặc postgres://... (database URL).
    #[arg(long, env = "DONDOC_DB", default_value = "sqlite://dondoc.db")]
    pub db: String,
    /// Báo cáo theo văn bản chỉ đạo (document id).
    #[arg(long, value_name = "ID", conflicts_with_all = ["unit", "period", "letter"])]
    pub directive: Option<i64>,
    /// Báo cáo theo đơn vị chủ trì (unit id).
    #[arg(long, value_name = "ID", conflicts_with_all = ["period", "letter"])]
    pub unit: Option<i64>,
    /// Kỳ báo cáo Nghị định 09: monthly|quarterly|half|nine-months|annual[:NGÀY], NGÀY
    /// viết 30/09/2026 hoặc 2026-09-30 (the period containing the date; today if none).
    #[arg(long, value_name = "KIND[:DATE]", conflicts_with = "letter")]
    pub period: Option<String>,
    /// Soạn công văn triển khai từ văn bản đi (document id) thay vì báo cáo.
    #[arg(long, value_name = "DOC_ID")]
    pub letter: Option<i64>,
    /// Định dạng: docx, pdf hoặc xlsx (xlsx chỉ cho báo cáo).
    #[arg(long, value_parser = ["docx", "pdf", "xlsx"])]
    pub format: String,
    /// Tệp kết quả.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Lập với quyền của tài khoản này (mặc định: người đầu tiên thuộc Văn phòng).
    #[arg(long = "as", value_name = "USERNAME")]
    pub as_user: Option<String>,
}

fn positive(what: &str, id: i64) -> Result<i64> {
    if id <= 0 {
        bail!("mã {what} phải là số dương (nhận được {id})");
    }
    Ok(id)
}

pub async fn run(args: ReportArgs) -> Result<()> {
    if args.format == "xlsx" && args.letter.is_some() {
        bail!("công văn chỉ xuất được dạng docx hoặc pdf (--format docx|pdf)");
    }
    crate::require_existing(&args.db)?;
    let store = crate::open_store(&args.db).await?;
    let app = crate::app_for(store);
    let people = app.people().await?;
    let person = match &args.as_user {
        Some(u) => people
            .iter()
            .find(|p| p.username.as_deref() == Some(u.as_str()))
            .with_context(|| format!("không có tài khoản \"{u}\""))?,
        None => {
            // The Office of the organisation that assigns the most tasks (a database
            // may also hold the level above, e.g. the city's office in the demo).
            let mut best: Option<(&dondoc_domain::Person, u64)> = None;
            for p in people.iter().filter(|p| p.role == Role::Office) {
                let a = app.actor_for(p).await?;
                let n = app.stats(&a, Default::default()).await?.total();
                if best.is_none_or(|(_, m)| n > m) {
                    best = Some((p, n));
                }
            }
            best.map(|(p, _)| p)
                .context("chưa có ai thuộc Văn phòng để lập báo cáo; dùng --as TÊN_ĐĂNG_NHẬP")?
        }
    };
    let actor = app.actor_for(person).await?;
    let started = Instant::now();

    let bytes = if let Some(id) = args.letter {
        let id = positive("văn bản", id)?;
        eprintln!("Đang soạn công văn từ văn bản số {id}…");
        let letter = app.compose_letter(&actor, DocumentId::new(id)).await?;
        match args.format.as_str() {
            "pdf" => pdf::export(&letter)?,
            _ => docx::export(&letter)?,
        }
    } else {
        let scope = if let Some(id) = args.directive {
            ReportScopeInput::Directive {
                document_id: DocumentId::new(positive("văn bản", id)?),
            }
        } else if let Some(id) = args.unit {
            ReportScopeInput::Unit {
                unit_id: UnitId::new(positive("đơn vị", id)?),
            }
        } else if let Some(p) = &args.period {
            let (kind, date) =
                dondoc_app::reports::parse_period(p, app.today()).map_err(anyhow::Error::msg)?;
            ReportScopeInput::Period { kind, date }
        } else {
            ReportScopeInput::Organisation
        };
        eprintln!("Đang tổng hợp các nhiệm vụ {} được xem…", person.full_name);
        let report = app.progress_report(&actor, scope).await?;
        eprintln!(
            "Đã tổng hợp {} nhiệm vụ (số liệu tính đến ngày {}); đang xuất {}…",
            report.totals.total(),
            report.as_of.format("%d/%m/%Y"),
            args.format
        );
        match args.format.as_str() {
            "xlsx" => xlsx::export_report(&report, &app.report_issuer(&actor).await?)?,
            f => {
                let doc = report.to_document(app.report_frame(&actor).await?);
                if f == "pdf" {
                    pdf::export(&doc)?
                } else {
                    docx::export(&doc)?
                }
            }
        }
    };
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("không ghi được tệp {}", args.out.display()))?;
    eprintln!(
        "Xong trong {} ms ({} KB).",
        started.elapsed().as_millis(),
        bytes.len().div_ceil(1024)
    );
    println!("{}", args.out.display());
    Ok(())
}
