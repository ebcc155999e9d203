import Testing
@testable import Huizong
import HuizongTestSupport

/// The rows `huizong validate` keeps for the history rules: the kept cells come back in place,
/// sorted by unit (its place in the registry), then period, then where they were read, whatever
/// order they arrived in.
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
            return RowOutcome(returnType: type.name, row: row, issues: [], values: values, original: RowCells(original))
        }
        let codes = ["A1", "B2"]
        let may = try #require(YearMonth(canonical: "2009-05")), june = try #require(YearMonth(canonical: "2009-06"))
        first.append(unit: 1, period: june, file: 0, outcome: outcome(row: 2, employees: "40", explained: ""))
        first.append(unit: 0, period: june, file: 0, outcome: outcome(row: 3, employees: "10", explained: "扩招"))
        first.append(unit: 1, period: may, file: 0, outcome: outcome(row: 4, employees: "20", explained: ""))
        var second = HeldRows(of: type)
        second.append(unit: 0, period: may, file: 1, outcome: outcome(row: 2, employees: "5", explained: ""))
        second.append(unit: 0, period: june, file: 1, outcome: outcome(row: 3, employees: "11", explained: ""))
        first.append(contentsOf: second)

        let expected = ["A1 2009-05 1:2 5 5 人 ", "A1 2009-06 0:3 10 10 人 扩招", "A1 2009-06 1:3 11 11 人 ",
                        "B2 2009-05 0:4 20 20 人 ", "B2 2009-06 0:2 40 40 人 "]
        // However many runs are asked for, they hold whole units and together every row, in order.
        for count in 1...6 {
            var seen: [[String]] = []
            var unitsBefore: Set<String> = []
            for run in first.sortedRuns(count) {
                var units: Set<String> = []
                first.forEach(in: run, fieldCount: type.fields.count) { place, period, file, row, canonical, original in
                    #expect(canonical.count == type.fields.count && original.count == type.fields.count)
                    let unit = codes[place]
                    units.insert(unit)
                    seen.append([unit, "\(unit) \(period) \(file):\(row) \(canonical[employees]) \(original[employees]) \(original[explanation])"])
                }
                #expect(!units.isEmpty && units.isDisjoint(with: unitsBefore))
                unitsBefore.formUnion(units)
            }
            #expect(seen.map { $0[1] } == expected, "\(count) runs")
            #expect(first.sortedRuns(count).count == min(count, 2), "\(count) runs")
        }
    }

    @Test func canonicalPeriodsAreReadWithoutSurprises() {
        #expect(YearMonth(canonical: "2009-12") == YearMonth(year: 2009, month: 12))
        for text in ["2009-1", "2009-13", "2009/12", "20091-2", "2009-123", "", "２００９-12"] {
            #expect(YearMonth(canonical: text) == nil, "\(text)")
        }
    }
}
