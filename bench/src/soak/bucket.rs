//! Counting what capture uploaded (`--upload`): each file's manifest is put last, so a manifest
//! in the bucket means its file and `.idx` are there. A pass lists the bucket, and for each new
//! manifest downloads the file's object, reads it with libpcap into the [`Ledger`], checks that
//! its record count is the manifest's and that the index came along, then deletes the three
//! objects: the store holds a few files at a time however long the soak runs, and an object
//! put again later is counted again (as duplicates), never mistaken for the first copy.
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use capture_rig::{Garage, objects};
use serde::Serialize;

use super::{files, ledger::Ledger};

/// Suffix of the manifest objects.
const MANIFEST: &str = ".manifest.json";

/// What the passes over the bucket found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BucketAudit {
    /// Manifests read (one per uploaded file).
    pub manifests: u64,
    /// Capture-file objects read with libpcap.
    pub files_read: u64,
    /// `.idx` objects uploaded beside their file.
    pub indexes: u64,
    /// Bytes downloaded.
    pub bytes: u64,
    /// Manifests whose objects are missing, or whose packet count is not the file's records.
    pub mismatches: Vec<String>,
    /// Objects left in the bucket after the last pass that no manifest names.
    pub orphans: Vec<String>,
}

/// Reads the bucket of `g` into a ledger, pass by pass.
pub struct Bucket<'a> {
    garage: &'a Garage,
    /// Where a downloaded object is put for libpcap to open (tmpfs: no I/O beside capture's).
    scratch: PathBuf,
    /// The figures so far.
    pub audit: BucketAudit,
}

impl<'a> Bucket<'a> {
    /// Passes over `garage`'s bucket, downloading into `scratch`.
    pub fn new(garage: &'a Garage, scratch: &Path) -> Self {
        Bucket {
            garage,
            scratch: scratch.to_path_buf(),
            audit: BucketAudit::default(),
        }
    }

    /// Counts every file whose manifest is in the bucket now, and deletes its objects.
    pub fn pass(&mut self, ledger: &mut Ledger) -> Result<()> {
        let listed = objects::list(self.garage, "")?;
        let keys: Vec<String> = listed.iter().map(|o| o.key.clone()).collect();
        for manifest_key in keys.iter().filter(|k| k.ends_with(MANIFEST)) {
            let mut text = Vec::new();
            objects::download_each(self.garage, std::slice::from_ref(manifest_key), |_, b| {
                text = b.to_vec();
                Ok(())
            })?;
            let m: serde_json::Value = serde_json::from_slice(&text)
                .with_context(|| format!("manifest {manifest_key}"))?;
            self.audit.manifests += 1;
            let named: Vec<String> = m["objects"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|o| o["key"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let Some(file_key) = named.first().cloned() else {
                self.audit
                    .mismatches
                    .push(format!("{manifest_key}: names no object"));
                continue;
            };
            if let Some(k) = named.iter().find(|k| !keys.contains(k)) {
                self.audit.mismatches.push(format!(
                    "{manifest_key}: names {k}, which is not in the bucket"
                ));
                continue;
            }
            self.audit.indexes += named.iter().filter(|k| k.ends_with(".idx")).count() as u64;
            let mut records = 0;
            let scratch = self.scratch.clone();
            let mut bytes = 0;
            objects::download_each(self.garage, std::slice::from_ref(&file_key), |_, b| {
                bytes = b.len() as u64;
                std::fs::write(&scratch, b)
                    .with_context(|| format!("writing {}", scratch.display()))?;
                Ok(())
            })?;
            records += files::audit(&self.scratch, ledger)
                .with_context(|| format!("object {file_key}"))?;
            let _ = std::fs::remove_file(&self.scratch);
            self.audit.files_read += 1;
            self.audit.bytes += bytes;
            if m["packets"].as_u64() != Some(records) {
                self.audit.mismatches.push(format!(
                    "{manifest_key}: {} packets in the manifest, {records} records in {file_key}",
                    m["packets"]
                ));
            }
            let mut done = named;
            done.push(manifest_key.clone());
            objects::delete(self.garage, &done)?;
        }
        Ok(())
    }

    /// After the last pass: what is left in the bucket is named by no manifest.
    pub fn finish(mut self) -> Result<BucketAudit> {
        self.audit.orphans = objects::list(self.garage, "")?
            .into_iter()
            .map(|o| o.key)
            .collect();
        Ok(self.audit)
    }
}
