/// The closing lines of `huizong run` on the terminal: files, rows, issues by code, missing units
/// and where to look (PRODUCT §7.3).
public enum RunSummaryText {
    public static func render(_ summary: NightlyRun.Summary, schema: PlanSchema, _ language: Language) -> String {
        let zh = language == .zh
        var out = ""
        if summary.finishedEarlierRuns > 0 {
            out += zh ? "已先补完上次中断的 \(summary.finishedEarlierRuns) 次汇总。\n"
                      : "First finished \(summary.finishedEarlierRuns) earlier run(s) that had been cut short.\n"
        }
        let files = summary.files
        let byStatus = Dictionary(grouping: files, by: \.status)
        let count = { (status: FileRecord.Status) in byStatus[status]?.count ?? 0 }
        let accepted = files.reduce(0) { $0 + $1.rowsAccepted }
        let rejected = files.reduce(0) { $0 + $1.rowsRejected }
        out += zh
            ? "本次处理 \(files.count) 个文件：全部通过 \(count(.accepted))，部分通过 \(count(.partial))，退回 \(count(.rejected))，重复 \(count(.duplicate))。\n"
            : "Processed \(files.count) files: \(count(.accepted)) accepted, \(count(.partial)) partial, \(count(.rejected)) rejected, \(count(.duplicate)) duplicate.\n"
        out += zh ? "数据行：采用 \(accepted) 行，退回 \(rejected) 行。\n" : "Rows: \(accepted) accepted, \(rejected) rejected.\n"
        let codes = Dictionary(grouping: summary.issues, by: \.code).map { ($0.key, $0.value.count) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.rawValue < $1.0.rawValue }
        if !codes.isEmpty {
            out += (zh ? "问题：" : "Issues: ") + codes.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: zh ? "，" : ", ") + "\n"
        }
        if !summary.skipped.isEmpty {
            out += zh ? "暂未处理 \(summary.skipped.count) 个（仍在复制、临时文件或链接）：\n" : "Left alone \(summary.skipped.count) (still being copied, temporary files or links):\n"
            for entry in summary.skipped { out += "  \(TerminalText.visible(entry.relativePath))  (\(entry.reason.rawValue))\n" }
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
}
