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
        let (days, _) = localDaysAndSeconds(date)
        let (y, m, d) = CivilDate.fromUnixDay(days)
        return .zeroPadded(y, width: 4) + "-" + .zeroPadded(m, width: 2) + "-" + .zeroPadded(d, width: 2)
    }

    /// Whole calendar days from `due` to `received`, both `YYYY-MM-DD`.
    public static func days(from due: String, to received: String) -> Int {
        guard let a = unixDay(due), let b = unixDay(received) else { return 0 }
        return b - a
    }

    /// `date` as ISO 8601 with the plan's offset, e.g. `2009-07-10T23:59:00+08:00` (`Z` at offset 0).
    /// Worked out by arithmetic: timeliness writes one for every return of the store.
    public func timestamp(_ date: Date) -> String {
        let (days, seconds) = localDaysAndSeconds(date)
        let (y, m, d) = CivilDate.fromUnixDay(days)
        let offset = timeZone.secondsFromGMT(for: date)
        let zone = offset == 0 ? "Z"
            : (offset < 0 ? "-" : "+") + .zeroPadded(abs(offset) / 3600, width: 2) + ":" + .zeroPadded(abs(offset) % 3600 / 60, width: 2)
        return .zeroPadded(y, width: 4) + "-" + .zeroPadded(m, width: 2) + "-" + .zeroPadded(d, width: 2) + "T"
            + .zeroPadded(seconds / 3600, width: 2) + ":" + .zeroPadded(seconds % 3600 / 60, width: 2) + ":"
            + .zeroPadded(seconds % 60, width: 2) + zone
    }

    /// Days since 1970-01-01 and seconds into that day, in the plan's time zone.
    private func localDaysAndSeconds(_ date: Date) -> (days: Int, seconds: Int) {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return (days, local - days * 86_400)
    }

    private func startOfDay(after date: String) -> Date? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        return calendar.date(byAdding: .day, value: 1, to: start)
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date.
    private static func unixDay(_ date: String) -> Int? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return CivilDate.unixDay(year: parts[0], month: parts[1], day: parts[2])
    }
}
