import ArgumentParser
import Foundation
import Huizong
import Logging

/// `huizong run` (PRODUCT §7): the office's nightly consolidation.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "每晚汇总：核对 inbox/ 中的报表，汇总并写入 outbox/。The nightly run: validate, merge, write the outbox, archive.",
        discussion: """
        退出码 Exit status: 0 完成 completed (rejected rows are normal business); 1 运行失败 the run failed \
        (disk full, unwritable outbox; the previous outbox stands and the next run finishes the work); \
        2 用法或方案错误 usage or schema error; 3 另一个汇总正在运行 another run holds the workspace.
        """
    )

    @Option(name: .long, help: "完整性统计的报送期间（YYYY-MM），默认为最近的期间。The period of the completeness list.")
    var period: String?

    @Option(name: .long, help: "修改时间不足这么多秒的文件视为仍在复制，留到下次。Seconds a file must be left alone before it is taken.")
    var settle: Double = 120

    @Flag(name: .long, help: "只在出错时输出。Print nothing unless the run fails.")
    var quiet = false

    @Flag(name: .long, help: "每个文件输出一行日志。A log line per file.")
    var verbose = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let period, YearMonth(canonical: period) == nil {
            throw ValidationError("--period 应为 YYYY-MM，如 2009-06。--period must be YYYY-MM.")
        }
        guard settle >= 0 else { throw ValidationError("--settle 不能为负数。--settle cannot be negative.") }
        guard !(quiet && verbose) else { throw ValidationError("--quiet 与 --verbose 只能选一个。Choose --quiet or --verbose.") }
    }

    func run() throws {
        let workspace = try common.workspace()
        var logger = Logger(label: "huizong")
        logger.logLevel = verbose ? .debug : .info
        let progress = TerminalProgress(mode: TerminalProgress.mode(quiet: quiet), logger: logger, language: common.lang)
        let options = NightlyRun.Options(period: period, settle: settle, language: common.lang, observer: progress)
        do {
            let summary = try NightlyRun(workspace: workspace, options: options).perform()
            progress.end()
            if !quiet {
                print(RunSummaryText.render(summary, schema: workspace.schema, common.lang), terminator: "")
            }
        } catch {
            progress.end()
            printError(error.message(common.lang))
            if case .locked = error { throw ExitCode(ExitStatus.locked) }
            throw ExitCode(ExitStatus.problems)
        }
    }
}
