import Testing
@testable import Huizong
import HuizongTestSupport

/// The rows `huizong validate` keeps for the history rules: the kept cells come back in place,
/// sorted by unit, then period, then where they were read, whatever order they arrived in.
@Suite struct HeldRowsTests {
    @Test func rowsComeBackGroupedByUnitInPeriodOrderWithTheirCells() throws {
        let type = try #require(try TestSupport.schema().returnType(named: "enterprise"))
        let employees = try #require(type.fields.firstIndex { $0.key == "employees" })
        let explanation = try #require(type.explanationField)
        var first = HeldRows(of: type)
        #expect(first.fields.contains(employees) && first.fields.contains(explanation))
        func outcome(row: Int, employees count: String, explained: String) -> RowOutcome {
            var values = [CellValue?](repeating: nil, count: type.fields.count)
            var original = [String](repeating: "", count: type.fields.count)
            values[employees] = CellValue(canonical: count, type: type.fields[employees].type)
            original[employees] = count + " 人"
            original[explanation] = explained
            values[explanation] = explained.isEmpty ? nil : .text(explained)
            return RowOutcome(returnType: type.name, row: row, issues: [], values: values, original: original)
        }
        first.append(unit: "B2", period: "2009-06", file: 0, outcome: outcome(row: 2, employees: "40", explained: ""))
        first.append(unit: "A1", period: "2009-06", file: 0, outcome: outcome(row: 3, employees: "10", explained: "扩招"))
        first.append(unit: "B2", period: "2009-05", file: 0, outcome: outcome(row: 4, employees: "20", explained: ""))
        var second = HeldRows(of: type)
        second.append(unit: "A1", period: "2009-05", file: 1, outcome: outcome(row: 2, employees: "5", explained: ""))
        second.append(unit: "A1", period: "2009-06", file: 1, outcome: outcome(row: 3, employees: "11", explained: ""))
        first.append(contentsOf: second)

        var seen: [String] = []
        first.forEachSorted(fieldCount: type.fields.count) { unit, period, file, row, canonical, original in
            #expect(canonical.count == type.fields.count && original.count == type.fields.count)
            seen.append("\(unit) \(period) \(file):\(row) \(canonical[employees]) \(original[employees]) \(original[explanation])")
        }
        let byUnit = Dictionary(grouping: seen) { $0.prefix(2) }
        #expect(byUnit["A1"] == ["A1 2009-05 1:2 5 5 人 ", "A1 2009-06 0:3 10 10 人 扩招", "A1 2009-06 1:3 11 11 人 "])
        #expect(byUnit["B2"] == ["B2 2009-05 0:4 20 20 人 ", "B2 2009-06 0:2 40 40 人 "])
        let units = seen.map { $0.prefix(2) }
        #expect(units.count == 5 && zip(units, units.dropFirst()).filter { $0 != $1 }.count == 1, "each unit's rows together: \(units)")
    }

    @Test func canonicalPeriodsAreReadWithoutSurprises() {
        #expect(YearMonth(canonical: "2009-12") == YearMonth(year: 2009, month: 12))
        for text in ["2009-1", "2009-13", "2009/12", "20091-2", "2009-123", "", "２００９-12"] {
            #expect(YearMonth(canonical: text) == nil, "\(text)")
        }
    }
}
