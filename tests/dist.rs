//! The installable app: the `.deb` that `make dist` builds, installed by dpkg into a clean root,
//! holds the binary, its menu entry and its icons, and the installed binary runs. Ignored in
//! `cargo test` (it needs the release build); `make dist-test` builds the package and runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use quartermaster_core::demo::REFERENCE_DAY;

/// Set by `make dist-test` to the package `make dist` built.
const DEB_ENV: &str = "QUARTERMASTER_DEB";

fn package() -> PathBuf {
    let path = std::env::var_os(DEB_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("set {DEB_ENV} to the .deb (make dist-test does)"));
    assert!(path.is_file(), "{} is missing", path.display());
    path
}

/// Runs `program` and returns its stdout, failing the test with its stderr.
fn run(program: &Path, args: &[&str], home: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .env_remove("QUARTERMASTER_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", program.display()));
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Installs the package with dpkg into `root`, an empty directory given its own dpkg database.
fn install(deb: &Path, root: &Path) {
    let admin = root.join("var/lib/dpkg");
    for dir in ["info", "updates", "triggers"] {
        std::fs::create_dir_all(admin.join(dir)).unwrap();
    }
    std::fs::write(admin.join("status"), "").unwrap();
    let out = Command::new("dpkg")
        .arg(format!("--root={}", root.display()))
        .args([
            "--force-depends",
            "--force-not-root",
            "--no-triggers",
            "--install",
        ])
        .arg(deb)
        .output()
        .expect("run dpkg");
    assert!(
        out.status.success(),
        "dpkg --install: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "needs the release build of `make dist` (half an hour cold on 2 busy cores): run by `make dist-test`"]
fn the_deb_installs_a_menu_entry_icons_and_a_binary_that_runs() {
    let deb = package();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    install(&deb, &root);

    let status = std::fs::read_to_string(root.join("var/lib/dpkg/status")).unwrap();
    assert!(
        status.contains("Package: quartermaster\nStatus: install ok installed"),
        "{status}"
    );

    let entry = std::fs::read_to_string(root.join("usr/share/applications/quartermaster.desktop"))
        .expect("the menu entry");
    for line in [
        "Type=Application",
        "Name=Quartermaster",
        "Exec=quartermaster %f",
        "Icon=quartermaster",
        "Terminal=false",
    ] {
        assert!(entry.lines().any(|l| l == line), "{line} in {entry}");
    }
    for size in [32, 48, 64, 128, 256, 512] {
        let icon = root.join(format!(
            "usr/share/icons/hicolor/{size}x{size}/apps/quartermaster.png"
        ));
        let image = image::open(&icon).unwrap_or_else(|e| panic!("{}: {e}", icon.display()));
        assert_eq!((image.width(), image.height()), (size, size));
    }

    let binary = root.join("usr/bin/quartermaster");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let version = run(&binary, &["--version"], &home);
    assert_eq!(
        version.trim(),
        format!("quartermaster {}", env!("CARGO_PKG_VERSION"))
    );

    let db = home.join("demo.db");
    let db = db.to_str().unwrap();
    let created = run(
        &binary,
        &["--db", db, "init", "--demo", "--today", REFERENCE_DAY],
        &home,
    );
    assert!(created.contains("22 models"), "{created}");
    let summary = run(
        &binary,
        &["--db", db, "--today", REFERENCE_DAY, "summary"],
        &home,
    );
    assert!(
        summary.starts_with("Northwind Analytics — FY2027-Q1 (as of 2026-11-16)"),
        "{summary}"
    );

    // Without --db the installed app finds its own data folder.
    run(&binary, &["init", "--name", "Installed Org"], &home);
    assert!(home.join("data/quartermaster/quartermaster.db").is_file());
}
