//! Passwords (argon2, verified off the async threads) and tokens (random, stored as SHA-256).
use argon2::Argon2;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString, rand_core::OsRng};
use rand::Rng;
use rand::distributions::Alphanumeric;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

use super::error::ApiError;

type Job = Box<dyn FnOnce() + Send>;

/// Argon2 runs on a fixed pool of one thread per core: each hash takes 7 MiB and real CPU, so
/// a burst of logins queues here instead of growing threads, allocator arenas and memory.
static KDF_POOL: LazyLock<std::sync::Mutex<std::sync::mpsc::Sender<Job>>> = LazyLock::new(|| {
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    let threads = super::state::cores();
    for i in 0..threads {
        let rx = rx.clone();
        std::thread::Builder::new()
            .name(format!("kdf-{i}"))
            .spawn(move || {
                loop {
                    let job = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            })
            .expect("start kdf thread");
    }
    std::sync::Mutex::new(tx)
});

async fn on_kdf_pool<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(f());
    });
    KDF_POOL.lock().map_err(|_| ApiError::internal("kdf pool poisoned"))?.send(job).map_err(ApiError::internal)?;
    rx.await.map_err(ApiError::internal)
}

/// Argon2id with the given parameters into `out`. Its working memory is allocated per hash and
/// freed after it: mimalloc gives such a block back to the system at once, so a node's memory
/// does not keep a block for each KDF thread after logins.
fn argon2_into(params: argon2::Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> argon2::Result<()> {
    let mut memory = vec![argon2::Block::default(); params.block_count()];
    let kdf = Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    kdf.hash_password_into_with_memory(password, salt, out, &mut memory)
}

/// New hashes' cost: 7 MiB, 5 passes, one lane, one of OWASP's equally strong Argon2id
/// settings (with 19 MiB and 2 passes, the crate's default). Both cost the same CPU; the smaller
/// block keeps a node's memory low while logins are hashed, one per core at a time. Stored
/// hashes carry their own parameters, so those made with others still verify.
fn kdf_params() -> argon2::Params {
    argon2::Params::new(7 * 1024, 5, 1, None).expect("valid argon2 parameters")
}

fn hash_blocking(password: &[u8]) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt.decode_b64(&mut salt_bytes)?;
    let params = kdf_params();
    let output = Output::init_with(argon2::Params::DEFAULT_OUTPUT_LEN, |out| {
        argon2_into(params.clone(), password, raw_salt, out).map_err(Into::into)
    })?;
    Ok(PasswordHash {
        algorithm: argon2::Algorithm::Argon2id.ident(),
        version: Some(argon2::Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
    .to_string())
}

fn verify_blocking(password: &[u8], phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected), Ok(params)) = (parsed.salt, parsed.hash, argon2::Params::try_from(&parsed)) else {
        return false;
    };
    if parsed.algorithm != argon2::Algorithm::Argon2id.ident() {
        return false;
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(raw_salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    let mut out = vec![0u8; expected.len()];
    argon2_into(params, password, raw_salt, &mut out).is_ok() && Output::new(&out).is_ok_and(|o| o == expected)
}

/// Argon2id PHC string.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    on_kdf_pool(move || hash_blocking(password.as_bytes())).await?.map_err(ApiError::internal)
}

/// Verifies a password; with no stored hash it still does the work, so timing does not tell
/// whether an account exists.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash_blocking(b"dummy password").expect("argon2 with valid parameters"));
    on_kdf_pool(move || {
        let (hash, real) = match hash.filter(|h| !h.is_empty()) {
            Some(h) => (h, true),
            None => (DUMMY.clone(), false),
        };
        verify_blocking(password.as_bytes(), &hash) && real
    })
    .await
    .unwrap_or(false)
}

/// A new token: 32 lower-case hex characters, like Moodle's.
pub fn new_token() -> String {
    hex::encode(rand::thread_rng().r#gen::<[u8; 16]>())
}

/// A random alphanumeric string (private tokens, generated passwords, token names).
pub fn random_alnum(len: usize) -> String {
    rand::thread_rng().sample_iter(&Alphanumeric).take(len).map(char::from).collect()
}

/// What is stored for a token: its SHA-256 in hex.
pub fn token_hash(token: &str) -> String {
    // Every call hashes its token: through a buffer, not `hex::encode`'s char-by-char string.
    let mut text = [0u8; 64];
    hex::encode_to_slice(Sha256::digest(token.as_bytes()), &mut text).expect("32 bytes fill 64 hex digits");
    String::from_utf8_lossy(&text).into_owned()
}

/// Moodle's `md5()` used for deleted users' emails.
pub fn md5_hex(text: &str) -> String {
    use md5::Digest as _;
    hex::encode(md5::Md5::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[test]
    fn reusable_memory_hashes_are_standard_phc() {
        let ours = hash_blocking(b"Secret-123").unwrap();
        assert!(ours.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"));
        assert!(verify_blocking(b"Secret-123", &ours));
        assert!(!verify_blocking(b"Secret-124", &ours));
        // Interchangeable with the argon2 crate's own hashing (its default parameters) and
        // verification.
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"Secret-123", &parsed).is_ok());
        let theirs =
            Argon2::default().hash_password(b"Secret-123", &SaltString::generate(&mut OsRng)).unwrap().to_string();
        assert!(verify_blocking(b"Secret-123", &theirs));
        assert!(!verify_blocking(b"x", "not a hash"));
    }

    #[test]
    fn tokens_look_like_moodles() {
        let t = new_token();
        assert_eq!(t.len(), 32);
        assert!(t.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(token_hash(&t).len(), 64);
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_ne!(new_token(), t);
    }
}
