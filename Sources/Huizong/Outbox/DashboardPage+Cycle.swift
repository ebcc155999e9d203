/// The dashboard's sections on the reporting cycle (PRODUCT §11): the on-time rate per period and
/// return type, the 催报 list, the returns waiting for review and the night's changes per unit.
extension DashboardPage {
    // MARK: Timeliness

    func timelinessSection() -> String {
        var html = "<section id=\"timeliness\" class=\"major\">\n<h2>\(e(t("报送及时率", "On-time rate")))</h2>\n"
        guard !cycle.tallies.isEmpty else {
            return html + "<p>\(e(t("还没有到期或已有报送的期间。", "No period is due or has returns yet.")))</p>\n</section>\n"
        }
        html += "<table class=\"timeliness\">\n<thead><tr><th>\(e(t("报送期间", "Period")))</th><th>\(e(t("报表", "Return")))</th>"
            + "<th>\(e(t("截止日期", "Due")))</th><th class=\"num\">\(e(t("应报", "Expected")))</th><th class=\"num\">\(e(t("按时", "On time")))</th>"
            + "<th class=\"num\">\(e(t("逾期", "Late")))</th><th class=\"num\">\(e(t("未报", "Missing")))</th>"
            + "<th>\(e(t("及时率", "On-time rate")))</th></tr></thead>\n<tbody>\n"
        for tally in cycle.tallies.sorted(by: { ($0.period, $0.returnType.name) < ($1.period, $1.returnType.name) }) {
            let rate = tally.onTimeRate
            html += "<tr data-period=\"\(e(tally.period))\" data-return=\"\(e(tally.returnType.name))\" data-rate=\"\(rate.map { String($0) } ?? "")\">"
                + "<td>\(e(tally.period))</td><td>\(e(tally.returnType.title))</td><td>\(e(tally.deadline))</td>"
                + "<td class=\"num\">\(tally.expected)</td><td class=\"num\">\(tally.onTime)</td>"
                + "<td class=\"num\">\(tally.late)</td><td class=\"num\">\(tally.missing)</td><td class=\"nowrap\">"
            if let rate {
                html += DashboardSVG.rateBar(rate, caption: "\(tally.returnType.title) \(tally.period)") + " " + e(Self.percent(rate))
            } else {
                html += "—"
            }
            html += "</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    static func percent(_ rate: Double) -> String {
        DashboardSVG.number(rate * 100) + "%"
    }

    // MARK: 催报

    func chaseSection() -> String {
        var html = "<section id=\"chase\">\n<h2>\(e(t("催报名单", "Units to chase")))</h2>\n"
        let entries = cycle.chase.entries
        guard !entries.isEmpty else {
            return html + "<p>\(e(t("最近一期没有未报的单位。", "Every unit has filed for the latest period.")))</p>\n</section>\n"
        }
        html += "<p class=\"lead\">\(e(t("以下单位最近一期还没有报送；联系人和电话取自其上一期报表。", "These units have not filed for the latest period; whom to call comes from their previous return.")))</p>\n"
        html += "<table class=\"chase\">\n<thead><tr><th>\(e(t("报表", "Return")))</th><th>\(e(t("报送期间", "Period")))</th>"
            + "<th>\(e(t("单位", "Unit")))</th><th>\(e(t("联系人及电话", "Contact")))</th><th>\(e(t("上期", "Previous return")))</th></tr></thead>\n<tbody>\n"
        for entry in entries {
            let contacts = entry.contacts.filter { !$0.value.isEmpty }.map { e($0.label) + (en ? ": " : "：") + e($0.value) }
            html += "<tr data-chase=\"\(e(entry.unit.code))\" data-period=\"\(e(entry.period))\"><td>\(e(entry.type.title))</td>"
                + "<td>\(e(entry.period))</td><td>\(e(entry.unit.name)) <span class=\"code\">\(e(entry.unit.code))</span></td>"
                + "<td>\(contacts.isEmpty ? "—" : contacts.joined(separator: "<br>"))</td><td>\(e(entry.lastPeriod ?? "—"))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n" + moreInFile(shown: entries.count, of: cycle.chase.count, file: "outbox/timeliness.csv")
            + "</section>\n"
    }

    // MARK: Review

    func reviewSection() -> String {
        var html = "<section id=\"review\" class=\"major\">\n<h2>\(e(t("待审核", "Waiting for review")))</h2>\n"
        let waiting = cycle.waiting
        html += "<p class=\"lead\" data-waiting=\"\(waiting.count)\" data-approved=\"\(waiting.approved)\">"
            + e(en ? "\(EnglishCount.of(waiting.accepted, "return")) accepted: \(waiting.approved) approved, \(waiting.count) waiting or returned."
                   : "已采用报表 \(waiting.accepted) 份：已审核 \(waiting.approved) 份，待审核或已退回 \(waiting.count) 份。") + "</p>\n"
        guard waiting.count > 0 else { return html + "</section>\n" }
        if waiting.explainedCount > 0 {
            html += "<p>\(e(IssueCode.explained.entry.advice.text(language)))</p>\n"
        }
        html += "<table class=\"review\">\n<thead><tr><th>\(e(t("审核状态", "State")))</th><th>\(e(t("报表", "Return")))</th>"
            + "<th>\(e(t("报送期间", "Period")))</th><th>\(e(t("单位", "Unit")))</th><th>\(e(t("填报说明或退回原因", "Explanation or reason")))</th></tr></thead>\n<tbody>\n"
        for entry in waiting.shown {
            let type = schema.returnType(named: entry.returnType)
            let name = registry.unit(entry.unit)?.name ?? ""
            var note = ""
            if entry.state == .returned, let reason = ReviewTable.decision(entry)?.note {
                note = e(t("退回原因：", "Reason: ") + reason)
            } else {
                let explanation = ReviewTable.explanation(entry, type)
                if !explanation.isEmpty { note = "<span class=\"explanation\">\(e(explanation))</span>" }
                if !entry.explainedRules.isEmpty {
                    note += (note.isEmpty ? "" : "<br>") + "<span class=\"sub\">" + entry.explainedRules.map { "<code>\(e($0))</code>" }.joined(separator: " ") + "</span>"
                }
            }
            html += "<tr class=\"state-\(entry.state.rawValue)\" data-review=\"\(e(entry.unit))\" data-period=\"\(e(entry.period))\""
                + (entry.explainedRules.isEmpty ? "" : " data-explained=\"true\"") + ">"
                + "<td>\(e(entry.state.label(language)))</td><td>\(e(type?.title ?? entry.returnType))</td><td>\(e(entry.period))</td>"
                + "<td>\(e(name)) <span class=\"code\">\(e(entry.unit))</span></td><td>\(note)</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html + moreInFile(shown: waiting.shown.count, of: waiting.count, file: "outbox/review.csv") + "</section>\n"
    }

    /// The line under a list the page shows only the start of.
    func moreInFile(shown: Int, of count: Int, file: String) -> String {
        guard count > shown else { return "" }
        return "<p class=\"more\">" + e(en ? "\(count - shown) more are not shown here; see \(file)." : "另有 \(count - shown) 条未在此列出，见 \(file)。") + "</p>\n"
    }

    // MARK: Changes

    func changesSection() -> String {
        var html = "<section id=\"changes\">\n<h2>\(e(t("本次修改的数据", "What changed tonight")))</h2>\n"
        guard night.changes.count > 0 else {
            return html + "<p>\(e(t("本次没有修改已采用的数据。", "No accepted figure was changed tonight.")))</p>\n</section>\n"
        }
        var order: [String] = []
        var byUnit: [String: [FieldChange]] = [:]
        for change in night.changes.first {
            let key = change.returnType + "\u{1F}" + change.unit
            if byUnit[key] == nil { order.append(key) }
            byUnit[key, default: []].append(change)
        }
        for key in order {
            guard let changes = byUnit[key], let first = changes.first else { continue }
            let title = schema.returnType(named: first.returnType)?.title ?? first.returnType
            html += "<div class=\"unit-changes\" data-changes=\"\(e(first.unit))\">\n<h3>\(e(registry.unit(first.unit)?.name ?? first.unit)) "
                + "<span class=\"code\">\(e(first.unit))</span> <span class=\"sub\">\(e(title))</span></h3>\n"
            html += "<table class=\"changes\">\n<thead><tr><th>\(e(t("报送期间", "Period")))</th><th>\(e(t("字段", "Field")))</th>"
                + "<th>\(e(t("原值", "Old value")))</th><th>\(e(t("新值", "New value")))</th><th>\(e(t("来源文件", "File")))</th></tr></thead>\n<tbody>\n"
            for change in changes {
                html += "<tr data-field=\"\(e(change.field))\"><td>\(e(change.period))</td><td>\(e(ChangeTable.label(change, schema)))</td>"
                    + "<td>\(e(change.old))</td><td>\(e(change.new))</td><td class=\"name\">\(e(change.file))</td></tr>\n"
            }
            html += "</tbody>\n</table>\n</div>\n"
        }
        return html + moreInFile(shown: night.changes.first.count, of: night.changes.count, file: "outbox/changes.csv") + "</section>\n"
    }
}
