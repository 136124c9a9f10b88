//! The bucket: puts a file as one object (multipart when large), hashing it on the way, and
//! puts small objects (manifests). Runs inside the uploader thread's own tokio runtime.
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as Key;
use object_store::{
    BackoffConfig, ClientOptions, ObjectStoreExt, PutPayload, RetryConfig, WriteMultipart,
};
use sha2::{Digest, Sha256};

use super::{UploadConfig, UploadError};

/// Files larger than this go up in parts of this size (S3 needs at least 5 MiB per part but the
/// last): big files are never held in memory whole, and a failed part is retried alone.
pub const PART_SIZE: usize = 8 << 20;

/// Parts in flight at once for one file.
const PARTS_IN_FLIGHT: usize = 2;

/// A connection to the bucket.
#[derive(Debug)]
pub struct Store {
    s3: AmazonS3,
}

/// What went up: the object's size and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Put {
    /// Bytes in the object.
    pub bytes: u64,
    /// Lower-case hex SHA-256 of those bytes.
    pub sha256: String,
    /// Whether it went up in parts.
    pub multipart: bool,
}

/// Why an upload failed, in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{msg}")]
pub struct Failure {
    /// What went wrong.
    pub msg: String,
    /// No retry can succeed: a file to upload is gone (deleted by hand, or by a `-z` command).
    pub permanent: bool,
}

impl From<object_store::Error> for Failure {
    fn from(e: object_store::Error) -> Self {
        Failure {
            msg: one_line(&e),
            permanent: false,
        }
    }
}

/// A local file could not be read.
fn unreadable(path: &Path, e: &std::io::Error) -> Failure {
    Failure {
        msg: format!("{}: {}", path.display(), crate::strerror(e)),
        permanent: e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// An object store error in one line: the store's own error code and message when it sent one
/// (`AccessDenied: Forbidden: Invalid signature`), the reason when it could not be reached
/// (`cannot connect: Connection refused`), else the client's message, cut to a readable length.
fn one_line(e: &object_store::Error) -> String {
    let lead = match e {
        object_store::Error::PermissionDenied { .. }
        | object_store::Error::Unauthenticated { .. } => {
            "access denied (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY): "
        }
        _ => "",
    };
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let tag = |name: &str| {
        let open = format!("<{name}>");
        let start = text.find(&open)? + open.len();
        let end = text[start..].find("</")? + start;
        Some(text[start..end].to_owned())
    };
    let reason = if let Some(code) = tag("Code") {
        match tag("Message") {
            Some(m) => format!("{code}: {m}"),
            None => code,
        }
    } else if let Some(i) = text.find("tcp connect error: ") {
        let why = &text[i + "tcp connect error: ".len()..];
        let why = why.split(" (os error").next().unwrap_or(why);
        format!("cannot connect: {why}")
    } else {
        text
    };
    let mut line = format!("{lead}{reason}");
    if line.len() > 300 {
        let mut cut = 300;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        line.truncate(cut);
        line.push_str("...");
    }
    line
}

impl Store {
    /// A client for `cfg`'s bucket, with the standard AWS variables (credentials, region,
    /// session token, ...) and `--s3-endpoint`. Nothing is sent yet.
    pub fn new(cfg: &UploadConfig) -> Result<Self, UploadError> {
        let mut b = AmazonS3Builder::from_env().with_bucket_name(&cfg.bucket);
        if std::env::var_os("AWS_REGION").is_none()
            && std::env::var_os("AWS_DEFAULT_REGION").is_none()
        {
            b = b.with_region("us-east-1");
        }
        let http = std::env::var("AWS_ALLOW_HTTP").is_ok_and(|v| v == "true");
        b = b.with_client_options(
            ClientOptions::new()
                .with_allow_http(http)
                .with_connect_timeout(Duration::from_secs(5))
                .with_timeout(Duration::from_secs(60)),
        );
        if let Some(url) = &cfg.endpoint {
            b = b
                .with_endpoint(url)
                .with_allow_http(http || url.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        // A short inner retry: the uploader's own loop retries for as long as it takes, with
        // its own backoff, and needs each attempt to come back within seconds to report.
        let retry = RetryConfig {
            max_retries: 4,
            retry_timeout: Duration::from_secs(20),
            backoff: BackoffConfig::default(),
        };
        b = b.with_retry(retry);
        let s3 = b.build().map_err(|e| UploadError::Store(one_line(&e)))?;
        Ok(Store { s3 })
    }

    /// Puts the file at `path` as the object `key`, in parts when it is larger than
    /// [`PART_SIZE`].
    pub async fn put_file(&self, key: &str, path: &Path) -> Result<Put, Failure> {
        let key = Key::from(key);
        let read_err = |e: std::io::Error| unreadable(path, &e);
        let mut file = std::fs::File::open(path).map_err(read_err)?;
        let len = file.metadata().map_err(read_err)?.len();
        let mut hash = Sha256::new();
        if len <= PART_SIZE as u64 {
            let mut bytes = Vec::with_capacity(len as usize);
            file.read_to_end(&mut bytes).map_err(read_err)?;
            hash.update(&bytes);
            let n = bytes.len() as u64;
            self.s3.put(&key, PutPayload::from(bytes)).await?;
            return Ok(Put {
                bytes: n,
                sha256: hex(&hash.finalize()),
                multipart: false,
            });
        }
        let upload = self.s3.put_multipart(&key).await?;
        let mut parts = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
        let mut buf = vec![0u8; 1 << 20];
        let mut n = 0u64;
        let sent: Result<(), Failure> = async {
            loop {
                let got = file.read(&mut buf).map_err(read_err)?;
                if got == 0 {
                    return Ok(());
                }
                hash.update(&buf[..got]);
                n += got as u64;
                parts.write(&buf[..got]);
                parts.wait_for_capacity(PARTS_IN_FLIGHT).await?;
            }
        }
        .await;
        match sent {
            Ok(()) => {
                parts.finish().await?;
                Ok(Put {
                    bytes: n,
                    sha256: hex(&hash.finalize()),
                    multipart: true,
                })
            }
            Err(e) => {
                // The parts already sent are of no use: the store may free them now.
                let _ = parts.abort().await;
                Err(e)
            }
        }
    }

    /// Puts `bytes` as the object `key`.
    pub async fn put_bytes(&self, key: &str, bytes: Vec<u8>) -> Result<(), Failure> {
        self.s3
            .put(&Key::from(key), PutPayload::from(bytes))
            .await?;
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
