import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The rows `huizong validate` keeps for the history rules: the kept cells come back in place,
/// sorted by unit (its place in the registry), then period, then where they were read, whatever
/// order they arrived in.
@Suite struct HeldRowsTests {
    /// An enterprise row whose employees and explanation are given, the kept cells' originals beside.
    static func outcome(_ type: ReturnType, row: Int, employees count: String, explained: String) throws -> RowOutcome {
        let employees = try #require(type.fields.firstIndex { $0.key == "employees" })
        let explanation = try #require(type.explanationField)
        var values = RowValues(count: type.fields.count)
        var original = [String](repeating: "", count: type.fields.count)
        values[employees] = CellValue(canonical: count, type: type.fields[employees].type)
        original[employees] = count + " 人"
        original[explanation] = explained
        values[explanation] = explained.isEmpty ? nil : .text(explained)
        return RowOutcome(returnType: type.name, row: row, issues: [], values: values, original: RowCells(original))
    }

    /// Every row of every part, in order, as "unit period file:row employees cell explanation"; each
    /// part's units must be its own.
    static func walked(_ rows: inout HeldRows, parts count: Int, skippingLoneUnits: Bool = false, _ type: ReturnType,
                       codes: (Int) -> String) throws -> [String] {
        let employees = try #require(type.fields.firstIndex { $0.key == "employees" })
        let explanation = try #require(type.explanationField)
        var seen: [String] = []
        var unitsBefore: Set<Int> = []
        let parts = rows.parts(count)
        #expect(parts.count <= max(1, count))
        for part in parts {
            var units: Set<Int> = []
            rows.forEach(in: part, fieldCount: type.fields.count, skippingLoneUnits: skippingLoneUnits) {
                place, period, file, row, canonical, original in
                #expect(canonical.count == type.fields.count && original.count == type.fields.count)
                units.insert(place)
                seen.append("\(codes(place)) \(period) \(file):\(row) \(canonical[employees]) \(original[employees]) \(original[explanation])")
            }
            #expect(units.isDisjoint(with: unitsBefore))
            #expect(!units.isEmpty || skippingLoneUnits)
            unitsBefore.formUnion(units)
        }
        return seen
    }

    /// Held in memory or written out in runs of one, two or three rows, the rows come back the same.
    @Test(arguments: [1 << 17, 1, 2, 3])
    func rowsComeBackGroupedByUnitInPeriodOrderWithTheirCells(spillAt: Int) throws {
        let type = try #require(try TestSupport.schema().returnType(named: "enterprise"))
        var first = HeldRows(of: type, spillAt: spillAt)
        #expect(first.fields.contains(try #require(type.fields.firstIndex { $0.key == "employees" })))
        #expect(first.fields.contains(try #require(type.explanationField)))
        let may = try #require(YearMonth(canonical: "2009-05")), june = try #require(YearMonth(canonical: "2009-06"))
        first.append(unit: 1, period: june, file: 0, outcome: try Self.outcome(type, row: 2, employees: "40", explained: ""))
        first.append(unit: 0, period: june, file: 0, outcome: try Self.outcome(type, row: 3, employees: "10", explained: "扩招"))
        first.append(unit: 1, period: may, file: 0, outcome: try Self.outcome(type, row: 4, employees: "20", explained: ""))
        var second = HeldRows(of: type, spillAt: spillAt)
        second.append(unit: 0, period: may, file: 1, outcome: try Self.outcome(type, row: 2, employees: "5", explained: ""))
        second.append(unit: 0, period: june, file: 1, outcome: try Self.outcome(type, row: 3, employees: "11", explained: ""))
        first.append(contentsOf: second)

        let expected = ["A1 2009-05 1:2 5 5 人 ", "A1 2009-06 0:3 10 10 人 扩招", "A1 2009-06 1:3 11 11 人 ",
                        "B2 2009-05 0:4 20 20 人 ", "B2 2009-06 0:2 40 40 人 "]
        // However many parts are asked for, they hold whole units and together every row, in order.
        for count in 1...6 {
            var rows = first
            #expect(try Self.walked(&rows, parts: count, type) { ["A1", "B2"][$0] } == expected, "\(count) parts")
        }
    }

    /// Thousands of rows over hundreds of units, some explanations longer than a read buffer: written
    /// out in runs of 256 rows (into files no name reaches), they come back as held in memory.
    @Test func runsWrittenOutMergeAsRowsHeldInMemory() throws {
        let type = try #require(try TestSupport.schema().returnType(named: "enterprise"))
        var held = HeldRows(of: type)
        var spilled = HeldRows(of: type, spillAt: 256)
        var generator = SystemRandomNumberGenerator()
        let periods = try (1...12).map { try #require(YearMonth(year: 2009, month: $0)) }
        for file in 0..<3 {
            var heldHere = HeldRows(of: type)
            var spilledHere = HeldRows(of: type, spillAt: 256)
            for row in 2..<1500 {
                let unit = Int.random(in: 0..<700, using: &generator)
                let explained = row % 401 == 0 ? String(repeating: "说明", count: 20_000 + row) : row % 7 == 0 ? "扩招" : ""
                let outcome = try Self.outcome(type, row: row, employees: String(row % 300), explained: explained)
                let period = periods[Int.random(in: 0..<12, using: &generator)]
                heldHere.append(unit: unit, period: period, file: file, outcome: outcome)
                spilledHere.append(unit: unit, period: period, file: file, outcome: outcome)
            }
            held.append(contentsOf: heldHere)
            spilled.append(contentsOf: spilledHere)
        }
        let folder = NSTemporaryDirectory()
        let before = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("huizong-held-") }
        for count in [1, 2, 5] {
            var inMemory = held
            var written = spilled
            let expected = try Self.walked(&inMemory, parts: count, type) { "U\($0)" }
            #expect(expected.count == 3 * 1498)
            #expect(try Self.walked(&written, parts: count, type) { "U\($0)" } == expected, "\(count) parts")
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("huizong-held-") }
        #expect(after.count <= before.count)
    }

    /// Asked to skip the units with one row, held in memory or written out in runs of 100 rows,
    /// the rows come back as without skipping, those units' rows left out: whether a unit's row is
    /// its only one is told across runs and across the parts' bounds.
    @Test func loneUnitsAreSkippedWhereAsked() throws {
        let type = try #require(try TestSupport.schema().returnType(named: "enterprise"))
        var generator = SystemRandomNumberGenerator()
        let periods = try (1...3).map { try #require(YearMonth(year: 2009, month: $0)) }
        var rowsOfUnit: [Int: Int] = [:]
        var heldRows = HeldRows(of: type), spilledRows = HeldRows(of: type, spillAt: 100)
        for row in 2..<2000 {
            // Most units once, some two or three times, in no order.
            let unit = row % 5 == 0 ? Int.random(in: 0..<100, using: &generator) : 100 + row
            rowsOfUnit[unit, default: 0] += 1
            let outcome = try Self.outcome(type, row: row, employees: String(row), explained: "")
            let period = periods[Int.random(in: 0..<3, using: &generator)]
            heldRows.append(unit: unit, period: period, file: 0, outcome: outcome)
            spilledRows.append(unit: unit, period: period, file: 0, outcome: outcome)
        }
        let lone = Set(rowsOfUnit.filter { $0.value == 1 }.keys.map { "U\($0)" })
        #expect(lone.count > 1000 && lone.count < rowsOfUnit.count)
        for count in [1, 2, 5] {
            var all = heldRows
            let expected = try Self.walked(&all, parts: count, type) { "U\($0)" }.filter { !lone.contains(String($0.prefix { $0 != " " })) }
            #expect(expected.count > 300)
            for rows in [heldRows, spilledRows] {
                var walked = rows
                #expect(try Self.walked(&walked, parts: count, skippingLoneUnits: true, type) { "U\($0)" } == expected, "\(count) parts")
            }
        }
    }

    /// A run's records read back one by one across buffer refills, from a unit on.
    @Test func runReaderStartsAtAUnit() throws {
        var bytes: [UInt8] = []
        var index: [(unit: UInt32, offset: Int)] = []
        for i in 0..<5000 {
            if i % SpilledRun.indexStep == 0 { index.append((UInt32(i / 3), bytes.count)) }
            SpilledRun.appendHeader(unit: UInt32(i / 3), month: 24_000, file: 0, row: Int32(i), to: &bytes)
            bytes.appendLengthPrefixed(String(repeating: "x", count: i % 300))
        }
        let run = SpilledRun(bytes, index: index)
        #expect(run.isOnDisk)
        var reader = SpilledRunReader(run, textCount: 1, from: 1000)
        var rows: [Int32] = []
        var record = SpilledRunReader.Record()
        while reader.next(into: &record) {
            #expect(record.texts == [String(repeating: "x", count: Int(record.row) % 300)])
            rows.append(record.row)
        }
        #expect(rows == Array(3000..<5000))
    }

    @Test func monthNumbersOrderMonthsAndComeBack() throws {
        let months = try ["0001-01", "2008-12", "2009-01", "2009-12", "9999-12"].map { try #require(YearMonth(canonical: $0)) }
        #expect(months.map { YearMonth(number: $0.number) } == months)
        #expect(zip(months, months.dropFirst()).allSatisfy { $0.number < $1.number })
        #expect(months[2].number - months[1].number == 1)
        #expect(YearMonth(number: -1) == nil && YearMonth(number: 11) == nil && YearMonth(number: 120_000) == nil)
    }

    @Test func canonicalPeriodsAreReadWithoutSurprises() {
        #expect(YearMonth(canonical: "2009-12") == YearMonth(year: 2009, month: 12))
        for text in ["2009-1", "2009-13", "2009/12", "20091-2", "2009-123", "", "２００９-12"] {
            #expect(YearMonth(canonical: text) == nil, "\(text)")
        }
    }
}
