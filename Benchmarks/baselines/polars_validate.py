#!/usr/bin/env python3
"""Baseline for the benchmark: the enterprise return's checks (PRODUCT §3.1) in polars.

    python3 Benchmarks/baselines/polars_validate.py WORKSPACE FILE.csv OUT.txt

A typed read of the CSV, every per-field check of §3.1 (required, type, minimum/maximum, enum,
pattern, length, the plan period), the GB 32100 check character, the cross-field rules, the primary
key, both foreign keys against WORKSPACE/seeds/units.csv (read here, and timed) as anti-joins, and
the history rule employees-change of §11.2 within the file (level verify: it fails a row whose
填报说明 is empty). Writes the 1-based CSV line numbers of the invalid rows to OUT.txt, one per line,
ascending, and prints their count.

employees-change: prev(employees) is the 职工人数 of the same credit code's accepted row of the latest
earlier period. The rows otherwise valid are sorted by code and period and each is compared with the
one before it (a window shift); where a code has a row held for want of an explanation, that row is
not accepted, so the code's later rows are compared again without it, one held row at a time (the
codes concerned are few; this is exact, as huizong checks the periods in ascending order). The rule
holds where there is no earlier period or the 填报说明 is not empty.

Limits, on purpose: the benchmark's data only holds canonical values (§3.3), so the loose forms that
huizong accepts and normalises (full-width characters, 2009/6/15, 1,234元, Y/N, a leading ', …) are
not implemented here; nor are GB18030 input, quoted multi-line records (a record is one line: line =
row index + 2) or header aliases. The plan period and bands are those of seeds/plan.yaml, written in.
"""
import sys

import polars as pl

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
TRUE = ["是", "Y", "y", "yes", "Yes", "YES", "true", "True", "TRUE", "1", "√", "✓", "✔", "有"]
FALSE = ["否", "N", "n", "no", "No", "NO", "false", "False", "FALSE", "0", "×", "✗", "✘", "无"]
RATINGS = ["优秀", "良好", "合格", "不合格"]
PERIOD = ("2009-04", "2009-12")
PHONE = r"^(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$"

S, I, F = pl.String, pl.Int64, pl.Float64
SCHEMA = {  # label: (key, dtype) in file order
    "统一社会信用代码": ("credit_code", S), "企业名称": ("name", S), "所在村代码": ("village_code", S),
    "报送期间": ("period", S), "职工人数": ("employees", I), "劳动合同签订人数": ("contracts", I),
    "参加社会保险人数": ("insured", I), "建立职工代表大会": ("workers_congress", S),
    "推行厂务公开": ("affairs_open", S), "开展工资集体协商": ("wage_bargaining", S),
    "拖欠工资金额（元）": ("wage_arrears", F), "劳动争议件数": ("labor_disputes", I),
    "诚信守法自评分": ("integrity_score", F), "诚信守法等级": ("integrity_rating", S),
    "劳动关系和谐自评分": ("harmony_score", F), "劳动关系和谐等级": ("harmony_rating", S),
    "填报人": ("contact", S), "联系电话": ("phone", S), "填报日期": ("filed_on", pl.Date),
}


def band(score):
    return (pl.when(score >= 90).then(pl.lit("优秀")).when(score >= 75).then(pl.lit("良好"))
            .when(score >= 60).then(pl.lit("合格")).otherwise(pl.lit("不合格")))


def implies(a, b):
    return ~a | b


EXPLANATION = "填报说明"


def held_for_explanation(rows):
    """The lines of `rows` (line, credit_code, period, employees, explanation; otherwise valid, one per
    key) that the verify rule employees-change holds: it fails and the 填报说明 is empty."""
    c = pl.col
    explained = c("explanation").fill_null("").str.strip_chars().str.len_bytes() > 0

    def failing(frame):
        prev = c("employees").shift(1).over("credit_code")
        holds = (c("employees") >= prev * 0.5 - 10) & (c("employees") <= prev * 1.5 + 10)
        return frame.sort("credit_code", "period").filter(~holds.fill_null(True) & ~explained)

    first = failing(rows)
    if first.height == 0:
        return first.select("line")
    # A held row is not accepted: it is no later row's prev. Recheck the codes concerned, holding
    # their earliest failing row each time.
    rows = rows.join(first.select("credit_code").unique(), on="credit_code", how="semi")
    held = []
    while True:
        earliest = failing(rows).group_by("credit_code", maintain_order=True).agg(c("line").first())
        if earliest.height == 0:
            return pl.DataFrame({"line": held}, schema={"line": pl.UInt32})
        held += earliest["line"].to_list()
        rows = rows.join(earliest.select("line"), on="line", how="anti")


def main():
    workspace, path, out = sys.argv[1:4]
    with open(path, encoding="utf-8-sig") as f:
        has_explanation = EXPLANATION in f.readline().rstrip("\r\n").split(",")
    schema = dict(SCHEMA)
    if has_explanation:  # the optional 填报说明 column (the benchmark's CSV has it, last)
        schema[EXPLANATION] = ("explanation", S)
    # Typed read: a value that is not of its column's type becomes null (ignore_errors), and every
    # typed column is required, so null = invalid either way (type-error or required).
    df = pl.read_csv(path, schema={label: dtype for label, (_, dtype) in schema.items()},
                     ignore_errors=True)
    df = df.rename({label: key for label, (key, _) in schema.items()}).with_row_index("line", offset=2)
    if not has_explanation:
        df = df.with_columns(explanation=pl.lit(None, dtype=S))
    units = pl.read_csv(workspace + "/seeds/units.csv", infer_schema=False)
    enterprises = units.filter(pl.col("单位类型") == "企业").select(pl.col("单位代码").alias("credit_code"))
    villages = units.filter(pl.col("单位类型") == "村").select(pl.col("单位代码").alias("village_code"))

    c = pl.col
    code = c("credit_code")
    checksum = pl.sum_horizontal(
        code.str.slice(i, 1).replace_strict(list(ALPHABET), list(range(31)), default=None, return_dtype=pl.Int32) * w
        for i, w in enumerate(WEIGHTS))
    expected_check = (31 - checksum % 31) % 31
    actual_check = code.str.slice(17, 1).replace_strict(list(ALPHABET), list(range(31)), default=None,
                                                         return_dtype=pl.Int32)
    booleans = ["workers_congress", "affairs_open", "wage_bargaining"]
    period_ok = c("period").str.contains(r"^[0-9]{4}-(0[1-9]|1[0-2])$") & c("period").is_between(pl.lit(PERIOD[0]), pl.lit(PERIOD[1]))
    fields = [
        code.str.contains(r"^[0-9A-HJ-NPQRTUWXY]{18}$"),  # required, minLength, maxLength, pattern
        actual_check == expected_check,                    # checksum gb32100
        c("name").str.len_bytes() > 0,  # a quoted "" is missing too
        c("village_code").fill_null("").str.contains(r"^$") | c("village_code").str.contains(r"^[0-9]{12}$"),
        period_ok,
        *[c(k) >= 0 for k in ["employees", "contracts", "insured", "labor_disputes", "wage_arrears"]],
        *[c(k).is_in(TRUE + FALSE) for k in booleans],
        *[c(k).is_between(0, 100) for k in ["integrity_score", "harmony_score"]],
        *[c(k).is_in(RATINGS) for k in ["integrity_rating", "harmony_rating"]],
        c("contact").str.len_bytes() > 0,
        c("phone").str.contains(PHONE),
        c("filed_on").is_not_null(),
    ]
    # A rule is checked only when its fields are valid; a row with an invalid field is invalid anyway,
    # so a rule over nulls simply passes here.
    rules = [
        c("contracts") <= c("employees"),
        c("insured") <= c("employees"),
        c("integrity_rating") == band(c("integrity_score")),
        c("harmony_rating") == band(c("harmony_score")),
        implies(c("harmony_rating") == "优秀",
                c("workers_congress").is_in(TRUE) & c("wage_bargaining").is_in(TRUE) & (c("wage_arrears") == 0)),
        c("filed_on") >= (c("period") + "-01").str.to_date("%Y-%m-%d", strict=False),
    ]
    checked = df.with_columns(
        ok=pl.all_horizontal([f.fill_null(False) for f in fields] + [r.fill_null(True) for r in rules]))

    # Foreign keys: anti-joins against the registry (the unit type matters: a 村 is no enterprise).
    bad_fk = pl.concat([
        df.select("line", "credit_code").join(enterprises, on="credit_code", how="anti").select("line"),
        df.filter(c("village_code").str.len_bytes() > 0).select("line", "village_code")
          .join(villages, on="village_code", how="anti").select("line"),
    ])
    candidates = checked.filter(c("ok")).join(bad_fk, on="line", how="anti")
    # Primary key: a later row with the key of an earlier valid row is invalid (the earlier one stays).
    valid = candidates.filter(pl.struct("credit_code", "period").is_first_distinct())
    # History: employees-change (verify) over the rows valid so far.
    held = held_for_explanation(valid.select("line", "credit_code", "period", "employees", "explanation"))
    valid = valid.select("line").join(held, on="line", how="anti")
    invalid = df.select("line").join(valid, on="line", how="anti").sort("line")
    with open(out, "w") as f:
        f.write("\n".join(map(str, invalid["line"].to_list())) + ("\n" if invalid.height else ""))
    print(invalid.height)


main()
