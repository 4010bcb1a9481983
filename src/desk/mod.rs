//! Editing as domain operations: sources with their texts, events, claims from spans of a
//! stored text, maps, editor places and mention decisions; drafts and publishing; the
//! revision history and restores. Every write is validated with the rules of `dateline
//! validate` (the same code, [`crate::events::validate`]) and committed as one transaction of
//! the [`Store`]. No HTTP, no SQL.
//!
//! Documents are the dataset's TOML fields in JSON; updates are JSON merge patches
//! (RFC 7396) of them.

mod error;
mod geometry;
pub mod import;
pub mod places;
pub mod upload;
mod validate;

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::events::validate::sha256_hex;
use crate::gazetteer::Gazetteer;
use crate::store::{
    Change, Committed, Expect, Kind, Record, Revision, Store, Stored, User, Visibility,
};

pub use error::DeskError;
pub use geometry::{geometry_of, store_geometry};
pub use places::{place_of, register as register_places};

/// Longest id made from a title.
const MAX_SLUG_CHARS: usize = 60;

/// The desk over a store.
#[derive(Debug)]
pub struct Desk<S> {
    /// The store written to.
    pub store: S,
    gazetteer: Arc<Gazetteer>,
}

/// What an import wrote.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The source made of the file.
    pub source: String,
    /// The events made of its features, in file order.
    pub events: Vec<String>,
    /// The features not imported, and why.
    pub skipped: Vec<import::Skipped>,
    /// The transaction.
    pub committed: Committed,
}

/// What a write did: the entity as now stored (None when deleted) and the commit.
#[derive(Debug, Clone)]
pub struct Written {
    /// The entity afterwards.
    pub entity: Option<Stored>,
    /// The transaction.
    pub committed: Committed,
}

impl<S: Store> Desk<S> {
    /// A desk writing to `store`, checking places against `gazetteer`.
    pub fn new(store: S, gazetteer: Arc<Gazetteer>) -> Desk<S> {
        Desk { store, gazetteer }
    }

    /// One entity, drafts included.
    ///
    /// # Errors
    /// [`DeskError::NotFound`] when there is none; [`DeskError::Store`].
    pub async fn get(&self, kind: Kind, id: &str) -> Result<Stored, DeskError> {
        self.store
            .get(kind, id)
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("{} {id}", kind.as_str())))
    }

    /// Every entity of a kind, drafts included (claims of one event when `parent`).
    ///
    /// # Errors
    /// [`DeskError::Store`].
    pub async fn list(&self, kind: Kind, parent: Option<&str>) -> Result<Vec<Stored>, DeskError> {
        Ok(self.store.list(kind, parent).await?)
    }

    /// Creates a draft source from its metadata (the `source.toml` fields; `id` made from
    /// the title when absent, `published` today when absent) and its full text.
    ///
    /// # Errors
    /// [`DeskError::Invalid`] naming the field; [`DeskError::Exists`] when the id is taken.
    pub async fn create_source(
        &self,
        doc: Map<String, Value>,
        text: String,
        actor: &User,
    ) -> Result<Written, DeskError> {
        self.create_source_from(doc, text, None, actor).await
    }

    /// [`Desk::create_source`] of an uploaded file (its name and type are kept).
    ///
    /// # Errors
    /// As [`Desk::create_source`].
    pub async fn create_source_from(
        &self,
        doc: Map<String, Value>,
        text: String,
        upload: Option<crate::store::Upload>,
        actor: &User,
    ) -> Result<Written, DeskError> {
        let (id, after) = self.source_record(doc, text, upload).await?;
        self.commit_one(Kind::Source, id, Expect::Absent, Some(after), None, actor)
            .await
    }

    /// A new source's id and draft record: the id made or checked, `published` today when
    /// absent, the text's digest, validated.
    async fn source_record(
        &self,
        mut doc: Map<String, Value>,
        text: String,
        upload: Option<crate::store::Upload>,
    ) -> Result<(String, Record), DeskError> {
        if text.trim().is_empty() {
            return Err(DeskError::invalid("text", "is empty"));
        }
        let id = self.new_id(Kind::Source, &doc).await?;
        doc.insert("id".into(), Value::String(id.clone()));
        doc.entry("published")
            .or_insert_with(|| Value::String(chrono::Utc::now().date_naive().to_string()));
        doc.insert(
            "text_sha256".into(),
            Value::String(sha256_hex(text.as_bytes())),
        );
        let doc = Value::Object(doc);
        validate::source(&doc, &text, &self.gazetteer)?;
        Ok((
            id,
            Record {
                status: Visibility::Draft,
                doc,
                text: Some(text),
                parent: None,
                upload,
            },
        ))
    }

    /// Creates an event (draft) from its fields, with the claims it carries (`claim`, each
    /// with `source` and a span `start`/`end` of the source's stored text; the quote is
    /// taken from the text when absent, and must equal it when given).
    ///
    /// # Errors
    /// [`DeskError::Invalid`] naming the field; [`DeskError::Exists`] when the id is taken.
    pub async fn create_event(
        &self,
        mut doc: Map<String, Value>,
        actor: &User,
    ) -> Result<Written, DeskError> {
        let claims = match doc.remove("claim") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a,
            Some(_) => return Err(DeskError::invalid("claim", "must be an array of claims")),
        };
        let id = self.new_id(Kind::Event, &doc).await?;
        doc.insert("id".into(), Value::String(id.clone()));
        let doc = Value::Object(doc);
        let mut claim_docs = Vec::with_capacity(claims.len());
        for (n, c) in claims.into_iter().enumerate() {
            let Value::Object(c) = c else {
                return Err(DeskError::invalid(
                    &format!("claim[{n}]"),
                    "must be an object",
                ));
            };
            claim_docs.push(self.claim_doc(c).await?);
        }
        self.check_event(&doc, &claim_docs, false).await?;
        let mut changes = vec![Change {
            kind: Kind::Event,
            id: id.clone(),
            expect: Expect::Absent,
            after: Some(Record {
                status: Visibility::Draft,
                doc,
                text: None,
                parent: None,
                upload: None,
            }),
            action: None,
        }];
        for c in claim_docs {
            changes.push(claim_change(&id, String::new(), Expect::Absent, c));
        }
        let committed = self.store.commit(changes, Some(actor)).await?;
        let entity = self.store.get(Kind::Event, &id).await?;
        Ok(Written { entity, committed })
    }

    /// Adds a claim to an event (see [`Desk::create_event`] for its fields).
    ///
    /// # Errors
    /// [`DeskError::NotFound`] without the event; [`DeskError::Invalid`] naming the field.
    pub async fn add_claim(
        &self,
        event: &str,
        doc: Map<String, Value>,
        actor: &User,
    ) -> Result<Written, DeskError> {
        let ev = self.get(Kind::Event, event).await?;
        let claim = self.claim_doc(doc).await?;
        let mut claims: Vec<Value> = self
            .store
            .list(Kind::Claim, Some(event))
            .await?
            .into_iter()
            .map(|c| c.record.doc)
            .collect();
        claims.push(claim.clone());
        self.check_event(
            &ev.record.doc,
            &claims,
            ev.record.status == Visibility::Published,
        )
        .await?;
        let committed = self
            .store
            .commit(
                vec![claim_change(event, String::new(), Expect::Absent, claim)],
                Some(actor),
            )
            .await?;
        let id = committed.entities[0].1.clone();
        let entity = self.store.get(Kind::Claim, &id).await?;
        Ok(Written { entity, committed })
    }

    /// Creates a draft map (`slug`, `title`, `description`, `credit`, `selection`, `view`,
    /// `names`).
    ///
    /// # Errors
    /// [`DeskError::Invalid`] naming the field; [`DeskError::Exists`] when the slug is taken.
    pub async fn create_map(
        &self,
        mut doc: Map<String, Value>,
        actor: &User,
    ) -> Result<Written, DeskError> {
        let slug = self.new_id(Kind::Map, &doc).await?;
        doc.insert("slug".into(), Value::String(slug.clone()));
        let doc = Value::Object(doc);
        validate::map(&doc)?;
        let after = Record {
            status: Visibility::Draft,
            doc,
            text: None,
            parent: None,
            upload: None,
        };
        self.commit_one(Kind::Map, slug, Expect::Absent, Some(after), None, actor)
            .await
    }

    /// Records the editor's decision about the mention at byte `start` of a source:
    /// `{"decision": "accepted" | "rejected" | "resolved", "place_id": …}`.
    ///
    /// # Errors
    /// [`DeskError::NotFound`] without the source; [`DeskError::Invalid`] naming the field.
    pub async fn decide_mention(
        &self,
        source: &str,
        start: usize,
        doc: Map<String, Value>,
        actor: &User,
    ) -> Result<Written, DeskError> {
        let src = self.get(Kind::Source, source).await?;
        let text = src.record.text.unwrap_or_default();
        if start >= text.len() || !text.is_char_boundary(start) {
            return Err(DeskError::invalid(
                "start",
                "is not the start of a character in the source's text",
            ));
        }
        let doc = Value::Object(doc);
        validate::mention(&doc, &self.gazetteer, &text, start)?;
        let key = format!("{source}@{start}");
        let current = self.store.get(Kind::Mention, &key).await?;
        let expect = current.map_or(Expect::Absent, |c| Expect::Revision(c.revision));
        let after = Record {
            status: Visibility::Published,
            doc,
            text: None,
            parent: Some(source.to_owned()),
            upload: None,
        };
        self.commit_one(Kind::Mention, key, expect, Some(after), None, actor)
            .await
    }

    /// Applies a JSON merge patch to an entity's fields at revision `if_match`. The id, a
    /// source's text and its digest cannot change.
    ///
    /// # Errors
    /// [`DeskError::Conflict`] when the entity is at another revision (with it);
    /// [`DeskError::Invalid`] naming the field; [`DeskError::NotFound`].
    pub async fn patch(
        &self,
        kind: Kind,
        id: &str,
        if_match: i64,
        patch: &Value,
        actor: &User,
    ) -> Result<Written, DeskError> {
        let current = self.current(kind, id, if_match).await?;
        let Value::Object(p) = patch else {
            return Err(DeskError::invalid(
                "body",
                "must be a JSON object (a merge patch)",
            ));
        };
        for fixed in ["id", "slug", "text", "text_sha256"] {
            if p.contains_key(fixed) && current.record.doc.get(fixed) != p.get(fixed) {
                return Err(DeskError::invalid(fixed, "cannot be changed"));
            }
        }
        if kind == Kind::Event && p.contains_key("claim") {
            return Err(DeskError::invalid(
                "claim",
                "claims are changed one by one: /api/claims/{id}",
            ));
        }
        let mut doc = current.record.doc.clone();
        merge_patch(&mut doc, patch);
        let published = current.record.status == Visibility::Published;
        let mut place = None;
        match kind {
            Kind::Source => {
                validate::source(
                    &doc,
                    current.record.text.as_deref().unwrap_or_default(),
                    &self.gazetteer,
                )?;
            }
            Kind::Event => {
                let claims = self.claims_of(id).await?;
                self.check_event(&doc, &claims, published).await?;
            }
            Kind::Claim => {
                let Value::Object(m) = doc else {
                    return Err(DeskError::invalid("body", "must be a JSON object"));
                };
                doc = self.claim_doc(m).await?;
                let event = current.record.parent.clone().unwrap_or_default();
                let ev = self.get(Kind::Event, &event).await?;
                let mut claims = Vec::new();
                for c in self.store.list(Kind::Claim, Some(&event)).await? {
                    claims.push(if c.id == id {
                        doc.clone()
                    } else {
                        c.record.doc
                    });
                }
                self.check_event(
                    &ev.record.doc,
                    &claims,
                    ev.record.status == Visibility::Published,
                )
                .await?;
            }
            Kind::Map => validate::map(&doc)?,
            Kind::Place => {
                if doc.get("added_by") != current.record.doc.get("added_by") {
                    return Err(DeskError::invalid("added_by", "cannot be changed"));
                }
                place = Some(places::place_of(&doc, &self.gazetteer)?);
            }
            Kind::Mention => {
                let text = self.source_text(current.record.parent.as_deref()).await?;
                let start = id
                    .rsplit('@')
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                validate::mention(&doc, &self.gazetteer, &text, start)?;
            }
        }
        let after = Record {
            doc,
            text: None,
            ..current.record
        };
        let written = self
            .commit_one(
                kind,
                id.to_owned(),
                Expect::Revision(if_match),
                Some(after),
                None,
                actor,
            )
            .await?;
        if let Some((p, outline)) = place {
            self.gazetteer.editor_places().set(p, outline);
        }
        Ok(written)
    }

    /// The stored text of source `id` (empty without one).
    async fn source_text(&self, id: Option<&str>) -> Result<String, DeskError> {
        Ok(match id {
            Some(id) => self
                .store
                .get(Kind::Source, id)
                .await?
                .and_then(|s| s.record.text)
                .unwrap_or_default(),
            None => String::new(),
        })
    }

    /// Deletes an entity at revision `if_match` (an event with its claims). A source that
    /// claims cite cannot be deleted. The revision log keeps what was deleted.
    ///
    /// # Errors
    /// [`DeskError::Conflict`]; [`DeskError::InUse`]; [`DeskError::NotFound`].
    pub async fn delete(
        &self,
        kind: Kind,
        id: &str,
        if_match: i64,
        actor: &User,
    ) -> Result<Committed, DeskError> {
        self.current(kind, id, if_match).await?;
        let mut changes = Vec::new();
        match kind {
            Kind::Event => {
                for c in self.store.list(Kind::Claim, Some(id)).await? {
                    changes.push(Change {
                        kind: Kind::Claim,
                        id: c.id,
                        expect: Expect::Revision(c.revision),
                        after: None,
                        action: None,
                    });
                }
            }
            Kind::Place => {
                let events = self.events_at(id).await?;
                if !events.is_empty() {
                    return Err(DeskError::InUse(format!(
                        "place {id} locates {} events ({}): move them first",
                        events.len(),
                        events.join(", ")
                    )));
                }
            }
            Kind::Source => {
                let citing = self
                    .store
                    .list(Kind::Claim, None)
                    .await?
                    .into_iter()
                    .filter(|c| c.record.doc.get("source").and_then(Value::as_str) == Some(id))
                    .count();
                if citing > 0 {
                    return Err(DeskError::InUse(format!(
                        "source {id} is cited by {citing} claims: delete or move them first"
                    )));
                }
            }
            _ => {}
        }
        changes.push(Change {
            kind,
            id: id.to_owned(),
            expect: Expect::Revision(if_match),
            after: None,
            action: None,
        });
        self.commit_checked(changes, kind, id, actor).await
    }

    /// Publishes or unpublishes a source, event or map (at revision `if_match` when given).
    /// An event is published only when it validates in full (at least one claim).
    ///
    /// # Errors
    /// [`DeskError::Conflict`]; [`DeskError::Invalid`]; [`DeskError::NotFound`].
    pub async fn set_published(
        &self,
        kind: Kind,
        id: &str,
        if_match: Option<i64>,
        published: bool,
        actor: &User,
    ) -> Result<Written, DeskError> {
        let current = self.get(kind, id).await?;
        if let Some(r) = if_match {
            if r != current.revision {
                return Err(DeskError::Conflict(Box::new(current)));
            }
        }
        if published && kind == Kind::Event {
            let claims = self.claims_of(id).await?;
            self.check_event(&current.record.doc, &claims, true).await?;
        }
        let status = if published {
            Visibility::Published
        } else {
            Visibility::Draft
        };
        let revision = current.revision;
        let after = Record {
            status,
            text: None,
            ..current.record
        };
        self.commit_one(
            kind,
            id.to_owned(),
            Expect::Revision(revision),
            Some(after),
            Some(if published { "publish" } else { "unpublish" }),
            actor,
        )
        .await
    }

    /// The revision log, newest first (of one entity when given).
    ///
    /// # Errors
    /// [`DeskError::Store`].
    pub async fn revisions(
        &self,
        entity: Option<(Kind, &str)>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Revision>, DeskError> {
        Ok(self
            .store
            .revisions(entity, before, limit.clamp(1, 1000))
            .await?)
    }

    /// Restores an entity to its state after revision `n` (a delete's revision: deletes it
    /// again; restoring the revision before a delete brings the entity back). The restore
    /// is a revision too.
    ///
    /// # Errors
    /// [`DeskError::NotFound`] without the revision; [`DeskError::Store`].
    pub async fn restore(&self, n: i64, actor: &User) -> Result<Written, DeskError> {
        let rev = self
            .store
            .revision(n)
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("revision {n}")))?;
        let current = self.store.get(rev.kind, &rev.entity_id).await?;
        let mut after = rev.after.clone();
        // A source's text is immutable: an update's revision left it out; a re-created
        // source takes it from its creation.
        if let (Some(a), Kind::Source, None) = (&mut after, rev.kind, &current) {
            if a.text.is_none() {
                a.text = self.first_text(&rev.entity_id).await?;
            }
        }
        if after.is_none() && current.is_none() {
            return Err(DeskError::InUse(format!(
                "{} {} is deleted already",
                rev.kind.as_str(),
                rev.entity_id
            )));
        }
        let expect = current.map_or(Expect::Absent, |c| Expect::Revision(c.revision));
        self.commit_one(
            rev.kind,
            rev.entity_id.clone(),
            expect,
            after,
            Some("restore"),
            actor,
        )
        .await
    }

    /// Imports a GeoJSON, CSV or KML file (see [`import`]) in one transaction: a draft
    /// source whose text is the file, and a draft event per feature with a claim quoting
    /// the feature's name from it. Features that cannot be imported are listed with why.
    ///
    /// # Errors
    /// [`DeskError::Invalid`] naming `file` or `event_type`; nothing is written then.
    #[allow(clippy::too_many_arguments)]
    pub async fn import(
        &self,
        file_name: &str,
        media_type: &str,
        text: String,
        places: &crate::index::PlaceIndex,
        event_type: &str,
        claimant: &str,
        actor: &User,
    ) -> Result<Imported, DeskError> {
        let format = import::Format::detect(file_name, media_type).ok_or_else(|| {
            DeskError::invalid(
                "file",
                "must be GeoJSON (.geojson), CSV (.csv) or KML (.kml)",
            )
        })?;
        serde_json::from_value::<crate::events::EventType>(Value::String(event_type.to_owned()))
            .map_err(|_| {
                DeskError::invalid(
                    "event_type",
                    format!(
                        "must be one of {}",
                        crate::events::EventType::ALL.map(|t| t.as_str()).join(", ")
                    ),
                )
            })?;
        let (features, mut skipped) = import::read(format, &text)?;
        let mut doc = Map::new();
        doc.insert("title".into(), Value::String(file_name.to_owned()));
        doc.insert("kind".into(), Value::String("report".into()));
        doc.insert(
            "attribution".into(),
            Value::String(format!("Imported from the file {file_name} ({format:?}).")),
        );
        let (sid, record) = self.source_record(doc, text.clone(), None).await?;
        let source = Stored {
            kind: Kind::Source,
            id: sid.clone(),
            revision: 0,
            record,
        };
        let mut changes = vec![Change {
            kind: Kind::Source,
            id: sid.clone(),
            expect: Expect::Absent,
            after: Some(source.record.clone()),
            action: None,
        }];
        let mut taken = std::collections::HashSet::new();
        let mut events = Vec::new();
        for f in &features {
            let made = import::event_doc(f, &self.gazetteer, places, &sid, claimant, event_type);
            let mut e = match made {
                Ok(e) => e,
                Err(reason) => {
                    skipped.push(import::Skipped {
                        feature: f.n,
                        reason,
                    });
                    continue;
                }
            };
            let mut claims = match e.remove("claim") {
                Some(Value::Array(c)) => c,
                _ => Vec::new(),
            };
            for c in &mut claims {
                c["quote"] = Value::String(text[f.span.0..f.span.1].to_owned());
            }
            let base = slug(&f.name);
            let base = if base.is_empty() {
                "imported".to_owned()
            } else {
                base
            };
            let mut id = base.clone();
            let mut n = 2;
            while taken.contains(&id) || self.store.get(Kind::Event, &id).await?.is_some() {
                id = format!("{base}-{n}");
                n += 1;
            }
            e.insert("id".into(), Value::String(id.clone()));
            let doc = Value::Object(e);
            if let Err(err) = validate::event(
                &doc,
                &claims,
                std::slice::from_ref(&source),
                &self.gazetteer,
                true,
            ) {
                skipped.push(import::Skipped {
                    feature: f.n,
                    reason: err.to_string(),
                });
                continue;
            }
            taken.insert(id.clone());
            changes.push(Change {
                kind: Kind::Event,
                id: id.clone(),
                expect: Expect::Absent,
                after: Some(Record {
                    status: Visibility::Draft,
                    doc,
                    text: None,
                    parent: Some(format!("{sid}/events.toml")),
                    upload: None,
                }),
                action: None,
            });
            for c in claims {
                changes.push(claim_change(&id, String::new(), Expect::Absent, c));
            }
            events.push(id);
        }
        skipped.sort_by_key(|s| s.feature);
        let committed = self.store.commit(changes, Some(actor)).await?;
        Ok(Imported {
            source: sid,
            events,
            skipped,
            committed,
        })
    }

    async fn first_text(&self, source: &str) -> Result<Option<String>, DeskError> {
        let mut before = None;
        loop {
            let page = self
                .store
                .revisions(Some((Kind::Source, source)), before, 100)
                .await?;
            let Some(last) = page.last() else {
                return Ok(None);
            };
            before = Some(last.n);
            for r in &page {
                for rec in [&r.after, &r.before].into_iter().flatten() {
                    if rec.text.is_some() {
                        return Ok(rec.text.clone());
                    }
                }
            }
        }
    }

    /// Commits `changes`; a lost race on `(kind, id)` (another writer committed between our
    /// read and our write) is the same conflict as a stale `If-Match`, with the entity now.
    async fn commit_checked(
        &self,
        changes: Vec<Change>,
        kind: Kind,
        id: &str,
        actor: &User,
    ) -> Result<Committed, DeskError> {
        match self.store.commit(changes, Some(actor)).await {
            Err(crate::store::StoreError::Conflict {
                current: Some(_), ..
            }) => match self.store.get(kind, id).await? {
                Some(now) => Err(DeskError::Conflict(Box::new(now))),
                None => Err(DeskError::NotFound(format!("{} {id}", kind.as_str()))),
            },
            other => Ok(other?),
        }
    }

    async fn commit_one(
        &self,
        kind: Kind,
        id: String,
        expect: Expect,
        after: Option<Record>,
        action: Option<&'static str>,
        actor: &User,
    ) -> Result<Written, DeskError> {
        let key = id.clone();
        let committed = self
            .commit_checked(
                vec![Change {
                    kind,
                    id,
                    expect,
                    after,
                    action,
                }],
                kind,
                &key,
                actor,
            )
            .await?;
        let id = committed.entities[0].1.clone();
        let entity = self.store.get(kind, &id).await?;
        Ok(Written { entity, committed })
    }

    /// The entity, if at revision `if_match`.
    async fn current(&self, kind: Kind, id: &str, if_match: i64) -> Result<Stored, DeskError> {
        let current = self.get(kind, id).await?;
        if current.revision != if_match {
            return Err(DeskError::Conflict(Box::new(current)));
        }
        Ok(current)
    }

    async fn claims_of(&self, event: &str) -> Result<Vec<Value>, DeskError> {
        Ok(self
            .store
            .list(Kind::Claim, Some(event))
            .await?
            .into_iter()
            .map(|c| c.record.doc)
            .collect())
    }

    /// Validates an event with these claims (their sources and texts from the store).
    async fn check_event(
        &self,
        doc: &Value,
        claims: &[Value],
        complete: bool,
    ) -> Result<(), DeskError> {
        let mut sources = Vec::new();
        for c in claims {
            if let Some(s) = c.get("source").and_then(Value::as_str) {
                if let Some(st) = self.store.get(Kind::Source, s).await? {
                    sources.push(st);
                }
            }
        }
        validate::event(doc, claims, &sources, &self.gazetteer, complete).map(|_| ())
    }

    /// A claim's fields with its quote taken from (or checked against) the source's text.
    async fn claim_doc(&self, mut c: Map<String, Value>) -> Result<Value, DeskError> {
        let source = c
            .get("source")
            .and_then(Value::as_str)
            .ok_or_else(|| DeskError::invalid("source", "is required: the id of a source"))?
            .to_owned();
        let src = self
            .store
            .get(Kind::Source, &source)
            .await?
            .ok_or_else(|| DeskError::invalid("source", format!("no source has id {source:?}")))?;
        let text = src.record.text.unwrap_or_default();
        let span = |k: &str| -> Result<Option<usize>, DeskError> {
            match c.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .map(Some)
                    .ok_or_else(|| DeskError::invalid(k, "must be a byte offset (an integer ≥ 0)")),
            }
        };
        let (start, end) = (span("start")?, span("end")?);
        let (Some(start), Some(end)) = (start, end) else {
            return Err(DeskError::invalid(
                "start",
                "a claim needs its span: `start` and `end`, byte offsets of the quote in the \
                 source's text",
            ));
        };
        let quote = text
            .get(start..end)
            .filter(|_| start < end)
            .ok_or_else(|| {
                DeskError::invalid(
                    "end",
                    format!(
                        "{start}..{end} is not a span of the source's text ({} bytes, on \
                         character boundaries)",
                        text.len()
                    ),
                )
            })?
            .to_owned();
        match c.get("quote").and_then(Value::as_str) {
            Some(q) if q != quote => {
                return Err(DeskError::invalid(
                    "quote",
                    "differs from the source's text at start..end: quotes are taken from the text",
                ));
            }
            _ => {}
        }
        c.insert("quote".into(), Value::String(quote));
        c.entry("claimant")
            .or_insert_with(|| Value::String(String::new()));
        Ok(Value::Object(c))
    }

    /// An unused id for a new entity: the `id` (`slug` for maps) given, else one made from
    /// the title.
    async fn new_id(&self, kind: Kind, doc: &Map<String, Value>) -> Result<String, DeskError> {
        let key = if kind == Kind::Map { "slug" } else { "id" };
        if let Some(v) = doc.get(key) {
            let id = v
                .as_str()
                .ok_or_else(|| DeskError::invalid(key, "must be a string"))?;
            if id.is_empty()
                || id.len() > 100
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(DeskError::invalid(
                    key,
                    "must be 1–100 lower-case letters, digits and hyphens",
                ));
            }
            if self.store.get(kind, id).await?.is_some() {
                return Err(DeskError::Exists(format!("{} {id}", kind.as_str())));
            }
            return Ok(id.to_owned());
        }
        let title = doc.get("title").and_then(Value::as_str).unwrap_or_default();
        let base = slug(title);
        let base = if base.is_empty() {
            kind.as_str().to_owned()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.store.get(kind, &id).await?.is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        Ok(id)
    }
}

fn claim_change(event: &str, id: String, expect: Expect, doc: Value) -> Change {
    Change {
        kind: Kind::Claim,
        id,
        expect,
        after: Some(Record {
            status: Visibility::Published,
            doc,
            text: None,
            parent: Some(event.to_owned()),
            upload: None,
        }),
        action: None,
    }
}

/// Lower-case ASCII letters and digits of `title`, words joined by hyphens.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_SLUG_CHARS {
            break;
        }
    }
    out.trim_matches('-').to_owned()
}

/// RFC 7396 JSON merge patch: objects merge, `null` removes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(t) = target {
        for (k, v) in p {
            if v.is_null() {
                t.remove(k);
            } else {
                merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

#[cfg(test)]
mod tests;
