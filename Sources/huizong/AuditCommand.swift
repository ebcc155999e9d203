import ArgumentParser
import Foundation
import Huizong

/// `huizong audit`: recomputes the consolidated tables from the archive and the store and reports
/// any difference. Changes nothing; the office can run it at any time.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "审计：由归档和汇总库重新计算汇总表，报告任何差异，不做改动。Recompute the consolidated tables from the archive and the store; report any difference.",
        discussion: """
        退出码 Exit status: 0 无差异 no differences; 1 有差异或无法审计 differences found, or no store to audit; \
        2 用法或方案错误 usage or schema error; 3 汇总正在运行 a run holds the workspace.
        """
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let workspace = try common.workspace()
        let report: AuditReport
        do {
            report = try Audit.perform(workspace: workspace)
        } catch {
            printError(error.message(common.lang))
            if case .locked = error { throw ExitCode(ExitStatus.locked) }
            throw ExitCode(ExitStatus.problems)
        }
        for finding in report.findings {
            print("\(finding.kind.rawValue): \(finding.message(common.lang))")
        }
        print(report.summary(common.lang))
        if !report.isClean { throw ExitCode(ExitStatus.problems) }
    }
}
