#!/usr/bin/env python3
"""Concurrent checks through the portal: the time of /api/check on a 10,000-row return alone, and
of N clerks checking it at once, against a release build of `huizong serve`.

    python3 Benchmarks/portal_checks.py [--rows 10000] [--clients 50] [--workdir /tmp/huizong-portal-bench]

1. Builds huizong in release mode (`swift build -c release --product huizong`).
2. Makes WORKDIR/workspace with Benchmarks/make_large_inbox.py (a registry of 3,000 units, a
   --rows-row enterprise CSV and the same rows as .xlsx, 2 % of them wrong) and an office account.
3. Starts `huizong serve` on a free loopback port, signs in, and for the CSV and the .xlsx posts the
   file to /api/check once (three times, the median), then from --clients threads at once.
4. Checks that every answer is 200 and the same, prints the times and checks per second, and stops
   the server.
"""
import argparse, http.client, json, os, re, shutil, statistics, subprocess, sys, time, uuid
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workdir", default="/tmp/huizong-portal-bench")
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "huizong"], cwd=ROOT, check=True)
    huizong = os.path.join(ROOT, ".build", "release", "huizong")
    workspace = os.path.join(args.workdir, "workspace")
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(os.path.join(workspace, "inbox"))
    shutil.copytree(os.path.join(ROOT, "seeds"), os.path.join(workspace, "seeds"))
    subprocess.run([sys.executable, os.path.join(HERE, "make_large_inbox.py"), workspace, "--units", "3000", "--villages", "100",
                    "--enterprises", str(max(1200, args.rows // 8)), "--rows", str(args.rows), "--xlsx", "--xlsx-rows", str(args.rows)],
                   check=True, stdout=subprocess.DEVNULL)
    files = []
    for ext in ("csv", "xlsx"):
        moved = os.path.join(args.workdir, "enterprise-large." + ext)
        os.rename(os.path.join(workspace, "inbox", "enterprise-large." + ext), moved)
        files.append(moved)
    password = uuid.uuid4().hex
    subprocess.run([huizong, "accounts", "add-office", "bench", "--password-stdin", "--root", workspace],
                   input=password + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([huizong, "serve", "--root", workspace, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", server.stdout.readline()).group(1))
        connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request("POST", "/api/login", json.dumps({"account": "bench", "password": password}),
                           {"Content-Type": "application/json"})
        answer = connection.getresponse()
        session = {"Cookie": answer.getheader("Set-Cookie").split(";")[0], "X-CSRF-Token": json.loads(answer.read())["csrfToken"]}
        for path in files:
            measure(port, session, path, args.clients)
    finally:
        server.terminate()
        server.wait()


def measure(port, session, path, clients):
    boundary = "bench-" + uuid.uuid4().hex
    head = f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{os.path.basename(path)}\"\r\n\r\n"
    body = head.encode() + open(path, "rb").read() + f"\r\n--{boundary}--\r\n".encode()
    headers = dict(session, **{"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def check(_):
        started = time.time()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        connection.request("POST", "/api/check", body, headers)
        answer = connection.getresponse()
        return answer.status, answer.read(), time.time() - started

    alone = [check(0) for _ in range(3)]
    started = time.time()
    with ThreadPoolExecutor(clients) as pool:
        together = list(pool.map(check, range(clients)))
    wall = time.time() - started
    answers = {text for _, text, _ in alone + together}
    statuses = {status for status, _, _ in alone + together}
    rows = json.loads(alone[0][1])["rows"]
    print(f"{os.path.basename(path)}: {rows['read']} rows; alone {statistics.median(t for _, _, t in alone):.2f} s; "
          f"{clients} at once {wall:.1f} s ({clients / wall:.1f} checks/s, slowest {max(t for _, _, t in together):.1f} s); "
          f"statuses {sorted(statuses)}; {len(answers)} distinct answer(s)")
    if statuses != {200} or len(answers) != 1:
        sys.exit("the answers differ")


if __name__ == "__main__":
    main()
