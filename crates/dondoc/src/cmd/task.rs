//! `dondoc task ...`: the task workflow from the command line, acting as a named person
//! (`--as USERNAME`) against the database directly. Every action goes through the same
//! use cases, permission checks and audit trail as the web and the API.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use dondoc_app::{App, TaskInput};
use dondoc_domain::policy::Actor;
use dondoc_domain::{ExtensionId, PersonId, ReportId, TaskId, TaskStatus};
use dondoc_store::{PageRequest, TaskFilter};

#[derive(Debug, clap::Args)]
pub struct TaskArgs {
    /// Cơ sở dữ liệu: sqlite://TỆP hoặc postgres://... (database URL).
    #[arg(
        long,
        env = "DONDOC_DB",
        default_value = "sqlite://dondoc.db",
        global = true
    )]
    pub db: String,
    /// Thực hiện với tư cách người dùng này (tên đăng nhập), theo quyền của họ (act as).
    #[arg(long = "as", env = "DONDOC_AS", global = true)]
    pub as_user: Option<String>,
    #[command(subcommand)]
    pub action: TaskAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum TaskAction {
    /// Danh sách nhiệm vụ người này được xem (list the tasks this person may see).
    List {
        /// Chỉ nhiệm vụ đơn vị này chủ trì hoặc phối hợp: mã đơn vị (`dondoc unit list`).
        #[arg(long, value_name = "UNIT_ID")]
        unit: Option<i64>,
        /// Trạng thái, cách nhau bằng dấu phẩy: assigned, received, in_progress,
        /// completion_proposed, completed, returned, stopped.
        #[arg(long)]
        status: Option<String>,
        /// Nhóm thống kê: done_on_time (hoàn thành đúng hạn), done_late (hoàn thành quá
        /// hạn), in_progress (đang thực hiện trong hạn), overdue (quá hạn).
        #[arg(long)]
        bucket: Option<String>,
        /// Trang (từ 1).
        #[arg(long, default_value_t = 1)]
        page: u32,
        /// Số nhiệm vụ mỗi trang (tối đa 500).
        #[arg(long, default_value_t = 50)]
        per_page: u32,
    },
    /// Chi tiết một nhiệm vụ, dạng JSON (show one task as JSON).
    Show {
        /// Mã nhiệm vụ.
        id: i64,
    },
    /// Giao nhiệm vụ từ tệp JSON: một đối tượng hoặc một mảng, mỗi nhiệm vụ dạng
    /// {"title": "…", "lead_unit": 6, "cooperating": [7], "deadline": {"type": "on_date",
    /// "date": "2026-09-30"}} (hoặc {"type": "working_days", "days": 10, "from":
    /// "2026-07-01"}, {"type": "ongoing", "cycle": {"every": "monthly", "day": 20}});
    /// tùy chọn: document_id, section, assignee, parent_task, urgency.
    Assign {
        /// Tệp JSON.
        file: std::path::PathBuf,
    },
    /// Tiếp nhận nhiệm vụ (trưởng đơn vị chủ trì).
    Receive {
        /// Mã nhiệm vụ.
        id: i64,
    },
    /// Trả lại nhiệm vụ cho nơi giao, kèm lý do (trưởng đơn vị chủ trì).
    Return {
        /// Mã nhiệm vụ.
        id: i64,
        /// Lý do trả lại, ví dụ "không đúng chức năng của phòng".
        #[arg(long)]
        reason: String,
    },
    /// Giao cho một cán bộ của đơn vị (trưởng đơn vị chủ trì).
    HandTo {
        /// Mã nhiệm vụ.
        id: i64,
        /// Mã cán bộ nhận việc.
        #[arg(long, value_name = "PERSON_ID")]
        person: i64,
    },
    /// Báo cáo tiến độ, khó khăn, vướng mắc (đơn vị chủ trì, phối hợp, cán bộ được giao).
    Report {
        /// Mã nhiệm vụ.
        id: i64,
        /// Tỷ lệ hoàn thành, 0–100.
        #[arg(long)]
        percent: u8,
        /// Kết quả thực hiện.
        #[arg(long)]
        narrative: String,
        /// Khó khăn, vướng mắc.
        #[arg(long, default_value = "")]
        obstacles: String,
        /// Đề xuất, kiến nghị.
        #[arg(long, default_value = "")]
        proposals: String,
        /// Báo cáo hoàn thành: đề xuất hoàn thành cùng báo cáo (cần --percent 100).
        #[arg(long)]
        propose_completion: bool,
    },
    /// Đề nghị gia hạn (đơn vị chủ trì); nhiệm vụ thường xuyên không gia hạn được.
    Extend {
        /// Mã nhiệm vụ.
        id: i64,
        /// Hạn mới đề nghị, NĂM-THÁNG-NGÀY (sau hạn hiện tại).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day)]
        to: NaiveDate,
        /// Lý do đề nghị gia hạn.
        #[arg(long)]
        reason: String,
    },
    /// Duyệt đề nghị gia hạn với --grant; không có --grant là không duyệt (nơi giao).
    Decide {
        /// Mã đề nghị gia hạn (in ra khi đề nghị, hoặc trong `task show`).
        extension: i64,
        /// Duyệt: hạn xử lý chuyển sang ngày đề nghị (hoặc ngày --until). Bỏ qua là
        /// không duyệt.
        #[arg(long)]
        grant: bool,
        /// Gia hạn đến ngày khác ngày đơn vị đề nghị, NĂM-THÁNG-NGÀY (ngày làm việc,
        /// sau hạn hiện tại); chỉ dùng cùng --grant.
        #[arg(long, value_name = "YYYY-MM-DD", requires = "grant", value_parser = super::parse_day)]
        until: Option<NaiveDate>,
        /// Ghi chú của người quyết định.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Ý kiến chỉ đạo của lãnh đạo về nhiệm vụ.
    Direct {
        /// Mã nhiệm vụ.
        id: i64,
        /// Nội dung chỉ đạo.
        #[arg(long)]
        text: String,
        /// Trả lời báo cáo này (mã báo cáo tiến độ).
        #[arg(long, value_name = "REPORT_ID")]
        report: Option<i64>,
    },
    /// Đề xuất hoàn thành (trưởng đơn vị chủ trì).
    Complete {
        /// Mã nhiệm vụ.
        id: i64,
    },
    /// Xác nhận hoàn thành (nơi giao).
    Confirm {
        /// Mã nhiệm vụ.
        id: i64,
    },
    /// Mở lại (nơi giao): nhiệm vụ đề xuất hoặc đã hoàn thành trở lại Đang thực hiện;
    /// nhiệm vụ bị trả lại được giao lại cho chính đơn vị đó.
    Reopen {
        /// Mã nhiệm vụ.
        id: i64,
        /// Lý do mở lại hoặc giao lại.
        #[arg(long)]
        reason: String,
    },
    /// Giao nhiệm vụ bị trả lại cho đơn vị chủ trì khác (nơi giao).
    Reassign {
        /// Mã nhiệm vụ.
        id: i64,
        /// Mã đơn vị chủ trì mới (`dondoc unit list`).
        #[arg(long, value_name = "UNIT_ID")]
        unit: i64,
        /// Lý do giao cho đơn vị này.
        #[arg(long)]
        reason: String,
    },
    /// Điều chỉnh nhiệm vụ đã giao (nơi giao): nội dung, độ khẩn hoặc hạn xử lý, kèm lý
    /// do; lịch sử xử lý ghi nội dung cũ và mới. Tùy chọn bỏ qua thì giữ nguyên.
    Amend {
        /// Mã nhiệm vụ.
        id: i64,
        /// Nội dung mới của nhiệm vụ.
        #[arg(long)]
        title: Option<String>,
        /// Hạn xử lý mới, NĂM-THÁNG-NGÀY (ngày làm việc, không trước hôm nay); chỉ lãnh
        /// đạo (nhiệm vụ con: trưởng đơn vị đã giao).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day)]
        due: Option<NaiveDate>,
        /// Độ khẩn mới: normal, khan, thuong_khan, hoa_toc.
        #[arg(long, value_parser = ["normal", "khan", "thuong_khan", "hoa_toc"])]
        urgency: Option<String>,
        /// Lý do điều chỉnh, ví dụ "vào sổ nhầm hạn xử lý".
        #[arg(long)]
        reason: String,
    },
    /// Dừng thực hiện (nơi giao).
    Stop {
        /// Mã nhiệm vụ.
        id: i64,
        /// Lý do dừng.
        #[arg(long)]
        reason: String,
    },
}

async fn actor(app: &App, user: Option<&str>) -> Result<Actor> {
    let user =
        user.context("hãy cho biết người thực hiện: --as TÊN_ĐĂNG_NHẬP (hoặc biến DONDOC_AS)")?;
    let (person, _) = app
        .store()
        .credentials(user)
        .await?
        .with_context(|| format!("không có người dùng {user}"))?;
    Ok(app.actor_for(&person).await?)
}

fn print<T: serde::Serialize>(v: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

pub async fn run(app: App, args: TaskArgs) -> Result<()> {
    let a = actor(&app, args.as_user.as_deref()).await?;
    let t = TaskId::new;
    match args.action {
        TaskAction::List {
            unit,
            status,
            bucket,
            page,
            per_page,
        } => {
            let mut f = TaskFilter {
                unit_id: unit.map(dondoc_domain::UnitId::new),
                ..Default::default()
            };
            for s in status
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter(|s| !s.trim().is_empty())
            {
                f.statuses.push(
                    TaskStatus::parse(s.trim())
                        .with_context(|| format!("trạng thái không hợp lệ: {s}"))?,
                );
            }
            if let Some(b) = bucket {
                f.bucket = Some((
                    dondoc_domain::Bucket::parse(&b)
                        .with_context(|| format!("nhóm thống kê không hợp lệ: {b}"))?,
                    app.today(),
                ));
            }
            let p = app.tasks(&a, f, PageRequest::new(page, per_page)).await?;
            let pages = p.total.div_ceil(u64::from(p.per_page.max(1))).max(1);
            println!("{} nhiệm vụ (trang {}/{pages}):", p.total, p.page);
            if p.items.is_empty() && u64::from(p.page) > pages {
                println!(
                    "Trang {} không có nhiệm vụ nào: trang cuối là {pages}.",
                    p.page
                );
            }
            for task in p.items {
                let due = task
                    .due_date
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_else(|| "thường xuyên".into());
                println!(
                    "#{:<6} {:<24} {:<12} {}",
                    task.id,
                    task.status.label(),
                    due,
                    task.title.chars().take(80).collect::<String>()
                );
            }
            Ok(())
        }
        TaskAction::Show { id } => print(&app.task_detail(&a, t(id)).await?),
        TaskAction::Assign { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("đọc {}", file.display()))?;
            let inputs: Vec<TaskInput> = match serde_json::from_str::<Vec<TaskInput>>(&text) {
                Ok(v) => v,
                Err(_) => vec![
                    serde_json::from_str(&text).context("tệp JSON không đúng dạng TaskInput")?,
                ],
            };
            print(&app.assign(&a, inputs).await?)
        }
        TaskAction::Receive { id } => print(&app.receive(&a, t(id), None).await?),
        TaskAction::Return { id, reason } => {
            print(&app.return_task(&a, t(id), None, &reason).await?)
        }
        TaskAction::HandTo { id, person } => {
            print(&app.hand_to(&a, t(id), None, PersonId::new(person)).await?)
        }
        TaskAction::Report {
            id,
            percent,
            narrative,
            obstacles,
            proposals,
            propose_completion,
        } => {
            if percent > 100 {
                bail!("tỷ lệ hoàn thành từ 0 đến 100");
            }
            if propose_completion {
                if percent != 100 {
                    bail!("báo cáo đề xuất hoàn thành phải có --percent 100");
                }
                return print(
                    &app.report_completion(
                        &a,
                        t(id),
                        None,
                        &narrative,
                        &obstacles,
                        &proposals,
                        &[],
                    )
                    .await?,
                );
            }
            print(
                &app.report_progress(
                    &a,
                    t(id),
                    None,
                    percent,
                    &narrative,
                    &obstacles,
                    &proposals,
                    &[],
                )
                .await?,
            )
        }
        TaskAction::Extend { id, to, reason } => {
            print(&app.request_extension(&a, t(id), to, &reason).await?)
        }
        TaskAction::Decide {
            extension,
            grant,
            until,
            note,
        } => print(
            &app.decide_extension(&a, ExtensionId::new(extension), grant, until, &note)
                .await?,
        ),
        TaskAction::Direct { id, text, report } => print(
            &app.give_direction(&a, t(id), report.map(ReportId::new), &text)
                .await?,
        ),
        TaskAction::Complete { id } => print(&app.propose_completion(&a, t(id), None).await?),
        TaskAction::Confirm { id } => print(&app.confirm_completion(&a, t(id), None).await?),
        TaskAction::Reopen { id, reason } => print(&app.reopen(&a, t(id), None, &reason).await?),
        TaskAction::Reassign { id, unit, reason } => print(
            &app.reassign(&a, t(id), None, dondoc_domain::UnitId::new(unit), &reason)
                .await?,
        ),
        TaskAction::Amend {
            id,
            title,
            due,
            urgency,
            reason,
        } => {
            let amendment = dondoc_domain::Amendment {
                title,
                // The parser above admits only the four codes.
                urgency: urgency.as_deref().and_then(dondoc_domain::Urgency::parse),
                due_date: due,
            };
            print(&app.amend_task(&a, t(id), None, &amendment, &reason).await?)
        }
        TaskAction::Stop { id, reason } => print(&app.stop(&a, t(id), None, &reason).await?),
    }
}
