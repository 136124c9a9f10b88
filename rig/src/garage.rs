//! A single-node Garage (an S3-compatible distributed object store) on loopback, for the upload
//! tests and the soak harness: a generated configuration in a temporary directory with free
//! ports, `garage server`, then `layout assign` + `layout apply`, `bucket create`, `key
//! create` and `bucket allow`. The server is killed by its PID and the directory removed on
//! drop, which also runs while a failing test unwinds.
//!
//! The server can run inside a rig namespace (where the capture under test runs, since a
//! namespace's loopback is its own); every command then runs there too.
use std::{
    io::Read,
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Output, Stdio},
    sync::atomic::{AtomicU32, Ordering},
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A running single-node Garage with one bucket and one key allowed on it.
#[derive(Debug)]
pub struct Garage {
    /// The S3 endpoint, `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// The bucket created.
    pub bucket: String,
    /// The access key's ID.
    pub key_id: String,
    /// The access key's secret.
    pub secret: String,
    /// The region Garage answers to.
    pub region: String,
    /// The namespace the server runs in (None: this process's).
    pub netns: Option<String>,
    dir: PathBuf,
    config: PathBuf,
    server: Option<Child>,
}

impl Garage {
    /// Starts a node with bucket `bucket` in `netns` (None: here). Fails with a clear message
    /// when the `garage` binary is missing (`cargo xtask test` installs it).
    pub fn start(netns: Option<&str>, bucket: &str) -> Result<Garage> {
        let version = Command::new("garage").arg("--version").output();
        if !version.is_ok_and(|o| o.status.success()) {
            bail!(
                "garage is not installed (or not on PATH): `cargo xtask test` installs it, or \
                 run `cargo install garage --locked`"
            );
        }
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("capture-garage-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
        let ports = free_ports(netns, 3)?;
        let region = "garage".to_owned();
        let config = dir.join("garage.toml");
        std::fs::write(
            &config,
            format!(
                "metadata_dir = \"{d}/meta\"\n\
                 data_dir = \"{d}/data\"\n\
                 db_engine = \"sqlite\"\n\
                 replication_factor = 1\n\
                 rpc_bind_addr = \"127.0.0.1:{rpc}\"\n\
                 rpc_public_addr = \"127.0.0.1:{rpc}\"\n\
                 rpc_secret = \"{secret}\"\n\
                 [s3_api]\n\
                 s3_region = \"{region}\"\n\
                 api_bind_addr = \"127.0.0.1:{s3}\"\n\
                 [admin]\n\
                 api_bind_addr = \"127.0.0.1:{admin}\"\n",
                d = dir.display(),
                rpc = ports[0],
                s3 = ports[1],
                admin = ports[2],
                secret = random_hex(32)?,
            ),
        )?;
        let mut g = Garage {
            endpoint: format!("http://127.0.0.1:{}", ports[1]),
            bucket: bucket.to_owned(),
            key_id: String::new(),
            secret: String::new(),
            region,
            netns: netns.map(str::to_owned),
            dir,
            config,
            server: None,
        };
        g.run_server()?;
        let id = g.cli(&["node", "id", "-q"])?;
        let id = id.trim().split('@').next().unwrap_or_default().to_owned();
        g.setup(&["layout", "assign", "-z", "dc1", "-c", "1G", &id])?;
        g.setup(&["layout", "apply", "--version", "1"])?;
        g.setup(&["bucket", "create", bucket])?;
        let key = g.setup(&["key", "create", "capture-test"])?;
        let field = |name: &str| {
            key.lines()
                .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_owned()))
                .with_context(|| format!("no `{name}` in garage key create's output: {key}"))
        };
        g.key_id = field("Key ID:")?;
        g.secret = field("Secret key:")?;
        g.setup(&[
            "bucket",
            "allow",
            "--read",
            "--write",
            "--owner",
            bucket,
            "--key",
            "capture-test",
        ])?;
        g.wait_s3()?;
        Ok(g)
    }

    /// The standard AWS variables for a client of this node (the real key).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", self.key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY", self.secret.clone()),
            ("AWS_REGION", self.region.clone()),
        ]
    }

    /// The server's PID, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.server.as_ref().map(Child::id)
    }

    /// Kills the server (SIGKILL, by its PID) and waits for it: the store is unreachable until
    /// [`Garage::restart`].
    pub fn kill(&mut self) {
        if let Some(mut c) = self.server.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts the server again on the same data and ports, and waits until it serves S3.
    pub fn restart(&mut self) -> Result<()> {
        self.kill();
        self.run_server()?;
        self.wait_s3()
    }

    fn command(&self, program: &str) -> Command {
        match &self.netns {
            Some(ns) => {
                let mut c = Command::new("ip");
                c.args(["netns", "exec", ns, program]);
                c
            }
            None => Command::new(program),
        }
    }

    fn run_server(&mut self) -> Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("server.log"))?;
        let child = self
            .command("garage")
            .arg("-c")
            .arg(&self.config)
            .arg("server")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("starting garage server")?;
        self.server = Some(child);
        // The RPC side is up when `garage status` answers.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if self.cli(&["status"]).is_ok() {
                return Ok(());
            }
            if let Some(c) = self.server.as_mut()
                && let Ok(Some(status)) = c.try_wait()
            {
                bail!("garage server exited ({status}): {}", self.log_tail());
            }
            if Instant::now() > deadline {
                bail!(
                    "garage server did not answer within 30 s: {}",
                    self.log_tail()
                );
            }
            thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits until the S3 port accepts connections.
    fn wait_s3(&self) -> Result<()> {
        let addr = self
            .endpoint
            .trim_start_matches("http://")
            .parse::<std::net::SocketAddr>()?;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let up = crate::objects::in_place(self.netns.as_deref(), || {
                Ok(std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok())
            })?;
            if up {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("garage's S3 API did not come up: {}", self.log_tail());
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// [`Garage::cli`] for the node's set-up, again while the node answers that it is busy:
    /// just after the layout is applied its metadata database can be locked for a moment
    /// (`Sqlite: database is locked`, `Could not reach quorum`), more so on a loaded machine.
    fn setup(&self, args: &[&str]) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match self.cli(args) {
                Err(e)
                    if Instant::now() < deadline
                        && ["database is locked", "Could not reach quorum"]
                            .iter()
                            .any(|busy| e.to_string().contains(busy)) =>
                {
                    thread::sleep(Duration::from_millis(200));
                }
                other => return other,
            }
        }
    }

    /// Runs `garage -c CONFIG ARGS` and returns its stdout; fails on a non-zero exit.
    pub fn cli(&self, args: &[&str]) -> Result<String> {
        let out: Output = self
            .command("garage")
            .arg("-c")
            .arg(&self.config)
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .context("running garage")?;
        if !out.status.success() {
            bail!(
                "garage {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(5)..].join(" | ")
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `n` distinct free TCP ports on 127.0.0.1 of `netns` (None: here), found by binding port 0.
fn free_ports(netns: Option<&str>, n: usize) -> Result<Vec<u16>> {
    crate::objects::in_place(netns, || {
        if netns.is_some() {
            // A fresh namespace's loopback may still be down.
            let _ = Command::new("ip")
                .args(["link", "set", "lo", "up"])
                .output();
        }
        // All held at once, so they differ.
        let held = (0..n)
            .map(|_| TcpListener::bind("127.0.0.1:0"))
            .collect::<std::io::Result<Vec<_>>>()?;
        Ok(held
            .iter()
            .map(|l| l.local_addr().map(|a| a.port()))
            .collect::<std::io::Result<Vec<_>>>()?)
    })
}

/// `bytes` random bytes as hex.
fn random_hex(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}
