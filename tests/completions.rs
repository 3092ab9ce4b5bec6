//! The committed shell completions in `completions/` match what the clap definitions generate.
//! Refresh them with `UPDATE_COMPLETIONS=1 cargo test --test completions`.

mod common;
use clap_complete::Shell;
use common::TestEnv;
use std::path::Path;

const FILES: &[(Shell, &str)] = &[
    (Shell::Bash, "rewards.bash"),
    (Shell::Zsh, "_rewards"),
    (Shell::Fish, "rewards.fish"),
];

#[test]
fn committed_completions_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, name) in FILES {
        let fresh = rewards::cli::completions::generate(*shell);
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &fresh).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        if committed != fresh {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "out of date: {}\nrefresh them with: UPDATE_COMPLETIONS=1 cargo test --test completions",
        stale.join(", ")
    );
}

#[test]
fn completions_command_prints_the_same_script() {
    let env = TestEnv::new();
    for (shell, name) in FILES {
        let out = env.ok(&["completions", &shell.to_string()]);
        assert_eq!(
            out.as_bytes(),
            rewards::cli::completions::generate(*shell).as_slice(),
            "{name}"
        );
        assert!(out.contains("program") && out.contains("member"), "{name}");
    }
    assert!(env.ok(&["completions", "bash"]).contains("--members-file"));
    let (code, _, _) = env.run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(!env.db.exists(), "completions do not touch the database");
}
