"""The Debian package (issue #10; docs/deploy.md "Installing the .deb"; cmake/Packaging.cmake, packaging/debian/).

Builds xinfang_<version>_amd64.deb with cpack from the build directory (twice: with dpkg-shlibdeps, and with the
explicit dependency list used where dpkg-dev is missing), then checks, without installing anything on this machine:
  1. the control data: name, version, architecture, Depends naming the package of every library the packaged binary
     links (NEEDED, resolved with `ldd`, mapped with `dpkg -S`; a virtual package it Provides counts) and the CJK
     fonts, the conffile;
  2. the files and their modes and owners (`dpkg-deb -c`): the program, the console, the calendar and categories, the
     configuration, the systemd unit; nothing under /var (the state directory is made by postinst and systemd);
  3. the systemd unit's settings (user, state directory, hardening, restart, environment file), and
     `systemd-analyze verify` when systemd-analyze is present;
  4. the maintainer scripts: executable, `sh -n`, and run against stand-in commands (a PATH of stubs that record
     their calls): postinst creates the user, group, state directory and statoverride once, a second run changes
     nothing (idempotent), the useradd fallback works without adduser; nothing is started without systemd; prerm
     stops only on remove; postrm purge never deletes /var/lib/xinfang;
  5. the package extracted into a throw-away root (`dpkg -x`; a debootstrap chroot is not possible here): the
     packaged binary started there with the packaged /etc/xinfang/xinfang.toml, its paths redirected into the root by
     the XINFANG_* environment overrides (every absolute path of the configuration must exist in the package or lie
     in the unit's StateDirectory); /healthz, the console's index.html and the portal page are served; `xinfang org
     import` and `xinfang user add` with --config only, a log-in and a registration work; SIGTERM stops it with exit 0.
Everything is made under one temporary directory, removed at the end.

Run: XINFANG_BUILD_DIR=build XINFANG_SOURCE_DIR=. python3 -m unittest -v test_deb   (in this folder)
"""
import glob
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
import harness  # noqa: E402
from test_api import registration  # noqa: E402

SOURCE = os.path.abspath(os.environ.get("XINFANG_SOURCE_DIR", os.path.join(HERE, "..", "..")))
BUILD = os.path.abspath(os.environ.get("XINFANG_BUILD_DIR", os.path.join(SOURCE, "build")))
STATE_DIR = "/var/lib/xinfang"  # the unit's StateDirectory=xinfang

ORGS_TSV = "code\tparent_code\tname\tlevel\tkind\tregion_code\ncounty\t\t测试县信访局\tcounty\tpetition_office\t991021\n"


def run(*args, check=True, **kw):
    r = subprocess.run(args, capture_output=True, text=True, timeout=900, **kw)
    if check and r.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return r


def project_version():
    with open(os.path.join(BUILD, "CPackConfig.cmake"), encoding="utf-8") as f:
        return re.search(r'set\(CPACK_PACKAGE_VERSION "([^"]+)"\)', f.read()).group(1)


def build_deb(out_dir, *defines):
    """cpack -G DEB from the build directory into out_dir; returns the .deb's path."""
    os.makedirs(out_dir)
    args = ["cpack", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-G", "DEB", "-B", out_dir]
    for d in defines:
        args += ["-D", d]
    run(*args, cwd=BUILD)
    debs = glob.glob(os.path.join(out_dir, "*.deb"))
    assert len(debs) == 1, debs
    return debs[0]


def depends_packages(deb):
    """The package names of the Depends field (alternatives included, versions dropped)."""
    field = run("dpkg-deb", "-f", deb, "Depends").stdout.strip()
    names = set()
    for part in re.split(r"[,|]", field):
        name = part.strip().split(" ")[0].split("(")[0]
        if name:
            names.add(name)
    return field, names


def library_packages(binary):
    """{library: Debian package} for each library the binary names (NEEDED; what it pulls in itself is its package's
    business), resolved by `ldd` and mapped with `dpkg -S`."""
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", run("readelf", "-d", binary).stdout)
    resolved = dict(re.findall(r"^\s*(\S+) => (/\S+) \(0x", run("ldd", binary).stdout, re.M))
    libs = {}
    for lib in needed:
        assert lib in resolved, f"ldd does not resolve {lib} for {binary}"
        path = resolved[lib]
        candidates = [path, os.path.realpath(path)]
        for p in list(candidates):  # merged /usr: dpkg may know the file by its /lib or its /usr/lib name
            if p.startswith("/usr/lib/"):
                candidates.append(p[len("/usr"):])
            elif p.startswith("/lib"):
                candidates.append("/usr" + p)
        owner = None
        for p in candidates:
            r = run("dpkg", "-S", p, check=False)
            if r.returncode == 0:
                owner = r.stdout.split(":")[0].strip()
                break
        assert owner, f"no Debian package owns {path} ({lib})"
        libs[lib] = owner
    return libs


def provided_names(package):
    """The package's own name and the virtual packages it Provides (e.g. libspdlog1.10 → libspdlog1.10-fmt9)."""
    provides = run("dpkg-query", "-W", "-f=${Provides}", package).stdout
    return {package} | {p.strip().split(" ")[0] for p in provides.split(",") if p.strip()}


def unit_settings(path):
    """[Section] Key=Value lines of a systemd unit → {key: [values]} (repeated keys keep every value)."""
    settings = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(("#", ";", "[")):
                continue
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


STUB = """#!/bin/sh
# A stand-in for a system command: records its call; getent and dpkg-statoverride answer from a state file that
# addgroup/adduser/groupadd/useradd and dpkg-statoverride --add write to.
echo "$(basename "$0") $*" >> "$STUB_LOG"
eval "last=\\${$#}"
case "$(basename "$0")" in
  getent)
    grep -qx "$1 $2" "$STUB_STATE" 2>/dev/null || exit 2
    echo "$2:x:999:999::/var/lib/xinfang:/usr/sbin/nologin" ;;
  addgroup|groupadd) echo "group $last" >> "$STUB_STATE" ;;
  adduser|useradd) echo "passwd $last" >> "$STUB_STATE" ;;
  dpkg-statoverride)
    case "$1" in
      --list) grep -qx "override $2" "$STUB_STATE" 2>/dev/null || exit 1 ;;
      --update) echo "override $last" >> "$STUB_STATE" ;;
    esac ;;
esac
exit 0
"""


class DebPackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="xf-deb-")
        cls.proc = None
        try:
            cls.version = project_version()
            t0 = time.time()
            cls.deb = build_deb(os.path.join(cls.work, "out"))
            cls.cpack_seconds = time.time() - t0
            cls.root = os.path.join(cls.work, "root")
            run("dpkg", "-x", cls.deb, cls.root)
            cls.control = os.path.join(cls.work, "control")
            run("dpkg-deb", "-e", cls.deb, cls.control)
        except BaseException:
            shutil.rmtree(cls.work, ignore_errors=True)
            raise
        print(f"\n{os.path.basename(cls.deb)}: {os.path.getsize(cls.deb) / 2**20:.1f} MiB, cpack {cls.cpack_seconds:.0f} s",
              file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        if cls.proc and cls.proc.poll() is None:
            cls.proc.kill()
            cls.proc.wait(timeout=30)
        shutil.rmtree(cls.work, ignore_errors=True)

    # ---- 1. control data --------------------------------------------------------------------------------------

    def test_control_fields_and_name(self):
        arch = run("dpkg", "--print-architecture").stdout.strip()
        self.assertEqual(os.path.basename(self.deb), f"xinfang_{self.version}_{arch}.deb")
        fields = {k: run("dpkg-deb", "-f", self.deb, k).stdout.strip()
                  for k in ("Package", "Version", "Architecture", "Maintainer", "Description")}
        self.assertEqual(fields["Package"], "xinfang")
        self.assertEqual(fields["Version"], self.version)
        self.assertEqual(fields["Architecture"], arch)
        self.assertRegex(fields["Maintainer"], r".+ <[^>]+@[^>]+>")
        self.assertIn("信访", fields["Description"])
        with open(os.path.join(self.control, "conffiles"), encoding="utf-8") as f:
            self.assertEqual(f.read().split(), ["/etc/xinfang/xinfang.toml"])

    def assert_depends_cover_libraries(self, deb):
        field, names = depends_packages(deb)
        libs = library_packages(os.path.join(self.root, "usr/bin/xinfang"))
        self.assertIn("libsqlite3-0", libs.values())  # ldd did see the libraries
        missing = {lib: pkg for lib, pkg in libs.items() if not provided_names(pkg) & names}
        self.assertEqual(missing, {}, f"libraries whose package is not in Depends: {field}")
        self.assertIn("fonts-noto-cjk", names)  # Noto Serif CJK SC, the documents' default font
        return field

    def test_depends_cover_every_linked_library_with_dpkg_shlibdeps(self):
        self.assertTrue(shutil.which("dpkg-shlibdeps"), "dpkg-dev is missing: scripts/deps.sh")
        field = self.assert_depends_cover_libraries(self.deb)
        self.assertRegex(field, r"libc6 \(>= [0-9.]+\)")  # versions come from the shlibs files

    def test_depends_cover_every_linked_library_with_the_explicit_list(self):
        deb = build_deb(os.path.join(self.work, "out-explicit"), "CPACK_DEBIAN_PACKAGE_SHLIBDEPS=OFF")
        field = self.assert_depends_cover_libraries(deb)
        self.assertNotIn("(>=", field)

    # ---- 2. files ---------------------------------------------------------------------------------------------

    def test_files_modes_and_owners(self):
        listing = {}
        for line in run("dpkg-deb", "-c", self.deb).stdout.splitlines():
            perms, owner, _size, _date, _time, path = line.split(None, 5)
            listing[path.removeprefix(".").rstrip("/") or "/"] = (perms, owner)
        self.assertTrue(all(owner == "root/root" for _, owner in listing.values()),
                        [p for p, (_, o) in listing.items() if o != "root/root"])
        expect = {
            "/usr/bin/xinfang": "-rwxr-xr-x",
            "/etc/xinfang/xinfang.toml": "-rw-r--r--",  # 0640 root:xinfang is set by postinst (dpkg-statoverride)
            "/lib/systemd/system/xinfang.service": "-rw-r--r--",
            "/usr/share/xinfang/web/index.html": "-rw-r--r--",
            "/usr/share/xinfang/web/portal.html": "-rw-r--r--",
            "/usr/share/xinfang/categories.tsv": "-rw-r--r--",
            "/usr/share/doc/xinfang/xinfang.example.toml": "-rw-r--r--",
        }
        for path, perms in expect.items():
            self.assertIn(path, listing)
            self.assertEqual(listing[path][0], perms, path)
        calendars = [p for p in listing if re.fullmatch(r"/usr/share/xinfang/calendar/cn-\d{4}\.tsv", p)]
        self.assertEqual(len(calendars), len(glob.glob(os.path.join(SOURCE, "config/calendar/*.tsv"))))
        self.assertTrue(any(p.startswith("/usr/share/xinfang/web/assets/") for p in listing))
        for path, (perms, _) in listing.items():
            self.assertFalse(path.startswith("/var"), path)  # data is made at run time, never shipped
            self.assertNotIn(BUILD, path)
            if perms.startswith("d"):
                self.assertEqual(perms, "drwxr-xr-x", path)
            elif path != "/usr/bin/xinfang":
                self.assertEqual(perms, "-rw-r--r--", path)
        # Stripped: no debug information in the package.
        self.assertNotIn("debug_info", run("readelf", "-S", os.path.join(self.root, "usr/bin/xinfang")).stdout)

    # ---- 3. the systemd unit ----------------------------------------------------------------------------------

    def test_systemd_unit(self):
        unit = os.path.join(self.root, "lib/systemd/system/xinfang.service")
        s = unit_settings(unit)
        one = {k: v[-1] for k, v in s.items()}
        self.assertEqual(one["ExecStart"], "/usr/bin/xinfang serve --config /etc/xinfang/xinfang.toml")
        expect = {
            "User": "xinfang", "Group": "xinfang", "StateDirectory": "xinfang", "Restart": "on-failure",
            "EnvironmentFile": "-/etc/xinfang/xinfang.env", "ProtectSystem": "strict", "ProtectHome": "yes",
            "NoNewPrivileges": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes", "ProtectKernelTunables": "yes",
            "ProtectKernelModules": "yes", "ProtectKernelLogs": "yes", "ProtectControlGroups": "yes",
            "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "RestrictNamespaces": "yes",
            "LockPersonality": "yes", "MemoryDenyWriteExecute": "yes", "SystemCallFilter": "@system-service",
            "CapabilityBoundingSet": "", "UMask": "0027", "WantedBy": "multi-user.target",
        }
        for key, value in expect.items():
            self.assertIn(key, one, key)
            self.assertEqual(one[key], value, key)
        self.assertNotIn("DynamicUser", one)  # the user is made by postinst: files keep one owner across upgrades
        if shutil.which("systemd-analyze"):
            # The unit as systemd loads it (unknown keys, bad values, a missing ExecStart binary are reported, exit code
            # 0 or not): a copy whose ExecStart names the extracted binary, since /usr/bin/xinfang is not installed.
            copy = os.path.join(self.work, "unit", "xinfang.service")
            os.makedirs(os.path.dirname(copy), exist_ok=True)
            with open(unit, encoding="utf-8") as f:
                text = f.read().replace("ExecStart=/usr/bin/xinfang", "ExecStart=" + os.path.join(self.root, "usr/bin/xinfang"))
            with open(copy, "w", encoding="utf-8") as f:
                f.write(text)
            r = run("systemd-analyze", "verify", copy, check=False)
            self.assertEqual((r.returncode, r.stdout + r.stderr), (0, ""))
        else:
            print("systemd-analyze not present: unit not verified by systemd", file=sys.stderr)

    # ---- 4. maintainer scripts --------------------------------------------------------------------------------

    def run_script(self, name, *args, stubs_dir, without=()):
        """Runs a maintainer script with a PATH of recording stubs only; returns the recorded calls."""
        log = os.path.join(stubs_dir, "log")
        if os.path.exists(log):
            os.remove(log)
        env = {"PATH": stubs_dir, "STUB_LOG": log, "STUB_STATE": os.path.join(stubs_dir, "state")}
        for name_ in without:
            os.remove(os.path.join(stubs_dir, name_))
        r = subprocess.run(["/bin/sh", os.path.join(self.control, name), *args], env=env, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 0, f"{name} {' '.join(args)}: {r.stdout}{r.stderr}")
        if not os.path.exists(log):
            return [], r.stderr
        with open(log, encoding="utf-8") as f:
            return f.read().splitlines(), r.stderr

    def make_stubs(self, tag):
        d = os.path.join(self.work, "stubs-" + tag)
        os.makedirs(d)
        for cmd in ("getent", "addgroup", "adduser", "groupadd", "useradd", "mkdir", "chown", "chmod", "rm", "rmdir",
                    "dpkg-statoverride", "deb-systemd-helper", "deb-systemd-invoke", "systemctl"):
            p = os.path.join(d, cmd)
            with open(p, "w", encoding="utf-8") as f:
                f.write(STUB)
            os.chmod(p, 0o755)
        # The stubs themselves need a few real tools.
        for tool in ("grep", "basename"):
            os.symlink(shutil.which(tool), os.path.join(d, tool))
        return d

    def test_maintainer_scripts(self):
        for name in ("postinst", "prerm", "postrm"):
            path = os.path.join(self.control, name)
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o755, name)
            with open(path, encoding="utf-8") as f:
                self.assertTrue(f.readline().startswith("#!/bin/sh"), name)
            run("sh", "-n", path)
            if shutil.which("shellcheck"):
                run("shellcheck", "-s", "sh", path)
        systemd_running = os.path.isdir("/run/systemd/system")

        stubs = self.make_stubs("adduser")
        calls, _ = self.run_script("postinst", "configure", "", stubs_dir=stubs)
        self.assertIn("addgroup --system --quiet xinfang", calls)
        self.assertTrue(any(c.startswith("adduser --system") and c.endswith(" xinfang") and "--home /var/lib/xinfang"
                            in c and "--shell /usr/sbin/nologin" in c for c in calls), calls)
        self.assertIn("chown xinfang:xinfang /var/lib/xinfang", calls)
        self.assertIn("chmod 0750 /var/lib/xinfang", calls)
        self.assertIn("dpkg-statoverride --update --add root xinfang 0640 /etc/xinfang/xinfang.toml", calls)
        self.assertIn("deb-systemd-helper enable xinfang.service", calls)
        if not systemd_running:
            self.assertFalse([c for c in calls if c.startswith(("systemctl", "deb-systemd-invoke"))], calls)
        # Again (a re-install or an upgrade): the user, group and statoverride exist and are left alone.
        again, _ = self.run_script("postinst", "configure", self.version, stubs_dir=stubs)
        self.assertFalse([c for c in again if c.startswith(("addgroup", "adduser", "groupadd", "useradd",
                                                             "dpkg-statoverride --update"))], again)
        self.assertIn("chown xinfang:xinfang /var/lib/xinfang", again)

        # Without adduser (a minimal system): groupadd and useradd from passwd.
        stubs = self.make_stubs("useradd")
        calls, _ = self.run_script("postinst", "configure", "", stubs_dir=stubs, without=("adduser", "addgroup"))
        self.assertIn("groupadd --system xinfang", calls)
        self.assertTrue(any(c.startswith("useradd --system --gid xinfang") and c.endswith(" xinfang")
                            for c in calls), calls)

        stubs = self.make_stubs("remove")
        calls, _ = self.run_script("prerm", "upgrade", self.version, stubs_dir=stubs)
        self.assertFalse([c for c in calls if "stop" in c], calls)
        calls, _ = self.run_script("prerm", "remove", stubs_dir=stubs)
        if systemd_running:
            self.assertIn("deb-systemd-invoke stop xinfang.service", calls)
        calls, _ = self.run_script("postrm", "remove", stubs_dir=stubs)
        self.assertIn("deb-systemd-helper mask xinfang.service", calls)
        self.assertFalse([c for c in calls if c.startswith("rm")], calls)
        calls, _ = self.run_script("postrm", "purge", stubs_dir=stubs)
        self.assertIn("deb-systemd-helper purge xinfang.service", calls)
        self.assertFalse([c for c in calls if "/var/lib/xinfang" in c], calls)  # the case records are never deleted

    # ---- 5. the extracted package runs ------------------------------------------------------------------------

    def redirected_environment(self):
        """XINFANG_* overrides putting every path of the packaged configuration into the extracted root."""
        conf_path = os.path.join(self.root, "etc/xinfang/xinfang.toml")
        with open(conf_path, "rb") as f:
            conf = tomllib.load(f)
        inside = lambda p: os.path.join(self.root, p.lstrip("/"))  # noqa: E731
        static_dir = conf["server"]["static_dir"]
        config_dir = conf["deadlines"]["config_dir"]
        db_url = conf["database"]["url"]
        files_dir = conf["attachments"]["dir"]
        backup_dir = conf["database"]["upgrade_backup_dir"]
        # What the package provides, where the configuration says.
        self.assertTrue(os.path.isfile(os.path.join(inside(static_dir), "index.html")), static_dir)
        self.assertTrue(os.path.isfile(os.path.join(inside(config_dir), "categories.tsv")), config_dir)
        self.assertTrue(glob.glob(os.path.join(inside(config_dir), "calendar", "cn-*.tsv")), config_dir)
        # What the service writes: inside its StateDirectory, the one writable place under ProtectSystem=strict.
        self.assertTrue(db_url.startswith("sqlite:" + STATE_DIR + "/"), db_url)
        db_path = db_url[len("sqlite:"):]
        for p in (db_path, files_dir, backup_dir):
            self.assertTrue(p.startswith(STATE_DIR + "/"), p)
        handled = {static_dir, config_dir, db_url, files_dir, backup_dir}

        def absolute_values(node):
            if isinstance(node, dict):
                for v in node.values():
                    yield from absolute_values(v)
            elif isinstance(node, list):
                for v in node:
                    yield from absolute_values(v)
            elif isinstance(node, str) and (node.startswith("/") or node.startswith("sqlite:/")):
                yield node

        self.assertEqual(set(absolute_values(conf)) - handled, set(), "a path this test does not redirect")
        env = dict(os.environ, XINFANG_STATIC_DIR=inside(static_dir), XINFANG_CONFIG_DIR=inside(config_dir),
                   XINFANG_DB="sqlite:" + inside(db_path), XINFANG_FILES_DIR=inside(files_dir),
                   XINFANG_UPGRADE_BACKUP_DIR=inside(backup_dir), XINFANG_LISTEN="127.0.0.1:0",
                   XINFANG_LOG_LEVEL="info")
        for k in ("XINFANG_SECRET_KEY", "XINFANG_DB_REPLICA"):
            env.pop(k, None)
        return conf_path, env, inside(STATE_DIR)

    def test_extracted_package_serves_registers_and_stops_on_sigterm(self):
        conf_path, env, state = self.redirected_environment()
        os.makedirs(state, mode=0o750)  # what postinst and StateDirectory= do
        binary = os.path.join(self.root, "usr/bin/xinfang")
        cls = type(self)
        cls.proc = proc = subprocess.Popen([binary, "serve", "--config", conf_path], env=env, cwd=state,
                                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines, port = [], None
        deadline = time.time() + 60
        while time.time() < deadline and port is None:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        self.assertIsNotNone(port, "".join(lines))

        client = harness.Client(port)
        status, doc, _ = client.get("/healthz")
        self.assertEqual((status, doc["status"]), (200, "ok"), doc)
        for path, page in (("/", "index.html"), ("/portal", "portal.html")):
            status, body, r = client.get(path)
            self.assertEqual(status, 200, path)
            self.assertTrue(r.getheader("Content-Type").startswith("text/html"), path)
            with open(os.path.join(env["XINFANG_STATIC_DIR"], page), encoding="utf-8") as f:
                self.assertEqual(body, f.read(), path)

        # The operator's commands, with the packaged configuration only (no --db), while the service runs.
        orgs = os.path.join(self.work, "orgs.tsv")
        with open(orgs, "w", encoding="utf-8") as f:
            f.write(ORGS_TSV)
        run(binary, "org", "import", "--config", conf_path, orgs, env=env, cwd=state)
        r = run(binary, "user", "add", "--config", conf_path, "--login", "zhang", "--org", "county", "--roles",
                "registrar,handler", "--password-stdin", input=harness.PASSWORD + "\n", env=env, cwd=state)
        self.assertIn("已添加用户 zhang", r.stdout)

        client.login("zhang")
        status, doc, _ = client.post("/api/v1/petitions", registration(title="软件包安装测试"))
        self.assertEqual(status, 201, doc)
        status, got, _ = client.get(f"/api/v1/petitions/{doc['id']}")
        self.assertEqual((status, got["title"]), (200, "软件包安装测试"), got)

        key = os.path.join(state, "secret.key")  # generated on first start, readable by the service only
        self.assertEqual(stat.S_IMODE(os.stat(key).st_mode), 0o600)
        self.assertTrue(os.path.isfile(os.path.join(state, "xinfang.db")))

        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, "".join(lines) + rest)
        self.assertIn("stopping", rest)


if __name__ == "__main__":
    unittest.main()
