//! Entities in PostgreSQL: reading one or a list, committing changes with their revisions
//! (and an event's PostGIS geometry), and reading the revision log.

use chrono::Utc;
use serde_json::Value;
use sqlx::Row;
use sqlx::postgres::PgRow;

use super::{PgStore, Tx, bump_version, notify, rfc3339};
use crate::store::{
    Change, Committed, Expect, Kind, Record, Revision, StoreError, Stored, Upload, User,
    Visibility, parse_json, to_json,
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

/// The condition selecting one entity by its key `$1`. A claim's key is a number: one that
/// is not a number selects nothing (rather than failing to cast), and a number uses the
/// primary key's index.
fn by_key(kind: Kind, id: &str) -> (String, Option<i64>) {
    let (_, key) = table(kind);
    if kind == Kind::Claim {
        ("WHERE id = $1".to_owned(), Some(id.parse().unwrap_or(-1)))
    } else {
        (format!("WHERE {key} = $1"), None)
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
        "NULL::text AS upload_name, NULL::text AS upload_type"
    };
    format!(
        "SELECT {key}::text AS key, {status} AS status, revision, doc::text AS doc, \
         {text}::text AS text, {parent}::text AS parent, {upload} FROM {t} /*WHERE*/ \
         ORDER BY {order}"
    )
}

fn stored(kind: Kind, row: &PgRow) -> Result<Stored, StoreError> {
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
    let (cond, number) = by_key(kind, id);
    let sql = select(kind).replace("/*WHERE*/", &cond);
    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
    let q = match number {
        Some(n) => q.bind(n),
        None => q.bind(id),
    };
    let row = q.fetch_optional(&mut **tx).await?;
    row.map(|r| stored(kind, &r)).transpose()
}

impl PgStore {
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
            (Kind::Claim, Some(_)) => select(kind).replace("/*WHERE*/", "WHERE event_id = $1"),
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
        // First: the version row's lock serialises this commit with every other server's,
        // so the revisions checked below are the latest committed ones.
        let version = bump_version(&mut tx).await?;
        let at = Utc::now();
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
                (Some(after), _) => self
                    .write(&mut tx, c.kind, &c.id, current, after)
                    .await
                    // Cannot happen while commits serialise on the version row; kept as
                    // SQLite has it, should a write ever bypass that lock.
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
                 action, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb) \
                 RETURNING n",
            )
            .bind(version)
            .bind(at)
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
        notify(&mut tx, version).await?;
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
            "SELECT n, data_version, at, user_name, kind, entity_id, action, before::text, \
             after::text FROM revisions \
             WHERE ($1::text IS NULL OR (kind = $1 AND entity_id = $2)) \
             AND ($3::bigint IS NULL OR n < $3) ORDER BY n DESC LIMIT $4",
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
            "SELECT n, data_version, at, user_name, kind, entity_id, action, before::text, \
             after::text FROM revisions WHERE n = $1",
        )
        .bind(n)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(revision).transpose()
    }

    /// Inserts (when `current` is None) or updates an entity; returns its id and new
    /// revision.
    async fn write(
        &self,
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
                        "INSERT INTO sources (status, revision, doc, text, upload_name, \
                         upload_type, id, position) \
                         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, {position})"
                    )
                } else {
                    "UPDATE sources SET status = $1, revision = $2, doc = $3::jsonb, \
                     text = coalesce($4, text), upload_name = coalesce($5, upload_name), \
                     upload_type = coalesce($6, upload_type) WHERE id = $7"
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
                let geometry = "ST_SetSRID(ST_GeomFromGeoJSON($5), 4326)";
                let sql = if current.is_none() {
                    format!(
                        "INSERT INTO events (status, revision, doc, file, geometry, id, \
                         position) VALUES ($1, $2, $3::jsonb, $4, {geometry}, $6, {position})"
                    )
                } else {
                    format!(
                        "UPDATE events SET status = $1, revision = $2, doc = $3::jsonb, \
                         file = $4, geometry = {geometry} WHERE id = $6"
                    )
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
                    .bind(self.geometry_of(&r.doc))
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
                         revision, doc, position) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, \
                         (SELECT coalesce(max(position), -1) + 1 FROM claims WHERE event_id = $1)) \
                         RETURNING id::text",
                    )
                } else {
                    sqlx::query(
                        "UPDATE claims SET event_id = $1, source_id = $2, span_start = $3, \
                         span_end = $4, quote = $5, revision = $6, doc = $7::jsonb \
                         WHERE id = $8 RETURNING id::text",
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
                let q = if current.is_none() {
                    q
                } else {
                    q.bind(id.parse::<i64>().unwrap_or(-1))
                };
                let row = q.fetch_one(&mut **tx).await?;
                Ok((row.try_get(0)?, revision))
            }
            Kind::Map | Kind::Place | Kind::Mention => {
                let sql = if current.is_none() {
                    format!(
                        "INSERT INTO {t} (status, revision, doc, {key}, position) \
                         VALUES ($1, $2, $3::jsonb, $4, {position})"
                    )
                } else {
                    format!(
                        "UPDATE {t} SET status = $1, revision = $2, doc = $3::jsonb \
                         WHERE {key} = $4"
                    )
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
}

fn revision(row: &PgRow) -> Result<Revision, StoreError> {
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
        at: rfc3339(row.try_get("at")?),
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

async fn delete(tx: &mut Tx<'_>, kind: Kind, id: &str) -> Result<(), StoreError> {
    let (t, _) = table(kind);
    let (cond, number) = by_key(kind, id);
    let sql = format!("DELETE FROM {t} {cond}");
    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
    let q = match number {
        Some(n) => q.bind(n),
        None => q.bind(id),
    };
    q.execute(&mut **tx).await?;
    Ok(())
}
