//! Driving the real desktop app: tauri-driver (which runs WebKitWebDriver) launches the built
//! binary on a temporary database with its own data dir; fantoccini speaks WebDriver to it.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::support;
use quartermaster_core::demo::REFERENCE_DAY;

/// GUI tests share one X display: run them one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Whether an X display is available (under `make test` the run is wrapped in xvfb-run).
pub fn display_available() -> bool {
    std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty())
}

/// Whether this is a CI run (`CI` set and not `false`/`0`; `.ci/run` sets `CI=true`). There a
/// GUI test without a display, or a check without its tool, fails instead of passing silently.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false" | "FALSE" | "False"))
}

/// Returns early from a GUI test, saying why, when there is no display; under `CI=true` the
/// missing display fails the test instead.
macro_rules! require_display {
    () => {
        if !$crate::gui::harness::display_available() {
            assert!(
                !$crate::gui::harness::under_ci(),
                "no display (DISPLAY is unset) under CI=true: GUI tests must run there, not skip; run them under xvfb-run -a, as `make test` does"
            );
            eprintln!("skipping GUI test: no display (DISPLAY is unset); run under xvfb-run, as `make test` does");
            return;
        }
    };
}
pub(crate) use require_display;

/// Where screenshots go: `<target dir>/screenshots/` (the target dir holds the binary).
pub fn screenshot_dir() -> PathBuf {
    let binary = support::binary();
    let target = binary
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("screenshots")
}

fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

fn tauri_driver() -> PathBuf {
    let from_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("tauri-driver"))
            .find(|p| p.is_file())
    });
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    from_path
        .or_else(|| cargo_home.map(|c| c.join("bin").join("tauri-driver")).filter(|p| p.is_file()))
        .expect("tauri-driver is not installed: run `cargo install tauri-driver --locked` (make deps does)")
}

/// tauri-driver, stopped with SIGTERM so it also stops WebKitWebDriver and the app.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The running app, its temporary home (database and data dir) and a WebDriver session.
pub struct App {
    pub client: Client,
    pub db: PathBuf,
    pub home: TempDir,
    _driver: Driver,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl App {
    /// The app on a fresh copy of the demo organisation.
    pub async fn demo() -> App {
        let turn = ONE_AT_A_TIME.lock().await;
        let home = tempfile::tempdir().expect("temp dir");
        let db = home.path().join("demo.db");
        support::ok(
            home.path(),
            &[
                "--db",
                db.to_str().expect("utf-8 path"),
                "init",
                "--demo",
                "--today",
                REFERENCE_DAY,
            ],
        );
        Self::launch(home, db, turn).await
    }

    /// The app on the demo organisation with extra environment (e.g. `GTK_THEME` for dark mode).
    pub async fn demo_with_env(env: &[(&str, &str)]) -> App {
        let turn = ONE_AT_A_TIME.lock().await;
        let home = tempfile::tempdir().expect("temp dir");
        let db = home.path().join("demo.db");
        support::ok(
            home.path(),
            &[
                "--db",
                db.to_str().expect("utf-8 path"),
                "init",
                "--demo",
                "--today",
                REFERENCE_DAY,
            ],
        );
        Self::launch_with(home, db, turn, env).await
    }

    /// The app on a database prepared by `prepare` (given the path of a fresh demo database).
    pub async fn with_demo_prepared(prepare: impl FnOnce(&Path)) -> App {
        let turn = ONE_AT_A_TIME.lock().await;
        let home = tempfile::tempdir().expect("temp dir");
        let db = home.path().join("demo.db");
        support::ok(
            home.path(),
            &[
                "--db",
                db.to_str().expect("utf-8 path"),
                "init",
                "--demo",
                "--today",
                REFERENCE_DAY,
            ],
        );
        prepare(&db);
        Self::launch(home, db, turn).await
    }

    /// The app's first run: the database file does not exist yet.
    pub async fn first_run() -> App {
        let turn = ONE_AT_A_TIME.lock().await;
        let home = tempfile::tempdir().expect("temp dir");
        let db = home.path().join("new.db");
        Self::launch(home, db, turn).await
    }

    async fn launch(home: TempDir, db: PathBuf, turn: tokio::sync::MutexGuard<'static, ()>) -> App {
        Self::launch_with(home, db, turn, &[]).await
    }

    async fn launch_with(
        home: TempDir,
        db: PathBuf,
        turn: tokio::sync::MutexGuard<'static, ()>,
        env: &[(&str, &str)],
    ) -> App {
        let (port, native_port) = (free_port(), free_port());
        let child = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .envs(env.iter().copied())
            .env_remove("QUARTERMASTER_DB")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tauri-driver");
        let driver = Driver(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on port {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let binary = support::binary();
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": binary.to_str().expect("utf-8 path"),
                "args": ["--db", db.to_str().expect("utf-8 path")],
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = tokio::time::timeout(
            Duration::from_secs(30),
            ClientBuilder::native()
                .capabilities(capabilities)
                .connect(&format!("http://127.0.0.1:{port}")),
        )
        .await
        .expect("WebDriver session within 30 s")
        .expect("WebDriver session");
        let app = App {
            client,
            db,
            home,
            _driver: driver,
            _turn: turn,
        };
        app.wait_for("document.getElementById('view')?.dataset.ready === 'true'")
            .await;
        app
    }

    /// Ends the session (bounded, so a hang fails fast); tauri-driver stops on drop.
    pub async fn close(self) {
        let App {
            client,
            home,
            _driver,
            _turn,
            ..
        } = self;
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        drop(_driver);
        drop(home);
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        tokio::time::timeout(Duration::from_secs(10), self.client.execute(script, args))
            .await
            .unwrap_or_else(|_| panic!("script timed out: {script}"))
            .unwrap_or_else(|e| panic!("script failed: {script}: {e}"))
    }

    /// Waits until the JavaScript `expression` is truthy.
    pub async fn wait_for(&self, expression: &str) {
        let script = format!("return Boolean({expression});");
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.js(&script, vec![]).await == Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                let main = self
                    .js(
                        "return document.getElementById('view')?.innerText ?? ''",
                        vec![],
                    )
                    .await;
                panic!("timed out waiting for {expression}; the view shows: {main}");
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// How many views have finished painting so far.
    pub async fn painted(&self) -> u64 {
        self.js("return window.quartermasterPerf.views.length", vec![])
            .await
            .as_u64()
            .unwrap_or(0)
    }

    /// Goes to a route (`#/portfolio/model/new`) and waits until its view is painted. Already
    /// there (the app may have navigated itself), the route is shown again, as a click would.
    pub async fn goto(&self, hash: &str) {
        let before = self.painted().await;
        self.js(
            "if (location.hash === arguments[0]) window.dispatchEvent(new HashChangeEvent('hashchange')); \
             else location.hash = arguments[0];",
            vec![json!(hash)],
        )
        .await;
        self.wait_for(&format!(
            "window.quartermasterPerf.views.length > {before} && document.getElementById('view').dataset.ready === 'true'"
        ))
        .await;
    }

    /// Waits for the next view to be painted after `action` (a click that navigates).
    pub async fn after_navigation(&self, before: u64) {
        self.wait_for(&format!(
            "window.quartermasterPerf.views.length > {before} && document.getElementById('view').dataset.ready === 'true'"
        ))
        .await;
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => return element,
                Err(e) if Instant::now() > deadline => panic!("no element {css}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(40)).await,
            }
        }
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Replaces the text of an input.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        input
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear {css}: {e}"));
        if !text.is_empty() {
            input
                .send_keys(text)
                .await
                .unwrap_or_else(|e| panic!("type into {css}: {e}"));
        }
    }

    pub async fn select(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in {css}: {e}"));
    }

    /// The text content of the first element matching `css` ("" when absent).
    pub async fn text(&self, css: &str) -> String {
        let value = self
            .js(
                "return document.querySelector(arguments[0])?.textContent ?? ''",
                vec![json!(css)],
            )
            .await;
        value.as_str().unwrap_or_default().to_string()
    }

    /// Types into the view's filter box.
    pub async fn filter(&self, text: &str) {
        self.fill("input[data-filter]", text).await;
    }

    /// Whether a table row's text contains `needle`.
    pub async fn row_with(&self, needle: &str) -> bool {
        self.js(
            "return [...document.querySelectorAll('table.grid tbody tr[data-id]')].some(tr => tr.textContent.includes(arguments[0]))",
            vec![json!(needle)],
        )
        .await
            == Value::Bool(true)
    }

    /// Saves a PNG of the window under `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = tokio::time::timeout(Duration::from_secs(15), self.client.screenshot())
            .await
            .expect("screenshot within 15 s")
            .expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create the screenshot dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write the screenshot");
    }

    /// A read-only connection to the app's database (WAL lets it read while the app writes).
    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(&self.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the app's database")
    }

    /// One integer from the database.
    pub fn count(&self, sql: &str) -> i64 {
        self.db()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The first row of `sql` as a pair (the demo facts a test starts from).
    pub fn pair<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> (A, B) {
        self.db()
            .query_row(sql, params, |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Polls the database until `sql` returns `expected` (the app commits asynchronously to us).
    pub async fn wait_db(&self, sql: &str, expected: i64) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let value = self.count(sql);
            if value == expected {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{sql} gave {value}, expected {expected}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
