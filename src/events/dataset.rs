//! The event dataset: `sources/<source-id>/source.toml` (one source each) and
//! `sources/<source-id>/events.toml` (the events first reported by that source, with claims
//! from any source). The shipped dataset is embedded in the binary.

use std::path::Path;

use rust_embed::RustEmbed;
use serde::Deserialize;

use super::model::{Event, Source};

/// The shipped dataset.
#[derive(RustEmbed)]
#[folder = "sources/"]
struct Embedded;

/// Errors reading the dataset. Each names the file (and, from TOML, the line and key).
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// Occurs when a file cannot be read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// The cause (shown in the message, not chained, so it is said once).
        error: std::io::Error,
    },
    /// Occurs when a file is not valid TOML or has unknown or mistyped fields.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What is wrong, with line, column and field from the TOML parser.
        message: String,
    },
}

#[derive(Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    #[serde(default)]
    event: Vec<Event>,
}

/// The name of a source's text in a dataset directory written by [`Dataset::write_dir`].
pub const TEXT_FILE: &str = "text.txt";

/// A source, an event, and the file each came from.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    /// Sources with their file.
    pub sources: Vec<(Source, String)>,
    /// Events with their file.
    pub events: Vec<(Event, String)>,
}

impl Dataset {
    /// The embedded dataset.
    ///
    /// # Errors
    /// Occurs only if the shipped files are invalid (a test guards this).
    pub fn load_default() -> Result<Dataset, DatasetError> {
        let mut files: Vec<(String, String)> = Vec::new();
        for name in Embedded::iter() {
            if let Some(f) = Embedded::get(&name) {
                files.push((
                    format!("sources/{name}"),
                    String::from_utf8_lossy(&f.data).into_owned(),
                ));
            }
        }
        Dataset::from_files(files)
    }

    /// The dataset in `dir` (laid out like `sources/`).
    ///
    /// # Errors
    /// Occurs when a file cannot be read or parsed.
    pub fn load_dir(dir: &Path) -> Result<Dataset, DatasetError> {
        let io = |p: &Path| {
            let path = p.display().to_string();
            move |e| DatasetError::Io { path, error: e }
        };
        let mut files = Vec::new();
        let mut subdirs: Vec<_> = std::fs::read_dir(dir)
            .map_err(io(dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        subdirs.sort();
        for sub in subdirs {
            for name in ["source.toml", "events.toml"] {
                let p = sub.join(name);
                if p.exists() {
                    files.push((
                        p.display().to_string(),
                        std::fs::read_to_string(&p).map_err(io(&p))?,
                    ));
                }
            }
        }
        Dataset::from_files(files)
    }

    /// Parses `(path, content)` pairs; `source.toml` files hold a source, `events.toml` files
    /// hold events; other files are ignored.
    ///
    /// # Errors
    /// Occurs when a file does not parse.
    pub fn from_files(mut files: Vec<(String, String)>) -> Result<Dataset, DatasetError> {
        files.sort();
        let mut ds = Dataset::default();
        for (path, content) in files {
            let parse_err = |e: toml::de::Error| DatasetError::Parse {
                path: path.clone(),
                message: e.to_string().trim().replace('\n', " "),
            };
            if path.ends_with("source.toml") {
                let s: Source = toml::from_str(&content).map_err(parse_err)?;
                ds.sources.push((s, path));
            } else if path.ends_with("events.toml") {
                let f: EventsFile = toml::from_str(&content).map_err(parse_err)?;
                ds.events
                    .extend(f.event.into_iter().map(|e| (e, path.clone())));
            }
        }
        Ok(ds)
    }

    /// Writes the dataset laid out like `sources/`: `<source-id>/source.toml`, the events in
    /// the `events.toml` of the directory they came from (the store keeps it), and each
    /// source's text as `<source-id>/text.txt`. Returns the files written.
    ///
    /// # Errors
    /// Occurs when a file cannot be written or a record cannot be written as TOML.
    pub fn write_dir(
        &self,
        dir: &Path,
        texts: &std::collections::BTreeMap<String, String>,
    ) -> Result<usize, DatasetError> {
        let io = |p: &Path| {
            let path = p.display().to_string();
            move |e| DatasetError::Io { path, error: e }
        };
        let toml_err = |p: &Path| {
            let path = p.display().to_string();
            move |e: toml::ser::Error| DatasetError::Parse {
                path,
                message: e.to_string(),
            }
        };
        let mut written = 0;
        let mut write = |rel: &Path, content: &str| -> Result<(), DatasetError> {
            let p = dir.join(rel);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&p, content).map_err(io(&p))?;
            written += 1;
            Ok(())
        };
        for (s, _) in &self.sources {
            let rel = Path::new(&s.id).join("source.toml");
            let content = toml::to_string(s).map_err(toml_err(&rel))?;
            write(&rel, &content)?;
            if let Some(t) = texts.get(&s.id) {
                write(&Path::new(&s.id).join(TEXT_FILE), t)?;
            }
        }
        let mut files: std::collections::BTreeMap<String, EventsFile> = Default::default();
        for (e, file) in &self.events {
            // `sources/<dir>/events.toml` → `<dir>`
            let folder = Path::new(file)
                .parent()
                .and_then(|p| p.file_name())
                .map_or_else(|| "desk".to_owned(), |n| n.to_string_lossy().into_owned());
            files
                .entry(folder)
                .or_insert_with(|| EventsFile { event: Vec::new() })
                .event
                .push(e.clone());
        }
        for (folder, f) in files {
            let rel = Path::new(&folder).join("events.toml");
            let content = toml::to_string(&f).map_err(toml_err(&rel))?;
            write(&rel, &content)?;
        }
        Ok(written)
    }

    /// The texts beside a dataset written by [`Dataset::write_dir`]: source id → text.
    ///
    /// # Errors
    /// Occurs when a text file cannot be read.
    pub fn read_texts(
        &self,
        dir: &Path,
    ) -> Result<std::collections::BTreeMap<String, String>, DatasetError> {
        let mut out = std::collections::BTreeMap::new();
        for (s, _) in &self.sources {
            let p = dir.join(&s.id).join(TEXT_FILE);
            if p.is_file() {
                let t = std::fs::read_to_string(&p).map_err(|error| DatasetError::Io {
                    path: p.display().to_string(),
                    error,
                })?;
                out.insert(s.id.clone(), t);
            }
        }
        Ok(out)
    }

    /// The source with `id`.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().map(|(s, _)| s).find(|s| s.id == id)
    }

    /// Events sorted by start date (undated last), then id.
    pub fn events_by_date(&self) -> Vec<&Event> {
        let mut v: Vec<&Event> = self.events.iter().map(|(e, _)| e).collect();
        v.sort_by(|a, b| {
            (a.date_start.is_none(), a.date_start, &a.id).cmp(&(
                b.date_start.is_none(),
                b.date_start,
                &b.id,
            ))
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_name_the_file_and_field() {
        let files = vec![(
            "sources/x/events.toml".to_owned(),
            "[[event]]\nid = \"a\"\ntitel = \"typo\"\n".to_owned(),
        )];
        let e = Dataset::from_files(files).expect_err("unknown field");
        let msg = e.to_string();
        assert!(
            msg.starts_with("sources/x/events.toml") && msg.contains("titel"),
            "{msg}"
        );
    }
}
