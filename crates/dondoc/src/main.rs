//! The `dondoc` binary: the composition root. It reads the configuration, picks the
//! storage backend from the database URL, and runs a subcommand. Only this crate names
//! a backend; everything else sees `dyn Store`.

mod cmd;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use dondoc_app::{App, SystemClock};
use dondoc_calendar::Calendar;
use dondoc_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;

/// mimalloc, as in every dondoc binary (see the workspace Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "dondoc",
    version,
    about = "dondoc — giao việc, theo dõi, đôn đốc và báo cáo thực hiện nhiệm vụ",
    long_about = "dondoc turns directives into assigned tasks, monitors and urges them, and \
                  compiles reports (Vietnamese local government).\n\n\
                  Quick start: `dondoc demo` creates a demo database (UBND phường Kiến An) and \
                  serves it on http://127.0.0.1:8080.\n\
                  Database URLs: sqlite://FILE (default, embedded) or postgres://USER@HOST/DB."
)]
struct Cli {
    /// Định dạng nhật ký: pretty (cho người đọc) hoặc json (cho hệ thống thu thập nhật ký)
    /// (log format).
    #[arg(long, global = true, env = "DONDOC_LOG_FORMAT", default_value = "pretty", value_parser = ["pretty", "json"])]
    log_format: String,
    /// Tệp JSON điều chỉnh lịch làm việc do quản trị quyết định (calendar overrides):
    /// {"days_off": [{"date": "2027-02-05", "name": "Tết Nguyên đán"}], "working_days": ["2027-02-20"]}.
    #[arg(long, global = true, env = "DONDOC_HOLIDAYS")]
    holidays: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Args)]
struct DbArgs {
    /// Cơ sở dữ liệu: sqlite://TỆP hoặc postgres://NGƯỜI_DÙNG@MÁY:CỔNG/TÊN (database URL).
    #[arg(long, env = "DONDOC_DB", default_value = "sqlite://dondoc.db")]
    db: String,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Địa chỉ máy chủ lắng nghe (address to listen on).
    #[arg(long, env = "DONDOC_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Đánh dấu cookie phiên là Secure: bật khi chạy sau HTTPS (secure cookies).
    #[arg(long, env = "DONDOC_SECURE_COOKIES")]
    secure_cookies: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Chạy máy chủ web (Run the web server and the JSON API).
    Serve(ServeArgs),
    /// Tạo dữ liệu mẫu phường Kiến An rồi chạy máy chủ (Create or refresh the demo database, then serve it).
    Demo {
        /// Cơ sở dữ liệu; mặc định tệp SQLite dondoc-demo.db trong thư mục hiện hành
        /// (database URL).
        #[arg(long, env = "DONDOC_DB", default_value = "sqlite://dondoc-demo.db")]
        db: String,
        #[arg(long, env = "DONDOC_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Chỉ tạo dữ liệu mẫu, không chạy máy chủ (create the data and exit).
        #[arg(long)]
        no_serve: bool,
    },
    /// Áp dụng các bản cập nhật cấu trúc cơ sở dữ liệu (Apply database migrations).
    Migrate(DbArgs),
    /// Nhật ký kiểm toán (Audit trail).
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Nhiệm vụ: xem, giao, tiếp nhận, báo cáo, gia hạn, chỉ đạo, hoàn thành (Task workflow).
    Task(cmd::task::TaskArgs),
    /// Cơ quan, đơn vị (Organisations and units).
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Quản lý tài khoản (User accounts).
    #[command(subcommand)]
    User(UserCommand),
    /// Lịch làm việc: âm lịch, ngày nghỉ, cộng ngày làm việc, kỳ báo cáo.
    #[command(subcommand)]
    Cal(cmd::cal::CalCommand),
    /// Đọc văn bản chỉ đạo thành bản nháp có cấu trúc (Parse a directive).
    Parse(cmd::parse::ParseArgs),
    /// Đôn đốc: nhắc hạn, thư tổng hợp, báo cáo vượt cấp (Reminders; for cron).
    Remind(cmd::remind::RemindArgs),
    /// Báo cáo tổng hợp DOCX/PDF/XLSX (Consolidated progress report).
    Report(cmd::report::ReportArgs),
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Kiểm tra chuỗi băm của nhật ký: phát hiện mọi sửa đổi lịch sử (Verify the hash chain).
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Mã băm mới nhất do lần kiểm tra trước in ra: báo lỗi nếu nó không còn trong nhật
    /// ký, tức các sự kiện từ đó về sau đã bị xóa (The head hash printed by an earlier
    /// check: fails if it is gone, i.e. events from it on were removed).
    #[arg(long, value_name = "HASH")]
    head: Option<String>,
}

#[derive(Debug, Subcommand)]
enum UnitCommand {
    /// Tạo cơ quan hoặc đơn vị (Create an organisation or a unit).
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Tên chính thức, ví dụ "Ủy ban nhân dân phường Kiến An".
        #[arg(long)]
        name: String,
        /// Tên viết tắt, ví dụ "UBND" hoặc "KT-HT-ĐT".
        #[arg(long)]
        abbreviation: String,
        /// Mã đơn vị cấp trên; bỏ trống cho cơ quan cao nhất (parent unit id).
        #[arg(long)]
        parent: Option<i64>,
        /// authority (cơ quan có sổ văn bản) | unit (phòng, đơn vị)
        #[arg(long, default_value = "unit", value_parser = ["authority", "unit"])]
        kind: String,
        /// Tên gọi khác văn bản dùng cho đơn vị, lặp lại được (aliases).
        #[arg(long = "alias")]
        aliases: Vec<String>,
        /// Mã định danh trên Trục liên thông văn bản quốc gia (authority only), ví dụ
        /// "000.00.31.H26": the OrganId of its edXML packages.
        #[arg(long)]
        organ_code: Option<String>,
    },
    /// Liệt kê cơ quan, đơn vị (List units).
    List(DbArgs),
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Tạo tài khoản; mật khẩu đọc từ biến DONDOC_PASSWORD hoặc từ stdin.
    Add {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        username: String,
        /// Họ và tên.
        #[arg(long)]
        name: String,
        /// admin | leader | office | unit_head | unit_staff
        #[arg(long)]
        role: String,
        /// chu_tich | pho_chu_tich | chanh_van_phong | ... | chuyen_vien | van_thu
        #[arg(long, default_value = "chuyen_vien")]
        position: String,
        /// Mã đơn vị (`dondoc unit list`, GET /api/v1/units) (unit id).
        #[arg(long)]
        unit: i64,
        #[arg(long)]
        email: Option<String>,
    },
}

/// Opens the store named by the URL's scheme, applying migrations.
/// Refuses a SQLite database file that does not exist (opening one creates it).
pub fn require_existing(url: &str) -> Result<()> {
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or(path);
        if !path.is_empty() && path != ":memory:" && !std::path::Path::new(path).exists() {
            bail!(
                "không tìm thấy cơ sở dữ liệu {path}: kiểm tra lại đường dẫn --db \
                 (cơ sở dữ liệu mới được tạo bằng `dondoc migrate --db {url}`)"
            );
        }
    }
    Ok(())
}

pub async fn open_store(url: &str) -> Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        let s = dondoc_store_sqlite::SqliteStore::open(url)
            .await
            .with_context(|| format!("mở cơ sở dữ liệu {url}"))?;
        Ok(Arc::new(s))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let s = dondoc_store_postgres::PostgresStore::open(url)
            .await
            .with_context(|| "mở cơ sở dữ liệu PostgreSQL".to_string())?;
        Ok(Arc::new(s))
    } else {
        bail!("URL cơ sở dữ liệu không hợp lệ: {url} (dùng sqlite://TỆP hoặc postgres://...)")
    }
}

fn init_tracing(format: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn run_server(app: App, bind: SocketAddr, mut config: dondoc_web::WebConfig) -> Result<()> {
    if let Some(rules) = cmd::remind::server_rules() {
        config.letter = rules.letter.clone();
        cmd::remind::spawn_in_server(app.clone(), rules);
    }
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("không mở được cổng {bind}"))?;
    tracing::info!(%bind, backend = app.store().backend(), "dondoc đang chạy: http://{bind}");
    let state = dondoc_web::AppState {
        app,
        config: Arc::new(config),
    };
    dondoc_web::serve(listener, state, shutdown_signal())
        .await
        .context("máy chủ web dừng do lỗi")?;
    tracing::info!("đã dừng");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// The working-day calendar: official schedules and rules, plus the administrator's
/// overrides file if one is given.
fn calendar(overrides: Option<&std::path::Path>) -> Result<Calendar> {
    let cal = Calendar::vietnam();
    let Some(path) = overrides else {
        return Ok(cal);
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("đọc tệp lịch nghỉ {}", path.display()))?;
    let o: dondoc_calendar::Overrides = serde_json::from_str(&text)
        .with_context(|| format!("tệp lịch nghỉ {} không đúng định dạng", path.display()))?;
    Ok(cal.with_overrides(o))
}

static CALENDAR: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();

fn app_for(store: Arc<dyn Store>) -> App {
    let cal = CALENDAR.get().cloned().unwrap_or_else(Calendar::vietnam);
    App::new(store, cal, Arc::new(SystemClock))
}

fn main() -> std::process::ExitCode {
    // The commands that print end quietly when their reader goes (`| head`); the
    // server keeps Rust's default (SIGPIPE ignored), so a client hanging up never
    // stops it.
    if !matches!(std::env::args().nth(1).as_deref(), Some("serve" | "demo")) {
        sigpipe::reset();
    }
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // The message and its causes on one line. Returning the error from `main`
            // would print anyhow's Debug form, with a stack backtrace whenever
            // RUST_BACKTRACE is set: nothing an official can act on. A panic still
            // prints its own.
            eprintln!("Lỗi: {}", message(&e));
            std::process::ExitCode::FAILURE
        }
    }
}

/// Prints a command-line mistake in Vietnamese (clap writes English) and exits with
/// clap's status 2; help and version are printed as clap prints them.
fn exit_on_usage_error(e: clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let what = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let detail = std::error::Error::source(&e)
                .map(|s| number_message(&s.to_string()))
                .unwrap_or_default();
            let valid = ctx(ContextKind::ValidValue);
            format!(
                "giá trị \"{}\" của {} không hợp lệ{}{}",
                ctx(ContextKind::InvalidValue),
                ctx(ContextKind::InvalidArg),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(": {detail}")
                },
                if valid.is_empty() {
                    String::new()
                } else {
                    format!(" (dùng: {valid})")
                }
            )
        }
        ErrorKind::UnknownArgument => format!("không có tùy chọn {}", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            format!("không có lệnh {}", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu {}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand => "thiếu lệnh con".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "{} không dùng cùng {}",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị của {} không đúng", ctx(ContextKind::InvalidArg))
        }
        _ => e.exit(),
    };
    eprintln!("Lỗi: {what}\nXem hướng dẫn: dondoc --help (hoặc dondoc LỆNH --help)");
    std::process::exit(2)
}

/// The standard library's number errors, in words.
fn number_message(s: &str) -> String {
    match s {
        "invalid digit found in string" => "phải là số nguyên không âm".into(),
        "number too large to fit in target type" => "số quá lớn".into(),
        "number too small to fit in target type" => "số quá nhỏ".into(),
        "cannot parse integer from empty string" => "đang để trống".into(),
        "invalid float literal" => "phải là số".into(),
        other => other.into(),
    }
}

/// The error and its causes on one line, in Vietnamese: the operating system's file
/// errors ("No such file or directory (os error 2)") are said in words.
fn message(e: &anyhow::Error) -> String {
    e.chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => io_message(io),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "không có tệp hay thư mục này".into(),
        PermissionDenied => "không có quyền đọc hoặc ghi".into(),
        AlreadyExists => "đã có tệp này".into(),
        IsADirectory => "đây là một thư mục, không phải tệp".into(),
        NotADirectory => "đường dẫn không phải thư mục".into(),
        StorageFull => "ổ đĩa đã đầy".into(),
        InvalidData => "nội dung tệp không đọc được (không phải văn bản UTF-8?)".into(),
        _ => e.to_string(),
    }
}

fn run() -> Result<()> {
    let cli = Cli::try_parse().unwrap_or_else(|e| exit_on_usage_error(e));
    match cli.command {
        // Pure commands need no runtime and no logging setup.
        Command::Cal(c) => return cmd::cal::run(c),
        Command::Parse(a) => return cmd::parse::run(a),
        _ => {}
    }
    init_tracing(&cli.log_format);
    let _ = CALENDAR.set(calendar(cli.holidays.as_deref())?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("khởi tạo tokio")?;
    rt.block_on(async move {
        match cli.command {
            Command::Serve(a) => {
                let store = open_store(&a.db.db).await?;
                let config = dondoc_web::WebConfig {
                    public_read_org: None,
                    secure_cookies: a.secure_cookies,
                    ..Default::default()
                };
                run_server(app_for(store), a.bind, config).await
            }
            Command::Demo { db, bind, no_serve } => {
                if let Some(path) = db
                    .strip_prefix("sqlite://")
                    .or_else(|| db.strip_prefix("sqlite:"))
                {
                    // Refresh: the demo database is rebuilt from scratch each time.
                    for suffix in ["", "-wal", "-shm"] {
                        let p = format!("{path}{suffix}");
                        if std::path::Path::new(&p).exists() {
                            std::fs::remove_file(&p).with_context(|| format!("xóa {p}"))?;
                        }
                    }
                }
                let store = open_store(&db).await?;
                let app = app_for(store);
                let demo = dondoc_app::demo::seed_demo(&app).await?;
                demo.print();
                if no_serve {
                    return Ok(());
                }
                tracing::warn!("chế độ demo: API cho phép đọc không cần đăng nhập (dữ liệu mẫu)");
                let config = dondoc_web::WebConfig {
                    public_read_org: Some(demo.ward),
                    secure_cookies: false,
                    ..Default::default()
                };
                run_server(app, bind, config).await
            }
            Command::Migrate(a) => {
                let store = open_store(&a.db).await?;
                println!("Cơ sở dữ liệu đã được cập nhật ({}).", store.backend());
                Ok(())
            }
            Command::Audit(AuditCommand::Verify(a)) => {
                // Checking a database that is not there would create an empty one and
                // call it intact.
                require_existing(&a.db.db)?;
                let app = app_for(open_store(&a.db.db).await?);
                match app.verify_audit(a.head.as_deref()).await? {
                    Ok(v) if v.noted_found == Some(false) => bail!(
                        "NHẬT KÝ BỊ CẮT: không còn sự kiện có mã băm {} trong nhật ký; \
                         các sự kiện từ đó về sau đã bị xóa (còn {} sự kiện, mã băm mới nhất {})",
                        a.head.as_deref().unwrap_or_default(),
                        v.events,
                        v.head
                    ),
                    Ok(v) => {
                        println!(
                            "Nhật ký nguyên vẹn: {} sự kiện, chuỗi băm khớp.\n\
                             Mã băm mới nhất: {}\n\
                             (Ghi lại mã này và lần sau kiểm tra với --head MÃ: nếu các sự kiện \
                             mới nhất bị xóa, lệnh sẽ báo lỗi.)",
                            v.events, v.head
                        );
                        Ok(())
                    }
                    Err(e) => bail!("NHẬT KÝ BỊ SỬA: {e}"),
                }
            }
            Command::Unit(UnitCommand::Add {
                db,
                name,
                abbreviation,
                parent,
                kind,
                aliases,
                organ_code,
            }) => {
                require_existing(&db.db)?;
                let app = app_for(open_store(&db.db).await?);
                let kind = dondoc_domain::UnitKind::parse(&kind).with_context(|| {
                    format!("loại đơn vị không hợp lệ: {kind} (dùng authority hoặc unit)")
                })?;
                // Checked before anything is created.
                let organ_code = match organ_code.as_deref() {
                    Some(c) => dondoc_domain::unit::parse_organ_code(c)?,
                    None => None,
                };
                if organ_code.is_some() && kind != dondoc_domain::UnitKind::Authority {
                    bail!("chỉ cơ quan (--kind authority) mới có mã định danh liên thông");
                }
                let aliases: Vec<&str> = aliases.iter().map(String::as_str).collect();
                let u = dondoc_domain::NewUnit::new(
                    parent.map(dondoc_domain::UnitId::new),
                    kind,
                    &name,
                    &abbreviation,
                    &aliases,
                )?;
                let mut u = app.create_unit(None, u).await?;
                if let Some(code) = organ_code {
                    u = app.set_unit_organ_code(None, u.id, &code).await?;
                }
                match &u.organ_code {
                    Some(c) => println!("Đã tạo {} (#{}, mã định danh {c}).", u.name, u.id),
                    None => println!("Đã tạo {} (#{}).", u.name, u.id),
                }
                Ok(())
            }
            Command::Unit(UnitCommand::List(db)) => {
                require_existing(&db.db)?;
                let app = app_for(open_store(&db.db).await?);
                for u in app.units().await? {
                    let parent = u
                        .parent_id
                        .map(|p| format!(" (thuộc #{p})"))
                        .unwrap_or_default();
                    let code = u
                        .organ_code
                        .as_deref()
                        .map(|c| format!("\tmã định danh {c}"))
                        .unwrap_or_default();
                    println!("#{}\t{}\t{}{}{code}", u.id, u.abbreviation, u.name, parent);
                }
                Ok(())
            }
            Command::User(UserCommand::Add {
                db,
                username,
                name,
                role,
                position,
                unit,
                email,
            }) => {
                require_existing(&db.db)?;
                let app = app_for(open_store(&db.db).await?);
                let role = dondoc_domain::Role::parse(&role).with_context(|| {
                    format!(
                        "vai trò không hợp lệ: {role} (dùng: {})",
                        dondoc_domain::Role::ALL.map(|r| r.as_str()).join(", ")
                    )
                })?;
                let position = dondoc_domain::Position::parse(&position).with_context(|| {
                    format!(
                        "chức vụ không hợp lệ: {position} (dùng: {})",
                        dondoc_domain::Position::ALL.map(|p| p.as_str()).join(", ")
                    )
                })?;
                let password = match std::env::var("DONDOC_PASSWORD") {
                    Ok(p) => p,
                    Err(_) => {
                        let mut p = String::new();
                        std::io::stdin()
                            .read_line(&mut p)
                            .context("đọc mật khẩu từ stdin")?;
                        p.trim_end_matches(['\r', '\n']).to_string()
                    }
                };
                let new = dondoc_domain::NewPerson::new(
                    dondoc_domain::UnitId::new(unit),
                    &name,
                    position,
                    role,
                    Some(&username),
                    email.as_deref(),
                )?;
                let p = app.create_person(None, new, Some(&password)).await?;
                println!("Đã tạo tài khoản {} (#{}).", username, p.id);
                Ok(())
            }
            Command::Task(a) => {
                require_existing(&a.db)?;
                let app = app_for(open_store(&a.db).await?);
                cmd::task::run(app, a).await
            }
            Command::Remind(a) => cmd::remind::run(a).await,
            Command::Report(a) => cmd::report::run(a).await,
            Command::Cal(_) | Command::Parse(_) => Ok(()),
        }
    })
}
