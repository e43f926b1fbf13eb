"""The notification outbox survives a crash of the sender: nothing is lost, and the only repeats are the messages
that were on the wire when the process died, carrying the same Idempotency-Key (docs/notifications.md).

A webhook receiver (http.server on 127.0.0.1) plays the SMS gateway and records every request. Portal submissions
with a mobile number each enqueue one SMS in the registration's transaction. The server is killed while it sends
(SIGKILL, or exits by itself through XINFANG_FAULT right after a send and before recording it), then started again
on the same database; the test waits until every message has arrived and the outbox has nothing pending.

The server sends one message at a time, so at most one message is "sent but not yet recorded" when it dies: the
bound on raw repeats per crash is 1, and after dropping repeats by key every message arrived exactly once."""
import http.server
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from harness import BIN, ORGS_TSV, PASSWORD, SOURCE, Client, fresh_database_url, pg_admin
from test_api import registration

MESSAGES = 20
TOKEN = "outbox-test-token"


class Receiver:
    """An SMS gateway stand-in: records (Idempotency-Key, Authorization, JSON body) of every POST, answers 200
    after `delay` seconds. `on_request(n)` is called with the number of requests received so far, before the
    delay (the request is then on the wire: received but not yet acknowledged). Requests are held until `open()`
    (well within the sender's timeout), so that all messages are enqueued before the crash comes."""

    def __init__(self, delay=0.0, on_request=None):
        self.records = []
        self.gate = threading.Event()
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                receiver.gate.wait(30)
                with receiver.lock:
                    receiver.records.append({"key": self.headers.get("Idempotency-Key"),
                                             "authorization": self.headers.get("Authorization"), "body": body})
                    n = len(receiver.records)
                    receiver.changed.notify_all()
                if on_request:
                    on_request(n)
                time.sleep(delay)
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:  # the sender died while we waited: nobody to answer
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"

    def open(self):
        self.gate.set()

    def snapshot(self):
        with self.lock:
            return list(self.records)

    def wait_for(self, predicate, timeout, what):
        deadline = time.time() + timeout
        with self.lock:
            while not predicate(self.records):
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; received {len(self.records)} requests")
                self.changed.wait(left)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Deployment:
    """One database and its server process, which can be killed and started again on the same database."""

    def __init__(self, webhook_url):
        self.dir = tempfile.mkdtemp(prefix="xf-outbox-")
        self.db, self.pg_database = fresh_database_url(self.dir)
        self.env = dict(os.environ, XINFANG_CONFIG_DIR=os.path.join(SOURCE, "config"), XINFANG_LOG_LEVEL="info")
        self.env.pop("XINFANG_FAULT", None)
        if self.pg_database:
            self.env["XINFANG_SECRET_KEY"] = secrets.token_hex(32)
        self.config = os.path.join(self.dir, "xinfang.toml")
        with open(self.config, "w", encoding="utf-8") as f:
            # Portal submissions come from distinct addresses through a trusted proxy, so that the per-address
            # submission throttle does not ask for a challenge. One message per round keeps the lease of a crashed
            # round short: batch × timeout_seconds + 30 s = 40 s.
            f.write(f"""[server]
trusted_proxies = ["127.0.0.1"]

[notify]
sms = "webhook"
email = "none"
webhook_url = "{webhook_url}"
webhook_token = "{TOKEN}"
timeout_seconds = 10
batch = 1
""")
        orgs = os.path.join(self.dir, "orgs.tsv")
        with open(orgs, "w", encoding="utf-8") as f:
            f.write(ORGS_TSV)
        self.cli("org", "import", "--db", self.db, orgs)
        self.cli("user", "add", "--db", self.db, "--login", "admin", "--org", "prov", "--roles", "handler,admin",
                 "--scope", "all", "--password-stdin", input=PASSWORD + "\n")
        self.proc = None
        self.port = None
        self.output = []
        self.readers = []  # (process, output reader thread) of every start

    def cli(self, *args, input=None):
        r = subprocess.run([BIN, *args, "--config", self.config], env=self.env, input=input, capture_output=True,
                           text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"xinfang {' '.join(args)} failed: {r.stdout}{r.stderr}")
        return r

    def start(self, fault=None):
        env = dict(self.env)
        if fault:
            env["XINFANG_FAULT"] = fault
        self.proc = subprocess.Popen([BIN, "serve", "--config", self.config, "--db", self.db, "--listen",
                                      "127.0.0.1:0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        self.port = None
        deadline = time.time() + 60
        while time.time() < deadline and self.port is None:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.output.append(line)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
        if self.port is None:
            raise RuntimeError("server did not start: " + "".join(self.output))
        # Keep reading the output so that the server never blocks on a full pipe.
        proc = self.proc
        reader = threading.Thread(target=lambda: self.output.extend(iter(proc.stdout.readline, "")), daemon=True)
        reader.start()
        self.readers.append((proc, reader))

    def kill(self):
        self.proc.kill()
        return self.proc.wait(timeout=30)

    def wait_exit(self, timeout):
        return self.proc.wait(timeout=timeout)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for proc, reader in self.readers:
            reader.join(timeout=10)
            proc.stdout.close()
        if self.pg_database:
            pg_admin(f"DROP DATABASE IF EXISTS {self.pg_database} WITH (FORCE)")
            self.pg_database = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def outbox(self):
        c = Client(self.port)
        c.login("admin")
        status, doc, _ = c.get("/api/v1/outbox")
        assert status == 200, (status, doc)
        return doc

    def wait_outbox_settled(self, sent, timeout):
        deadline = time.time() + timeout
        doc = None
        while time.time() < deadline:
            doc = self.outbox()
            if doc["pending"] == 0 and doc["sent"] + doc["dead"] >= sent:
                return doc
            time.sleep(0.5)
        raise AssertionError(f"outbox not settled: {doc}")


def submit(port, i):
    """One portal submission from its own address, with a mobile number: one SMS enqueued. Returns the number."""
    c = Client(port)
    body = registration(channel="online", title=f"网上信访测试{i}", consent=True,
                        petitioners=[{"name": "王小明", "phone": f"139{i:08d}"}])
    status, doc, _ = c.post("/api/v1/portal/petitions", body, headers={"X-Forwarded-For": f"10.7.{i // 200}.{i % 200 + 1}"})
    assert status == 201, (status, doc)
    return doc["number"]


def by_key(records):
    keys = {}
    for r in records:
        keys.setdefault(r["key"], []).append(r)
    return keys


class OutboxCrashTest(unittest.TestCase):
    def setUp(self):
        self.receiver = None
        self.deployment = None

    def tearDown(self):
        if self.deployment:
            self.deployment.stop()
        if self.receiver:
            self.receiver.close()

    def check_delivered_exactly_once_after_dedupe(self, records, numbers):
        keys = by_key(records)
        self.assertEqual(len(keys), MESSAGES, sorted(keys))
        for key, reqs in keys.items():
            self.assertIsNotNone(key, "every request carries an Idempotency-Key")
            self.assertTrue(all(r["body"]["key"] == key for r in reqs), "the body's key is the header's")
            self.assertTrue(all(r["body"] == reqs[0]["body"] for r in reqs), f"a repeat of {key} differs")
            self.assertTrue(all(r["authorization"] == "Bearer " + TOKEN for r in reqs))
            self.assertEqual(reqs[0]["body"]["channel"], "sms")
        # Each submission's message arrived: its number is in exactly one message (after dropping repeats).
        for number in numbers:
            holders = [k for k, reqs in keys.items() if number in reqs[0]["body"]["body"]]
            self.assertEqual(len(holders), 1, (number, holders))
        # The recipients are the submitted numbers, in clear, each once.
        self.assertEqual(sorted(reqs[0]["body"]["to"] for reqs in keys.values()),
                         sorted(f"139{i:08d}" for i in range(MESSAGES)))
        return keys

    def test_sigkill_while_sending_loses_nothing_and_repeats_at_most_the_message_in_flight(self):
        kill_at = 7  # requests received when the kill happens
        reached = threading.Event()
        self.receiver = Receiver(delay=0.3, on_request=lambda n: reached.set() if n >= kill_at else None)
        self.deployment = Deployment(self.receiver.url)
        self.deployment.start()
        numbers = [submit(self.deployment.port, i) for i in range(MESSAGES)]
        self.receiver.open()

        self.assertTrue(reached.wait(120), "the server did not start sending")
        # The kill_at-th request is on the wire now: received, its answer 0.3 s away.
        self.deployment.kill()
        before = by_key(self.receiver.snapshot())
        self.assertLess(len(before), MESSAGES, "killed mid-way, not after the last message")
        self.assertEqual(sum(len(v) for v in before.values()), len(before), "no repeats before the crash")

        self.deployment.start()
        # The killed server's lease on its message (1 × 10 s + 30 s) must run out first: a generous deadline.
        self.receiver.wait_for(lambda recs: len(by_key(recs)) >= MESSAGES, 180, "every message")
        settled = self.deployment.wait_outbox_settled(MESSAGES, 60)
        self.assertEqual((settled["sent"], settled["dead"], settled["pending"]), (MESSAGES, 0, 0))

        records = self.receiver.snapshot()
        keys = self.check_delivered_exactly_once_after_dedupe(records, numbers)
        repeats = {k: len(v) for k, v in keys.items() if len(v) > 1}
        # One sender sends one message at a time: at most one was sent but not recorded when it died.
        self.assertLessEqual(len(records) - MESSAGES, 1, repeats)
        self.assertTrue(all(n == 2 for n in repeats.values()), repeats)
        # A repeat can only be a message that had reached the gateway before the kill.
        self.assertTrue(set(repeats) <= set(before), (repeats, sorted(before)))
        print(f"\nSIGKILL after {len(before)} keys received: {len(records)} requests for {MESSAGES} messages, "
              f"repeats {repeats or 'none'}")

    def test_exit_after_send_before_recording_repeats_that_message_with_the_same_key(self):
        self.receiver = Receiver(delay=0.0)
        self.deployment = Deployment(self.receiver.url)
        self.deployment.start(fault="outbox-exit-after-send:3")
        numbers = [submit(self.deployment.port, i) for i in range(MESSAGES)]
        self.receiver.open()

        self.assertEqual(self.deployment.wait_exit(120), 137, "the fault ends the process after the 3rd send")
        time.sleep(0.2)  # let the output reader take the last lines
        line = next((l for l in self.deployment.output if "outbox-exit-after-send" in l and "key=" in l), None)
        self.assertIsNotNone(line, "".join(self.deployment.output))
        crashed_key = line.strip().rsplit("key=", 1)[1]
        before = self.receiver.snapshot()
        self.assertEqual(len(before), 3)
        self.assertEqual(before[-1]["key"], crashed_key, "the last message received is the one not recorded")

        self.deployment.start()
        self.receiver.wait_for(lambda recs: len(by_key(recs)) >= MESSAGES and
                               len(by_key(recs).get(crashed_key, [])) >= 2, 180, "every message and the repeat")
        self.deployment.wait_outbox_settled(MESSAGES, 60)

        records = self.receiver.snapshot()
        keys = self.check_delivered_exactly_once_after_dedupe(records, numbers)
        # Exactly one repeat: the message sent but not recorded, with the same key and the same body.
        self.assertEqual({k: len(v) for k, v in keys.items() if len(v) > 1}, {crashed_key: 2})
        self.assertEqual(len(records), MESSAGES + 1)
        first, again = keys[crashed_key]
        self.assertEqual(first["body"], again["body"])
        self.assertEqual(first["key"], again["key"])


if __name__ == "__main__":
    unittest.main()
