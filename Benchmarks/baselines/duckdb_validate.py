#!/usr/bin/env python3
"""Baseline for the benchmark: the enterprise return's checks (PRODUCT §3.1) in duckdb.

    python3 Benchmarks/baselines/duckdb_validate.py WORKSPACE FILE.csv OUT.txt

read_csv of the CSV (every column as text, then TRY_CAST to the field's type, so a value of the
wrong type is a null and not a failed load), every per-field check of §3.1 (required, type,
minimum/maximum, enum, pattern, length, the plan period), the GB 32100 check character, the
cross-field rules, the primary key, both foreign keys against WORKSPACE/seeds/units.csv (read here,
and timed) as anti-joins, and the history rule employees-change of §11.2 within the file (level
verify: it fails a row whose 填报说明 is empty), all in SQL. Writes the 1-based CSV line numbers of the
invalid rows to OUT.txt, one per line, ascending, and prints their count.

employees-change: prev(employees) is the 职工人数 of the same credit code's accepted row of the latest
earlier period: lag() over the rows otherwise valid, by code, in period order; where a code has a row
held for want of an explanation, that row is not accepted, so the code's later rows are compared
again without it, one held row at a time (the codes concerned are few; this is exact, as huizong
checks the periods in ascending order). The rule holds where there is no earlier period or the
填报说明 is not empty.

Limits, on purpose: the benchmark's data only holds canonical values (§3.3), so the loose forms that
huizong accepts and normalises (full-width characters, 2009/6/15, 1,234元, Y/N, a leading ', …) are
not implemented here; nor are GB18030 input, quoted multi-line records (a record is one line: line =
row index + 2, the table keeping the file's order) or header aliases. The plan period and bands are
those of seeds/plan.yaml, written in.
"""
import sys

import duckdb

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
TRUE = ["是", "Y", "y", "yes", "Yes", "YES", "true", "True", "TRUE", "1", "√", "✓", "✔", "有"]
FALSE = ["否", "N", "n", "no", "No", "NO", "false", "False", "FALSE", "0", "×", "✗", "✘", "无"]
KEYS = ["credit_code", "name", "village_code", "period", "employees", "contracts", "insured",
        "workers_congress", "affairs_open", "wage_bargaining", "wage_arrears", "labor_disputes",
        "integrity_score", "integrity_rating", "harmony_score", "harmony_rating", "contact", "phone",
        "filed_on"]


def sql_list(values):
    return "(" + ", ".join("'" + v + "'" for v in values) + ")"


def band(score):
    return (f"CASE WHEN {score} >= 90 THEN '优秀' WHEN {score} >= 75 THEN '良好' "
            f"WHEN {score} >= 60 THEN '合格' ELSE '不合格' END")


# The rows of table `rows` that employees-change fails and no 填报说明 explains, in period order per code.
FAILING = """
    SELECT line, credit_code, period FROM (
        SELECT line, credit_code, period, employees, explanation,
               lag(employees) OVER (PARTITION BY credit_code ORDER BY period) AS prev
        FROM {rows})
    WHERE prev IS NOT NULL AND NOT (employees >= prev * 0.5 - 10 AND employees <= prev * 1.5 + 10)
      AND coalesce(trim(explanation), '') = ''"""


def main():
    workspace, path, out = sys.argv[1:4]
    con = duckdb.connect()
    with open(path, encoding="utf-8-sig") as f:
        has_explanation = "填报说明" in f.readline().rstrip("\r\n").split(",")
    keys = KEYS + (["explanation"] if has_explanation else [])  # the optional 填报说明, last
    columns = "{" + ", ".join(f"'{k}': 'VARCHAR'" for k in keys) + "}"
    con.execute(f"""CREATE TABLE raw AS SELECT * FROM read_csv(?, header = true, delim = ',', quote = '"',
                    columns = {columns}, auto_detect = false)""", [path])
    con.execute("""CREATE TABLE units AS SELECT * FROM read_csv(?, header = true, all_varchar = true)""",
                [workspace + "/seeds/units.csv"])
    checksum = " + ".join(f"(instr('{ALPHABET}', substr(credit_code, {i + 1}, 1)) - 1) * {w}"
                          for i, w in enumerate(WEIGHTS))
    booleans = sql_list(TRUE + FALSE)
    con.execute(f"""
        CREATE TABLE typed AS SELECT
            rowid + 2 AS line, credit_code, name, village_code, period,
            TRY_CAST(employees AS BIGINT) AS employees, TRY_CAST(contracts AS BIGINT) AS contracts,
            TRY_CAST(insured AS BIGINT) AS insured, workers_congress, affairs_open, wage_bargaining,
            TRY_CAST(wage_arrears AS DOUBLE) AS wage_arrears, TRY_CAST(labor_disputes AS BIGINT) AS labor_disputes,
            TRY_CAST(integrity_score AS DOUBLE) AS integrity_score, integrity_rating,
            TRY_CAST(harmony_score AS DOUBLE) AS harmony_score, harmony_rating, contact, phone,
            TRY_CAST(filed_on AS DATE) AS filed_on, {"explanation" if has_explanation else "NULL::VARCHAR AS explanation"},
            TRY_CAST(period || '-01' AS DATE) AS period_start,
            ({checksum}) AS checksum, instr('{ALPHABET}', substr(credit_code, 18, 1)) - 1 AS check_char
        FROM raw""")
    con.execute(f"""
        CREATE TABLE valid AS WITH checked AS (
            SELECT line, credit_code, village_code, period, coalesce(
                regexp_full_match(credit_code, '[0-9A-HJ-NPQRTUWXY]{{18}}')
                AND check_char = (31 - checksum % 31) % 31
                AND coalesce(name, '') <> ''
                AND (coalesce(village_code, '') = '' OR regexp_full_match(village_code, '[0-9]{{12}}'))
                AND regexp_full_match(period, '[0-9]{{4}}-(0[1-9]|1[0-2])') AND period BETWEEN '2009-04' AND '2009-12'
                AND employees >= 0 AND contracts >= 0 AND insured >= 0 AND labor_disputes >= 0 AND wage_arrears >= 0
                AND workers_congress IN {booleans} AND affairs_open IN {booleans} AND wage_bargaining IN {booleans}
                AND integrity_score BETWEEN 0 AND 100 AND harmony_score BETWEEN 0 AND 100
                AND integrity_rating IN ('优秀', '良好', '合格', '不合格') AND harmony_rating IN ('优秀', '良好', '合格', '不合格')
                AND coalesce(contact, '') <> ''
                AND regexp_full_match(phone, '1[3-9][0-9]{{9}}|0[0-9]{{2,3}}-?[0-9]{{7,8}}')
                AND filed_on IS NOT NULL,
                false)
            -- the rules: checked only when their fields are valid; a row with an invalid field is
            -- invalid anyway, so here a rule over nulls passes.
            AND coalesce(contracts <= employees, true)
            AND coalesce(insured <= employees, true)
            AND coalesce(integrity_rating = {band('integrity_score')}, true)
            AND coalesce(harmony_rating = {band('harmony_score')}, true)
            AND coalesce(NOT (harmony_rating = '优秀') OR (workers_congress IN {sql_list(TRUE)}
                          AND wage_bargaining IN {sql_list(TRUE)} AND wage_arrears = 0), true)
            AND coalesce(filed_on >= period_start, true) AS ok
            FROM typed),
        bad_fk AS (
            SELECT line FROM typed ANTI JOIN (SELECT 单位代码 AS code FROM units WHERE 单位类型 = '企业') e
                ON typed.credit_code = e.code
            UNION ALL
            SELECT line FROM typed ANTI JOIN (SELECT 单位代码 AS code FROM units WHERE 单位类型 = '村') v
                ON typed.village_code = v.code
            WHERE coalesce(typed.village_code, '') <> ''),
        candidates AS (
            SELECT line, credit_code, period FROM checked WHERE ok AND line NOT IN (SELECT line FROM bad_fk))
        -- a later row with the key of an earlier valid row is invalid (the earlier one stays)
        SELECT line, credit_code, period, employees, explanation FROM (
            SELECT c.line, c.credit_code, c.period, t.employees, t.explanation,
                   row_number() OVER (PARTITION BY c.credit_code, c.period ORDER BY c.line) AS n
            FROM candidates c JOIN typed t USING (line)) WHERE n = 1""")
    # History: employees-change (verify) over the rows valid so far. A held row is no later row's
    # prev: recheck the codes concerned, holding their earliest failing row each time.
    con.execute(f"CREATE TABLE held AS SELECT line FROM ({FAILING.format(rows='valid')}) LIMIT 0")
    con.execute(f"""CREATE TABLE recheck AS SELECT * FROM valid WHERE credit_code IN
                    (SELECT credit_code FROM ({FAILING.format(rows='valid')}))""")
    while True:
        earliest = f"SELECT min_by(line, period) AS line FROM ({FAILING.format(rows='recheck')}) GROUP BY credit_code"
        if not con.execute(f"INSERT INTO held {earliest}").fetchone()[0]:
            break
        con.execute("DELETE FROM recheck WHERE line IN (SELECT line FROM held)")
    rows = con.execute("""
        SELECT line FROM typed WHERE line NOT IN (SELECT line FROM valid) OR line IN (SELECT line FROM held)
        ORDER BY line""").fetchall()
    with open(out, "w") as f:
        f.write("".join(f"{line}\n" for (line,) in rows))
    print(len(rows))


main()
