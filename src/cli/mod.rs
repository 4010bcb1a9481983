//! Commands of the binary that work on the store: `user …` and `token …` (accounts, run on
//! the server's machine; no HTTP).

mod desk_file;

use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use dateline::auth::{Role, UserName, password, token::ApiToken};
use dateline::store::any::is_database_url;
use dateline::store::{AnyStore, EventGeometry, PgStore, SqliteStore, Store};

/// Where the store is: a SQLite data directory, or a PostgreSQL database when
/// `--database` is given.
#[derive(Args, Debug, Clone)]
pub struct StoreArgs {
    /// The data directory of the store (SQLite), created and migrated on first use (and
    /// seeded with the embedded dataset by `serve`). Unused with --database.
    #[arg(
        long = "data",
        env = "DATELINE_DATA_DIR",
        default_value = "dateline-data"
    )]
    pub data: PathBuf,
    /// A PostgreSQL database with PostGIS (`postgres://user:password@host:port/name`)
    /// instead of the data directory; several servers may share it. Migrated on first use.
    #[arg(long = "database", env = "DATELINE_DATABASE_URL", value_name = "URL")]
    pub database: Option<String>,
}

impl StoreArgs {
    /// Where the store is, for logs: the directory, or the URL without its password.
    pub fn shown(&self) -> String {
        match &self.database {
            Some(url) => without_password(url),
            None => self.data.display().to_string(),
        }
    }

    /// Opens (creating and migrating) the store; events written to PostgreSQL get the
    /// geometry `geometry` gives.
    ///
    /// # Errors
    /// When it cannot be opened, naming where it is (never the password).
    pub async fn open(&self, geometry: Option<EventGeometry>) -> Result<AnyStore> {
        match &self.database {
            Some(url) if !is_database_url(url) => {
                bail!("--database {url:?}: expected a postgres:// URL")
            }
            Some(url) => Ok(PgStore::connect(url, geometry)
                .await
                .with_context(|| format!("opening the database {}", without_password(url)))?
                .into()),
            None => Ok(open_store(&self.data).await?.into()),
        }
    }
}

/// `url` with the password of its user info replaced by `***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// `dateline user …`.
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account; the password is asked for, or read from stdin with --password-stdin.
    Add {
        /// The account name (letters, digits, `.`, `_`, `-`).
        name: String,
        /// editor (writes and publishes) or admin (also manages accounts).
        #[arg(long, value_parser = ["editor", "admin"], default_value = "editor")]
        role: String,
        /// Read the password from the first line of stdin (scripts).
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List the accounts.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Remove an account with its sessions and tokens (its revisions keep its name).
    Remove {
        /// The account name.
        name: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Set a new password (and end the account's sessions).
    ResetPassword {
        /// The account name.
        name: String,
        /// Read the password from the first line of stdin (scripts).
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
}

/// `dateline token …`.
#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token for USER and print it (shown once; stored hashed).
    Create {
        /// The account name.
        user: String,
        /// What the token is for.
        #[arg(long, default_value = "")]
        label: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List the tokens (never their secrets).
    List {
        /// Only this account's.
        #[arg(long)]
        user: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Revoke a token by its number (from `token list`).
    Revoke {
        /// The token's number.
        id: i64,
        #[command(flatten)]
        store: StoreArgs,
    },
}

/// Opens (creating and migrating) the SQLite store in `dir`.
///
/// # Errors
/// When it cannot be opened, naming the directory.
pub async fn open_store(dir: &Path) -> Result<SqliteStore> {
    SqliteStore::open(dir)
        .await
        .with_context(|| format!("opening the store in {}", dir.display()))
}

fn name(s: &str) -> Result<UserName> {
    UserName::parse(s).map_err(|e| anyhow::anyhow!("user name {s:?}: {e}"))
}

/// The password: from stdin's first line with `--password-stdin`, else asked for twice at
/// the terminal without echo. Checked against the policy.
fn read_password(user: &UserName, from_stdin: bool) -> Result<String> {
    let pass = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from stdin")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        let prompt = format!(
            "password for {} (at least {} characters): ",
            user.as_str(),
            password::MIN_CHARS
        );
        let pass = rpassword::prompt_password(prompt)
            .context("reading the password (use --password-stdin without a terminal)")?;
        let again = rpassword::prompt_password("again: ").context("reading the password")?;
        if again != pass {
            bail!("the passwords differ");
        }
        pass
    };
    password::check_policy(&pass, user).map_err(|e| anyhow::anyhow!("password: {e}"))?;
    Ok(pass)
}

/// Runs a `user` command.
///
/// # Errors
/// Every failure, in words for the command line.
pub async fn user(cmd: UserCommand) -> Result<()> {
    match cmd {
        UserCommand::Add {
            name: n,
            role,
            password_stdin,
            store,
        } => {
            let n = name(&n)?;
            let role = if role == "admin" {
                Role::Admin
            } else {
                Role::Editor
            };
            let pass = read_password(&n, password_stdin)?;
            let phc = password::hash(&pass).map_err(|e| anyhow::anyhow!("{e}"))?;
            let st = store.open(None).await?;
            let u = st.add_user(n.as_str(), role, &phc).await?;
            eprintln!("added {} ({})", u.name, u.role.as_str());
        }
        UserCommand::List { store } => {
            let st = store.open(None).await?;
            for u in st.users().await? {
                println!("{}\t{}\t{}", u.name, u.role.as_str(), u.created_at);
            }
        }
        UserCommand::Remove { name: n, store } => {
            let n = name(&n)?;
            store.open(None).await?.remove_user(n.as_str()).await?;
            eprintln!("removed {}", n.as_str());
        }
        UserCommand::ResetPassword {
            name: n,
            password_stdin,
            store,
        } => {
            let n = name(&n)?;
            let st = store.open(None).await?;
            if st.user_by_name(n.as_str()).await?.is_none() {
                bail!("no user {}", n.as_str());
            }
            let pass = read_password(&n, password_stdin)?;
            let phc = password::hash(&pass).map_err(|e| anyhow::anyhow!("{e}"))?;
            st.set_password(n.as_str(), &phc).await?;
            eprintln!("password of {} set; their sessions ended", n.as_str());
        }
    }
    Ok(())
}

/// Runs a `token` command.
///
/// # Errors
/// Every failure, in words for the command line.
pub async fn token(cmd: TokenCommand) -> Result<()> {
    match cmd {
        TokenCommand::Create { user, label, store } => {
            let n = name(&user)?;
            let st = store.open(None).await?;
            let Some((u, _)) = st.user_by_name(n.as_str()).await? else {
                bail!("no user {}", n.as_str());
            };
            let (secret, stored) = ApiToken::generate().map_err(|e| anyhow::anyhow!("{e}"))?;
            let id = st.add_token(&u, &stored, &label).await?;
            println!("{secret}");
            eprintln!(
                "token {id} for {} (shown once; send it as `Authorization: Bearer …`)",
                u.name
            );
        }
        TokenCommand::List { user, store } => {
            let st = store.open(None).await?;
            for t in st.tokens(user.as_deref()).await? {
                println!(
                    "{}\t{}\t{}…\t{}\t{}\t{}",
                    t.id,
                    t.user,
                    t.prefix,
                    t.label,
                    t.created_at,
                    t.revoked_at.as_deref().unwrap_or("active")
                );
            }
        }
        TokenCommand::Revoke { id, store } => {
            store.open(None).await?.revoke_token(id).await?;
            eprintln!("token {id} revoked");
        }
    }
    Ok(())
}

/// `export --toml DIR`: the store's sources, events and texts, drafts included.
///
/// # Errors
/// When the store cannot be read or a file written.
pub async fn export_toml(store: &StoreArgs, to: &Path) -> Result<()> {
    let st = store.open(None).await?;
    let all = st.everything().await?;
    let mut n = all
        .dataset
        .write_dir(to, &all.texts)
        .with_context(|| format!("writing {}", to.display()))?;
    let places: Vec<serde_json::Value> = st
        .list(dateline::store::Kind::Place, None)
        .await?
        .into_iter()
        .map(|p| p.record.doc)
        .collect();
    if desk_file::write(&st, to).await? {
        n += 1;
    }
    if !places.is_empty() {
        let file = to.join(dateline::desk::places::FILE_NAME);
        let body = serde_json::to_string_pretty(&dateline::desk::places::to_geojson(&places))?;
        std::fs::write(&file, body + "\n")
            .with_context(|| format!("writing {}", file.display()))?;
        n += 1;
        eprintln!("{} editor places in {}", places.len(), file.display());
    }
    eprintln!(
        "wrote {n} files ({} sources, {} events, data version {}) to {}",
        all.dataset.sources.len(),
        all.dataset.events.len(),
        all.version,
        to.display()
    );
    Ok(())
}

/// The editor places of a dataset directory (`places.geojson`, written by `export --toml`),
/// validated (and registered with `g` when given); none without the file.
///
/// # Errors
/// When the file cannot be read, is not JSON, or a place is invalid (naming the feature).
pub fn read_places(
    dir: &Path,
    g: Option<&dateline::gazetteer::Gazetteer>,
) -> Result<Vec<serde_json::Value>> {
    let file = dir.join(dateline::desk::places::FILE_NAME);
    if !file.is_file() {
        return Ok(Vec::new());
    }
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}:{}: not JSON: {e}", file.display(), e.line()))?;
    let checker;
    let g = match g {
        Some(g) => g,
        None => {
            checker = dateline::gazetteer::Gazetteer::load_default()?;
            &checker
        }
    };
    let docs = dateline::desk::places::from_geojson(&v, g)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    dateline::desk::places::register_docs(g, &docs)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    Ok(docs)
}

/// `import --toml DIR`: a dataset directory into an empty store: published, except what its
/// `desk.json` says are drafts (with its maps and mention decisions) and its editor places.
///
/// # Errors
/// When the directory does not load or the store is not empty.
pub async fn import_toml(
    from: &Path,
    store: &StoreArgs,
    geometry: Option<EventGeometry>,
) -> Result<()> {
    let ds = dateline::events::Dataset::load_dir(from)
        .with_context(|| format!("reading {}", from.display()))?;
    let texts = ds.read_texts(from)?;
    let places = read_places(from, None)?;
    let st = store.open(geometry).await?;
    if !st.seed(&ds, &texts).await? {
        bail!(
            "the store in {} holds data already: import into an empty store",
            store.shown()
        );
    }
    if !places.is_empty() {
        let changes = places
            .into_iter()
            .map(dateline::desk::places::seed_change)
            .collect();
        st.commit(changes, None).await?;
    }
    let kept = desk_file::apply(&st, from).await?;
    eprintln!(
        "imported {} sources, {} events and {} texts into {} ({kept} drafts, maps and \
         mention decisions from {})",
        ds.sources.len(),
        ds.events.len(),
        texts.len(),
        store.shown(),
        desk_file::FILE_NAME
    );
    Ok(())
}

/// `backup FILE`: an online, consistent copy of the SQLite store.
///
/// # Errors
/// When FILE exists or the copy fails.
pub async fn backup(store: &StoreArgs, file: &Path) -> Result<()> {
    if let Some(url) = &store.database {
        bail!(
            "a PostgreSQL store is backed up with PostgreSQL's tools (consistent while in \
             use): pg_dump --format=custom --file {} '{}', restored into an empty database \
             with PostGIS by pg_restore --no-owner --dbname URL {}",
            file.display(),
            without_password(url),
            file.display()
        );
    }
    let data = &store.data;
    if file.exists() {
        bail!(
            "{} exists: a backup never overwrites a file",
            file.display()
        );
    }
    let st = open_store(data).await?;
    st.backup(file)
        .await
        .with_context(|| format!("writing the backup {}", file.display()))?;
    eprintln!(
        "backed up the store at data version {} to {}",
        st.data_version().await?,
        file.display()
    );
    Ok(())
}
