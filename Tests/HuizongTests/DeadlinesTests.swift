import Foundation
import Testing
@testable import Huizong

/// Due dates and the times timeliness writes (PRODUCT §11.3), the arithmetic checked against
/// Foundation's calendar and ISO 8601 formatter.
@Suite struct DeadlinesTests {
    @Test(arguments: [("2009-06", "2009-07-10"), ("2009-12", "2010-01-10"), ("2009-01", "2009-02-10")])
    func dueOnTheTenthOfTheNextMonth(period: String, due: String) throws {
        #expect(Deadlines().dueDate(of: try #require(YearMonth(canonical: period))) == due)
    }

    @Test func aDayPastTheMonthsEndIsItsLastDay() throws {
        let deadlines = Deadlines(day: 31)
        #expect(deadlines.dueDate(of: try #require(YearMonth(canonical: "2009-01"))) == "2009-02-28")
        #expect(deadlines.dueDate(of: try #require(YearMonth(canonical: "2011-12"))) == "2012-01-31")
    }

    @Test func theCutoffIsMidnightAfterTheDueDateInShanghai() throws {
        let cutoff = Deadlines().cutoff(of: try #require(YearMonth(canonical: "2009-06")))
        #expect(ISO8601DateFormatter().string(from: cutoff) == "2009-07-10T16:00:00Z")
    }

    /// Thousands of moments from 1969 to 2100, in zones with and without summer time.
    @Test(arguments: ["Asia/Shanghai", "UTC", "America/New_York", "Asia/Kolkata"])
    func timestampsAndDatesAgreeWithFoundation(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let deadlines = Deadlines(timeZone: timeZone)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int.random(in: -100_000...4_102_444_800, using: &generator)))
            #expect(deadlines.timestamp(date) == formatter.string(from: date))
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            #expect(deadlines.calendarDate(of: date)
                    == String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0))
        }
    }

    @Test func receiptTimesReadAsTheFormatterReadsThem() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int.random(in: 0...4_102_444_800, using: &generator)))
            let text = formatter.string(from: date)
            #expect(Timeliness.receiptTime(text) == date, "\(text)")
        }
        #expect(Timeliness.receiptTime("2009-07-10T23:59:00+08:00") == formatter.date(from: "2009-07-10T15:59:00Z"))
        #expect(Timeliness.receiptTime("not a time") == nil)
    }
}
