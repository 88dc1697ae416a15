//! The content-addressed file store (Moodle's filedir): each content once, named by its SHA-256
//! and fanned out as `ab/cd/abcd…`. Uploads are streamed to `temp/` while hashed and renamed into
//! place only when complete, so a crash never leaves a half file under a content name. Several
//! nodes may share the root (same content, same name: a rename over it is harmless).
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

#[derive(Debug)]
pub struct FileStore {
    root: PathBuf,
}

/// Contents received into `temp/`, hashed, not yet in the store. Dropped without `commit`, the
/// temporary file is removed.
#[derive(Debug)]
pub struct Staged {
    temp: tempfile::TempPath,
    pub contenthash: String,
    pub size: u64,
}

/// A stream of chunks (a multipart field, a request body).
pub trait Chunks {
    fn next_chunk(&mut self) -> impl Future<Output = io::Result<Option<bytes::Bytes>>> + Send;
}

/// What `receive` made of a stream.
#[derive(Debug)]
pub enum Received {
    Stored(Staged),
    /// Longer than the limit: read to its end and discarded.
    TooLarge,
}

impl FileStore {
    /// The store under `root` (nothing is touched until `prepare`).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Creates the folders, and removes temporary files a crash left behind more than a day ago
    /// (younger ones may be another node's uploads in progress).
    pub fn prepare(&self) -> io::Result<()> {
        let root = &self.root;
        create_private_dir(root)?;
        std::fs::create_dir_all(root.join("temp"))?;
        let stale = SystemTime::now() - Duration::from_secs(86_400);
        for entry in std::fs::read_dir(root.join("temp"))?.flatten() {
            if entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < stale) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the contents named `contenthash` live. Only a 64-hex name maps to a path, so no
    /// caller-supplied text can ever point outside the store.
    pub fn path(&self, contenthash: &str) -> Option<PathBuf> {
        let valid =
            contenthash.len() == 64 && contenthash.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
        valid.then(|| self.root.join(&contenthash[0..2]).join(&contenthash[2..4]).join(contenthash))
    }

    /// Streams `source` into a temporary file while hashing it. Past `limit` bytes it stops
    /// writing but reads on to the end, so the caller can go on with the next part.
    pub async fn receive(&self, source: &mut impl Chunks, limit: Option<u64>) -> io::Result<Received> {
        let temp = tempfile::NamedTempFile::new_in(self.root.join("temp"))?.into_temp_path();
        let mut file = tokio::fs::File::create(&temp).await?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut too_large = false;
        while let Some(chunk) = source.next_chunk().await? {
            size += chunk.len() as u64;
            too_large |= limit.is_some_and(|l| size > l);
            if !too_large {
                hasher.update(&chunk);
                file.write_all(&chunk).await?;
            }
        }
        if too_large {
            return Ok(Received::TooLarge);
        }
        file.sync_all().await?;
        Ok(Received::Stored(Staged { temp, contenthash: hex::encode(hasher.finalize()), size }))
    }

    /// Stores bytes already in memory (base64 uploads).
    pub async fn receive_bytes(&self, data: &[u8]) -> io::Result<Staged> {
        struct Once(Option<bytes::Bytes>);
        impl Chunks for Once {
            async fn next_chunk(&mut self) -> io::Result<Option<bytes::Bytes>> {
                Ok(self.0.take())
            }
        }
        match self.receive(&mut Once(Some(bytes::Bytes::copy_from_slice(data))), None).await? {
            Received::Stored(s) => Ok(s),
            Received::TooLarge => Err(io::Error::other("no limit was set")),
        }
    }

    /// Moves staged contents to their content name (once: an existing copy is kept).
    pub async fn commit(&self, staged: Staged) -> io::Result<()> {
        let target = self.path(&staged.contenthash).ok_or_else(|| io::Error::other("bad content hash"))?;
        if tokio::fs::try_exists(&target).await? {
            return Ok(());
        }
        tokio::fs::create_dir_all(target.parent().expect("fanned-out path")).await?;
        let temp = staged.temp;
        tokio::task::spawn_blocking(move || temp.persist(&target).map_err(|e| e.error))
            .await
            .map_err(io::Error::other)?
    }
}

impl Chunks for multer::Field<'_> {
    async fn next_chunk(&mut self) -> io::Result<Option<bytes::Bytes>> {
        self.chunk().await.map_err(io::Error::other)
    }
}

/// Creates `dir` (and its parents) if missing; a folder created here is its owner's only, so
/// nothing under it can be read by other accounts of the machine whatever their own modes.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
