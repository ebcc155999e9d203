import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The content decides the format, the name only where the content says nothing (PRODUCT §12).
@Suite struct ReturnFormatTests {
    @Test(arguments: [
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], ReturnFormat.xlsx),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], .xls),
        ([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("mimetypeapplication/vnd.oasis.opendocument.spreadsheet".utf8), .ods),
        ([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8), .xlsx),
        (Array("<?xml version=\"1.0\"?><return/>".utf8), .xml),
        ([0xEF, 0xBB, 0xBF] + Array("\r\n  <return type=\"village\">".utf8), .xml),
        ([0xFF, 0xFE, 0x20, 0x00, 0x3C, 0x00, 0x72, 0x00], .xml),
        ([0xFE, 0xFF, 0x00, 0x3C, 0x00, 0x72], .xml),
        (Array("统一社会信用代码,企业名称\r\n".utf8), .csv),
        ([0xFF, 0xFE, 0xDF, 0x7E, 0x00, 0x4E], .csv),
        (Array("credit_code;name\n".utf8), .csv),
    ] as [([UInt8], ReturnFormat)])
    func theFirstBytesDecide(head: [UInt8], format: ReturnFormat) {
        #expect(ReturnFormat.content(head) == format)
    }

    @Test(arguments: [[], Array(" \r\n\t".utf8), [0xEF, 0xBB, 0xBF], [0x00, 0x01, 0x02, 0x03]] as [[UInt8]])
    func bytesThatSayNothingLeaveItToTheName(head: [UInt8]) {
        #expect(ReturnFormat.content(head) == nil)
    }

    @Test func aNameThatIsNoReturnIsNone() {
        #expect(ReturnFormat(name: "报表.doc") == nil)
        #expect(ReturnFormat(name: "报表.XLSX") == .xlsx)
        #expect(ReturnFormat(name: "报表.tsv") == .csv)
        #expect(ReturnFormat(name: "报表.xlsm") == .xlsx)
        #expect(ReturnFormat(name: "报表.xls") == .xls)
        #expect(ReturnFormat(name: "报表.ET") == .xls)
        #expect(ReturnFormat(name: "报表.ods") == .ods)
    }

    /// Each workbook format under another workbook's name is read as what it is: an .xls named
    /// .xlsx, an .ods named .xls, an .xlsx named .ods.
    @Test func aWorkbookUnderAnotherWorkbooksNameIsReadAsWhatItIs() throws {
        let folder = try TestSupport.temporaryFolder()
        let validator = try Workspace(root: TestSupport.repositoryRoot).validator
        let producers = TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/producers/"
        let renamed = [("enterprise-libreoffice.xls", "报表.xlsx", "xls"), ("enterprise-libreoffice.ods", "报表.xls", "ods"),
                       ("enterprise-openpyxl.xlsx", "报表.ods", "xlsx")]
        for (fixture, name, format) in renamed {
            let path = folder + "/" + name
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: producers + fixture, toPath: path)
            let report = validator.validate(path: path, name: name)
            #expect(report.format == format, "\(fixture) as \(name)")
            #expect(report.issues.isEmpty && report.rowsAccepted == 5, "\(fixture) as \(name): \(report.issues.map(\.code))")
        }
    }

    /// A workbook named .csv and a CSV named .xlsx are read as what they are, and the report says so.
    @Test func aRenamedReturnIsReadAsWhatItIs() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let validator = try Workspace(root: TestSupport.repositoryRoot).validator
        let workbook = folder + "/企业报表.csv"
        try FileManager.default.copyItem(atPath: TestSupport.repositoryRoot + "/templates/企业创建情况表.xlsx", toPath: workbook)
        let csv = folder + "/企业报表.xlsx"
        try TestSupport.write(EnterpriseReturn.csv([EnterpriseReturn.row(0)]), to: csv)
        let xml = folder + "/村报表.csv"
        try FileManager.default.copyItem(atPath: TestSupport.repositoryRoot + "/templates/民主法治村创建情况表.xml", toPath: xml)
        let read = [workbook, csv, xml].map { validator.validate(path: $0, name: ($0 as NSString).lastPathComponent) }
        #expect(read.map(\.format) == ["xlsx", "csv", "xml"])
        #expect(read.map(\.returnType) == ["enterprise", "enterprise", "village"])
        #expect(read[0].issues.map(\.code) == [.emptyReturn], "the template has no rows")
        #expect(read[1].issues.isEmpty && read[1].rowsAccepted == 1, "\(read.map { $0.issues.map(\.code) })")
        #expect(read[2].issues.map(\.code) == [.foreignKey], "the XML example's units only")
    }

    /// A night gives a workbook named .csv a workbook error report.
    @Test func aNightReportsARenamedWorkbookAsAWorkbook() throws {
        let night = try NightWorkspace()
        var row = EnterpriseReturn.row(0)
        row[4] = "很多"
        try night.drop("报表.txt", EnterpriseReturn.csv([EnterpriseReturn.row(1), row]))
        try night.drop("工作簿.csv", try Data(contentsOf: URL(fileURLWithPath: TestSupport.repositoryRoot + "/templates/企业创建情况表.xlsx")))
        #expect(try night.run().status == 0)
        let files = try night.reportedFiles()
        let formats = Dictionary(uniqueKeysWithValues: files.map { ($0["file"] as? String ?? "", $0["format"] as? String ?? "") })
        #expect(formats == ["报表.txt": "csv", "工作簿.csv": "xlsx"])
    }
}
