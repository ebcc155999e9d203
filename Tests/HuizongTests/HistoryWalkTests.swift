import Testing
@testable import Huizong

/// The previous period of each row in a walk (PRODUCT §11.2): the latest of the store's and the
/// walk's own accepted rows, the walk's winning a tie, a held row no one's previous period.
@Suite struct HistoryWalkTests {
    /// Rows of one or two units, and the store's versions in force: (unit, period) → values.
    static func walk(_ rows: [(String, String, accepted: Bool)], stored: [String: [(String, String)]]) -> [String?] {
        var walk = HistoryWalk<String>()
        var asked = 0
        return rows.map { unit, period, accepted in
            let row = HistoryRow(unit: unit, period: period, values: [period + "-walk"])
            let previous = walk.previous(of: row) { unit, before -> (period: String, values: [String])? in
                asked += 1
                return stored[unit]?.filter { $0.0 < before }.max { $0.0 < $1.0 }.map { ($0.0, [$0.1]) }
            }
            if accepted { walk.accepted(row) }
            return previous.map { "\($0.period) \($0.values[0])" }
        }
    }

    @Test func theLatestEarlierPeriodOfStoreOrWalk() {
        let found = Self.walk([("A", "2009-05", true), ("A", "2009-06", false), ("A", "2009-07", true), ("A", "2009-09", true),
                               ("B", "2009-06", true)],
                              stored: ["A": [("2009-04", "store-04"), ("2009-05", "store-05"), ("2009-08", "store-08")],
                                       "B": [("2009-05", "store-B-05")]])
        #expect(found == [
            "2009-04 store-04",       // May: the store's April
            "2009-05 2009-05-walk",   // June: the walk's May replaces the store's May
            "2009-05 2009-05-walk",   // July: June was held, so May
            "2009-08 store-08",       // September: the store's August is later than the walk's July
            "2009-05 store-B-05",     // another unit starts afresh
        ])
    }

    @Test func rowsOfOnePeriodDoNotCompareWithEachOther() {
        let found = Self.walk([("A", "2009-05", true), ("A", "2009-05", true), ("A", "2009-06", true)], stored: [:])
        #expect(found == [nil, nil, "2009-05 2009-05-walk"])
    }

    @Test func theMonthBefore() {
        #expect(HistoryWalk<String>.isMonth("2008-12", before: "2009-01"))
        #expect(HistoryWalk<String>.isMonth("2009-09", before: "2009-10"))
        #expect(!HistoryWalk<String>.isMonth("2009-08", before: "2009-10"))
        #expect(!HistoryWalk<String>.isMonth("2009-10", before: "2009-10"))
        #expect(!HistoryWalk<String>.isMonth("2009", before: "2009-01"))
    }

    @Test(arguments: [(2009, 1, "2009-01"), (1, 12, "0001-12"), (9999, 10, "9999-10"), (2010, 7, "2010-07")])
    func aMonthIsWrittenAsYearDashMonth(year: Int, month: Int, written: String) {
        #expect(YearMonth(year: year, month: month)?.description == written)
        #expect(YearMonth(canonical: written) == YearMonth(year: year, month: month))
    }
}
