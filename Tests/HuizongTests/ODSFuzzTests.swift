/// Fuzz tests of the .ods reader, with the run settings and helpers of FuzzTests.swift: damaged
/// content.xml, manifests and zips end in rows or a `ReadProblem` for every sheet, never a crash
/// or a hang, and read twice they read the same.
///
/// The default 400 spreadsheets take about 3 s in a debug build on 2 cores;
/// `HUIZONG_FUZZ_ITERATIONS` and `HUIZONG_FUZZ_SEED` work as for the other fuzz tests.
import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

enum ODSFuzz {
    /// A spreadsheet of everything the reader handles: a hidden sheet before the one with content,
    /// row groups, repeated rows and cells with and without content, covered cells, every value
    /// type, spans, spaces, tabs, line breaks and an annotation.
    static let parts = ODSReaderTests.ordered(ODSReaderTests.parts(sheets: """
        <table:table table:name="说明" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string">\
        <text:p>此表隐藏</text:p></table:table-cell></table:table-row></table:table>\
        <table:table table:name="企业创建情况表" table:style-name="ta1"><table:table-column table:number-columns-repeated="16384"/>\
        <table:table-header-rows><table:table-row><table:table-cell office:value-type="string" table:number-columns-spanned="2">\
        <text:p>统一社会信用代码</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="string">\
        <office:annotation><text:p>批注</text:p></office:annotation><text:p>企业<text:span>名称</text:span></text:p></table:table-cell>\
        </table:table-row></table:table-header-rows><table:table-row table:number-rows-repeated="2"><table:table-cell \
        office:value-type="float" office:value="120" table:number-columns-repeated="2"><text:p>120</text:p></table:table-cell>\
        <table:table-cell office:value-type="date" office:date-value="2009-06-25T00:00:00"/><table:table-cell \
        office:value-type="time" office:time-value="PT10H30M00S"/><table:table-cell office:value-type="boolean" \
        office:boolean-value="true"/><table:table-cell office:value-type="percentage" office:value="0.955"/><table:table-cell \
        office:value-type="currency" office:currency="CNY" office:value="1200.5"/><table:table-cell><text:p>甲<text:s \
        text:c="2"/>乙<text:tab/>丙<text:line-break/>丁</text:p><text:p>二</text:p></table:table-cell>\
        <table:table-cell table:number-columns-repeated="16376"/></table:table-row>\
        <table:table-row-group><table:table-row table:number-rows-repeated="1000000"><table:table-cell \
        table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell office:value-type="string">\
        <text:p>末</text:p></table:table-cell></table:table-row></table:table-row-group></table:table>
        """, styles: """
        <style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>\
        <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
        """))

    static let builtSpreadsheet = StoredZip.archive(parts)

    static let rawBases: [(name: String, bytes: [UInt8])] = [("built spreadsheet", builtSpreadsheet)]
        + ODSReaderTests.fixtureNames.compactMap { name in
            FileManager.default.contents(atPath: "\(ODSReaderTests.fixtures)/\(name).ods").map { (name + ".ods", [UInt8]($0)) }
        }

    static let tokens: [[UInt8]] = XMLFuzz.tokens + [
        "<table:table table:name=\"x\">", "</table:table>", "<table:table-row>", "</table:table-row>",
        "<table:table-row table:number-rows-repeated=\"1048576\">", "table:number-rows-repeated=\"0\"",
        "table:number-columns-repeated=\"16384\"", "table:number-columns-repeated=\"-1\"", "<table:table-cell>",
        "</table:table-cell>", "<table:covered-table-cell/>", "<text:p>", "</text:p>", "<text:s text:c=\"99999999\"/>",
        "<text:line-break/>", "<office:annotation>", "office:value-type=\"float\"", "office:value=\"1e308\"",
        "office:value-type=\"date\"", "office:date-value=\"x\"", "office:time-value=\"PT99999999999H\"",
        "office:value-type=\"boolean\"", "table:display=\"false\"", "<manifest:encryption-data/>",
        "application/vnd.oasis.opendocument.text",
    ].map { Array($0.utf8) }

    struct Outcome: Equatable, Sendable, CustomStringConvertible {
        var sheets: [WorkbookSheet] = []
        /// The rows read from each sheet, up to a problem.
        var rows: [[SourceRow]] = []
        var problem: ReadProblem?
        /// Whether a call after the end gave nil again, and one after a problem threw it again.
        var staysAtEnd = true

        var description: String {
            "sheets \(sheets.map(\.name)), rows \(rows.map(\.count)) (numbers \(rows.map { $0.map(\.number).prefix(10) })), "
                + (problem.map { "throws \($0)" } ?? "ends") + (staysAtEnd ? "" : ", but a later call does not repeat it")
        }
    }

    static func read(path: String) -> Outcome {
        var outcome = Outcome()
        do throws(ReadProblem) {
            let workbook = try ODSWorkbook(path: path, limits: WorkbookLimits())
            outcome.sheets = workbook.sheets
            for index in workbook.sheets.indices {
                var rows: [SourceRow] = []
                (outcome.problem, outcome.staysAtEnd) = FuzzSupport.readToStop(try workbook.rows(ofSheet: index), into: &rows)
                outcome.rows.append(rows)
                if outcome.problem != nil || !outcome.staysAtEnd { return outcome }
            }
        } catch {
            outcome.problem = error
        }
        return outcome
    }

    /// What is wrong with how `ODSWorkbook` read the spreadsheet written to `path`, or nil.
    static func violation(_ bytes: [UInt8], path: String, twice: Bool, tally: FuzzTally? = nil) -> String? {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        guard let outcome = FuzzSupport.withWatchdog({ read(path: path) }) else { return "no outcome within 10 s: a hang" }
        tally?.add(outcome.problem)
        if !outcome.staysAtEnd { return "\(outcome)" }
        for rows in outcome.rows {
            if let row = rows.first(where: { !(1...ODSRowBuilder.lastRow).contains($0.number) }) { return "row number \(row.number)" }
            if zip(rows, rows.dropFirst()).contains(where: { $0.number >= $1.number }) { return "rows out of order: \(outcome)" }
            if let row = rows.first(where: { $0.cells.count > ODSRowBuilder.lastColumn || $0.cells.last == "" }) {
                return "row \(row.number) has \(row.cells.count) cells, the last \(String(reflecting: row.cells.last))"
            }
            if let row = rows.first(where: { !$0.numberCells.allSatisfy($0.cells.indices.contains) }) {
                return "row \(row.number) has number cells \(row.numberCells) of \(row.cells.count)"
            }
        }
        if twice {
            guard let again = FuzzSupport.withWatchdog({ read(path: path) }) else { return "no outcome within 10 s the second time: a hang" }
            if again != outcome { return "read twice, two outcomes:\n  \(outcome)\n  \(again)" }
        }
        return nil
    }
}

@Suite struct ODSFuzzTests {
    @Test func fuzzBasesReadCleanly() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        #expect(ODSFuzz.rawBases.count == 1 + ODSReaderTests.fixtureNames.count)
        for (name, bytes) in ODSFuzz.rawBases {
            _ = FileManager.default.createFile(atPath: folder + "/base.ods", contents: Data(bytes))
            let outcome = ODSFuzz.read(path: folder + "/base.ods")
            #expect(outcome.problem == nil && outcome.rows.contains { !$0.isEmpty }, "\(name): \(outcome)")
        }
        _ = FileManager.default.createFile(atPath: folder + "/built.ods", contents: Data(ODSFuzz.builtSpreadsheet))
        let built = ODSFuzz.read(path: folder + "/built.ods")
        #expect(built.sheets == [WorkbookSheet(name: "说明", isHidden: true), WorkbookSheet(name: "企业创建情况表", isHidden: false)])
        let data = ["120", "120", "2009-06-25", "10:30", "TRUE", "0.955", "1200.5", "甲  乙\t丙\n丁\n二"]
        #expect(built.rows == [
            [SourceRow(number: 1, cells: ["此表隐藏"])],
            [SourceRow(number: 1, cells: ["统一社会信用代码", "", "企业名称"]), SourceRow(number: 2, cells: data, numberCells: [0, 1, 5, 6]),
             SourceRow(number: 3, cells: data, numberCells: [0, 1, 5, 6]), SourceRow(number: 1_000_004, cells: ["末"])],
        ])
    }

    @Test func fuzzMutatedSpreadsheets() throws {
        try FuzzSupport.fuzzWorkbooks(reader: "ODSWorkbook", fileExtension: "ods", salt: 0x0D5, base: 400) { random in
            let (description, input) = FuzzSupport.randomArchive(&random, parts: ODSFuzz.parts, rawBases: ODSFuzz.rawBases,
                                                                 partTokens: ODSFuzz.tokens)
            let twice = random.oneIn(4)
            return (description, input, { ODSFuzz.violation($0, path: $1, twice: twice, tally: $2) })
        }
    }
}
