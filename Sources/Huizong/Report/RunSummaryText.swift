/// The closing lines of `huizong run` on the terminal: files, rows, issues by code, missing units
/// and where to look (PRODUCT §7.3).
public enum RunSummaryText {
    public static func render(_ summary: NightlyRun.Summary, schema: PlanSchema, _ language: Language) -> String {
        let zh = language == .zh
        var out = ""
        if summary.finishedEarlierRuns > 0 {
            out += zh ? "已先补完上次中断的 \(summary.finishedEarlierRuns) 次汇总。\n"
                      : "First finished \(EnglishCount.of(summary.finishedEarlierRuns, "earlier run")) that had been cut short.\n"
        }
        let files = summary.files
        let byStatus = Dictionary(grouping: files, by: \.status)
        let count = { (status: FileRecord.Status) in byStatus[status]?.count ?? 0 }
        let accepted = files.reduce(0) { $0 + $1.rowsAccepted }
        let rejected = files.reduce(0) { $0 + $1.rowsRejected }
        out += zh
            ? "本次处理 \(files.count) 个文件：全部通过 \(count(.accepted))，部分通过 \(count(.partial))，退回 \(count(.rejected))，重复 \(count(.duplicate))。\n"
            : "Processed \(EnglishCount.of(files.count, "file")): \(count(.accepted)) accepted, \(count(.partial)) partial, \(count(.rejected)) rejected, \(count(.duplicate)) duplicate.\n"
        out += zh ? "数据行：采用 \(accepted) 行，退回 \(rejected) 行。\n" : "Rows: \(accepted) accepted, \(rejected) rejected.\n"
        let codes = Dictionary(grouping: summary.issues, by: \.code).map { ($0.key, $0.value.count) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.rawValue < $1.0.rawValue }
        if !codes.isEmpty {
            out += (zh ? "问题：" : "Issues: ") + codes.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: zh ? "，" : ", ") + "\n"
        }
        if !summary.skipped.isEmpty {
            out += zh ? "暂未处理 \(summary.skipped.count) 个：\n" : "Left alone: \(EnglishCount.of(summary.skipped.count, "entry", "entries")):\n"
            for entry in summary.skipped {
                let why = words(entry.reason).text(language)
                out += "  \(TerminalText.visible(entry.relativePath))  " + (zh ? "（\(why)）" : "(\(why))") + "\n"
            }
        }
        let completeness = summary.completeness
        if let period = completeness.period {
            out += zh
                ? "\(period) 应报 \(completeness.expected) 个单位，已报 \(completeness.submitted) 个，未报 \(completeness.missing.count) 个（见 outbox/completeness.csv）。\n"
                : "\(period): \(completeness.submitted) of \(completeness.expected) units have filed; \(completeness.missing.count) missing (see outbox/completeness.csv).\n"
        }
        let reports = files.compactMap(\.errorReport)
        if !reports.isEmpty {
            out += zh ? "错误清单（交填报人改正后重新报送）：\n" : "Error reports (for clerks to correct and send again):\n"
            for report in reports { out += "  \(TerminalText.visible(report))\n" }
        }
        out += zh ? "汇总结果在 \(summary.outbox)（总表 consolidated/，报告 report.json）。\n"
                  : "Results are in \(summary.outbox) (tables in consolidated/, report.json).\n"
        return out
    }

    /// Why an inbox entry was left alone, as the office would say it.
    static func words(_ reason: SkipReason) -> LocalizedText {
        switch reason {
        case .officeLockFile: LocalizedText(zh: "Excel/WPS 打开文件时的临时文件，不是报表", en: "the lock file Excel or WPS keeps while a workbook is open")
        case .partialDownload: LocalizedText(zh: "还没下载或复制完的临时文件", en: "a download or copy that has not finished")
        case .stillBeingCopied: LocalizedText(zh: "还在复制中，下次运行时处理", en: "still being copied; the next run takes it")
        case .symbolicLink: LocalizedText(zh: "快捷方式（链接），不会读取；请放入文件本身", en: "a link, which is never followed; put the file itself in the inbox")
        case .notRegularFile: LocalizedText(zh: "不是普通文件，不会读取", en: "not an ordinary file, so it is not read")
        case .unreadable: LocalizedText(zh: "无法读取：文件夹没有权限，或文件名的编码无法识别", en: "cannot be read: a folder without permission, or a name in an unknown encoding")
        }
    }
}
