#!/usr/bin/env python3
"""Makes a large workspace for measuring huizong: the shipped seeds with a registry of many
generated enterprises, and an inbox holding one enterprise return with a row per enterprise and
month of the plan period, about 2 % of them invalid in the ways clerks get them wrong.

    python3 Benchmarks/make_large_inbox.py WORKSPACE [--enterprises 112000] [--seed 7]

With the defaults: 1,008,000 rows, 136 MB, 20,146 invalid rows (5 kinds of problem). Deterministic.
"""
import argparse
import os
import random
import shutil

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
BANDS = [(90, "优秀"), (75, "良好"), (60, "合格"), (0, "不合格")]
HEADER = ("统一社会信用代码,企业名称,所在村代码,报送期间,职工人数,劳动合同签订人数,参加社会保险人数,建立职工代表大会,"
          "推行厂务公开,开展工资集体协商,拖欠工资金额（元）,劳动争议件数,诚信守法自评分,诚信守法等级,劳动关系和谐自评分,"
          "劳动关系和谐等级,填报人,联系电话,填报日期")


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace")
    parser.add_argument("--enterprises", type=int, default=112000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    shutil.rmtree(args.workspace, ignore_errors=True)
    shutil.copytree(os.path.join(root, "seeds"), os.path.join(args.workspace, "seeds"))
    os.makedirs(os.path.join(args.workspace, "inbox"))

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
    path = os.path.join(args.workspace, "inbox", "enterprise-large.csv")
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        for month in range(4, 13):
            for i, code in enumerate(codes):
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
                    kind = rng.randint(0, 3)
                    if kind == 0:
                        row[5] = str(employees + 1)
                    elif kind == 1:
                        row[4] = "约" + row[4]
                    elif kind == 2:
                        row[0] = code[:-1] + ("0" if code[-1] != "0" else "1")
                    else:
                        row[17] = "12345"
                out.write(",".join(row) + "\r\n")
                rows += 1
    print(f"{path}: {rows} rows, {invalid} invalid, {os.path.getsize(path) / 1e6:.1f} MB")


main()
