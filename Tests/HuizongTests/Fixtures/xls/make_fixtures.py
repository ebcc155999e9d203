# Writes the sources of the .xls fixtures: typed .xlsx workbooks for LibreOffice to convert, and
# the xlwt workbook. Run from an empty folder: python3 make_fixtures.py RETURNS_FOLDER
import csv, datetime, random, re, sys
import openpyxl, xlwt
from openpyxl.styles import Alignment

returns = sys.argv[1]

def typed(label, text):
    """A CSV cell as a clerk's spreadsheet holds it: codes and phones as text, counts and
    scores as numbers, dates as dates."""
    if "代码" in label or "电话" in label: return text
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text): return datetime.datetime.strptime(text, "%Y-%m-%d")
    if re.fullmatch(r"-?\d+", text): return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text): return float(text)
    return text

def return_workbook(csv_name, sheet_name, out):
    with open(f"{returns}/{csv_name}", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_name
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            value = typed(rows[0][c - 1], text) if r > 1 else text
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, datetime.datetime): cell.number_format = "yyyy-mm-dd"
    wb.save(out)

return_workbook("village-clean.csv", "民主法治村创建情况表", "village.xlsx")

# Several sheets: a blank first sheet, a hidden sheet, a merged title row above the header,
# dates, booleans, formulas with cached number and string results, and 3000 distinct Chinese
# strings of varied length, so that the shared strings span many CONTINUE records.
wb = openpyxl.Workbook()
wb.active.title = "空白"
hidden = wb.create_sheet("隐藏的说明")
hidden["A1"] = "这张表是隐藏的"
hidden.sheet_state = "hidden"
ws = wb.create_sheet("企业创建情况表")
ws["A1"] = "2009年度企业创建情况表"
ws.merge_cells("A1:F1")
ws.append(["企业名称", "职工人数", "填报日期", "建立职工代表大会", "合计", "等级"])
ws.append(["宁波东岙机械有限公司", 120, datetime.datetime(2009, 6, 25), True, "=B3*2", '=IF(B3>100,"大型","小型")'])
ws.append(["Ningbo Xi'ao Textile Co.", 84.5, datetime.datetime(2009, 7, 1, 10, 30), False, "=B4*2", '=IF(B4>100,"大型","小型")'])
ws.append(["", -3.25, datetime.datetime(1900, 3, 1), None, '=""', "=1/0"])
for row in ws.iter_rows(min_row=3, max_row=5, min_col=3, max_col=3):
    row[0].number_format = "yyyy-mm-dd hh:mm"
ws["A6"] = 12345678901234567890
ws["B6"] = 0.1 + 0.2
ws["C6"] = 1e-7
ws["AZ7"] = "最后一列之前"
strings = wb.create_sheet("长文本")
rng = random.Random(2009)
hanzi = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]
for i in range(3000):
    length = rng.choice([1, 2, 3, 5, 8, 13, 30]) if i % 500 else 400
    text = f"{i:04d}" + "".join(rng.choice(hanzi) for _ in range(length))
    if i % 7 == 0: text += " Latin tail é"
    strings.cell(row=i + 1, column=1 + i % 3, value=text)
wb.save("sheets.xlsx")

# The xlwt workbook: the 1904 date system, RK and MULRK numbers, NUMBER cells, error cells,
# BLANK and MULBLANK cells, compressed (Latin-1) and UTF-16 strings, LABEL cells rather than
# shared strings for one sheet.
book = xlwt.Workbook(encoding="utf-8")
book.dates_1904 = True
sheet = book.add_sheet("民主法治村创建情况表")
date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
stamp = xlwt.easyxf(num_format_str="yyyy\"年\"m\"月\"d\"日\" hh:mm")
plain = xlwt.easyxf("")
sheet.write(0, 0, "村代码")
sheet.write(0, 1, "村名称")
sheet.write(0, 2, "Latin-1 café")
sheet.write(0, 3, "填报日期")
sheet.write(1, 0, "330206110201")
sheet.write(1, 1, "东岙村")
for col, value in enumerate([0, 1, -1, 120, 84.5, 0.01, 1234567.89, 2**29, -2**29 - 1, 1e300, 3.14159265358979, 100.25], start=4):
    sheet.write(1, col, value)
sheet.write(1, 3, datetime.date(2009, 6, 25), date)
sheet.write(2, 3, datetime.datetime(2009, 7, 1, 8, 15), stamp)
for col, code in enumerate([0x00, 0x07, 0x0F, 0x17, 0x1D, 0x24, 0x2A]):
    sheet.row(3).set_cell_error(col, code)
sheet.write(4, 0, True)
sheet.write(4, 1, False)
sheet.write(5, 0, "before blanks")
for col in range(1, 6): sheet.write(5, col, None, date)
sheet.write(5, 6, "after blanks")
for col in range(0, 4): sheet.write(6, col, None, date)
sheet.write(7, 2, 1.5)
sheet.write(7, 3, 40000, date)
book.add_sheet("Blank sheet")
other = book.add_sheet("Sheet3")
other.write(0, 0, "ASCII only")
other.write(2, 1, "全角，UTF-16")
book.save("xlwt-variants.xls")
