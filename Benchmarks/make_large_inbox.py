#!/usr/bin/env python3
"""Makes a large workspace for measuring huizong: the shipped seeds with a registry of many
generated enterprises, and an inbox holding one enterprise return with a row per enterprise and
month of the plan period, about 2 % of them invalid in the ways clerks get them wrong.

    python3 Benchmarks/make_large_inbox.py WORKSPACE [--enterprises 112000] [--seed 7]
        [--rows N] [--xml] [--xlsx] [--xlsx-rows 100000]

With the defaults: 1,008,000 rows, 136 MB, 20,146 invalid rows (5 kinds of problem). Deterministic:
the same arguments give the same bytes.

--rows N      stop after N data rows (rows go month by month, enterprise by enterprise); without
              --enterprises the registry then holds ceil(N / 9) enterprises, so every row's
              enterprise is registered and the months are filled in turn.
--xml         also write inbox/enterprise-large.xml: the same rows as an XML return,
              <return type="enterprise"><row><credit_code>…</credit_code>…</row>…</return>, one
              <row> per line: the row on CSV line L (header = line 1) is on XML line L + 1.
--xlsx        also write inbox/enterprise-large.xlsx: the first --xlsx-rows rows (default 100,000)
              on a sheet 企业创建情况表, header on row 1 (so a row has the same number as its CSV
              line). Needs XlsxWriter (constant_memory mode).

Always writes WORKSPACE/expected-invalid.txt, the ground truth of the benchmark: the 1-based CSV line
numbers of the invalid rows, one per line, ascending. (It is beside inbox/, not in it: a .txt in the
inbox would be read as a return.)
"""
import argparse
import math
import os
import random
import shutil

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
BANDS = [(90, "优秀"), (75, "良好"), (60, "合格"), (0, "不合格")]
HEADER = ("统一社会信用代码,企业名称,所在村代码,报送期间,职工人数,劳动合同签订人数,参加社会保险人数,建立职工代表大会,"
          "推行厂务公开,开展工资集体协商,拖欠工资金额（元）,劳动争议件数,诚信守法自评分,诚信守法等级,劳动关系和谐自评分,"
          "劳动关系和谐等级,填报人,联系电话,填报日期")
# The field keys of seeds/returns/enterprise.yaml, in the order of HEADER.
KEYS = ["credit_code", "name", "village_code", "period", "employees", "contracts", "insured",
        "workers_congress", "affairs_open", "wage_bargaining", "wage_arrears", "labor_disputes",
        "integrity_score", "integrity_rating", "harmony_score", "harmony_rating", "contact", "phone",
        "filed_on"]
# Columns written as numbers in the workbook when they read as one (as a clerk's Excel would).
NUMERIC = {4, 5, 6, 10, 11, 12, 14}
MONTHS = range(4, 13)


def check_character(body):
    """GB 32100-2015 check character of the first 17 characters."""
    return ALPHABET[(31 - sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS)) % 31) % 31]


def organisation_code(n):
    """An 8-digit organisation code with its GB 11714 check character."""
    digits = "%08d" % n
    check = 11 - sum(int(c) * w for c, w in zip(digits, [3, 7, 9, 10, 5, 8, 4, 2])) % 11
    return digits + ("X" if check == 10 else "0" if check == 11 else str(check))


def band(score):
    return next(label for minimum, label in BANDS if score >= minimum)


def xml_text(value):
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


class XLSXOut:
    """The first `limit` rows in a workbook, streamed (XlsxWriter constant_memory)."""

    def __init__(self, path, limit):
        import xlsxwriter  # only needed with --xlsx
        self.book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
        self.sheet = self.book.add_worksheet("企业创建情况表")
        self.limit = limit
        self.written = 0
        for column, label in enumerate(HEADER.split(",")):
            self.sheet.write_string(0, column, label)

    def add(self, row):
        if self.written >= self.limit:
            return
        self.written += 1
        for column, value in enumerate(row):
            if column in NUMERIC:
                try:
                    self.sheet.write_number(self.written, column, float(value))
                    continue
                except ValueError:
                    pass
            self.sheet.write_string(self.written, column, value)

    def close(self):
        self.book.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace")
    parser.add_argument("--enterprises", type=int, default=None,
                        help="registered enterprises (default 112000, or ceil(ROWS / 9) with --rows)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rows", type=int, default=None, help="stop after this many data rows")
    parser.add_argument("--xml", action="store_true", help="also write the rows as an XML return")
    parser.add_argument("--xlsx", action="store_true", help="also write the first --xlsx-rows rows as .xlsx")
    parser.add_argument("--xlsx-rows", type=int, default=100000)
    args = parser.parse_args()
    if args.enterprises is None:
        args.enterprises = 112000 if args.rows is None else max(1, math.ceil(args.rows / len(MONTHS)))
    limit = args.rows if args.rows is not None else args.enterprises * len(MONTHS)

    rng = random.Random(args.seed)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    shutil.rmtree(args.workspace, ignore_errors=True)
    shutil.copytree(os.path.join(root, "seeds"), os.path.join(args.workspace, "seeds"))
    inbox = os.path.join(args.workspace, "inbox")
    os.makedirs(inbox)

    villages = ["330206110%03d" % (200 + i) for i in range(1, 201)]
    codes = []
    with open(os.path.join(args.workspace, "seeds", "units.csv"), "w", encoding="utf-8") as registry:
        registry.write("单位代码,单位名称,单位类型,所在村代码\n")
        for village in villages:
            registry.write(f"{village},{village}村,村,\n")
        for i in range(args.enterprises):
            body = "91330206" + organisation_code(10000000 + i * 7)
            codes.append(body + check_character(body))
            registry.write(f"{codes[-1]},企业{i},企业,{rng.choice(villages)}\n")

    rows = invalid = 0
    path = os.path.join(inbox, "enterprise-large.csv")
    xml_path = os.path.join(inbox, "enterprise-large.xml")
    xlsx_path = os.path.join(inbox, "enterprise-large.xlsx")
    xml = open(xml_path, "w", encoding="utf-8", newline="\n") if args.xml else None
    xlsx = XLSXOut(xlsx_path, args.xlsx_rows) if args.xlsx else None
    expected = open(os.path.join(args.workspace, "expected-invalid.txt"), "w", encoding="ascii")
    if xml:
        xml.write('<?xml version="1.0" encoding="UTF-8"?>\n<return type="enterprise">\n')
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        for month in MONTHS:
            if rows >= limit:
                break
            for i, code in enumerate(codes):
                if rows >= limit:
                    break
                employees = rng.randint(5, 500)
                integrity = round(rng.uniform(50, 100), 1)
                harmony = round(rng.uniform(50, 89.9), 1)
                row = [code, f"企业{i}", rng.choice(villages), "2009-%02d" % month, str(employees),
                       str(rng.randint(0, employees)), str(rng.randint(0, employees)), "是", "是", "否",
                       str(rng.choice([0, 0, 0, 1200])), str(rng.randint(0, 3)), str(integrity), band(integrity),
                       str(harmony), band(harmony), "张三", "1385741%04d" % rng.randint(0, 9999),
                       "2009-%02d-%02d" % (month, rng.randint(1, 28))]
                if rng.random() < 0.02:
                    invalid += 1
                    expected.write(f"{rows + 2}\n")  # the header is line 1, one line per record
                    kind = rng.randint(0, 3)
                    if kind == 0:    # row-constraint contracts-within-employees
                        row[5] = str(employees + 1)
                    elif kind == 1:  # type-error: not an integer
                        row[4] = "约" + row[4]
                    elif kind == 2:  # checksum-error (and so foreign-key: not a registered code)
                        row[0] = code[:-1] + ("0" if code[-1] != "0" else "1")
                    else:            # constraint-error pattern of the phone number
                        row[17] = "12345"
                out.write(",".join(row) + "\r\n")
                if xml:
                    xml.write("<row>" + "".join(f"<{k}>{xml_text(v)}</{k}>" for k, v in zip(KEYS, row))
                              + "</row>\n")
                if xlsx:
                    xlsx.add(row)
                rows += 1
    expected.close()
    print(f"{path}: {rows} rows, {invalid} invalid, {os.path.getsize(path) / 1e6:.1f} MB")
    if xml:
        xml.write("</return>\n")
        xml.close()
        print(f"{xml_path}: {rows} rows, {os.path.getsize(xml_path) / 1e6:.1f} MB")
    if xlsx:
        xlsx.close()
        print(f"{xlsx_path}: {xlsx.written} rows, {os.path.getsize(xlsx_path) / 1e6:.1f} MB")


main()
