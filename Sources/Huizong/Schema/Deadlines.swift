import Foundation

/// When a period's return is due (PRODUCT §11.3): by the end of a day of the following month, in
/// the plan's time zone, unless the plan names a date for that period.
public struct Deadlines: Sendable, Equatable {
    /// The day of the month after the period; a month shorter than it ends the day early.
    public var day: Int
    /// Due dates (`YYYY-MM-DD`) of single periods (`YYYY-MM`).
    public var dates: [String: String]
    public var timeZone: TimeZone

    public init(day: Int = 10, dates: [String: String] = [:], timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) {
        self.day = day
        self.dates = dates
        self.timeZone = timeZone
    }

    /// The due date of `period`, `YYYY-MM-DD`.
    public func dueDate(of period: YearMonth) -> String {
        if let date = dates[period.description] { return date }
        guard let next = period.next else { return period.description + "-" + .zeroPadded(period.days, width: 2) }
        return next.description + "-" + .zeroPadded(min(day, next.days), width: 2)
    }

    /// The first moment after the due date ends, in the plan's time zone: a return received
    /// before it is on time.
    public func cutoff(of period: YearMonth) -> Date {
        let due = dueDate(of: period)
        return startOfDay(after: due) ?? .distantFuture
    }

    /// The calendar date (`YYYY-MM-DD`) of `date` in the plan's time zone.
    public func calendarDate(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return .zeroPadded(parts.year ?? 0, width: 4) + "-" + .zeroPadded(parts.month ?? 0, width: 2) + "-"
            + .zeroPadded(parts.day ?? 0, width: 2)
    }

    /// Whole calendar days from `due` to `received`, both `YYYY-MM-DD`.
    public static func days(from due: String, to received: String) -> Int {
        guard let a = julianDay(due), let b = julianDay(received) else { return 0 }
        return b - a
    }

    /// `date` as ISO 8601 with the plan's offset, e.g. `2009-07-10T23:59:00+08:00`.
    public func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private func startOfDay(after date: String) -> Date? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        return calendar.date(byAdding: .day, value: 1, to: start)
    }

    /// Days since a fixed origin, for differences of civil dates.
    private static func julianDay(_ date: String) -> Int? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let a = (14 - parts[1]) / 12
        let y = parts[0] + 4800 - a
        let m = parts[1] + 12 * a - 3
        return parts[2] + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }
}
