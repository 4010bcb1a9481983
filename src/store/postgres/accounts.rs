//! Users, sessions and API tokens in PostgreSQL. Only hashes of secrets are stored.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::postgres::PgRow;

use super::{PgStore, rfc3339};
use crate::auth::Role;
use crate::auth::session::StoredSession;
use crate::auth::token::StoredSecret;
use crate::store::{StoreError, TokenInfo, User};

fn role(s: &str) -> Role {
    if s == Role::Admin.as_str() {
        Role::Admin
    } else {
        Role::Editor
    }
}

fn user(row: &PgRow) -> Result<User, StoreError> {
    let r: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: role(&r),
        created_at: rfc3339(row.try_get("created_at")?),
    })
}

impl PgStore {
    pub(super) async fn insert_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        let row = sqlx::query(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO NOTHING RETURNING id, name, role, created_at",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(Utc::now())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => user(&r),
            None => Err(StoreError::Exists(format!("user {name}"))),
        }
    }

    pub(super) async fn all_users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query("SELECT id, name, role, created_at FROM users ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user).collect()
    }

    pub(super) async fn find_user(&self, name: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, role, created_at, password_hash FROM users WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((user(&r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    pub(super) async fn delete_user(&self, name: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM users WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {name}")));
        }
        Ok(())
    }

    pub(super) async fn update_password(
        &self,
        name: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let id: Option<i64> =
            sqlx::query_scalar("UPDATE users SET password_hash = $1 WHERE name = $2 RETURNING id")
                .bind(password_hash)
                .bind(name)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(id) = id else {
            return Err(StoreError::NotFound(format!("user {name}")));
        };
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn insert_session(
        &self,
        u: &User,
        s: &StoredSession,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, \
             expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&s.id_hash)
        .bind(u.id)
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .bind(s.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn find_session(
        &self,
        id_hash: &str,
    ) -> Result<Option<(StoredSession, User)>, StoreError> {
        let row = sqlx::query(
            "SELECT s.id_hash, s.csrf_token, s.created_at AS s_created, s.last_seen_at, \
             s.expires_at, u.id, u.name, u.role, u.created_at FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let s = StoredSession {
            id_hash: r.try_get("id_hash")?,
            csrf_token: r.try_get("csrf_token")?,
            created_at: r.try_get("s_created")?,
            last_seen_at: r.try_get("last_seen_at")?,
            expires_at: r.try_get("expires_at")?,
        };
        Ok(Some((s, user(&r)?)))
    }

    pub(super) async fn update_session(
        &self,
        id_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(at)
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(super) async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1 OR expires_at < $2")
            .bind(id_hash)
            .bind(Utc::now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(super) async fn insert_token(
        &self,
        u: &User,
        secret: &StoredSecret,
        label: &str,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, prefix, secret_hash, label, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(u.id)
        .bind(&secret.prefix)
        .bind(&secret.hash)
        .bind(label)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await?)
    }

    pub(super) async fn find_token_user(
        &self,
        secret_hash: &str,
    ) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role, u.created_at FROM api_tokens t \
             JOIN users u ON u.id = t.user_id \
             WHERE t.secret_hash = $1 AND t.revoked_at IS NULL",
        )
        .bind(secret_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user).transpose()
    }

    pub(super) async fn all_tokens(
        &self,
        name: Option<&str>,
    ) -> Result<Vec<TokenInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT t.id, u.name, t.prefix, t.label, t.created_at, t.revoked_at \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE $1::text IS NULL OR u.name = $1 ORDER BY t.id",
        )
        .bind(name)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let revoked: Option<DateTime<Utc>> = r.try_get("revoked_at")?;
                Ok(TokenInfo {
                    id: r.try_get("id")?,
                    user: r.try_get("name")?,
                    prefix: r.try_get("prefix")?,
                    label: r.try_get("label")?,
                    created_at: rfc3339(r.try_get("created_at")?),
                    revoked_at: revoked.map(rfc3339),
                })
            })
            .collect()
    }

    pub(super) async fn revoke(&self, id: i64) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(Utc::now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("unrevoked token {id}")));
        }
        Ok(())
    }
}
