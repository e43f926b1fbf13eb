"""Does the portal's answer time tell an existing 查询码 from a made-up one? (docs/portal.md, "No enumeration")

Starts the real binary (tests/api/harness.py), submits N cases with a mobile number, then, interleaved in random
order, times
  - look-ups with an existing 查询码 and a wrong secret  vs  look-ups with a made-up 查询码;
  - one-time-code requests for an existing 查询码 (an SMS is queued)  vs  for a made-up one (nothing is).
Every request comes from its own address (X-Forwarded-For behind a trusted 127.0.0.1), so no counter reaches a
challenge. Prints the median and the 10th/90th percentiles of each, in milliseconds.

    python3 bench/portal_timing.py [N]          # default N = 300; XINFANG_BIN overrides build/src/xinfang
"""
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../tests/api"))
from harness import Client, Server  # noqa: E402
from test_api import registration  # noqa: E402

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def made_up_code():
    raw = "".join(random.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    server = Server(env={"XINFANG_TRUSTED_PROXIES": "127.0.0.1", "XINFANG_NOTIFY_EMAIL": "none"})
    address = [0]

    def client():
        address[0] += 1
        c = Client(server.port, solve_challenges=False)
        c.headers["X-Forwarded-For"] = f"10.{address[0] // 65000 % 250}.{address[0] // 250 % 250}.{address[0] % 250 + 1}"
        return c

    try:
        codes = []
        for i in range(n):
            body = dict(registration(channel="online"), consent=True)
            body["petitioners"] = [{"name": "测试", "phone": f"137{i:08d}"}]
            status, doc, _ = client().post("/api/v1/portal/petitions", body)
            assert status == 201, doc
            codes.append(doc["query_code"])
        trials = [("lookup", "existing", c) for c in codes] + [("lookup", "made-up", made_up_code()) for _ in codes]
        trials += [("otp", "existing", c) for c in codes] + [("otp", "made-up", made_up_code()) for _ in codes]
        random.shuffle(trials)
        times = {}
        for kind, which, code in trials:
            c = client()
            t0 = time.perf_counter()
            if kind == "lookup":
                status, _, _ = c.post("/api/v1/portal/lookup", {"query_code": code, "secret": "WRONG234"})
                assert status == 404, status
            else:
                status, _, _ = c.post("/api/v1/portal/otp", {"query_code": code})
                assert status == 202, status
            times.setdefault((kind, which), []).append((time.perf_counter() - t0) * 1000)
        for key in sorted(times):
            v = sorted(times[key])
            print(f"{key[0]:<7} {key[1]:<9} n={len(v):<5} p10 {v[len(v) // 10]:.2f} ms  "
                  f"median {statistics.median(v):.2f} ms  p90 {v[len(v) * 9 // 10]:.2f} ms")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
