"""Makes the upgrade test's fixtures (tests/upgrade/test_upgrade.py): a database written by an OLDER xinfang, at an
older schema version, dumped as SQL so that a reviewer can read what is in it.

How the committed fixtures were made (schema version 8, the last one before migrations 0009 audit chain and 0010
idempotency keys; commit 8ee0301 is the parent of the commit that added them):

    git -C . archive 8ee0301 | tar -x -C /tmp/xf-v8        # that version's source
    cmake -S /tmp/xf-v8 -B /tmp/xf-v8/build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
    cmake --build /tmp/xf-v8/build --target xinfang
    python3 tests/upgrade/make_fixture.py --bin /tmp/xf-v8/build/src/xinfang              # → fixture-v8.sqlite.sql
    scripts/pg.sh start /tmp/pg-fixture
    XINFANG_TEST_PG_DIR=/tmp/pg-fixture python3 tests/upgrade/make_fixture.py --bin /tmp/xf-v8/build/src/xinfang
                                                                                          # → fixture-v8.pg.sql
    scripts/pg.sh stop /tmp/pg-fixture

The old server is started with the API tests' harness (tests/api/harness.py: the same orgs and users, password
harness.PASSWORD) and the fixed key FIXTURE_SECRET_KEY, and filled through its HTTP API the way an office would:
registrations by a registrar, forwarding, acceptance and non-acceptance (each issuing
its 告知书 document), an extension, a reply with its 处理意见书, log-ins. That leaves rows in every important table:
orgs, users, sessions, petitions, events, documents, audit, the statistics rollups, the search index. Then the server
is stopped and the database dumped: SQLite with the sqlite3 shell's `.dump` (it keeps the FTS5 index as its shadow
tables, so loading needs no tokenizer), PostgreSQL with `pg_dump --format=plain --no-owner --no-privileges`.
A newer fixture is made the same way from a later commit; keep the old ones (each is a path an office may upgrade
along).
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The personal data in the fixtures is sealed with this key (test data only; the persons are invented).
FIXTURE_SECRET_KEY = "7a1c0e5b9d3f4a6c8e2b0d4f6a8c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6c"
FIXTURE_VERSION = 8
CASES = 12


def fill(harness, registration, server):
    reg, hr = harness.Client(server.port), harness.Client(server.port)
    reg.login("reg")
    hr.login("hr")
    hr_id = hr.get("/api/v1/session")[1]["user"]["id"]
    ids = []
    for i in range(CASES):
        status, doc, _ = reg.post("/api/v1/petitions", registration(title=f"升级测试 {i}",
                                                                     content=f"第{i}件：某工地拖欠工资，请求协调解决。"))
        assert status == 201, (status, doc)
        pid = doc["id"]
        ids.append(pid)
        if i % 4 == 0:
            reg.act(pid, "forward", {"target_org_code": "county_hr", "comment": "请依法处理。"})
            hr.act(pid, "accept", {})  # 受理告知书
            if i % 8 == 0:
                hr.act(pid, "extend", {"extension_days": 30, "reason": "需调取资料", "approver_id": hr_id})
                hr.act(pid, "reply", {"outcome": "supported", "facts": "经查属实。", "reasons": "依法应予支付。",
                                      "legal_basis": "《保障农民工工资支付条例》第三条"})  # 处理意见书
        elif i % 4 == 1:
            reg.act(pid, "reject", {"reason": "属于劳动争议", "legal_route": "向劳动人事争议仲裁委员会申请仲裁"})
        elif i % 4 == 2:
            reg.act(pid, "forward", {"target_org_code": "town"})
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="the OLD xinfang binary (built from the commit named above)")
    ap.add_argument("--out", help="output file (default: fixture-v8.sqlite.sql or fixture-v8.pg.sql here)")
    args = ap.parse_args()
    os.environ["XINFANG_BIN"] = os.path.abspath(args.bin)
    sys.path.insert(0, os.path.join(HERE, "..", "api"))
    import harness  # noqa: E402  (reads XINFANG_BIN when imported)
    from test_api import registration  # noqa: E402

    pg = bool(harness.PG_DIR)
    out = args.out or os.path.join(HERE, f"fixture-v{FIXTURE_VERSION}.{'pg' if pg else 'sqlite'}.sql")
    server = harness.Server(env={"XINFANG_SECRET_KEY": FIXTURE_SECRET_KEY})
    try:
        fill(harness, registration, server)
        server.proc.terminate()
        server.proc.wait(timeout=30)
        if pg:
            name = server.pg_database
            dump = subprocess.run(["pg_dump", "--format=plain", "--no-owner", "--no-privileges", "-h", "127.0.0.1",
                                   "-p", str(harness.pg_port()), "-U", "postgres", name],
                                  check=True, capture_output=True, text=True).stdout
            # pg_dump 15.14+ brackets the script in \restrict KEY / \unrestrict KEY (a random key per dump, against
            # a malicious server's dump); older psql 15 clients do not know them, and this file is reviewed anyway.
            dump = "".join(line for line in dump.splitlines(keepends=True)
                           if not line.startswith(("\\restrict ", "\\unrestrict ")))
        else:
            path = server.db[len("sqlite:"):]
            dump = subprocess.run(["sqlite3", path, ".dump"], check=True, capture_output=True, text=True).stdout
    finally:
        server.stop()
    version = f"-- xinfang upgrade fixture: schema version {FIXTURE_VERSION}, made by tests/upgrade/make_fixture.py " \
              f"with the binary of commit 8ee0301 ({'PostgreSQL' if pg else 'SQLite'}). Do not edit by hand.\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(version + dump)
    print(f"wrote {out}: {len(dump)} bytes")


if __name__ == "__main__":
    main()
