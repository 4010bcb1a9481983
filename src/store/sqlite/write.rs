//! Entities in SQLite: reading one or a list, committing changes with their revisions, and
//! reading the revision log.

use serde_json::Value;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{SqliteStore, Tx, now};
use crate::store::Upload;
use crate::store::{
    Change, Committed, Expect, Kind, Record, Revision, StoreError, Stored, User, Visibility,
    parse_json, to_json,
};

/// The table of a kind and the column of its key.
fn table(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Source => ("sources", "id"),
        Kind::Event => ("events", "id"),
        Kind::Claim => ("claims", "id"),
        Kind::Map => ("maps", "key"),
        Kind::Place => ("editor_places", "key"),
        Kind::Mention => ("mention_decisions", "key"),
    }
}

/// The columns read of a kind: key, status, revision, doc, text, parent.
fn select(kind: Kind) -> String {
    let (t, key) = table(kind);
    let (status, text, parent, order) = match kind {
        Kind::Source => ("status", "text", "NULL", "position"),
        Kind::Event => ("status", "NULL", "file", "position"),
        Kind::Claim => ("'published'", "NULL", "event_id", "event_id, position"),
        _ => ("status", "NULL", "NULL", "position"),
    };
    let upload = if kind == Kind::Source {
        "upload_name, upload_type"
    } else {
        "NULL AS upload_name, NULL AS upload_type"
    };
    format!(
        "SELECT CAST({key} AS TEXT) AS key, {status} AS status, revision, doc, {text} AS text, \
         {parent} AS parent, {upload} FROM {t} /*WHERE*/ ORDER BY {order}"
    )
}

fn stored(kind: Kind, row: &SqliteRow) -> Result<Stored, StoreError> {
    let id: String = row.try_get("key")?;
    let doc: String = row.try_get("doc")?;
    let status: String = row.try_get("status")?;
    let upload_name: Option<String> = row.try_get("upload_name")?;
    let upload_type: Option<String> = row.try_get("upload_type")?;
    Ok(Stored {
        kind,
        revision: row.try_get("revision")?,
        record: Record {
            status: Visibility::parse(&status),
            doc: parse_json(&format!("{}:{id}", kind.as_str()), &doc)?,
            text: row.try_get("text")?,
            parent: row.try_get("parent")?,
            upload: upload_name.map(|name| Upload {
                name,
                media_type: upload_type.unwrap_or_default(),
            }),
        },
        id,
    })
}

/// Reads one entity inside a transaction.
async fn get_in(tx: &mut Tx<'_>, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError> {
    let (_, key) = table(kind);
    let sql = select(kind).replace("/*WHERE*/", &format!("WHERE CAST({key} AS TEXT) = ?"));
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| stored(kind, &r)).transpose()
}

impl SqliteStore {
    pub(super) async fn get_entity(
        &self,
        kind: Kind,
        id: &str,
    ) -> Result<Option<Stored>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let s = get_in(&mut tx, kind, id).await?;
        tx.commit().await?;
        Ok(s)
    }

    pub(super) async fn list_entities(
        &self,
        kind: Kind,
        parent: Option<&str>,
    ) -> Result<Vec<Stored>, StoreError> {
        let sql = match (kind, parent) {
            (Kind::Claim, Some(_)) => select(kind).replace("/*WHERE*/", "WHERE event_id = ?"),
            _ => select(kind).replace("/*WHERE*/", ""),
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let (Kind::Claim, Some(p)) = (kind, parent) {
            q = q.bind(p);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(|r| stored(kind, r)).collect()
    }

    pub(super) async fn commit_changes(
        &self,
        changes: Vec<Change>,
        actor: Option<&User>,
    ) -> Result<Committed, StoreError> {
        let mut tx = self.pool.begin().await?;
        let version: i64 = sqlx::query_scalar(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version' \
             RETURNING CAST(value AS INTEGER)",
        )
        .fetch_one(&mut *tx)
        .await?;
        let at = now();
        let mut out = Committed {
            data_version: version,
            entities: Vec::with_capacity(changes.len()),
            revisions: Vec::with_capacity(changes.len()),
        };
        for c in changes {
            let before = if c.id.is_empty() {
                None
            } else {
                get_in(&mut tx, c.kind, &c.id).await?
            };
            let entity = format!("{}:{}", c.kind.as_str(), c.id);
            let current = before.as_ref().map(|s| s.revision);
            let ok = match c.expect {
                Expect::Absent => current.is_none(),
                Expect::Revision(r) => current == Some(r),
                Expect::Any => true,
            };
            if !ok {
                // Dropping the transaction rolls it back.
                return Err(StoreError::Conflict { entity, current });
            }
            let (id, revision) = match (&c.after, &before) {
                (Some(after), _) => write(&mut tx, c.kind, &c.id, current, after)
                    .await
                    .map_err(|e| e.unique_as_conflict(&entity))?,
                (None, Some(_)) => {
                    delete(&mut tx, c.kind, &c.id).await?;
                    (c.id.clone(), 0)
                }
                (None, None) => return Err(StoreError::Conflict { entity, current }),
            };
            let mut before_rec = before.map(|s| s.record);
            let mut after_rec = c.after;
            // An update that keeps a source's text logs its metadata only.
            if let (Some(b), Some(a)) = (&mut before_rec, &mut after_rec) {
                if a.text.is_none() || a.text == b.text {
                    a.text = None;
                    b.text = None;
                }
            }
            let action = c.action.unwrap_or(match (&before_rec, &after_rec) {
                (None, _) => "create",
                (_, None) => "delete",
                (Some(b), Some(a)) if b.doc == a.doc && b.status != a.status => {
                    if a.status == Visibility::Published {
                        "publish"
                    } else {
                        "unpublish"
                    }
                }
                _ => "update",
            });
            let n: i64 = sqlx::query_scalar(
                "INSERT INTO revisions (data_version, at, user_id, user_name, kind, entity_id, \
                 action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING n",
            )
            .bind(version)
            .bind(&at)
            .bind(actor.map(|u| u.id))
            .bind(actor.map(|u| u.name.as_str()))
            .bind(c.kind.as_str())
            .bind(&id)
            .bind(action)
            .bind(before_rec.as_ref().map(to_json))
            .bind(after_rec.as_ref().map(to_json))
            .fetch_one(&mut *tx)
            .await?;
            out.entities.push((c.kind, id, revision));
            out.revisions.push(n);
        }
        tx.commit().await?;
        Ok(out)
    }

    pub(super) async fn list_revisions(
        &self,
        entity: Option<(Kind, &str)>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Revision>, StoreError> {
        let rows = sqlx::query(
            "SELECT n, data_version, at, user_name, kind, entity_id, action, before, after \
             FROM revisions WHERE (?1 IS NULL OR (kind = ?1 AND entity_id = ?2)) \
             AND (?3 IS NULL OR n < ?3) ORDER BY n DESC LIMIT ?4",
        )
        .bind(entity.map(|(k, _)| k.as_str()))
        .bind(entity.map(|(_, id)| id))
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(revision).collect()
    }

    pub(super) async fn get_revision(&self, n: i64) -> Result<Option<Revision>, StoreError> {
        let row = sqlx::query(
            "SELECT n, data_version, at, user_name, kind, entity_id, action, before, after \
             FROM revisions WHERE n = ?",
        )
        .bind(n)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(revision).transpose()
    }
}

fn revision(row: &SqliteRow) -> Result<Revision, StoreError> {
    let n: i64 = row.try_get("n")?;
    let kind: String = row.try_get("kind")?;
    let entity = format!("revision {n}");
    let rec = |col: &str| -> Result<Option<Record>, StoreError> {
        let v: Option<String> = row.try_get(col)?;
        v.map(|v| parse_json(&entity, &v)).transpose()
    };
    Ok(Revision {
        n,
        data_version: row.try_get("data_version")?,
        at: row.try_get("at")?,
        user: row.try_get("user_name")?,
        kind: Kind::parse(&kind).ok_or_else(|| StoreError::NotFound(format!("kind {kind}")))?,
        entity_id: row.try_get("entity_id")?,
        action: row.try_get("action")?,
        before: rec("before")?,
        after: rec("after")?,
    })
}

fn int(doc: &Value, key: &str) -> Option<i64> {
    doc.get(key).and_then(Value::as_i64)
}

fn string<'a>(doc: &'a Value, key: &str) -> &'a str {
    doc.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Inserts (when `current` is None) or updates an entity; returns its id and new revision.
async fn write(
    tx: &mut Tx<'_>,
    kind: Kind,
    id: &str,
    current: Option<i64>,
    r: &Record,
) -> Result<(String, i64), StoreError> {
    let revision = current.unwrap_or(0) + 1;
    let doc = to_json(&r.doc);
    let status = r.status.as_str();
    let (t, key) = table(kind);
    let position = format!("(SELECT coalesce(max(position), -1) + 1 FROM {t})");
    match kind {
        Kind::Source => {
            let sql = if current.is_none() {
                format!(
                    "INSERT INTO sources (status, revision, doc, text, upload_name, upload_type, \
                     id, position) VALUES (?, ?, ?, ?, ?, ?, ?, {position})"
                )
            } else {
                "UPDATE sources SET status = ?, revision = ?, doc = ?, \
                 text = coalesce(?, text), upload_name = coalesce(?, upload_name), \
                 upload_type = coalesce(?, upload_type) WHERE id = ?"
                    .to_owned()
            };
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(status)
                .bind(revision)
                .bind(&doc)
                .bind(&r.text)
                .bind(r.upload.as_ref().map(|u| u.name.as_str()))
                .bind(r.upload.as_ref().map(|u| u.media_type.as_str()))
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok((id.to_owned(), revision))
        }
        Kind::Event => {
            let sql = if current.is_none() {
                format!(
                    "INSERT INTO events (status, revision, doc, file, id, position) \
                     VALUES (?, ?, ?, ?, ?, {position})"
                )
            } else {
                "UPDATE events SET status = ?, revision = ?, doc = ?, file = ? WHERE id = ?"
                    .to_owned()
            };
            let file = r
                .parent
                .clone()
                .unwrap_or_else(|| "desk/events.toml".to_owned());
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(status)
                .bind(revision)
                .bind(&doc)
                .bind(file)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok((id.to_owned(), revision))
        }
        Kind::Claim => {
            let event = r.parent.as_deref().unwrap_or_default();
            let q = if current.is_none() {
                sqlx::query(
                    "INSERT INTO claims (event_id, source_id, span_start, span_end, quote, \
                     revision, doc, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, \
                     (SELECT coalesce(max(position), -1) + 1 FROM claims WHERE event_id = ?1)) \
                     RETURNING CAST(id AS TEXT)",
                )
            } else {
                sqlx::query(
                    "UPDATE claims SET event_id = ?1, source_id = ?2, span_start = ?3, \
                     span_end = ?4, quote = ?5, revision = ?6, doc = ?7 \
                     WHERE id = CAST(?8 AS INTEGER) RETURNING CAST(id AS TEXT)",
                )
            };
            let q = q
                .bind(event)
                .bind(string(&r.doc, "source"))
                .bind(int(&r.doc, "start"))
                .bind(int(&r.doc, "end"))
                .bind(string(&r.doc, "quote"))
                .bind(revision)
                .bind(&doc);
            let q = if current.is_none() { q } else { q.bind(id) };
            let row = q.fetch_one(&mut **tx).await?;
            Ok((row.try_get(0)?, revision))
        }
        Kind::Map | Kind::Place | Kind::Mention => {
            let sql = if current.is_none() {
                format!(
                    "INSERT INTO {t} (status, revision, doc, {key}, position) \
                     VALUES (?, ?, ?, ?, {position})"
                )
            } else {
                format!("UPDATE {t} SET status = ?, revision = ?, doc = ? WHERE {key} = ?")
            };
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(status)
                .bind(revision)
                .bind(&doc)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok((id.to_owned(), revision))
        }
    }
}

async fn delete(tx: &mut Tx<'_>, kind: Kind, id: &str) -> Result<(), StoreError> {
    let (t, key) = table(kind);
    let sql = format!("DELETE FROM {t} WHERE CAST({key} AS TEXT) = ?");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
