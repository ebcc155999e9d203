/// `outbox/index.html`: the night at a glance for the office, one self-contained page (no scripts,
/// fonts or styles from elsewhere: office networks are often offline) that also prints well on A4.
/// Files by status, rows and issues; completeness per village; timeliness, whom to chase, what waits
/// for review and what changed (`DashboardPage+Cycle.swift`); the rating summary as bar charts;
/// the files with links to their error reports; the most frequent problems and what to do about them.
/// The night shown is the latest that processed files; its own page under `outbox/nights/` is the
/// same page as that night wrote it (`NightPages`).
enum Dashboard {
    /// Which page is written.
    enum Place {
        /// `outbox/index.html`, which also says when the inbox was last looked at (`lastChecked`:
        /// the latest run) and links the earlier nights' pages (`more`: how many others there are).
        case index(lastChecked: RunRecord, earlier: [NightPages.Link], more: Int)
        /// A night's own page in `outbox/nights/`, whose links go up one folder.
        case nightPage
    }

    /// - Parameters:
    ///   - summary: `RatingSummary.rows(schema)`: header (period, return, rating field, levels…, total), then rows.
    static func html(night: DashboardNight, place: Place, completeness: Completeness, summary: [[String]],
                     cycle: ReportingCycle, registry: Registry, schema: PlanSchema, language: Language) -> [UInt8] {
        let page = DashboardPage(night: night, place: place, completeness: completeness, summary: summary, cycle: cycle,
                                 registry: registry, schema: schema, language: language)
        return Array(page.render().utf8)
    }
}

/// The night a dashboard page shows: a run that processed files (or, before any did, the latest
/// run), what it found and what it changed.
struct DashboardNight {
    let run: RunRecord
    let files: [FileRecord]
    let issues: [IssueRecord]
    let changes: ChangeDigest
}

/// The page being written; one method per section.
struct DashboardPage {
    let night: DashboardNight
    let place: Dashboard.Place
    let completeness: Completeness
    let summary: [[String]]
    let cycle: ReportingCycle
    let registry: Registry
    let schema: PlanSchema
    let language: Language

    var en: Bool { language == .en }
    func t(_ zh: String, _ en: String) -> String { self.en ? en : zh }
    func e(_ text: String) -> String { DashboardSVG.escape(text) }

    /// The link from this page to a file of the outbox, given relative to the workspace.
    func link(_ workspacePath: String) -> String? {
        guard let link = DashboardSVG.outboxLink(workspacePath) else { return nil }
        if case .nightPage = place { return "../" + link }
        return link
    }

    func render() -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"\(en ? "en" : "zh-CN")\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(e(t("汇总结果", "Consolidation results"))) · \(e(night.run.started))</title>\n"
        html += "<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        html += "<header>\n<h1>\(e(t("每晚汇总结果", "Nightly consolidation")))</h1>\n"
        html += "<p class=\"meta\">\(e(schema.title)) · \(e(t("运行开始于", "run started"))) <time>\(e(night.run.started))</time></p>\n"
        html += lastChecked() + "</header>\n"
        html += glance()
        html += completenessSection()
        html += timelinessSection()
        html += chaseSection()
        html += reviewSection()
        html += changesSection()
        html += charts()
        html += filesSection()
        html += problems()
        html += earlierNights()
        let footer = t("由 huizong 生成。详细数据见 report.json、completeness.csv、timeliness.csv、review.csv、changes.csv、cycle.xlsx 和 consolidated/。",
                       "Written by huizong. The details are in report.json, completeness.csv, timeliness.csv, review.csv, changes.csv, cycle.xlsx and consolidated/.")
        html += "<footer><p>\(e(footer))</p></footer>\n"
        html += "</body>\n</html>\n"
        return html
    }

    // MARK: The night at a glance

    private func statusName(_ status: FileRecord.Status) -> String {
        switch status {
        case .accepted: t("全部通过", "accepted")
        case .partial: t("部分通过", "partial")
        case .rejected: t("退回", "rejected")
        case .duplicate: t("重复", "duplicate")
        }
    }

    private func glance() -> String {
        let byStatus = Dictionary(grouping: night.files, by: \.status)
        let read = night.files.reduce(0) { $0 + $1.rowsRead }
        let accepted = night.files.reduce(0) { $0 + $1.rowsAccepted }
        let rejected = night.files.reduce(0) { $0 + $1.rowsRejected }
        var html = "<section id=\"glance\">\n<h2>\(e(t("本晚概况", "The night at a glance")))</h2>\n<div class=\"tiles\">\n"
        html += tile(t("文件", "Files"), night.files.count, "files")
        for status in [FileRecord.Status.accepted, .partial, .rejected, .duplicate] {
            html += tile(statusName(status), byStatus[status]?.count ?? 0, "status-\(status.rawValue)")
        }
        html += "</div>\n<div class=\"tiles\">\n"
        html += tile(t("读取行", "Rows read"), read, "rows-read")
        html += tile(t("采用行", "Rows accepted"), accepted, "rows-accepted")
        html += tile(t("退回行", "Rows rejected"), rejected, "rows-rejected")
        html += tile(t("问题", "Issues"), night.issues.count, "issues")
        html += "</div>\n"
        let codes = Dictionary(grouping: night.issues, by: \.code).map { ($0.key, $0.value.count) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.rawValue < $1.0.rawValue }
        if codes.isEmpty {
            html += "<p>\(e(t("本晚没有发现问题。", "No issues tonight.")))</p>\n"
        } else {
            html += "<table class=\"codes\">\n<thead><tr><th>\(e(t("问题代码", "Issue code")))</th><th>\(e(t("严重程度", "Severity")))</th>"
                + "<th class=\"num\">\(e(t("次数", "Count")))</th></tr></thead>\n<tbody>\n"
            for (code, count) in codes {
                html += "<tr data-code=\"\(e(code.rawValue))\"><td><code>\(e(code.rawValue))</code></td><td>\(severityName(code.severity))</td>"
                    + "<td class=\"num\">\(count)</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        return html + "</section>\n"
    }

    private func tile(_ label: String, _ value: Int, _ id: String) -> String {
        "<div class=\"tile\" data-tile=\"\(e(id))\"><span class=\"value\">\(value)</span><span class=\"label\">\(e(label))</span></div>\n"
    }

    private func severityName(_ severity: Severity) -> String {
        "<span class=\"sev-\(severity.rawValue)\">\(e(severity.name.text(language)))</span>"
    }

    // MARK: Completeness

    /// How many units not filed the completeness section names; the rest are counted.
    static let missingNamesShown = 2000

    private func completenessSection() -> String {
        var html = "<section id=\"completeness\" class=\"major\">\n<h2>\(e(t("报送完整性", "Completeness")))</h2>\n"
        guard let period = completeness.period else {
            return html + "<p>\(e(t("还没有采用任何数据，无法计算完整性。", "No rows have been accepted yet, so completeness cannot be worked out.")))</p>\n</section>\n"
        }
        html += "<p class=\"lead\" data-period=\"\(e(period))\" data-expected=\"\(completeness.expected)\" data-submitted=\"\(completeness.submitted)\" "
            + "data-missing=\"\(completeness.missing.count)\">"
        html += e(en ? "\(period): \(completeness.submitted) of \(completeness.expected) units have filed; \(completeness.missing.count) missing."
                     : "\(period) 应报 \(completeness.expected) 个单位，已报 \(completeness.submitted) 个，未报 \(completeness.missing.count) 个。")
        html += "</p>\n"
        let filingTypes = Set(schema.returnTypes.compactMap(\.filingUnitType))
        let units = registry.units
        let villages = units.filter { $0.type == "村" }
        let villageCodes = Set(villages.map(\.code))
        let missingCodes = Set(completeness.missing.map(\.code))
        let enterprisesByVillage = Dictionary(grouping: units.filter { $0.type == "企业" && filingTypes.contains($0.type) }, by: \.villageCode)
        let missingByVillage = Dictionary(grouping: completeness.missing.filter { $0.type == "企业" }, by: \.villageCode)
        let expectsVillages = filingTypes.contains("村")

        html += "<table class=\"villages\">\n<thead><tr><th>\(e(t("村", "Village")))</th><th>\(e(t("村报表", "Village return")))</th>"
            + "<th class=\"num\">\(e(t("企业已报/应报", "Enterprises filed")))</th><th>\(e(t("未报企业", "Enterprises not filed")))</th></tr></thead>\n<tbody>\n"
        var rows: [(code: String, name: String, villageMissing: Bool?, expected: Int, missing: [Registry.Unit])] = villages.map { village in
            (village.code, village.name, expectsVillages ? missingCodes.contains(village.code) : nil,
             enterprisesByVillage[village.code]?.count ?? 0, missingByVillage[village.code] ?? [])
        }
        // Enterprises whose 所在村代码 names no registered village.
        let stray = units.filter { $0.type == "企业" && filingTypes.contains($0.type) && !villageCodes.contains($0.villageCode) }
        if !stray.isEmpty {
            rows.append(("", t("（其他）", "(other)"), nil, stray.count, stray.filter { missingCodes.contains($0.code) }))
        }
        // A county's registry can miss a million units in a period: the page names the first ones,
        // and completeness.csv lists them all.
        var namesLeft = Self.missingNamesShown
        for row in rows {
            let incomplete = row.villageMissing == true || !row.missing.isEmpty
            html += "<tr class=\"\(incomplete ? "incomplete" : "complete")\" data-village=\"\(e(row.code))\">"
            html += "<th scope=\"row\">\(e(row.name))" + (row.code.isEmpty ? "" : " <span class=\"code\">\(e(row.code))</span>") + "</th>"
            switch row.villageMissing {
            case true?: html += "<td class=\"missing\">\(e(t("未报", "not filed")))</td>"
            case false?: html += "<td class=\"ok\">\(e(t("已报", "filed")))</td>"
            case nil: html += "<td>—</td>"
            }
            html += "<td class=\"num\">\(row.expected - row.missing.count)/\(row.expected)</td><td>"
            if row.missing.isEmpty {
                html += row.expected == 0 ? "" : "<span class=\"ok\">\(e(t("全部已报", "all filed")))</span>"
            } else {
                let named = row.missing.prefix(namesLeft)
                namesLeft -= named.count
                html += "<ul class=\"units\">" + named.map { "<li data-unit=\"\(e($0.code))\">\(e($0.name)) <span class=\"code\">\(e($0.code))</span></li>" }.joined()
                    + "</ul>"
                if named.count < row.missing.count {
                    let more = row.missing.count - named.count
                    html += "<p class=\"more\">" + e(t("另有 \(more) 家未报，名单见 outbox/completeness.csv。",
                                                         "\(EnglishCount.of(more, "more enterprise")) not filed: see outbox/completeness.csv.")) + "</p>"
                }
            }
            html += "</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html + "</section>\n"
    }

    // MARK: Rating charts

    private func charts() -> String {
        var html = "<section id=\"ratings\" class=\"major\">\n<h2>\(e(t("等级分布", "Ratings")))</h2>\n"
        guard let header = summary.first, header.count >= 4, summary.count > 1 else {
            return html + "<p>\(e(t("还没有等级数据。", "No ratings yet.")))</p>\n</section>\n"
        }
        let levels = Array(header[3..<(header.count - 1)])
        var periods: [String] = []
        var byPeriod: [String: [[String]]] = [:]
        for row in summary.dropFirst() where row.count == header.count {
            if byPeriod[row[0]] == nil { periods.append(row[0]) }
            byPeriod[row[0], default: []].append(row)
        }
        for period in periods.sorted() {
            html += "<div class=\"period\">\n<h3>\(e(t("报送期间", "Period"))) \(e(period))</h3>\n<div class=\"charts\">\n"
            for row in byPeriod[period] ?? [] {
                let counts = row[3..<(row.count - 1)].map { Int($0) ?? 0 }
                let total = row[row.count - 1]
                let caption = "\(row[1]) · \(row[2])"
                html += "<figure class=\"chart\" data-period=\"\(e(row[0]))\" data-return=\"\(e(row[1]))\" data-field=\"\(e(row[2]))\">\n"
                html += "<figcaption><strong>\(e(row[2]))</strong> <span class=\"sub\">\(e(row[1])) · \(e(t("合计", "total"))) \(e(total))</span></figcaption>\n"
                html += DashboardSVG.barChart(levels: levels, counts: counts, caption: "\(caption) \(period)") + "\n</figure>\n"
            }
            html += "</div>\n</div>\n"
        }
        return html + "</section>\n"
    }

    // MARK: Files

    private func filesSection() -> String {
        var html = "<section id=\"files\" class=\"major\">\n<h2>\(e(t("本晚处理的文件", "Files processed tonight")))</h2>\n"
        guard !night.files.isEmpty else {
            return html + "<p>\(e(t("收件箱中没有新文件。", "The inbox held no new files.")))</p>\n</section>\n"
        }
        html += "<table class=\"files\">\n<thead><tr><th>\(e(t("文件", "File")))</th><th>\(e(t("报表", "Return")))</th>"
            + "<th>\(e(t("格式", "Format")))</th><th>\(e(t("结果", "Result")))</th><th class=\"num\">\(e(t("读取", "Read")))</th>"
            + "<th class=\"num\">\(e(t("采用", "Accepted")))</th><th class=\"num\">\(e(t("退回", "Rejected")))</th>"
            + "<th>\(e(t("错误清单", "Error report")))</th><th class=\"nowrap\">\(e(t("原件", "Original")))</th></tr></thead>\n<tbody>\n"
        for file in night.files {
            let title = file.returnType.flatMap(schema.returnType(named:))?.title ?? "—"
            let format = file.format + (file.encoding.map { " · \($0)" } ?? "")
            html += "<tr class=\"status-\(file.status.rawValue)\"><td class=\"name\">\(e(file.name))</td><td>\(e(title))</td><td>\(e(format))</td>"
                + "<td><span class=\"badge \(file.status.rawValue)\">\(e(statusName(file.status)))</span></td>"
                + "<td class=\"num\">\(file.rowsRead)</td><td class=\"num\">\(file.rowsAccepted)</td><td class=\"num\">\(file.rowsRejected)</td><td>"
            if let report = file.errorReport {
                let reports = [report] + (ErrorReport.workbookPath(besideCSV: report).map { [$0] } ?? [])
                html += reports.compactMap { path in
                    link(path).map { "<a href=\"\(e($0))\">\(e(Self.lastComponent(path)))</a>" }
                }.joined(separator: "<br>")
            }
            html += "</td><td class=\"nowrap\">"
            if let archived = file.archivedAs, let link = link(archived) {
                html += "<a href=\"\(e(link))\">\(e(t("归档", "archived")))</a>"
            }
            html += "</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html + "</section>\n"
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    // MARK: Most frequent problems

    private func problems() -> String {
        var html = "<section id=\"problems\" class=\"major\">\n<h2>\(e(t("最常见的问题及处理办法", "Most frequent problems and what to do")))</h2>\n"
        struct Group {
            var code: IssueCode
            var rule: String?
            var count = 0
            var files: Set<String> = []
            var example: IssueRecord
        }
        var groups: [String: Group] = [:]
        var order: [String] = []
        for issue in night.issues {
            let rule = issue.code == .rowConstraint ? issue.rule : nil
            let key = issue.code.rawValue + "\u{0}" + (rule ?? "")
            if groups[key] == nil {
                groups[key] = Group(code: issue.code, rule: rule, example: issue)
                order.append(key)
            }
            groups[key]!.count += 1
            groups[key]!.files.insert(issue.file)
        }
        let sorted = order.compactMap { groups[$0] }.sorted {
            $0.count != $1.count ? $0.count > $1.count
                : ($0.code.rawValue, $0.rule ?? "") < ($1.code.rawValue, $1.rule ?? "")
        }
        guard !sorted.isEmpty else {
            return html + "<p>\(e(t("本晚没有发现问题。", "No issues tonight.")))</p>\n</section>\n"
        }
        html += "<table class=\"problems\">\n<thead><tr><th>\(e(t("问题", "Problem")))</th><th class=\"num\">\(e(t("次数", "Count")))</th>"
            + "<th class=\"num\">\(e(t("文件数", "Files")))</th><th>\(e(t("例如", "For example")))</th><th>\(e(t("怎么办", "What to do")))</th></tr></thead>\n<tbody>\n"
        for group in sorted {
            var what = "<code>\(e(group.code.rawValue))</code>"
            if let rule = group.rule {
                what += " <code>\(e(rule))</code>"
                if let message = ruleMessage(rule) { what += "<br><span class=\"sub\">\(e(message))</span>" }
            }
            var example = e(group.example.file)
            if let row = group.example.row { example += e(t("，第 \(row) 行", ", row \(row)")) }
            example += en ? ": " : "："
            example += e(group.example.message)
            html += "<tr data-code=\"\(e(group.code.rawValue))\"\(group.rule.map { " data-rule=\"\(e($0))\"" } ?? "")>"
                + "<td>\(what) \(severityName(group.code.severity))</td><td class=\"num\">\(group.count)</td><td class=\"num\">\(group.files.count)</td>"
                + "<td class=\"example\">\(example)</td><td>\(e(group.code.entry.advice.text(language)))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html + "</section>\n"
    }

    /// The schema's message of a row rule, from the first return type that has it.
    private func ruleMessage(_ id: String) -> String? {
        for type in schema.returnTypes {
            if let rule = type.rules.first(where: { $0.id == id }) { return rule.message.text(language) }
        }
        return nil
    }

    // MARK: Style

    static let css = """
    :root { color-scheme: light; }
    body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif; color: #1a1a1a;
           background: #fff; margin: 0 auto; max-width: 1100px; padding: 1.5rem; line-height: 1.5; }
    h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
    h2 { font-size: 1.25rem; border-bottom: 2px solid #3a6ea5; padding-bottom: .2rem; margin-top: 2rem; }
    h3 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
    .meta, .sub, .code { color: #555; }
    .checked time { font-weight: bold; }
    .code { font-size: .85em; font-family: monospace; }
    .tiles { display: flex; flex-wrap: wrap; gap: .6rem; margin: .6rem 0; }
    .tile { border: 1px solid #c8d3e0; border-radius: 6px; padding: .4rem .9rem; min-width: 6.5rem; background: #f4f7fb; }
    .tile .value { display: block; font-size: 1.5rem; font-weight: bold; }
    .tile .label { font-size: .9rem; color: #444; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
    th, td { border: 1px solid #ccd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
    thead th { background: #eef2f7; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    table.codes { width: auto; }
    td.name { word-break: break-all; }
    td.nowrap, th.nowrap { white-space: nowrap; }
    td.example { font-size: .85rem; color: #333; }
    ul.units { margin: 0; padding-left: 1.1rem; }
    tr.incomplete th { color: #9a2b00; }
    .missing, .sev-error { color: #b00020; font-weight: bold; }
    .ok { color: #1d6b2f; }
    .sev-warning { color: #8a5a00; }
    .badge { border-radius: 4px; padding: 0 .4rem; border: 1px solid; white-space: nowrap; }
    .badge.accepted { color: #1d6b2f; background: #e8f5ec; }
    .badge.partial { color: #8a5a00; background: #fff5e0; }
    .badge.rejected { color: #b00020; background: #fdecee; }
    .badge.duplicate { color: #555; background: #f1f1f1; }
    .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
    figure.chart { margin: 0; border: 1px solid #dde; border-radius: 6px; padding: .5rem; break-inside: avoid; page-break-inside: avoid; }
    figcaption { margin-bottom: .3rem; }
    svg.bars text { font-size: 12px; fill: #222; }
    svg.bars .bar0 { fill: #3a6ea5; } svg.bars .bar1 { fill: #5b9bd5; } svg.bars .bar2 { fill: #9dc3e6; }
    svg.bars .bar3 { fill: #f4b183; } svg.bars .bar4 { fill: #e06666; }
    svg.rate { vertical-align: middle; } svg.rate .track { fill: #e4e9f0; } svg.rate .fill { fill: #3a6ea5; }
    tr.state-returned td:first-child { color: #b00020; }
    .explanation { white-space: pre-wrap; }
    footer { margin-top: 2rem; font-size: .85rem; color: #555; }
    a { color: #1f4e8c; }
    @media print {
      @page { size: A4; margin: 15mm 12mm; }
      body { max-width: none; padding: 0; font-size: 10.5pt; background: #fff; color: #000; }
      h2 { break-after: avoid; page-break-after: avoid; }
      section.major { break-before: page; page-break-before: always; }
      tr, figure.chart, .tile { break-inside: avoid; page-break-inside: avoid; }
      thead { display: table-header-group; }
      .tile, thead th, .badge { background: #fff !important; }
      a { color: #000; text-decoration: none; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}
