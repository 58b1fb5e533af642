//! `dondoc remind`: one urging run (for cron), and the schedule inside the server (every 10 minutes).
//!
//! Rules come from `--rules FILE` / `DONDOC_URGE_RULES` (JSON, see `dondoc_urge::UrgeRules`;
//! defaults otherwise). E-mail goes through `DONDOC_SMTP_URL` (`smtp://host:port` plain
//! for a local relay, `smtps://user:pass@host` with TLS) from `DONDOC_SMTP_FROM`; without
//! a URL, e-mail is skipped and the in-app notifications are still recorded.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use dondoc_store::PageRequest;
use dondoc_urge::{Mailer, SmtpConfig, SmtpMailer, UrgeRules};

#[derive(Debug, clap::Args)]
pub struct RemindArgs {
    /// Cơ sở dữ liệu: sqlite://TỆP hoặc postgres://... (database URL).
    #[arg(long, env = "DONDOC_DB", default_value = "sqlite://dondoc.db")]
    pub db: String,
    /// Chỉ in những gì sẽ ghi và gửi; không ghi, không gửi gì (dry run).
    #[arg(long)]
    pub dry_run: bool,
    /// Tính như vào ngày này (2026-12-19 hoặc 19/12/2026) thay cho hôm nay; lượt chạy
    /// được ghi cho ngày đó, nên ngày sau hôm nay chỉ dùng được với --dry-run.
    #[arg(long, value_parser = parse_day)]
    pub today: Option<NaiveDate>,
    /// Tệp quy tắc nhắc việc (JSON); mặc định: sắp đến hạn 3 ngày làm việc, quá hạn nhắc
    /// mỗi 5 ngày, chưa tiếp nhận sau 2 ngày, báo lãnh đạo sau 10 ngày (rules file).
    #[arg(long, env = "DONDOC_URGE_RULES")]
    pub rules: Option<PathBuf>,
    /// Write each unit's urging letter (công văn đôn đốc, DOCX) into this directory.
    #[arg(long)]
    pub letters_dir: Option<PathBuf>,
    /// Máy chủ thư: smtp://máy:cổng (không mã hóa) hoặc smtps://tên:mật_khẩu@máy (TLS).
    #[arg(long, env = "DONDOC_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Địa chỉ gửi thư: "dondoc <dondoc@example.gov.vn>" (sender).
    #[arg(long, env = "DONDOC_SMTP_FROM")]
    pub smtp_from: Option<String>,
}

use super::parse_day;

fn load_rules(path: Option<&std::path::Path>) -> Result<UrgeRules> {
    match path {
        Some(p) => Ok(UrgeRules::load(p)?),
        None => Ok(UrgeRules::default()),
    }
}

fn smtp_config(url: Option<String>, from: Option<String>) -> Option<SmtpConfig> {
    let url = url.filter(|u| !u.trim().is_empty())?;
    let from = from
        .filter(|f| !f.trim().is_empty())
        .unwrap_or_else(|| "dondoc <dondoc@localhost>".to_string());
    Some(SmtpConfig { url, from })
}

pub async fn run(args: RemindArgs) -> Result<()> {
    let rules = load_rules(args.rules.as_deref())?;
    crate::require_existing(&args.db)?;
    let store = crate::open_store(&args.db).await?;
    let app = crate::app_for(store);
    let today = args.today.unwrap_or_else(|| app.today());
    if today > app.today() && !args.dry_run {
        anyhow::bail!(
            "ngày {} chưa đến (hôm nay {}): chỉ xem trước được, hãy thêm --dry-run",
            today.format("%d/%m/%Y"),
            app.today().format("%d/%m/%Y")
        );
    }

    if args.dry_run {
        return dry_run(&app, &rules, today, args.letters_dir.is_some()).await;
    }

    let mailer: Option<SmtpMailer> = match smtp_config(args.smtp_url, args.smtp_from) {
        Some(c) => Some(SmtpMailer::new(&c)?),
        None => {
            tracing::info!(
                "chưa cấu hình DONDOC_SMTP_URL: không gửi thư, chỉ ghi thông báo trong ứng dụng"
            );
            None
        }
    };
    let s = dondoc_urge::run_once(
        &app,
        &rules,
        mailer.as_ref().map(|m| m as &dyn Mailer),
        today,
    )
    .await?;
    if s.evaluated {
        println!(
            "Đôn đốc ngày {}: {} nhắc việc, {} thông báo mới{}.",
            today.format("%d/%m/%Y"),
            s.reminders,
            s.new_notifications,
            if s.caught_up_days > 0 {
                format!(" (bù {} ngày chưa chạy)", s.caught_up_days)
            } else {
                String::new()
            }
        );
    } else {
        let last = app.store().last_reminder_run().await?;
        match last {
            Some(l) if l > today => println!(
                "Đôn đốc ngày {}: đã chạy đến ngày {} rồi, không chạy lại cho ngày trước đó.",
                today.format("%d/%m/%Y"),
                l.format("%d/%m/%Y")
            ),
            _ if s.new_notifications > 0 => println!(
                "Đôn đốc ngày {}: đã chạy trong ngày; đã ghi thêm {} thông báo (nhiệm vụ mới giao, \
                 khó khăn, vướng mắc báo cáo trong ngày chờ chỉ đạo).",
                today.format("%d/%m/%Y"),
                s.new_notifications
            ),
            _ if rules.new_work || rules.awaiting_direction => println!(
                "Đôn đốc ngày {}: đã chạy trong ngày, không có nhiệm vụ mới giao hay khó khăn, \
                 vướng mắc mới cần thông báo.",
                today.format("%d/%m/%Y")
            ),
            _ => println!(
                "Đôn đốc ngày {}: đã chạy trong ngày, không ghi thêm thông báo.",
                today.format("%d/%m/%Y")
            ),
        }
    }
    if s.email_disabled {
        println!("Thư điện tử: chưa cấu hình SMTP, bỏ qua.");
    } else {
        println!(
            "Thư điện tử: {} thư tổng hợp đã gửi ({} nội dung), {} thất bại, {} nội dung không có địa chỉ thư, {} nội dung đã đọc trong ứng dụng (không gửi).",
            s.emails_sent,
            s.emailed_items,
            s.emails_failed,
            s.no_address_items,
            s.already_read_items
        );
    }
    if let Some(dir) = &args.letters_dir {
        write_letters(&app, &rules, today, dir).await?;
    }
    if s.emails_failed > 0 {
        anyhow::bail!(
            "{} thư không gửi được; sẽ gửi lại lần chạy sau",
            s.emails_failed
        );
    }
    Ok(())
}

async fn write_letters(
    app: &dondoc_app::App,
    rules: &UrgeRules,
    today: NaiveDate,
    dir: &std::path::Path,
) -> Result<()> {
    let letters = dondoc_urge::draft_letters(app, rules, today).await?;
    std::fs::create_dir_all(dir).with_context(|| format!("tạo thư mục {}", dir.display()))?;
    for l in &letters {
        let path = dir.join(l.file_name());
        std::fs::write(&path, l.docx()?).with_context(|| format!("ghi {}", path.display()))?;
        println!(
            "Công văn đôn đốc {}: {} nhiệm vụ quá hạn → {}",
            l.unit_name,
            l.tasks.len(),
            path.display()
        );
    }
    if letters.is_empty() {
        println!("Không đơn vị nào có nhiệm vụ quá hạn: không có công văn đôn đốc.");
    }
    Ok(())
}

/// What a run would do, reading only.
async fn dry_run(
    app: &dondoc_app::App,
    rules: &UrgeRules,
    today: NaiveDate,
    letters: bool,
) -> Result<()> {
    let store = app.store();
    let last = store.last_reminder_run().await?;
    println!(
        "Chạy thử đôn đốc ngày {} (lần chạy trước: {}). Không ghi, không gửi.",
        today.format("%d/%m/%Y"),
        last.map_or("chưa có".to_string(), |d| d
            .format("%d/%m/%Y")
            .to_string())
    );
    let reminders = dondoc_urge::reminders_for(app, rules, today).await?;
    let people = store.people().await?;
    let mut fresh = 0;
    let mut by_person: std::collections::BTreeMap<_, Vec<&dondoc_urge::Reminder>> =
        Default::default();
    for r in &reminders {
        by_person.entry(r.person).or_default().push(r);
    }
    for (pid, list) in by_person {
        let known: std::collections::HashSet<String> = store
            .notifications(pid, false, PageRequest::new(1, PageRequest::MAX))
            .await?
            .items
            .into_iter()
            .map(|n| n.key)
            .collect();
        let p = people.iter().find(|p| p.id == pid);
        println!(
            "\n{} <{}>:",
            p.map_or(format!("#{pid}"), |p| p.full_name.clone()),
            p.and_then(|p| p.email.clone())
                .unwrap_or_else(|| "không có địa chỉ thư".into())
        );
        for r in list {
            let seen = known.contains(&r.key);
            if !seen {
                fresh += 1;
            }
            println!(
                "  {} {}{}",
                if seen { "·" } else { "+" },
                r.title,
                if seen {
                    " (đã ghi trước đây)"
                } else {
                    ""
                }
            );
        }
    }
    let pending = store.unemailed(5_000).await?.len();
    println!(
        "\nTổng: {} nhắc việc, {} mới; {} thông báo đang chờ gửi thư.",
        reminders.len(),
        fresh,
        pending
    );
    // What the real run would do: the rules are evaluated once per day, after the
    // last day run (the server runs them at start and every 10 minutes).
    if let Some(l) = last.filter(|l| *l >= today) {
        if l == today && (rules.new_work || rules.awaiting_direction) {
            println!(
                "Lưu ý: đôn đốc đã chạy ngày {}, nên lần chạy thật cho ngày {} sẽ chỉ ghi \
                 thông báo «Nhiệm vụ mới giao» của các nhiệm vụ giao trong ngày và thông báo \
                 khó khăn, vướng mắc báo cáo trong ngày chờ chỉ đạo chưa được báo (không ghi \
                 các nhắc việc khác ở trên) và gửi thư cho thông báo đang chờ.",
                l.format("%d/%m/%Y"),
                today.format("%d/%m/%Y")
            );
        } else {
            println!(
                "Lưu ý: đôn đốc đã chạy đến ngày {}, nên lần chạy thật cho ngày {} sẽ không ghi \
                 các nhắc việc trên (chỉ gửi thư cho thông báo đang chờ).",
                l.format("%d/%m/%Y"),
                today.format("%d/%m/%Y")
            );
        }
    }
    if letters {
        for l in dondoc_urge::draft_letters(app, rules, today).await? {
            println!(
                "Công văn đôn đốc (không ghi tệp): {} — {} nhiệm vụ quá hạn",
                l.unit_name,
                l.tasks.len()
            );
        }
    }
    Ok(())
}

/// The urging rules of a server, from `DONDOC_URGE_RULES` (the defaults without it); a
/// bad rules file is logged and gives `None`: the server runs on without the schedule,
/// and its urging letters are signed as by default.
pub fn server_rules() -> Option<UrgeRules> {
    let rules_path = std::env::var_os("DONDOC_URGE_RULES").map(PathBuf::from);
    match load_rules(rules_path.as_deref()) {
        Ok(r) => Some(r),
        Err(e) => {
            tracing::error!(error = %e, "đôn đốc tự động không chạy: tệp quy tắc lỗi; công văn đôn đốc ký theo mặc định");
            None
        }
    }
}

/// Starts the in-server reminder schedule on `rules` (called by `dondoc serve` and
/// `dondoc demo`): a run at start, then every 10 minutes. Reads `DONDOC_SMTP_URL` and
/// `DONDOC_SMTP_FROM`; a bad SMTP setting is logged and the schedule is not started
/// (the server runs on).
pub fn spawn_in_server(app: dondoc_app::App, rules: UrgeRules) {
    let mailer: Option<Arc<dyn Mailer>> = match SmtpConfig::from_env() {
        Some(c) => match SmtpMailer::new(&c) {
            Ok(m) => Some(Arc::new(m)),
            Err(e) => {
                tracing::error!(error = %e, "đôn đốc tự động không chạy: cấu hình SMTP lỗi");
                return;
            }
        },
        None => {
            tracing::info!(
                "chưa cấu hình DONDOC_SMTP_URL: đôn đốc chỉ ghi thông báo trong ứng dụng"
            );
            None
        }
    };
    dondoc_urge::spawn_scheduler(app, rules, mailer);
}
