//! Accounts and sessions in PostgreSQL: the `users` and `sessions` tables.

use crate::store::StoreError;
use crate::store::accounts::{
    Credentials, NewSession, NewUser, SessionRecord, TokenHash, UserRecord,
};
use atlas_model::account::Role;
use sqlx::{PgPool, Row};

/// Adds an account; `false` when one of that name (in any case) exists.
pub async fn add_user(pool: &PgPool, user: &NewUser) -> Result<bool, StoreError> {
    let added = sqlx::query(
        "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&user.name)
    .bind(user.role.as_str())
    .bind(&user.password_hash)
    .bind(&user.created)
    .execute(pool)
    .await?;
    Ok(added.rows_affected() == 1)
}

/// Every account, in name order.
pub async fn users(pool: &PgPool) -> Result<Vec<UserRecord>, StoreError> {
    let rows = sqlx::query("SELECT name, role, created_at FROM users ORDER BY name")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(UserRecord {
                name: row.try_get("name")?,
                role: role(&row.try_get::<String, _>("role")?)?,
                created: row.try_get("created_at")?,
            })
        })
        .collect()
}

/// The account named `name` (in any case) and its password hash.
pub async fn credentials(pool: &PgPool, name: &str) -> Result<Option<Credentials>, StoreError> {
    let Some(row) =
        sqlx::query("SELECT name, role, password_hash FROM users WHERE lower(name) = lower($1)")
            .bind(name)
            .fetch_optional(pool)
            .await?
    else {
        return Ok(None);
    };
    Ok(Some(Credentials {
        name: row.try_get("name")?,
        role: role(&row.try_get::<String, _>("role")?)?,
        password_hash: row.try_get("password_hash")?,
    }))
}

/// Replaces an account's password hash and ends its sessions, in one
/// transaction; `false` when there is no such account.
pub async fn set_password(
    pool: &PgPool,
    name: &str,
    password_hash: &str,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await?;
    let changed = sqlx::query("UPDATE users SET password_hash = $1 WHERE lower(name) = lower($2)")
        .bind(password_hash)
        .bind(name)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE lower(name) = lower($1))",
    )
    .bind(name)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Removes an account; its sessions go with it (the foreign key cascades).
pub async fn remove_user(pool: &PgPool, name: &str) -> Result<bool, StoreError> {
    let removed = sqlx::query("DELETE FROM users WHERE lower(name) = lower($1)")
        .bind(name)
        .execute(pool)
        .await?;
    Ok(removed.rows_affected() > 0)
}

/// Starts a session, dropping every session that has expired meanwhile;
/// `false` when the account no longer exists.
pub async fn start_session(pool: &PgPool, session: &NewSession) -> Result<bool, StoreError> {
    let created = seconds(session.created)?;
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(created)
        .execute(&mut *tx)
        .await?;
    let started = sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
         SELECT $1, id, $2, $3 FROM users WHERE lower(name) = lower($4)",
    )
    .bind(&session.token_hash[..])
    .bind(created)
    .bind(seconds(session.expires)?)
    .bind(&session.user)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(started.rows_affected() == 1)
}

/// The live session whose token hashes to `token_hash` at `now` (Unix
/// seconds), with its account: one lookup by primary key.
pub async fn session(
    pool: &PgPool,
    token_hash: &TokenHash,
    now: u64,
) -> Result<Option<SessionRecord>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT u.name, u.role, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(&token_hash[..])
    .bind(seconds(now)?)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(SessionRecord {
        user: row.try_get("name")?,
        role: role(&row.try_get::<String, _>("role")?)?,
        expires: u64::try_from(row.try_get::<i64, _>("expires_at")?).unwrap_or(0),
    }))
}

/// Ends a session; `false` when there was none.
pub async fn end_session(pool: &PgPool, token_hash: &TokenHash) -> Result<bool, StoreError> {
    let ended = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&token_hash[..])
        .execute(pool)
        .await?;
    Ok(ended.rows_affected() > 0)
}

/// A stored role; the table's CHECK allows no other.
fn role(name: &str) -> Result<Role, StoreError> {
    Role::parse(name).ok_or_else(|| StoreError::Invalid(format!("unknown role {name:?} stored")))
}

/// Unix seconds as PostgreSQL's integer.
fn seconds(unix: u64) -> Result<i64, StoreError> {
    i64::try_from(unix).map_err(|_| StoreError::Invalid(format!("time {unix} out of range")))
}
