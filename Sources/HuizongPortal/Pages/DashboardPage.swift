import Foundation
import Huizong

/// The office's overview: per period and return type how many units filed on time, which units
/// have not filed for the latest period, and which returns await review — drawn from the store
/// when asked, so a decision made a minute ago shows. (The night's `outbox/index.html` is a file
/// for the share, styled inline and linking files the portal does not serve.)
struct DashboardPage {
    let text: PageText
    let schema: PlanSchema
    let returns: [ReturnStatus]

    var html: String {
        text.page(.dashboardTitle, role: .office, """
            <section class="card" id="on-time-rates">
            <h2>\(text.t(.onTimeRatesTitle))</h2>
            <p class="note">\(text.t(.dashboardNote))</p>
            \(rates)
            </section>
            <section class="card" id="missing-units">
            <h2>\(text.t(.missingUnitsTitle))\(latestPeriod.map { " · \(e($0))" } ?? "")</h2>
            \(missing)
            </section>
            <section class="card" id="awaiting-review">
            <h2>\(text.t(.awaitingReviewTitle))</h2>
            \(awaiting)
            <p><a href="/">\(text.t(.toReviewList))</a></p>
            </section>
            """)
    }

    private var latestPeriod: String? {
        returns.map(\.period).max()
    }

    private var rates: String {
        let groups = Dictionary(grouping: returns) { "\($0.period)\t\($0.returnType)" }
        let rows = groups.keys.sorted(by: >).map { key -> [String] in
            let group = groups[key]!
            let counted = { (timeliness: ReturnStatus.Timeliness) in group.count(where: { $0.timeliness == timeliness }) }
            let onTime = counted(.onTime)
            return [group[0].period, title(group[0].returnType), "\(group.count)", "\(onTime)", "\(counted(.late))",
                    "\(counted(.missing))", String(format: "%.0f%%", Double(onTime) * 100 / Double(group.count))]
        }
        return table([.periodLabel, .returnType, .expected, .onTime, .late, .notFiled, .onTimeRate], rows, numbersFrom: 2)
    }

    private var missing: String {
        let rows = returns.filter { $0.period == latestPeriod && $0.state == .missing }
            .map { [$0.unit, $0.name, title($0.returnType)] }
        return rows.isEmpty ? "<p>\(text.t(.noneMissing))</p>" : table([.unitCode, .unitName, .returnType], rows)
    }

    private var awaiting: String {
        let rows = returns.filter { $0.state == .pending }
            .map { [$0.period, $0.unit, $0.name, title($0.returnType), ($0.timeliness == .late ? Word.late : .onTime).text(text.language)] }
        return rows.isEmpty ? "<p>\(text.t(.noneAwaiting))</p>"
            : table([.periodLabel, .unitCode, .unitName, .returnType, .timelinessHeading], rows)
    }

    private func title(_ returnType: String) -> String {
        schema.returnType(named: returnType)?.title ?? returnType
    }

    /// A table with `headings`; the cells are escaped here, and the columns from `numbersFrom` on
    /// are right-aligned.
    private func table(_ headings: [Word], _ rows: [[String]], numbersFrom: Int = .max) -> String {
        func cells(_ values: [String], _ tag: String) -> String {
            values.enumerated().map { index, value in
                "<\(tag)\(index >= numbersFrom ? " class=\"number\"" : "")>\(value)</\(tag)>"
            }.joined()
        }
        let body = rows.map { "<tr>\(cells($0.map(e), "td"))</tr>" }.joined(separator: "\n")
        return "<table>\n<thead><tr>\(cells(headings.map(text.t), "th"))</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table>"
    }

    private func e(_ value: String) -> String {
        DashboardSVG.escape(value)
    }
}
