#!/usr/bin/env python3
"""What a night's store and workbooks cost in SQLite and zlib alone, with none of huizong's code: a
floor under any night that writes the same outputs.

    python3 Benchmarks/night_floor.py OUTBOX [--runs 2]

OUTBOX is the outbox of a finished night: for the benchmark's, copy its workspace (the workdir's
`workspace`), leave the CSV alone in the copy's inbox and run `huizong run --root COPY --settle 0`.
From the night's own store and workbooks, which it only reads, it measures in a scratch folder:

- SQLite: the night's versions staged into a temporary table in arrival order (`INSERT … SELECT`),
  the staging index built, the versions inserted into a fresh version table with the store's own
  indexes in key order (`INSERT … SELECT … ORDER BY returnType, key`), and the commit: the one
  writer's part of a night, from rows already packed;
- zlib: the sheet XML of consolidated/consolidated.xlsx and cycle.xlsx deflated at level 1 with
  their crc32, as the workbooks are written, in CPU seconds.
"""
import argparse
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
import zlib


def sqlite_floor(store, scratch):
    """Seconds to stage, apply and commit the store's versions, and how many there are."""
    path = os.path.join(scratch, "floor.sqlite")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA cache_size = -65536")
    db.execute("ATTACH ? AS night", (store,))
    schema = db.execute("SELECT sql FROM night.sqlite_master WHERE tbl_name = 'version' AND sql IS NOT NULL "
                        "ORDER BY type = 'index'").fetchall()
    for (sql,) in schema:
        db.execute(sql)
    count = db.execute("SELECT COUNT(*) FROM night.version").fetchone()[0]
    db.execute("CREATE TEMP TABLE staged (id INTEGER PRIMARY KEY, returnType TEXT NOT NULL, key BLOB NOT NULL, "
               "unit TEXT, period TEXT, file INTEGER NOT NULL, row INTEGER NOT NULL, vals BLOB NOT NULL, "
               "cells BLOB NOT NULL)")
    # The store keeps no accepted row's cells: its values stand in for them, of about their size.
    db.execute("BEGIN")
    start = time.perf_counter()
    db.execute("INSERT INTO staged (returnType, key, unit, period, file, row, vals, cells) "
               "SELECT returnType, key, unit, period, file, row, vals, vals FROM night.version ORDER BY row")
    db.execute("CREATE INDEX temp.staged_key ON staged(returnType, key, id)")
    staged = time.perf_counter()
    db.execute("INSERT INTO version (returnType, key, unit, period, file, row, vals, current) "
               "SELECT returnType, key, unit, period, file, row, vals, 1 FROM staged ORDER BY returnType, key")
    applied = time.perf_counter()
    db.execute("COMMIT")
    committed = time.perf_counter()
    db.close()
    os.remove(path)
    return count, staged - start, applied - staged, committed - applied


def deflate_floor(workbooks):
    """CPU seconds to deflate every sheet's XML of `workbooks` at level 1 with its crc32, and its bytes."""
    seconds = 0.0
    size = 0
    for workbook in workbooks:
        with zipfile.ZipFile(workbook) as archive:
            for name in archive.namelist():
                if not name.endswith(".xml"):
                    continue
                data = archive.read(name)
                size += len(data)
                start = time.process_time()
                deflater = zlib.compressobj(1, zlib.DEFLATED, -15)
                checksum = 0
                for offset in range(0, len(data), 1 << 20):
                    piece = data[offset:offset + (1 << 20)]
                    checksum = zlib.crc32(piece, checksum)
                    deflater.compress(piece)
                deflater.flush()
                seconds += time.process_time() - start
    return size, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outbox")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    store = os.path.join(args.outbox, "huizong.sqlite")
    workbooks = [os.path.join(args.outbox, "consolidated", "consolidated.xlsx"), os.path.join(args.outbox, "cycle.xlsx")]
    scratch = tempfile.mkdtemp(prefix="huizong-floor-")
    try:
        for run in range(1, args.runs + 1):
            count, staged, applied, committed = sqlite_floor(store, scratch)
            print(f"SQLite {sqlite3.sqlite_version}, run {run}: {count:,} versions; staged and indexed {staged:.2f} s, "
                  f"applied {applied:.2f} s, committed {committed:.2f} s; {staged + applied + committed:.2f} s")
        for run in range(1, args.runs + 1):
            size, seconds = deflate_floor(workbooks)
            print(f"zlib level 1, run {run}: {size / 1e6:,.0f} MB of sheet XML in {seconds:.2f} CPU s")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
