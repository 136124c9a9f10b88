//! Reading back what an upload put in a bucket: list the objects under a prefix and download
//! them one at a time, with the S3 client capture itself uses (object_store), from inside the
//! store's namespace when it runs in one. The upload tests and the soak harness both count
//! records this way ([`crate::audit`] reads the pcap objects).
use std::time::Duration;

use anyhow::{Context, Result};
use futures::TryStreamExt;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, aws::AmazonS3Builder, path::Path};

use crate::Garage;

/// One object in the bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Its key.
    pub key: String,
    /// Its size in bytes.
    pub size: u64,
}

/// Runs `f` in network namespace `netns` (None: on this thread, as it is).
pub fn in_place<T: Send, F: FnOnce() -> Result<T> + Send>(netns: Option<&str>, f: F) -> Result<T> {
    match netns {
        Some(ns) => crate::netns::in_netns(ns, f),
        None => f(),
    }
}

fn client(g: &Garage) -> Result<object_store::aws::AmazonS3> {
    AmazonS3Builder::new()
        .with_bucket_name(&g.bucket)
        .with_endpoint(&g.endpoint)
        .with_region(&g.region)
        .with_access_key_id(&g.key_id)
        .with_secret_access_key(&g.secret)
        .with_client_options(
            ClientOptions::new()
                .with_allow_http(true)
                .with_timeout(Duration::from_secs(60)),
        )
        .build()
        .context("S3 client for the Garage node")
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Every object under `prefix` (all of them for an empty prefix), sorted by key.
pub fn list(g: &Garage, prefix: &str) -> Result<Vec<Listed>> {
    in_place(g.netns.as_deref(), || {
        let s3 = client(g)?;
        let prefix = (!prefix.is_empty()).then(|| Path::from(prefix));
        let mut all: Vec<Listed> = runtime()?.block_on(async {
            s3.list(prefix.as_ref())
                .map_ok(|m| Listed {
                    key: m.location.to_string(),
                    size: m.size,
                })
                .try_collect()
                .await
        })?;
        all.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(all)
    })
}

/// Downloads each object of `keys`, in order, and hands it to `each` (one object in memory at a
/// time, so a long soak's objects need not fit in memory together).
pub fn download_each<F>(g: &Garage, keys: &[String], mut each: F) -> Result<()>
where
    F: FnMut(&str, &[u8]) -> Result<()> + Send,
{
    in_place(g.netns.as_deref(), || {
        let s3 = client(g)?;
        let rt = runtime()?;
        for key in keys {
            let bytes = rt
                .block_on(async { s3.get(&Path::from(key.as_str())).await?.bytes().await })
                .with_context(|| format!("downloading {key}"))?;
            each(key, &bytes)?;
        }
        Ok(())
    })
}

/// Deletes the objects `keys` (the soak frees the store of each file it has counted, so a long
/// run's uploads need not fit on the disk together).
pub fn delete(g: &Garage, keys: &[String]) -> Result<()> {
    in_place(g.netns.as_deref(), || {
        let s3 = client(g)?;
        let rt = runtime()?;
        for key in keys {
            rt.block_on(async { s3.delete(&Path::from(key.as_str())).await })
                .with_context(|| format!("deleting {key}"))?;
        }
        Ok(())
    })
}
