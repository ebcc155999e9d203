"""Writes the .ods fixtures of this folder (see README.md). Run from the repository root:

    python3 Tests/HuizongTests/Fixtures/ods/make-fixtures.py SCRATCH_FOLDER

It needs openpyxl, odfpy (Tests/interop-requirements.txt) and LibreOffice (`soffice`).
"""
import csv, datetime, os, re, shutil, subprocess, sys

import openpyxl
from openpyxl.comments import Comment
from odf.office import Annotation
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import LineBreak, P, S, Span, Tab

here = os.path.dirname(os.path.abspath(__file__))
returns = os.path.join(here, "..", "returns")
scratch = sys.argv[1]
os.makedirs(scratch, exist_ok=True)


def typed(name, text):
    """A CSV cell as a clerk would type it: codes, phones and periods stay text, dates and counts do not."""
    if text == "" or any(word in name for word in ("代码", "电话", "期间")):
        return text or None
    if "日期" in name:
        return datetime.date.fromisoformat(text)
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        return float(text)
    return text


def return_workbook(csv_name, sheet_title):
    with open(os.path.join(returns, csv_name), encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.append(rows[0])
    for row in rows[1:]:
        ws.append([typed(name, text) for name, text in zip(rows[0], row)])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    return wb


def multi_sheet_workbook():
    wb = openpyxl.Workbook()
    wb.active.title = "空白"
    notes = wb.create_sheet("说明")
    notes["A1"] = "此表隐藏"
    notes.sheet_state = "hidden"
    ws = wb.create_sheet("企业创建情况表")
    header = ["企业名称", "填报日期", "完成率", "拖欠工资金额（元）", "建立职工代表大会", "合计", "备注"]
    ws.append(["2009年度企业创建情况表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    ws.append(["宁波东岙  机械   有限公司", datetime.date(2009, 6, 25), 0.955, 1200.5, True, "=D3*2", "甲\t乙"])
    ws.append(["宁波西岙纺织有限公司", datetime.datetime(2009, 7, 1, 10, 30), 0.5, 0, False, "=D4*2", "第一行\n第二行"])
    for _ in range(4):
        ws.append(["同一行", None, None, 7])
    ws.append([None, None, None, None, None, "=1/0", "末行"])
    for row in range(3, ws.max_row + 1):
        ws.cell(row=row, column=2).number_format = "yyyy-mm-dd"
        ws.cell(row=row, column=3).number_format = "0.0%"
        ws.cell(row=row, column=4).number_format = '[$¥-804]#,##0.00'
    ws["A3"].comment = Comment("批注不算单元格内容", "林敏")
    return wb


sources = {
    "enterprise-clean": return_workbook("enterprise-clean.csv", "企业创建情况表"),
    "village-clean": return_workbook("village-clean.csv", "民主法治村创建情况表"),
    "libreoffice-sheets": multi_sheet_workbook(),
}
for name, wb in sources.items():
    wb.save(os.path.join(scratch, name + ".xlsx"))
    subprocess.run(["soffice", "--headless", "--convert-to", "ods", "--outdir", scratch,
                    os.path.join(scratch, name + ".xlsx")], check=True, stdout=subprocess.DEVNULL)
    shutil.copy(os.path.join(scratch, name + ".ods"), os.path.join(here, name + ".ods"))


def odfpy_variants():
    """What LibreOffice 7.4 does not write: rows with content repeated, cells with content repeated,
    boolean and time cells, text:line-break, a covered cell with a value, spans."""
    doc = OpenDocumentSpreadsheet()
    table = Table(name="企业创建情况表")

    def row(*cells, repeated=None):
        element = TableRow(numberrowsrepeated=repeated) if repeated else TableRow()
        for cell in cells:
            element.addElement(cell)
        table.addElement(element)

    def text(*parts, **attributes):
        cell = TableCell(valuetype="string", **attributes)
        paragraph = P()
        for part in parts:
            if isinstance(part, str):
                paragraph.addText(part)
            else:
                paragraph.addElement(part)
        cell.addElement(paragraph)
        return cell

    row(text("名称"), text("人数"), text("人数2"), text("是否"), text("时间"), text("日期"), text("备注"))
    row(text("同一行"), TableCell(valuetype="float", value="7", numbercolumnsrepeated=2), repeated=3)
    span = Span()
    span.addText("东岙")
    note = Annotation()
    note.addElement(P(text="批注"))
    remark = text("第一行", LineBreak(), "第二行", Tab(), "甲", S(c=3), "乙")
    remark.insertBefore(note, remark.firstChild)
    row(text("宁波", span, "机械"), TableCell(valuetype="percentage", value="0.30000000000000004"),
        TableCell(valuetype="currency", currency="CNY", value="1200.5"), TableCell(valuetype="boolean", booleanvalue="true"),
        TableCell(valuetype="time", timevalue="PT10H30M00S"), TableCell(valuetype="date", datevalue="2009-06-25T00:00:00"), remark)
    row(TableCell(), CoveredTableCell(valuetype="float", value="5"), TableCell(valuetype="boolean", booleanvalue="false"),
        TableCell(numbercolumnsrepeated=3), text("五", numbercolumnsrepeated=2), TableCell(numbercolumnsrepeated=16000))
    row(TableCell(numbercolumnsrepeated=1024), repeated=100000)
    row(TableCell(valuetype="date", datevalue="2009-07-01T10:30:00"), TableCell(valuetype="float", value="-84.50"))
    row(TableCell(numbercolumnsrepeated=1024), repeated=1048000)
    doc.spreadsheet.addElement(table)
    doc.save(os.path.join(here, "odfpy-variants.ods"))


odfpy_variants()
