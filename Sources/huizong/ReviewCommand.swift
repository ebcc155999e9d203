import ArgumentParser
import Foundation
import Huizong

/// `huizong review` (PRODUCT §11.4): the office's 审核通过, 退回 and 关账.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "审核：查看待审核的报表，审核通过、退回、关账。Review returns: list, approve, return, close, reopen.",
        discussion: """
        退出码 Exit status: 0 完成 done; 1 未能完成 failed (e.g. already approved); 2 用法错误 usage error \
        (unknown unit, no such return, missing reason); 3 汇总正在运行 a run holds the workspace.
        """,
        subcommands: [List.self, Approve.self, Return.self, Close.self, Reopen.self]
    )
}

/// Flags every review command takes.
struct ReviewOptions: ParsableArguments {
    @Option(name: .long, help: "审核人，默认为当前登录名。Who decides; the login name by default.")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()

    @OptionGroup var common: CommonOptions

    /// Runs a decision and maps its failure to the exit status of PRODUCT §11.4.
    func perform(_ body: (Review) throws(ReviewFailure) -> String) throws {
        let review = Review(workspace: try common.workspace(), decidedBy: by, language: common.lang)
        do {
            print(try body(review))
        } catch {
            printError(error.message(common.lang))
            switch error {
            case .usage: throw ExitCode(ExitStatus.usage)
            case .refused: throw ExitCode(ExitStatus.problems)
            case .run(.locked): throw ExitCode(ExitStatus.locked)
            case .run, .notShown: throw ExitCode(ExitStatus.problems)
            }
        }
    }

    func say(_ zh: String, _ en: String) -> String {
        common.lang == .zh ? zh : en
    }
}

extension ReviewCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出待审核的报表（有填报说明的在前）和已退回未重报的报表。What waits for the office.")

        @Option(name: .long, help: "只看这个报送期间（YYYY-MM）。Only this period.")
        var period: String?

        @OptionGroup var options: ReviewOptions

        func run() throws {
            try options.perform { review throws(ReviewFailure) in
                let entries = try review.waiting(period: period)
                return ReviewListText.render(entries, workspace: review.workspace, options.common.lang)
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "审核通过：UNIT PERIOD，或 --period P --all 通过该期全部待审核的报表。Approve a return, or a period's waiting returns.")

        @Argument(help: "单位代码和报送期间。The unit's code and the period.")
        var unitAndPeriod: [String] = []

        @Option(name: .long, help: "与 --all 一起：通过这个期间全部待审核的报表。With --all: the period whose waiting returns to approve.")
        var period: String?

        @Flag(name: .long, help: "通过该期全部待审核的报表。Approve every waiting return of --period.")
        var all = false

        @Option(name: .long, help: "审核意见。A note kept with the approval.")
        var note: String?

        @OptionGroup var options: ReviewOptions

        func validate() throws {
            if all {
                guard period != nil, unitAndPeriod.isEmpty else {
                    throw ValidationError("--all 须与 --period 一起使用，不再写单位。Use --all with --period and no unit.")
                }
            } else {
                guard unitAndPeriod.count == 2, period == nil else {
                    throw ValidationError("请写 UNIT PERIOD，或 --period P --all。Give UNIT PERIOD, or --period P --all.")
                }
            }
        }

        func run() throws {
            try options.perform { review throws(ReviewFailure) in
                if all, let period {
                    let count = try review.approveAll(period: period, note: note)
                    return options.say("\(period) 期 \(count) 份待审核的报表已审核通过。", "\(count) waiting returns of \(period) approved.")
                }
                try review.approve(unit: unitAndPeriod[0], period: unitAndPeriod[1], note: note)
                return options.say("已审核通过：\(unitAndPeriod[0]) \(unitAndPeriod[1])。", "Approved: \(unitAndPeriod[0]) \(unitAndPeriod[1]).")
            }
        }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "return",
            abstract: "退回：写明原因，生成退回工作簿供单位修改后重新报送。Send a return back with a reason.")

        @Argument(help: "单位代码。The unit's code.")
        var unit: String

        @Argument(help: "报送期间（YYYY-MM）。The period.")
        var period: String

        @Option(name: .long, help: "退回原因（必填）。Why it is returned (required).")
        var reason: String

        @OptionGroup var options: ReviewOptions

        func run() throws {
            try options.perform { review throws(ReviewFailure) in
                let workbook = try review.sendBack(unit: unit, period: period, reason: reason)
                return options.say("已退回：\(unit) \(period)。退回工作簿：\(workbook)", "Returned: \(unit) \(period). Workbook: \(workbook)")
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "关账：该期不再接收任何数据。Close a period: no more rows are taken for it.")

        @Argument(help: "报送期间（YYYY-MM）。The period.")
        var period: String

        @Option(name: .long, help: "关账说明。A note kept with the closing.")
        var reason: String?

        @OptionGroup var options: ReviewOptions

        func run() throws {
            try options.perform { review throws(ReviewFailure) in
                try review.close(period: period, reason: reason)
                return options.say("\(period) 期已关账。", "\(period) is closed.")
            }
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "重新开账（PERIOD），或撤回一份报表的审核通过（UNIT PERIOD）。Reopen a period, or withdraw an approval.")

        @Argument(help: "PERIOD，或 UNIT PERIOD。")
        var unitAndPeriod: [String]

        @Option(name: .long, help: "原因（必填）。Why (required).")
        var reason: String

        @OptionGroup var options: ReviewOptions

        func validate() throws {
            guard (1...2).contains(unitAndPeriod.count) else {
                throw ValidationError("请写 PERIOD 或 UNIT PERIOD。Give PERIOD or UNIT PERIOD.")
            }
        }

        func run() throws {
            try options.perform { review throws(ReviewFailure) in
                if unitAndPeriod.count == 1 {
                    try review.reopen(period: unitAndPeriod[0], reason: reason)
                    return options.say("\(unitAndPeriod[0]) 期已重新开账。", "\(unitAndPeriod[0]) is open again.")
                }
                try review.withdraw(unit: unitAndPeriod[0], period: unitAndPeriod[1], reason: reason)
                return options.say("已撤回审核通过：\(unitAndPeriod[0]) \(unitAndPeriod[1])，该报表重新待审核。",
                                   "Approval withdrawn: \(unitAndPeriod[0]) \(unitAndPeriod[1]) waits for review again.")
            }
        }
    }
}
