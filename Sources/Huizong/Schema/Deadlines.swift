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
        let (y, m, d) = Self.civil(days)
        return .zeroPadded(y, width: 4) + "-" + .zeroPadded(m, width: 2) + "-" + .zeroPadded(d, width: 2)
    }

    /// Whole calendar days from `due` to `received`, both `YYYY-MM-DD`.
    public static func days(from due: String, to received: String) -> Int {
        guard let a = julianDay(due), let b = julianDay(received) else { return 0 }
        return b - a
    }

    /// `date` as ISO 8601 with the plan's offset, e.g. `2009-07-10T23:59:00+08:00` (`Z` at offset 0).
    /// Worked out by arithmetic: timeliness writes one for every return of the store.
    public func timestamp(_ date: Date) -> String {
        let (days, seconds) = localDaysAndSeconds(date)
        let (y, m, d) = Self.civil(days)
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

    /// The civil date of a day count since 1970-01-01 (proleptic Gregorian).
    private static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
