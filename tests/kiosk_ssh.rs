//! The kiosk over SSH, set up as the README says: a real `sshd` on loopback whose `ForceCommand` is
//! the kiosk, and the thin client's login, `scripts/kiosk-ssh-client`, in a real pseudo-terminal.
//! A candidate tries every SSH escape and every signal key; the kiosk must stay, on the same
//! connection, and the thin client's shell must never show. A control test proves the escapes do
//! leave a plain `ssh -t`, so that passing here means something.
//!
//! Needs `sshd`, `ssh` and `ssh-keygen` (openssh-server and openssh-client, which `scripts/test`
//! installs); without them each test prints `SKIPPED: …` and passes.

#![cfg(target_os = "linux")]

mod support;

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use support::{BIN, PtyRun, Workspace, keys};

/// Generous: two cores, and several tests each with an sshd and a kiosk.
const LIMIT: Duration = Duration::from_secs(30);

/// The kiosk's first screen (assets/kiosk.toml, `[start]`) and the one after it.
const START: &str = "Press Enter to start";
const PRIVACY: &str = "How we use your information";
const RECONNECTING: &str = "Reconnecting to the kiosk";

/// The thin client's own shell prompt: what a candidate must never get to.
const PROMPT: &str = "THIN-CLIENT-SHELL$";

/// What the SSH client shows when one of its escapes works.
const ESCAPE_SIGNS: [&str; 5] = [
    "Connection to",              // ~.
    "Supported escape sequences", // ~?
    "ssh>",                       // ~C
    "Waiting for forwarded",      // ~&
    "Stopped",                    // ~^Z (the shell's job report)
];

/// The keys a terminal turns into signals, in the order tried.
const SIGNAL_KEYS: [(&str, &str); 3] = [
    ("Ctrl-C", keys::CTRL_C),
    ("Ctrl-Z", keys::CTRL_Z),
    ("Ctrl-\\", keys::CTRL_BACKSLASH),
];

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/kiosk-ssh-client");

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

fn find_sshd() -> Option<PathBuf> {
    ["/usr/sbin/sshd", "/usr/local/sbin/sshd"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| on_path("sshd"))
}

/// `Some(sshd)` when OpenSSH's server and client are installed; otherwise prints why not.
fn openssh() -> Option<PathBuf> {
    let missing: Vec<&str> = ["ssh", "ssh-keygen"]
        .into_iter()
        .filter(|p| on_path(p).is_none())
        .collect();
    let sshd = find_sshd();
    if sshd.is_none() || !missing.is_empty() {
        let mut what = missing;
        if sshd.is_none() {
            what.insert(0, "sshd");
        }
        println!(
            "SKIPPED: {} not installed (openssh-server, openssh-client; scripts/test installs them)",
            what.join(", ")
        );
        return None;
    }
    sshd
}

fn run_ok(command: &mut Command) -> String {
    let output = command.output().expect("run a command");
    support::succeeded(format_args!("{command:?}"), &output)
}

fn keygen(path: &Path, comment: &str) {
    run_ok(
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
            .arg(path),
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind a free port")
        .local_addr()
        .expect("local address")
        .port()
}

/// Every process in the system with its parent, from /proc.
fn parents() -> HashMap<u32, u32> {
    let mut map = HashMap::new();
    for entry in fs::read_dir("/proc").expect("read /proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (name) state ppid …": the name may hold spaces and brackets, so count from the last ')'.
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            map.insert(pid, ppid);
        }
    }
    map
}

/// The processes started, directly or not, by `root`.
fn descendants(root: u32) -> Vec<u32> {
    let parents = parents();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(
            parents
                .iter()
                .filter(|&(_, &ppid)| ppid == parent)
                .map(|(&pid, _)| pid),
        );
        i += 1;
    }
    found.remove(0);
    found
}

fn exe(pid: u32) -> Option<PathBuf> {
    fs::read_link(format!("/proc/{pid}/exe")).ok()
}

fn alive(pid: u32) -> bool {
    // A zombie has no exe link; only a running (or stopped) process counts.
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let after = &stat[stat.rfind(')')? + 1..];
            after.split_whitespace().next().map(|state| state != "Z")
        })
        .unwrap_or(false)
}

fn kill_hard(pids: &[u32]) {
    if pids.is_empty() {
        return;
    }
    let _ = Command::new("kill")
        .arg("-KILL")
        .args(pids.iter().map(u32::to_string))
        .stderr(Stdio::null())
        .status();
}

/// Waits until `ok` holds, failing with `what` when it never does.
fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < LIMIT, "waited {LIMIT:?} for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How the fair laptop holds its kiosk account to the kiosk (README, "The kiosk over SSH").
#[derive(Clone, Copy, Debug)]
enum Restriction {
    /// `ForceCommand` and `DisableForwarding` in sshd's configuration.
    SshdConfig,
    /// `restrict,pty,command="…"` on the client's key in authorized_keys.
    AuthorizedKeys,
}

/// A fair laptop: an event in a database, and an sshd on loopback whose only command is the kiosk.
struct FairLaptop {
    ws: Workspace,
    sshd_bin: PathBuf,
    sshd: Option<Child>,
    port: u16,
    user: String,
    config: PathBuf,
    log: PathBuf,
    client_key: PathBuf,
    known_hosts: PathBuf,
}

impl FairLaptop {
    fn start(sshd_bin: PathBuf) -> Self {
        Self::start_with(sshd_bin, Restriction::SshdConfig)
    }

    fn start_with(sshd_bin: PathBuf, restriction: Restriction) -> Self {
        let ws = Workspace::new();
        ws.ok(
            &support::init_args("Leeds Jobs Fair", "First Direct Arena", support::EVENT_DAY),
            "",
        );
        ws.ok(
            &[
                "staff",
                "add",
                "--name",
                "Sam Lead",
                "--role",
                "coordinator",
            ],
            "4821\n4821\n",
        );

        let dir = ws.dir.path().to_path_buf();
        let host_key = dir.join("host_ed25519");
        let client_key = dir.join("client_ed25519");
        keygen(&host_key, "fairfloor-test-host");
        keygen(&client_key, "fairfloor-test-client");
        let port = free_port();
        let host_pub = fs::read_to_string(host_key.with_extension("pub")).expect("host key");
        let known_hosts = dir.join("known_hosts");
        fs::write(&known_hosts, format!("[127.0.0.1]:{port} {host_pub}")).expect("known_hosts");

        // Whoever runs the tests logs in as themselves (root in CI).
        let user = run_ok(Command::new("id").arg("-un")).trim().to_string();
        let bin = fs::canonicalize(BIN).expect("the fairfloor binary");
        for path in [&bin, &ws.db, &dir, &support::key_file().to_path_buf()] {
            let text = path.to_string_lossy();
            assert!(
                !text.contains(|c: char| c.is_whitespace() || c == '\'' || c == '"'),
                "a path the sshd_config cannot hold as it is: {text}"
            );
        }
        let kiosk = format!(
            "{} --db {} --key-file {} kiosk",
            bin.display(),
            ws.db.display(),
            support::key_file().display()
        );
        let client_pub = fs::read_to_string(client_key.with_extension("pub")).expect("client key");
        let (key_options, server_options) = match restriction {
            // As the README's /etc/ssh/sshd_config.d/fairfloor-kiosk.conf, for this account.
            Restriction::SshdConfig => (
                String::new(),
                format!(
                    "Match User {user}\n    ForceCommand {kiosk}\n    \
                     AuthenticationMethods publickey\n    DisableForwarding yes\n"
                ),
            ),
            Restriction::AuthorizedKeys => {
                (format!("restrict,pty,command=\"{kiosk}\" "), String::new())
            }
        };
        let authorized_keys = dir.join("authorized_keys");
        fs::write(&authorized_keys, format!("{key_options}{client_pub}")).expect("authorized_keys");

        let config = dir.join("sshd_config");
        fs::write(
            &config,
            format!(
                "ListenAddress 127.0.0.1\n\
                 Port {port}\n\
                 HostKey {host_key}\n\
                 PidFile {pid}\n\
                 AuthorizedKeysFile {authorized_keys}\n\
                 StrictModes no\n\
                 UsePAM no\n\
                 PermitRootLogin prohibit-password\n\
                 AllowUsers {user}\n\
                 AuthenticationMethods publickey\n\
                 PasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\n\
                 PermitTTY yes\n\
                 PrintMotd no\n\
                 PrintLastLog no\n\
                 LogLevel VERBOSE\n\
                 {server_options}",
                host_key = host_key.display(),
                pid = dir.join("sshd.pid").display(),
                authorized_keys = authorized_keys.display(),
            ),
        )
        .expect("sshd_config");

        // sshd started as root wants its privilege-separation directory, which the system's own
        // sshd service would have made at boot (it lives in /run, so it is gone after a restart).
        if user == "root" && !Path::new("/run/sshd").is_dir() {
            fs::create_dir_all("/run/sshd").expect("create /run/sshd");
        }

        let mut laptop = Self {
            ws,
            sshd_bin,
            sshd: None,
            port,
            user,
            config,
            log: dir.join("sshd.log"),
            client_key,
            known_hosts,
        };
        laptop.start_sshd();
        laptop
    }

    /// Starts sshd (again) on the same port and waits until it answers with its banner.
    fn start_sshd(&mut self) {
        assert!(self.sshd.is_none());
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("sshd log");
        let start = Instant::now();
        loop {
            let mut child = Command::new(&self.sshd_bin)
                .args(["-D", "-e", "-f"])
                .arg(&self.config)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log.try_clone().expect("log"))
                .spawn()
                .expect("start sshd");
            // Until it answers, or it gives up (the port may still be held a moment after a kill).
            while start.elapsed() < LIMIT {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) {
                    let mut banner = [0u8; 4];
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                    if stream.read_exact(&mut banner).is_ok() && &banner == b"SSH-" {
                        self.sshd = Some(child);
                        return;
                    }
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
            assert!(
                start.elapsed() < LIMIT,
                "sshd did not start on port {}; its log:\n{}",
                self.port,
                self.sshd_log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn sshd_pid(&self) -> u32 {
        self.sshd.as_ref().expect("sshd running").id()
    }

    fn sshd_log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The kiosks running on this laptop for SSH sessions now.
    fn kiosks(&self) -> Vec<u32> {
        let Some(sshd) = &self.sshd else {
            return Vec::new();
        };
        let bin = fs::canonicalize(BIN).expect("the fairfloor binary");
        descendants(sshd.id())
            .into_iter()
            .filter(|&pid| exe(pid).as_deref() == Some(bin.as_path()))
            .collect()
    }

    /// The one kiosk running (waits for it: a reconnect takes a moment).
    fn the_kiosk(&self) -> u32 {
        let start = Instant::now();
        loop {
            let kiosks = self.kiosks();
            if kiosks.len() == 1 {
                return kiosks[0];
            }
            assert!(
                start.elapsed() < LIMIT,
                "waited {LIMIT:?} for one kiosk behind sshd, found {kiosks:?}; sshd's log:\n{}",
                self.sshd_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Drops every SSH connection, as a network failure would: the per-connection sshd
    /// processes die at once, while the listening sshd stays. Returns the kiosks they ran.
    fn drop_connections(&self) -> Vec<u32> {
        let kiosks = self.kiosks();
        let connections: Vec<u32> = descendants(self.sshd_pid())
            .into_iter()
            .filter(|&pid| exe(pid) == fs::canonicalize(&self.sshd_bin).ok())
            .collect();
        assert!(!connections.is_empty(), "no SSH connection to drop");
        kill_hard(&connections);
        kiosks
    }

    /// Stops sshd and everything it started, as if the fair laptop went away.
    fn stop_sshd(&mut self) {
        if let Some(mut sshd) = self.sshd.take() {
            let everything = descendants(sshd.id());
            let _ = sshd.kill();
            let _ = sshd.wait();
            kill_hard(&everything);
        }
    }

    /// The thin client's login settings, as /etc/default/fairfloor-kiosk-client would hold them.
    fn client_config(&self) -> PathBuf {
        let path = self.ws.dir.path().join("fairfloor-kiosk-client");
        fs::write(
            &path,
            format!(
                "FAIRFLOOR_KIOSK_HOST=127.0.0.1\n\
                 FAIRFLOOR_KIOSK_USER={user}\n\
                 FAIRFLOOR_KIOSK_PORT={port}\n\
                 FAIRFLOOR_KIOSK_KEY={key}\n\
                 FAIRFLOOR_KIOSK_RETRY=1\n\
                 FAIRFLOOR_KIOSK_SSH_OPTIONS=\"-F none -o UserKnownHostsFile={known_hosts}\"\n",
                user = self.user,
                port = self.port,
                key = self.client_key.display(),
                known_hosts = self.known_hosts.display(),
            ),
        )
        .expect("client config");
        path
    }

    /// The ssh options every connection here needs (our own keys and host key, no ~/.ssh/config).
    fn ssh_options(&self) -> String {
        format!(
            "-F none -o BatchMode=yes -o IdentitiesOnly=yes -i {key} -o UserKnownHostsFile={kh} -p {port}",
            key = self.client_key.display(),
            kh = self.known_hosts.display(),
            port = self.port
        )
    }
}

impl Drop for FairLaptop {
    fn drop(&mut self) {
        self.stop_sshd();
    }
}

/// The thin client: an interactive shell on a real terminal, with a prompt we can recognise.
fn thin_client(laptop: &FairLaptop) -> PtyRun {
    let mut command = CommandBuilder::new("/bin/sh");
    command.arg("-i");
    command.env("PS1", format!("{PROMPT} "));
    command.env_remove("ENV");
    command.env("FAIRFLOOR_KIOSK_CONFIG", laptop.client_config().as_os_str());
    command.cwd(laptop.ws.dir.path());
    // The client's scratch file goes with the test's folder, however the client is ended.
    command.env("TMPDIR", laptop.ws.dir.path().as_os_str());
    let client = PtyRun::spawn_command(command, 100, 30);
    client.wait_for_within(PROMPT, LIMIT);
    client
}

/// Fails unless the kiosk is on screen, the client still runs, and no shell or SSH escape shows.
fn assert_still_the_kiosk(client: &mut PtyRun, what: &str) {
    let screen = client.screen();
    assert!(
        client.is_running(),
        "after {what} the thin client's login ended:\n{screen}"
    );
    assert!(
        screen.contains(START) || screen.contains(PRIVACY),
        "after {what} the kiosk is not on screen:\n{screen}"
    );
    for sign in ESCAPE_SIGNS.iter().chain([&PROMPT, &RECONNECTING]) {
        assert!(
            !screen.contains(sign),
            "after {what} the screen shows {sign:?}:\n{screen}"
        );
    }
}

/// Types `to_privacy` (which must reach the privacy page), then `there` and Esc back to the start:
/// fails unless the kiosk, still `kiosk` on the same connection, answered throughout.
fn assert_keys_keep_the_kiosk(
    client: &mut PtyRun,
    laptop: &FairLaptop,
    kiosk: u32,
    what: &str,
    to_privacy: &[&str],
    there: &str,
) {
    for key in to_privacy {
        client.send(key);
    }
    client.wait_for_within(PRIVACY, LIMIT);
    client.send(there);
    client.send(keys::ESC);
    client.wait_for_within(START, LIMIT);
    assert_still_the_kiosk(client, what);
    assert_eq!(
        laptop.kiosks(),
        vec![kiosk],
        "after {what} the connection was closed and another made"
    );
}

#[test]
fn the_documented_client_keeps_the_kiosk_through_every_escape_and_reconnects() {
    let Some(sshd) = openssh() else { return };
    let mut laptop = FairLaptop::start(sshd);
    let mut client = thin_client(&laptop);

    // As the kiosk account's profile would: the shell is replaced by the client script.
    client.answer(&format!("exec '{SCRIPT}'"));
    client.wait_for_within(START, LIMIT);
    let kiosk = laptop.the_kiosk();

    // Each escape after Enter (ssh only reads ~ as an escape at the start of a line), then Esc
    // back to the start: the kiosk answering proves the same connection still carries keys.
    let after_enter: [(&str, &str); 6] = [
        ("Enter ~.", "~."),
        ("Enter ~ Ctrl-Z", "~\x1a"),
        ("Enter ~C", "~C"),
        ("Enter ~&", "~&"),
        ("Enter ~?", "~?"),
        ("Enter ~B", "~B"),
    ];
    for (what, escape) in after_enter {
        assert_keys_keep_the_kiosk(&mut client, &laptop, kiosk, what, &[keys::ENTER], escape);
    }
    // A signal key with Enter, then the same key again on the privacy page.
    for (what, key) in SIGNAL_KEYS {
        assert_keys_keep_the_kiosk(&mut client, &laptop, kiosk, what, &[key, keys::ENTER], key);
    }

    // Staff close the kiosk with F12 and a PIN: the client reconnects to a fresh one.
    client.send(keys::F12);
    client.wait_for_within("Staff only", LIMIT);
    client.answer("4821");
    client.wait_for_within(RECONNECTING, LIMIT);
    wait_until("the closed kiosk to end", || !alive(kiosk));
    client.wait_for_within(START, LIMIT);
    assert_still_the_kiosk(&mut client, "staff closing the kiosk");
    let kiosk = laptop.the_kiosk();

    // The network drops: the reconnecting line, then the kiosk again; the old kiosk ends.
    let dropped = laptop.drop_connections();
    assert_eq!(dropped, vec![kiosk]);
    client.wait_for_within(RECONNECTING, LIMIT);
    assert!(
        !client.screen().contains(START),
        "the dropped kiosk's screen is left behind the reconnecting line:\n{}",
        client.screen()
    );
    client.wait_for_within(START, LIMIT);
    assert_still_the_kiosk(&mut client, "a dropped connection");
    let kiosk = laptop.the_kiosk();
    assert_ne!(dropped, vec![kiosk]);
    wait_until("the kiosk whose connection dropped to end", || {
        !alive(dropped[0])
    });

    // The fair laptop goes away for a while: the client keeps trying, and says why. (A client
    // stopped by Ctrl-Z below would never bring the kiosk back when the laptop returns.)
    laptop.stop_sshd();
    client.wait_for_within(RECONNECTING, LIMIT);
    client.wait_for_within("Connection refused", LIMIT);
    // Between tries the terminal is the thin client's own: these keys are signals there. Each
    // reaches the script (or its sleep or ssh) at once; give it more than a try's length.
    for (what, key) in SIGNAL_KEYS {
        client.send(key);
        std::thread::sleep(Duration::from_millis(1500));
        assert!(
            client.is_running(),
            "{what} between tries stopped the client:\n{}",
            client.screen()
        );
        client.wait_for_within(RECONNECTING, LIMIT);
    }
    assert!(!client.screen().contains(PROMPT), "{}", client.screen());
    laptop.start_sshd();
    client.wait_for_within(START, LIMIT);
    assert_still_the_kiosk(&mut client, "the laptop coming back");
    laptop.the_kiosk();

    // And the client is still the kiosk's: the form goes on as usual.
    client.send(keys::ENTER);
    client.wait_for_within(PRIVACY, LIMIT);
    client.answer("1");
    client.wait_for_within("What is your first name?", LIMIT);
}

/// The control: a plain `ssh -t`, as the README used to say, is left with Enter `~.`, and the
/// thin client's shell is in front of the candidate. If this stopped failing the kiosk, the
/// test above would prove nothing.
#[test]
fn without_e_none_enter_tilde_dot_leaves_the_kiosk_for_the_thin_clients_shell() {
    let Some(sshd) = openssh() else { return };
    let laptop = FairLaptop::start(sshd);
    let mut client = thin_client(&laptop);

    client.answer(&format!(
        "ssh -t {} {}@127.0.0.1 fairfloor kiosk",
        laptop.ssh_options(),
        laptop.user
    ));
    client.wait_for_within(START, LIMIT);
    laptop.the_kiosk();
    client.send(keys::ENTER);
    client.wait_for_within(PRIVACY, LIMIT);
    client.send("~.");
    client.wait_for_within("Connection to 127.0.0.1 closed.", LIMIT);
    // The candidate now types into the thin client's own shell.
    client.answer("echo candidate-has-a-shell-$((6*7))");
    client.wait_for_within("candidate-has-a-shell-42", LIMIT);
    assert!(client.is_running());
}

/// The server side holds whatever the client asks: another command still gets the kiosk.
#[test]
fn asking_the_kiosk_account_for_a_shell_still_gets_the_kiosk() {
    asking_for_a_shell_or_a_forward_still_gets_the_kiosk(Restriction::SshdConfig);
}

#[test]
fn with_the_key_restricted_in_authorized_keys_a_shell_still_gets_the_kiosk() {
    asking_for_a_shell_or_a_forward_still_gets_the_kiosk(Restriction::AuthorizedKeys);
}

fn asking_for_a_shell_or_a_forward_still_gets_the_kiosk(restriction: Restriction) {
    let Some(sshd) = openssh() else { return };
    let laptop = FairLaptop::start_with(sshd, restriction);
    let mut client = thin_client(&laptop);

    client.answer(&format!(
        "exec ssh -e none -t {} {}@127.0.0.1 /bin/sh -i",
        laptop.ssh_options(),
        laptop.user
    ));
    client.wait_for_within(START, LIMIT);
    let kiosk = laptop.the_kiosk();
    assert_still_the_kiosk(&mut client, "asking for /bin/sh");

    // No forwarding either: a remote port forward (no session, so no kiosk) is refused.
    let mut forward = Command::new("ssh")
        .args(laptop.ssh_options().split(' '))
        .args(["-N", "-o", "ExitOnForwardFailure=yes", "-R"])
        .arg(format!("0:127.0.0.1:{}", laptop.port))
        .arg(format!("{}@127.0.0.1", laptop.user))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ssh");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = forward.try_wait().expect("wait for ssh") {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = forward.kill();
            panic!("ssh -R is still connected after {LIMIT:?}: the forward was allowed");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = support::read_stderr(&mut forward);
    assert!(!status.success(), "ssh -R succeeded: {stderr}");
    assert!(stderr.contains("forwarding failed"), "{stderr}");
    assert_eq!(laptop.kiosks(), vec![kiosk]);
}

/// The signal keys between tries, when the script is run from a shell without `exec` (a profile
/// written another way): there the terminal's Ctrl-Z would stop it and give back the shell. (A
/// login shell, as documented, is in an orphaned process group, where Ctrl-Z is never sent.)
#[test]
fn run_from_a_shell_without_exec_the_keys_between_tries_still_do_not_stop_it() {
    let Some(sshd) = openssh() else { return };
    let mut laptop = FairLaptop::start(sshd);
    laptop.stop_sshd();
    let mut client = thin_client(&laptop);

    client.answer(&format!("'{SCRIPT}'"));
    client.wait_for_within("Connection refused", LIMIT);
    for (what, key) in [
        ("Ctrl-Z", keys::CTRL_Z),
        ("Ctrl-C", keys::CTRL_C),
        ("Ctrl-\\", keys::CTRL_BACKSLASH),
    ] {
        client.send(key);
        std::thread::sleep(Duration::from_millis(1500));
        client.wait_for_within(RECONNECTING, LIMIT);
        let screen = client.screen();
        assert!(
            !screen.contains(PROMPT) && !screen.contains("Stopped"),
            "{what} between tries gave back the shell:\n{screen}"
        );
    }
    laptop.start_sshd();
    client.wait_for_within(START, LIMIT);
    assert_still_the_kiosk(&mut client, "the laptop coming back");
}
