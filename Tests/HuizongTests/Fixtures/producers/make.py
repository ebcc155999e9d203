"""Writes the workbooks of this folder: one enterprise return from each producer, each for a period
of its own (PRODUCERS gives the period), all holding the rows `rows(period)` gives.

    python3 make.py            # needs openpyxl, xlsxwriter, xlwt, odfpy and LibreOffice's soffice

The end-to-end test sends them in one night and the same rows as CSV in another, and compares the
consolidated tables. Rows are those of the test's EnterpriseReturn: keep the two in step.
"""
import datetime, os, shutil, subprocess, sys, tempfile

LABELS = ["统一社会信用代码", "企业名称", "所在村代码", "报送期间", "职工人数", "劳动合同签订人数", "参加社会保险人数",
          "建立职工代表大会", "推行厂务公开", "开展工资集体协商", "拖欠工资金额（元）", "劳动争议件数", "诚信守法自评分",
          "诚信守法等级", "劳动关系和谐自评分", "劳动关系和谐等级", "填报人", "联系电话", "填报日期"]
UNITS = [("91330206144101142B", "宁波清溪五金制品有限公司", "330206110204"),
         ("91330206144102751J", "宁波甬清压铸有限公司", "330206110205"),
         ("91330206144103797G", "宁波三和化工有限公司", "330206110212"),
         ("913302061441087231", "宁波北仑横山铸造有限公司", "330206110212"),
         ("91330206254901677C", "宁波北仑柴桥轴承有限公司", "330206110203")]
PRODUCERS = {"openpyxl.xlsx": "2009-04", "openpyxl.xlsm": "2009-05", "xlsxwriter.xlsx": "2009-06",
             "libreoffice.xlsx": "2009-07", "libreoffice.xls": "2009-08", "libreoffice.ods": "2009-09",
             "xlwt.xls": "2009-10", "odfpy.ods": "2009-11"}


def rows(period):
    """Typed values: text codes, whole numbers, a real date."""
    year, month = map(int, period.split("-"))
    return [[code, name, village, period, 120 + i, 118 + i, 115 + i, "是", "是", "否", 0, i, 92, "优秀", 86, "良好",
             "王丽", "0574-86123456", datetime.date(year, month, 20)] for i, (code, name, village) in enumerate(UNITS)]


def openpyxl_book(path, period, title="2009年企业创建情况表"):
    import openpyxl
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填报说明"
    notes["A1"] = "请在“企业创建情况表”中填报，代码列为文本格式。"
    ws = wb.create_sheet("企业创建情况表")
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(LABELS))
    ws.append(LABELS)
    for row in rows(period):
        ws.append(row)
        ws.cell(ws.max_row, 19).number_format = "yyyy-mm-dd"
    wb.save(path)


def macro_book(path, period):
    """An openpyxl workbook made a macro workbook: its content type, and a VBA project part."""
    import zipfile
    source = path + ".xlsx"
    openpyxl_book(source, period)
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as m:
        for item in z.infolist():
            data = z.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml").replace(
                    b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            m.writestr(item, data)
        m.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 a macro project, never run")
    os.remove(source)


def xlsxwriter_book(path, period):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Sheet1")
    date = wb.add_format({"num_format": "yyyy/m/d"})
    ws.write_row(0, 0, LABELS)
    for r, row in enumerate(rows(period), start=1):
        ws.write_row(r, 0, row[:18])
        ws.write_datetime(r, 18, datetime.datetime.combine(row[18], datetime.time()), date)
    wb.close()


def xlwt_book(path, period):
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("说明").write(0, 0, "本表由系统导出")
    ws = wb.add_sheet("企业创建情况表")
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, label in enumerate(LABELS):
        ws.write(0, c, label)
    for r, row in enumerate(rows(period), start=1):
        for c, v in enumerate(row):
            ws.write(r, c, v, date) if isinstance(v, datetime.date) else ws.write(r, c, v)
    wb.save(path)


def odfpy_book(path, period):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    table = Table(name="企业创建情况表")

    def cell(v):
        if isinstance(v, datetime.date):
            c = TableCell(valuetype="date", datevalue=v.isoformat())
        elif isinstance(v, int):
            c = TableCell(valuetype="float", value=v)
        else:
            c = TableCell(valuetype="string")
        c.addElement(P(text=str(v)))
        return c
    for row in [LABELS] + rows(period):
        tr = TableRow()
        for v in row:
            tr.addElement(cell(v))
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(path)


def libreoffice(path, period):
    """LibreOffice opens an openpyxl workbook and saves it in its own format."""
    folder = tempfile.mkdtemp()
    try:
        source = os.path.join(folder, "source.xlsx")
        openpyxl_book(source, period)
        ext = path.rsplit(".", 1)[1]
        out = os.path.join(folder, "out")
        subprocess.run(["soffice", "--headless", "--convert-to", ext, "--outdir", out, source], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.move(os.path.join(out, "source." + ext), path)
    finally:
        shutil.rmtree(folder)


def main(folder):
    for name, period in PRODUCERS.items():
        path = os.path.join(folder, "enterprise-" + name)
        producer = name.split(".")[0]
        if name == "openpyxl.xlsm":
            macro_book(path, period)
        elif producer == "openpyxl":
            openpyxl_book(path, period)
        elif producer == "xlsxwriter":
            xlsxwriter_book(path, period)
        elif producer == "xlwt":
            xlwt_book(path, period)
        elif producer == "odfpy":
            odfpy_book(path, period)
        else:
            libreoffice(path, period)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
