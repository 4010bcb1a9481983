//! Commands of the binary that work on the store: `user …` and `token …` (accounts, run on
//! the server's machine; no HTTP).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use dateline::auth::{Role, UserName, password, token::ApiToken};
use dateline::store::{SqliteStore, Store};

/// Where the store is (as `serve --data`).
#[derive(Args, Debug, Clone)]
pub struct StoreArgs {
    /// The data directory of the store (as `serve --data`).
    #[arg(
        long = "data",
        env = "DATELINE_DATA_DIR",
        default_value = "dateline-data"
    )]
    pub data: PathBuf,
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

/// Opens (creating and migrating) the store in `dir`.
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
            let st = open_store(&store.data).await?;
            let u = st.add_user(n.as_str(), role, &phc).await?;
            eprintln!("added {} ({})", u.name, u.role.as_str());
        }
        UserCommand::List { store } => {
            let st = open_store(&store.data).await?;
            for u in st.users().await? {
                println!("{}\t{}\t{}", u.name, u.role.as_str(), u.created_at);
            }
        }
        UserCommand::Remove { name: n, store } => {
            let n = name(&n)?;
            open_store(&store.data)
                .await?
                .remove_user(n.as_str())
                .await?;
            eprintln!("removed {}", n.as_str());
        }
        UserCommand::ResetPassword {
            name: n,
            password_stdin,
            store,
        } => {
            let n = name(&n)?;
            let st = open_store(&store.data).await?;
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
            let st = open_store(&store.data).await?;
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
            let st = open_store(&store.data).await?;
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
            open_store(&store.data).await?.revoke_token(id).await?;
            eprintln!("token {id} revoked");
        }
    }
    Ok(())
}

/// `export --toml DIR`: the store's sources, events and texts, drafts included.
///
/// # Errors
/// When the store cannot be read or a file written.
pub async fn export_toml(data: &Path, to: &Path) -> Result<()> {
    let st = open_store(data).await?;
    let all = st.everything().await?;
    let n = all
        .dataset
        .write_dir(to, &all.texts)
        .with_context(|| format!("writing {}", to.display()))?;
    eprintln!(
        "wrote {n} files ({} sources, {} events, data version {}) to {}",
        all.dataset.sources.len(),
        all.dataset.events.len(),
        all.version,
        to.display()
    );
    Ok(())
}

/// `import --toml DIR`: a dataset directory into an empty store, published.
///
/// # Errors
/// When the directory does not load or the store is not empty.
pub async fn import_toml(from: &Path, data: &Path) -> Result<()> {
    let ds = dateline::events::Dataset::load_dir(from)
        .with_context(|| format!("reading {}", from.display()))?;
    let texts = ds.read_texts(from)?;
    let st = open_store(data).await?;
    if !st.seed(&ds, &texts).await? {
        bail!(
            "the store in {} holds data already: import into an empty data directory",
            data.display()
        );
    }
    eprintln!(
        "imported {} sources, {} events and {} texts into {}",
        ds.sources.len(),
        ds.events.len(),
        texts.len(),
        data.display()
    );
    Ok(())
}

/// `backup FILE`: an online, consistent copy of the SQLite store.
///
/// # Errors
/// When FILE exists or the copy fails.
pub async fn backup(data: &Path, file: &Path) -> Result<()> {
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
