#!/usr/bin/env python3
"""The benchmark of the performance issue, in one command:

    python3 Benchmarks/benchmark.py [--rows 1000000] [--units 1100000] [--rss-rows 10000000] [--runs 3]
        [--workdir /tmp/huizong-bench]

1. Installs what it needs when missing: polars, duckdb and XlsxWriter from PyPI
   (`python3 -m pip install --quiet polars duckdb xlsxwriter`), xmlwf (`apt-get install -y expat`),
   LibreOffice (`apt-get install -y libreoffice-calc-nogui`, a few minutes the first time).
2. Builds huizong in release mode (`swift build -c release --product huizong`).
3. Generates, once, a workspace WORKDIR/workspace with Benchmarks/make_large_inbox.py: a registry of
   --units units (default 1,100,000: 40,000 villages and 1,060,000 enterprises of 31 provinces), a
   ROWS-row enterprise CSV, the same rows as XML, the first --xlsx-rows rows as .xlsx, a return of one
   row (enterprise-one-row.csv), and expected-invalid.txt (the CSV line numbers of the invalid rows:
   the ground truth). LibreOffice saves the .xlsx as .xls and .ods (`soffice --headless --convert-to`). With --rss-rows N (default 10,000,000; 0 leaves it out) also WORKDIR/workspace-rss:
   the same registry and an N-row CSV, for the memory bound at that size. Each is reused by a later
   run with the same arguments and generator.
4. Runs, once and unmeasured but logged, the first huizong command in the workspace (it reads
   units.csv and writes the packed registry that every later command maps). Then measures each of
   these --runs times, under `/usr/bin/time -f "%e %M"`, and takes the medians of the wall time and
   of the peak RSS:
   - `huizong validate --root WS --format json FILE` for the CSV, the XML, the .xlsx, .xls and .ods, and for the
     return of one row (start to first row checked: loading the registry is nearly all of it);
   - `huizong validate` on the --rss-rows CSV (its peak RSS beside PRODUCT §10's bound);
   - `huizong run --root COPY --settle 0` over a fresh copy of the workspace whose inbox holds the
     three files, then the CSV alone (the copy is made before each run and not timed);
   - Benchmarks/baselines/polars_validate.py and duckdb_validate.py on the CSV (the same checks);
   - `xmlwf -r FILE.xml`, expat's raw parse of the XML (well-formedness only).
   The machine's speed drifts by up to 50 % over minutes, so each huizong measurement that has a
   baseline alternates with it run by run (baseline, huizong, baseline, huizong, …): polars with
   huizong validate on the CSV, xmlwf with huizong validate on the XML, duckdb with huizong run over
   the CSV alone. The others run their --runs times in a row. The order: the one-row return, the
   CSV pair, the XML pair, the .xlsx, .xls and .ods, the --rss-rows CSV, the night over the three
   files, the duckdb pair.
5. Checks that every implementation found the same invalid rows as the ground truth: huizong validate's
   rows with an error (CSV: the line numbers; XML: the <row> line numbers, one less being the CSV
   line; workbooks: the sheet rows, equal to the CSV lines), the baselines' line numbers, and huizong
   run's rejected-row counts per file in outbox/report.json.
6. Prints a table (wall s, MB/s, rows/s, peak RSS MiB beside the bound of PRODUCT §10 for huizong
   validate — 64 MB + 32 B × (registered units + rows of the file) —, the ratios to polars for the
   CSV, to xmlwf for the XML and to duckdb for the night on the CSV, next to the issue's targets, and
   the invalid-row checks), with notes that give for each of these three pairs the ratios of run k
   over the baseline's run k and their median beside the ratio of the medians, and writes it to
   WORKDIR/results.md.
"""
import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# The performance issue's targets, as ratios of huizong's wall time over the baseline's (lower is better).
TARGETS = {
    "validate-csv": 1.0,    # huizong validate CSV ≤ polars' typed read + the same checks (registry read by both)
    "validate-xml": 1.5,    # huizong validate XML ≤ 1.5 × xmlwf's raw parse
    "run-csv": 4.0,         # huizong run over the CSV ≤ 4 × duckdb doing the same checks
}
XLSX_ROWS_PER_S = 150000    # huizong validate .xlsx ≥ 150,000 rows/s
REGISTRY_START_S = 0.3      # a return of one row against the registry: start to first row checked ≤ 0.3 s
OTHER_TARGETS = [
    "peak RSS of huizong validate within PRODUCT §10's bound, 64 MB + 32 B × (registered units + rows of the "
    "file), at the benchmark's size and at --rss-rows (10M rows by default)",
]

# A command to measure: `prepare`, when given, runs untimed before each of its runs; an exit status
# outside `ok_codes` stops the benchmark.
Task = namedtuple("Task", "name command prepare ok_codes", defaults=(None, (0,)))


def rss_bound(units, rows):
    """PRODUCT §10: 64 MB plus 32 bytes per registered unit and per row of the file, in bytes."""
    return 64e6 + 32 * (units + rows)


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_tools():
    missing = [m for m in ("polars", "duckdb", "xlsxwriter") if importlib.util.find_spec(m) is None]
    if missing:
        log(f"installing {', '.join(missing)} from PyPI")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "polars", "duckdb", "xlsxwriter"],
                       check=True)
    for present, package in ((shutil.which("xmlwf"), "expat"), (os.path.exists("/usr/bin/time"), "time"),
                             (shutil.which("soffice"), "libreoffice-calc-nogui")):
        if not present:
            log(f"installing Debian package {package}")
            install = ["apt-get", "install", "-y", "--no-install-recommends", package]
            if subprocess.run(install, stdout=subprocess.DEVNULL).returncode != 0:
                subprocess.run(["apt-get", "update"], stdout=subprocess.DEVNULL, check=True)
                subprocess.run(install, stdout=subprocess.DEVNULL, check=True)


def saved_by_libreoffice(xlsx_path, ext, folder):
    """The .xlsx saved by LibreOffice as `ext` in `folder`, made again only when the .xlsx is newer."""
    name = os.path.basename(xlsx_path)[:-len("xlsx")] + ext
    path = os.path.join(folder, name)
    if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(xlsx_path):
        log(f"LibreOffice: saving {os.path.basename(xlsx_path)} as .{ext}")
        out = os.path.join(folder, "libreoffice-out")
        subprocess.run(["soffice", "--headless", "--convert-to", ext, "--outdir", out, xlsx_path], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.move(os.path.join(out, name), path)
        shutil.rmtree(out)
    return path


def build(repo):
    log("swift build -c release --product huizong")
    subprocess.run(["swift", "build", "-c", "release", "--product", "huizong"], cwd=repo, check=True,
                   stdout=sys.stderr)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=repo, check=True,
                              capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_path, "huizong")


def generate(args, workspace, rows, extra):
    generator = os.path.join(HERE, "make_large_inbox.py")
    command = [sys.executable, generator, workspace, "--rows", str(rows), "--units", str(args.units)] + extra
    with open(generator, "rb") as f:
        stamp = json.dumps({"command": command[2:], "generator": hashlib.sha256(f.read()).hexdigest()})
    stamp_path = workspace + ".stamp"
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        log(f"reusing {workspace}")
        return
    log("generating " + " ".join(command[1:]))
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=sys.stderr)
    log(f"generated in {time.monotonic() - started:.0f} s")
    with open(stamp_path, "w") as f:
        f.write(stamp)


def run_once(task, workdir):
    """Prepares the task, then runs its command once under /usr/bin/time; returns the wall time in s
    and the peak RSS in MiB."""
    out_path, err_path, time_path = (os.path.join(workdir, "out", task.name + ext)
                                     for ext in (".stdout", ".stderr", ".time"))
    if task.prepare:
        task.prepare()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        code = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", time_path] + task.command,
                              stdout=out, stderr=err).returncode
    if code not in task.ok_codes:
        raise SystemExit(f"{task.name}: exit status {code} from {' '.join(task.command)}; see {err_path}")
    wall, kb = open(time_path).read().split()[-2:]
    return float(wall), int(kb) / 1024


def measure_in_turn(tasks, runs, workdir):
    """Runs the tasks one after the other, `runs` rounds of one run each (A B A B …), so that a drift
    of the machine's speed falls on all of them alike; returns, for each, the medians, the walls of
    its runs and its last run's stdout path."""
    walls = {task.name: [] for task in tasks}
    rss = {task.name: [] for task in tasks}
    for run in range(runs):
        for task in tasks:
            wall, mib = run_once(task, workdir)
            walls[task.name].append(wall)
            rss[task.name].append(mib)
            log(f"  {task.name} run {run + 1}/{runs}: {wall:.2f} s, {mib:.0f} MiB")
    return [{"wall": statistics.median(walls[task.name]), "rss": statistics.median(rss[task.name]),
             "walls": walls[task.name], "stdout": os.path.join(workdir, "out", task.name + ".stdout")}
            for task in tasks]


def measure(task, runs, workdir):
    """Runs the task `runs` times in a row; returns the medians, the walls and the last run's stdout path."""
    return measure_in_turn([task], runs, workdir)[0]


def pair_note(label, m, baseline):
    """For a measurement taken in turn with its baseline: the ratios of run k over the baseline's run k,
    their median and, beside it, the ratio of the medians."""
    ratios = [wall / max(base, 0.01) for wall, base in zip(m["walls"], baseline["walls"])]
    of_medians = m["wall"] / max(baseline["wall"], 0.01)
    return (f"{label}: " + " ".join(f"{r:.2f}" for r in ratios)
            + f", median {statistics.median(ratios):.2f} (ratio of medians {of_medians:.2f})")


def huizong_invalid(stdout_path, line_offset):
    """The CSV lines of the rows with an error in `huizong validate --format json` output, and the
    file-level errors."""
    with open(stdout_path, encoding="utf-8") as f:
        issues = json.load(f)["issues"]
    rows, file_errors = set(), []
    for issue in issues:
        if issue.get("severity") != "error":
            continue
        if issue.get("row") is None:
            file_errors.append(f"{issue.get('code')}: {issue.get('message')}")
        else:
            rows.add(int(issue["row"]) - line_offset)
    return rows, file_errors


def read_lines(path):
    with open(path) as f:
        return {int(line) for line in f if line.strip()}


def compare(found, expected):
    if found == expected:
        return "yes"
    return f"no: {len(found - expected)} extra, {len(expected - found)} missed"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000000)
    parser.add_argument("--units", type=int, default=1100000,
                        help="registered units, villages and enterprises (default 1,100,000)")
    parser.add_argument("--rss-rows", type=int, default=10000000,
                        help="also measure huizong validate's peak RSS on a CSV of this many rows (0: not)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", default="/tmp/huizong-bench")
    parser.add_argument("--xlsx-rows", type=int, default=100000)
    parser.add_argument("--repo", default=REPO, help="the huizong package to build (default: this repository)")
    args = parser.parse_args()
    args.workdir = os.path.abspath(args.workdir)
    os.makedirs(os.path.join(args.workdir, "out"), exist_ok=True)

    ensure_tools()
    huizong = build(args.repo)
    workspace = os.path.join(args.workdir, "workspace")
    generate(args, workspace, args.rows, ["--xml", "--xlsx", "--xlsx-rows", str(args.xlsx_rows)])
    rss_workspace = os.path.join(args.workdir, "workspace-rss")
    if args.rss_rows:
        generate(args, rss_workspace, args.rss_rows, [])
    units = sum(1 for _ in open(os.path.join(workspace, "seeds", "units.csv"), encoding="utf-8")) - 1
    inbox = os.path.join(workspace, "inbox")
    csv_path, xml_path, xlsx_path = (os.path.join(inbox, "enterprise-large." + e) for e in ("csv", "xml", "xlsx"))
    expected = read_lines(os.path.join(workspace, "expected-invalid.txt"))
    xlsx_rows = min(args.xlsx_rows, args.rows)
    expected_xlsx = {line for line in expected if line <= xlsx_rows + 1}
    one_row_path = os.path.join(workspace, "enterprise-one-row.csv")
    # Beside the inbox, not in it: the nights read the inbox.
    xls_path, ods_path = (saved_by_libreoffice(xlsx_path, e, workspace) for e in ("xls", "ods"))
    rss_csv_path = os.path.join(rss_workspace, "inbox", "enterprise-large.csv")
    sizes = {p: os.path.getsize(p) / 1e6 for p in (csv_path, xml_path, xlsx_path, xls_path, ods_path, one_row_path)
             + ((rss_csv_path,) if args.rss_rows else ())}

    def validate_task(kind, path, root=workspace):
        return Task(f"huizong-validate-{kind}", [huizong, "validate", "--root", root, "--format", "json", path],
                    ok_codes=(0, 1))

    def validate_row(kind, path, m, line_offset, truth, rows, registered=units):
        found, file_errors = huizong_invalid(m["stdout"], line_offset)
        match = compare(found, truth) if not file_errors else "no: " + "; ".join(file_errors)[:120]
        return ("huizong validate", os.path.basename(path), sizes[path], rows, m, kind, len(found), match,
                rss_bound(registered, rows))

    def baseline_task(name, script):
        out = os.path.join(args.workdir, "out", name + ".invalid.txt")
        return Task(name, [sys.executable, os.path.join(HERE, "baselines", script), workspace, csv_path, out])

    def baseline_row(name, m):
        found = read_lines(os.path.join(args.workdir, "out", name + ".invalid.txt"))
        return (name, os.path.basename(csv_path), sizes[csv_path], args.rows, m, "csv", len(found),
                compare(found, expected), None)

    copy = os.path.join(args.workdir, "run-copy")
    truth_counts = {"enterprise-large.csv": len(expected), "enterprise-large.xml": len(expected),
                    "enterprise-large.xlsx": len(expected_xlsx)}

    def night_task(name, files):
        """`huizong run` over a fresh copy of the workspace whose inbox holds `files`."""
        def fresh_copy():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(workspace, copy)
            for entry in os.listdir(os.path.join(copy, "inbox")):
                if entry not in files:
                    os.remove(os.path.join(copy, "inbox", entry))

        return Task(name, [huizong, "run", "--root", copy, "--settle", "0"], prepare=fresh_copy)

    def night_row(label, files, m):
        """The row of a night over `files`, checked against the report that its last run left in the copy."""
        with open(os.path.join(copy, "outbox", "report.json"), encoding="utf-8") as f:
            report = json.load(f)
        rejected, checks = 0, []
        for entry in report.get("files", []):
            file = os.path.basename(entry["file"])
            got = entry["rows"]["rejected"]
            rejected += got
            want = truth_counts.get(file)
            checks.append(f"{file} {entry['status']} {got}" + ("" if got == want else f" (expected {want})"))
        match = ("yes" if len(checks) == len(files) and all("expected" not in c for c in checks) else "no") + \
            ": " + ", ".join(checks)
        return (label, "inbox", sum(sizes[os.path.join(inbox, f)] for f in files),
                sum(xlsx_rows if f.endswith(".xlsx") else args.rows for f in files), m, None, rejected, match, None)

    log("measuring")
    # The first command in a workspace reads units.csv and writes the packed registry beside it;
    # every later one maps that file. The office's nights and checks are the later ones, so the
    # packed file is built once here, before any other huizong command, unmeasured but logged.
    packed = os.path.join(workspace, "seeds", ".units.packed")
    if os.path.exists(packed):
        os.remove(packed)
    cold = measure(Task("huizong-validate-one-row-cold", [huizong, "validate", "--root", workspace, one_row_path],
                        ok_codes=(0, 1)), 1, args.workdir)
    log(f"  first command in the workspace (reads units.csv, writes .units.packed): {cold['wall']:.2f} s")
    one_row = measure(validate_task("one-row", one_row_path), args.runs, args.workdir)
    # Each huizong measurement that has a baseline alternates with it, run by run.
    polars, csv = measure_in_turn([baseline_task("polars", "polars_validate.py"), validate_task("csv", csv_path)],
                                  args.runs, args.workdir)
    # -r: read() the file instead of mmap()ing it, so that the peak RSS is the parser's and not the
    # mapped file's (the FACTS.md baseline was measured so); the time differs by a few per cent.
    xmlwf, xml = measure_in_turn([Task("xmlwf", ["xmlwf", "-r", xml_path]), validate_task("xml", xml_path)],
                                 args.runs, args.workdir)
    xmlwf_output = open(xmlwf["stdout"], encoding="utf-8", errors="replace").read().strip()
    xlsx, xls, ods = (measure(validate_task(kind, path), args.runs, args.workdir)
                      for kind, path in (("xlsx", xlsx_path), ("xls", xls_path), ("ods", ods_path)))
    rss = measure(validate_task("rss", rss_csv_path, root=rss_workspace), args.runs, args.workdir) \
        if args.rss_rows else None
    night_files = list(truth_counts)
    run_row = night_row("huizong run (3 files)", night_files,
                        measure(night_task("huizong-run", night_files), args.runs, args.workdir))
    duckdb, run_csv = measure_in_turn([baseline_task("duckdb", "duckdb_validate.py"),
                                       night_task("huizong-run-csv", ["enterprise-large.csv"])],
                                      args.runs, args.workdir)
    run_csv_row = night_row("huizong run (the CSV alone)", ["enterprise-large.csv"], run_csv)

    # An .xls sheet ends at row 65,536: LibreOffice keeps the header and the first 65,535 rows.
    xls_rows = min(xlsx_rows, 65535)
    # (implementation, input, MB, rows, measurement, ratio-to key, invalid, match, RSS bound)
    results = [
        baseline_row("polars", polars),
        baseline_row("duckdb", duckdb),
        ("xmlwf (expat, parse only)", os.path.basename(xml_path), sizes[xml_path], args.rows, xmlwf, "xml", None,
         "well-formed" if not xmlwf_output else "no: " + xmlwf_output[:120], None),
        validate_row("one-row", one_row_path, one_row, 0, set(), 1),
        validate_row("csv", csv_path, csv, 0, expected, args.rows),
        validate_row("xml", xml_path, xml, 1, expected, args.rows),
        validate_row("xlsx", xlsx_path, xlsx, 0, expected_xlsx, xlsx_rows),
        validate_row("xls", xls_path, xls, 0, {line for line in expected if line <= xls_rows + 1}, xls_rows),
        validate_row("ods", ods_path, ods, 0, expected_xlsx, xlsx_rows),
    ]
    if args.rss_rows:
        rss_units = sum(1 for _ in open(os.path.join(rss_workspace, "seeds", "units.csv"), encoding="utf-8")) - 1
        results.append(validate_row("rss", rss_csv_path, rss, 0,
                                    read_lines(os.path.join(rss_workspace, "expected-invalid.txt")), args.rss_rows,
                                    registered=rss_units))
    results += [run_row, run_csv_row]

    # The table.
    baselines = {"csv": max(polars["wall"], 0.01), "xml": max(xmlwf["wall"], 0.01)}
    lines = [
        f"# huizong benchmark: {args.rows:,} rows, {args.runs} run(s), medians",
        "",
        f"CSV {sizes[csv_path]:.1f} MB, XML {sizes[xml_path]:.1f} MB, .xlsx {sizes[xlsx_path]:.1f} MB, "
        f".xls {sizes[xls_path]:.1f} MB (the first 65,535 rows: the format's limit), .ods {sizes[ods_path]:.1f} MB "
        f"({xlsx_rows:,} rows); registry {units:,} units; ground truth {len(expected):,} invalid rows "
        f"({len(expected_xlsx):,} in each workbook). {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores.",
        "",
        "| implementation | input | wall s | MB/s | rows/s | peak RSS MiB | §10 RSS bound MiB | ratio | target "
        "| invalid rows | same as ground truth |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, source, mb, rows, m, kind, invalid, match, bound in results:
        ratio, target = "–", "–"
        if name.startswith("huizong validate") and kind in baselines:
            ratio = f"{m['wall'] / baselines[kind]:.2f}× {'polars' if kind == 'csv' else 'xmlwf'}"
            target = f"≤ {TARGETS['validate-' + kind]:.2f}×"
        elif name == "duckdb":
            ratio = f"{m['wall'] / baselines['csv']:.2f}× polars"
        elif name == "huizong run (the CSV alone)":
            ratio, target = f"{m['wall'] / max(duckdb['wall'], 0.01):.2f}× duckdb", f"≤ {TARGETS['run-csv']:.2f}×"
        elif kind == "xlsx":
            target = f"≥ {XLSX_ROWS_PER_S:,} rows/s"
        elif kind in ("xls", "ods"):
            source += " (LibreOffice)"
        elif kind == "one-row":
            source = f"1 row, registry of {units:,} units: start to first row checked"
            target = f"≤ {REGISTRY_START_S} s"
        elif kind == "rss":
            source = f"{rows:,}-row CSV (peak RSS)"
            target = "RSS ≤ bound"
        bound_cell = "–"
        if bound is not None:
            bound_cell = f"{bound / 2**20:.0f} " + ("(within)" if m["rss"] * 2**20 <= bound else "(over)")
        wall = max(m["wall"], 0.01)
        lines.append(f"| {name} | {source} | {m['wall']:.2f} | {mb / wall:.1f} | {rows / wall:,.0f} | {m['rss']:.0f} "
                     f"| {bound_cell} | {ratio} | {target} | {'–' if invalid is None else f'{invalid:,}'} | {match} |")
    lines += ["", "Other targets: " + "; ".join(OTHER_TARGETS) + "."]
    lines += [
        "",
        "Ratios are huizong's wall time over the baseline's (lower is better). The §10 RSS bound is "
        "64 MB + 32 B × (registered units + rows of the file), shown in MiB; e.g. for the CSV: "
        f"64 MB + 32 B × ({units:,} units + {args.rows:,} rows) = {rss_bound(units, args.rows) / 1e6:.0f} MB.",
        "Each of huizong's three ratios compares two sides measured alternately, run by run (baseline, huizong, "
        "baseline, huizong, …), so that the machine's drift falls on both alike; duckdb's ratio to polars does not "
        "(each of the two alternated with huizong). Per-run ratios, huizong's run k over the baseline's run k: "
        + "; ".join(pair_note(label, m, baseline) for label, m, baseline in (
            ("CSV/polars", csv, polars), ("XML/xmlwf", xml, xmlwf), ("night on the CSV/duckdb", run_csv, duckdb)))
        + ".",
        "The baselines' times include starting Python, importing polars/duckdb and reading the registry; "
        "huizong's include reading the registry. Individual runs (s): "
        + "; ".join(f"{r[0]} {r[1]}: " + " ".join(f"{w:.2f}" for w in r[4]["walls"]) for r in results),
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    with open(os.path.join(args.workdir, "results.md"), "w", encoding="utf-8") as f:
        f.write(table)
    log(f"written to {os.path.join(args.workdir, 'results.md')}")
    bad = [r for r in results if not (r[7].startswith("yes") or r[7] == "well-formed")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
