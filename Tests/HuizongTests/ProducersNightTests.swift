import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// A night with one return from each producer of workbooks the towns have (openpyxl, a macro
/// workbook, XlsxWriter, LibreOffice's .xlsx, .xls and .ods, xlwt's .xls, odfpy's .ods; written by
/// Fixtures/producers/make.py), against a night with the same rows sent as CSV: the consolidated
/// tables hold the same rows.
@Suite struct ProducersNightTests {
    static let folder = TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/producers"

    /// Each fixture, the period its rows are for, and the format it is read as (make.py's PRODUCERS).
    static let producers: [(file: String, period: String, format: String)] = [
        ("enterprise-openpyxl.xlsx", "2009-04", "xlsx"), ("enterprise-openpyxl.xlsm", "2009-05", "xlsx"),
        ("enterprise-xlsxwriter.xlsx", "2009-06", "xlsx"), ("enterprise-libreoffice.xlsx", "2009-07", "xlsx"),
        ("enterprise-libreoffice.xls", "2009-08", "xls"), ("enterprise-libreoffice.ods", "2009-09", "ods"),
        ("enterprise-xlwt.xls", "2009-10", "xls"), ("enterprise-odfpy.ods", "2009-11", "ods"),
    ]

    /// The rows of `period` as a clerk sees them in any of the workbooks (make.py's `rows`).
    static func rows(_ period: String) -> [[String]] {
        EnterpriseReturn.units.enumerated().map { i, unit in
            [unit.code, unit.name, unit.village, period, String(120 + i), String(118 + i), String(115 + i), "是", "是", "否",
             "0", String(i), "92", "优秀", "86", "良好", "王丽", "0574-86123456", period + "-20"]
        }
    }

    /// A consolidated table's rows without the columns that name where a row came from.
    static func withoutSource(_ table: [[String]]) -> [[String]] {
        guard let header = table.first else { return [] }
        let kept = header.indices.filter { !["来源文件", "来源行号"].contains(header[$0]) }
        return table.map { row in kept.map { $0 < row.count ? row[$0] : "" } }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test func everyProducersWorkbookConsolidatesLikeItsCSV() throws {
        let workbooks = try NightWorkspace()
        let csvs = try NightWorkspace()
        for producer in Self.producers {
            try workbooks.drop(producer.file, Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + producer.file)))
            try csvs.drop(FileName(producer.file).base + ".csv", EnterpriseReturn.csv(Self.rows(producer.period)))
        }
        #expect(try workbooks.run().status == 0)
        #expect(try csvs.run().status == 0)

        let files = try workbooks.reportedFiles()
        for producer in Self.producers {
            let file = try #require(files.first { $0["file"] as? String == producer.file }, "\(producer.file)")
            #expect(file["format"] as? String == producer.format, "\(producer.file)")
            #expect((file["rows"] as? [String: Any])?["accepted"] as? Int == 5, "\(producer.file)")
        }
        #expect(try workbooks.reportedIssues().isEmpty)
        let table = try workbooks.table("outbox/consolidated/enterprise.csv")
        #expect(table.count == 1 + 5 * Self.producers.count)
        #expect(Self.withoutSource(table) == Self.withoutSource(try csvs.table("outbox/consolidated/enterprise.csv")))
        #expect(try workbooks.contract() == NightWorkspace.contractHolds)
    }
}
