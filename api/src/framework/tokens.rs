//! Creating tokens. The token is returned once and only its SHA-256 is stored.
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ConnectionTrait, Set};

use lmsgate_entities::{external_tokens, ids, now};

use super::error::ApiError;
use super::secrets::{new_token, random_alnum, token_hash};

pub struct NewToken {
    pub userid: i64,
    pub serviceid: i64,
    pub creatorid: i64,
    pub validuntil: Option<i64>,
    pub iprestriction: Option<String>,
    pub name: Option<String>,
    /// Use this token value instead of a random one (first-start automation).
    pub value: Option<String>,
}

pub struct IssuedToken {
    pub id: i64,
    pub token: String,
    pub privatetoken: String,
}

pub async fn create<C: ConnectionTrait>(db: &C, new: NewToken) -> Result<IssuedToken, ApiError> {
    let token = new.value.unwrap_or_else(new_token);
    let privatetoken = random_alnum(64);
    let row = external_tokens::ActiveModel {
        id: NotSet,
        token: Set(token_hash(&token)),
        privatetoken: Set(Some(token_hash(&privatetoken))),
        tokentype: Set(0),
        userid: Set(new.userid),
        externalserviceid: Set(new.serviceid),
        sid: Set(None),
        contextid: Set(ids::SYSTEM_CONTEXT),
        creatorid: Set(new.creatorid),
        iprestriction: Set(new.iprestriction.filter(|s| !s.trim().is_empty())),
        validuntil: Set(new.validuntil.filter(|v| *v != 0)),
        timecreated: Set(now()),
        lastaccess: Set(None),
        name: Set(Some(new.name.unwrap_or_else(|| format!("Webservice-{}", random_alnum(5))))),
    }
    .insert(db)
    .await?;
    Ok(IssuedToken { id: row.id, token, privatetoken })
}
