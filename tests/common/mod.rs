//! Shared test harness: a temporary directory with its own database and a pinned clock.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub now: String,
}

impl TestEnv {
    /// A fresh environment with the clock pinned at 2026-03-31T12:00:00Z.
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("rewards.db");
        TestEnv {
            dir,
            db,
            now: "2026-03-31T12:00:00Z".to_string(),
        }
    }

    /// `rewards` with this environment's database and clock, run in its directory.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("rewards").expect("binary");
        c.current_dir(self.dir.path())
            .env("REWARDS_DB", &self.db)
            .env("REWARDS_NOW", &self.now)
            .env_remove("RUST_BACKTRACE");
        c
    }

    /// Runs `rewards ARGS`, asserts exit 0, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run");
        assert!(
            out.status.success(),
            "rewards {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf8 stdout")
    }

    /// Runs `rewards --format json ARGS`, asserts exit 0, parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut full = vec!["--format", "json"];
        full.extend_from_slice(args);
        let out = self.ok(&full);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON from {args:?}: {e}\n{out}"))
    }

    /// Runs `rewards ARGS` and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().expect("run");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// A SAR shop in UTC with a referral program "Friends" (10.00 for a first order, no hold)
    /// and Sara (sara@example.com, with `member_flags`) holding its code SARA.
    pub fn friends_shop(&self, member_flags: &[&str]) {
        self.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
        self.ok(&[
            "program",
            "create",
            "Friends",
            "--kind",
            "referral",
            "--reward",
            "10",
            "--hold-days",
            "0",
        ]);
        let mut add = vec![
            "member",
            "add",
            "--name",
            "Sara",
            "--email",
            "sara@example.com",
        ];
        add.extend_from_slice(member_flags);
        self.ok(&add);
        self.ok(&[
            "code",
            "issue",
            "--program",
            "Friends",
            "--member",
            "sara@example.com",
            "--code",
            "SARA",
        ]);
    }

    /// Runs `rewards ARGS` with stdout going to `stdout` (a full disk, a closed pipe) and
    /// returns (exit code, stderr).
    pub fn run_with_stdout(
        &self,
        args: &[&str],
        stdout: impl Into<std::process::Stdio>,
    ) -> (i32, String) {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rewards"))
            .args(args)
            .current_dir(self.dir.path())
            .env("REWARDS_DB", &self.db)
            .env("REWARDS_NOW", &self.now)
            .env_remove("RUST_BACKTRACE")
            .stdout(stdout)
            .output()
            .expect("run");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// /dev/full, to write stdout to a full disk.
    pub fn full_disk() -> std::fs::File {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full")
    }

    /// A SAR shop in UTC with an affiliate program "Aff" (`program_flags` after `--kind
    /// affiliate`) and partner P (p@x.com) holding its code PART1.
    pub fn affiliate_shop(&self, program_flags: &[&str]) {
        self.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
        let mut create = vec!["program", "create", "Aff", "--kind", "affiliate"];
        create.extend_from_slice(program_flags);
        self.ok(&create);
        self.ok(&[
            "member", "add", "--name", "P", "--email", "p@x.com", "--kind", "partner",
        ]);
        self.ok(&[
            "code",
            "issue",
            "--program",
            "Aff",
            "--member",
            "p@x.com",
            "--code",
            "PART1",
        ]);
    }

    /// Writes a file in the environment's directory and returns its path.
    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A digest of every table's rows, to assert that a failed command changed nothing.
    pub fn snapshot(&self) -> String {
        snapshot(&self.db)
    }
}

/// Every row of every table, as text, in a stable order.
pub fn snapshot(db: &Path) -> String {
    if !db.exists() {
        return String::new();
    }
    let conn = rusqlite::Connection::open(db).expect("open db");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.retain(|t| !t.starts_with("sqlite_"));
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut cells = Vec::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&t);
            out.push(':');
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

/// The sample-data folder.
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}
