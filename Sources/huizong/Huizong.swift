import ArgumentParser
import Foundation
import Huizong
import Logging

@main
struct HuizongCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huizong",
        abstract: "汇总：核对各村、各企业报送的报表并汇总。Validates and consolidates the returns of a town's units.",
        subcommands: [InitCommand.self, RunCommand.self, ValidateCommand.self, ReviewCommand.self, AuditCommand.self, TemplatesCommand.self, DemoCommand.self, ServeCommand.self, AccountsCommand.self]
    )

    /// The release of huizong; the plan a workspace holds is said beside it.
    static let release = "1.3.0"

    @Flag(name: .long, help: "显示版本号，以及当前目录工作区的方案名称。Show the version, and the plan of the workspace here.")
    var version = false

    func run() throws {
        guard version else { throw CleanExit.helpRequest(self) }
        print("huizong \(Self.release)")
        let root = FileManager.default.currentDirectoryPath
        if FileManager.default.fileExists(atPath: root + "/seeds/" + SchemaLoader.planFileName) {
            let plan = (try? SchemaLoader.load(seeds: root + "/seeds").title) ?? "（seeds/ 中的方案有误 the plan in seeds/ has errors）"
            print("方案 plan: \(plan)")
        }
    }

    /// Usage errors exit 2 (PRODUCT §7.4, §8), not ArgumentParser's 64.
    static func main() {
        // Log lines go to stderr, so stdout holds only what a command reports (§8: JSON alone).
        LoggingSystem.bootstrap(PlainLines.init)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// Log lines as a person reads them on a terminal or in cron's mail: the message alone, on stderr,
/// without a time stamp, level or label before it.
struct PlainLines: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String) {}

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        printError(event.message.description)
    }
}

/// Exit statuses shared by the commands.
enum ExitStatus {
    static let clean: Int32 = 0
    static let problems: Int32 = 1
    static let usage: Int32 = 2
    static let locked: Int32 = 3
}

/// Flags every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "工作区目录（含 seeds/、inbox/、outbox/）。The workspace folder.")
    var root: String = FileManager.default.currentDirectoryPath

    @Option(name: .long, help: "消息语言：zh（默认）或 en。Message language.")
    var lang: Language = .zh

    /// Loads the workspace, or prints what is wrong with it and exits 2.
    func workspace() throws -> Workspace {
        try Self.workspace(at: root, lang: lang)
    }

    /// The workspace at `root`; a folder with no plan is told how to become one (PRODUCT §14),
    /// a broken plan is shown where it is broken.
    static func workspace(at root: String, lang: Language) throws -> Workspace {
        guard FileManager.default.fileExists(atPath: root + "/seeds/" + SchemaLoader.planFileName) else {
            printError(noWorkspace(root, lang))
            throw ExitCode(ExitStatus.usage)
        }
        do {
            return try Workspace(root: root)
        } catch {
            printError(error.message(lang))
            throw ExitCode(ExitStatus.usage)
        }
    }

    static func noWorkspace(_ root: String, _ lang: Language) -> String {
        lang == .zh
            ? """
              “\(root)”不是 huizong 工作区：这里没有 seeds/plan.yaml（报表方案）。
              请用 --root 指向法治办的工作区，例如：huizong validate --root /srv/huizong 我的报表.xlsx
              或者在这里新建一个工作区：huizong init \(root)
              """
            : """
              “\(root)” is no huizong workspace: it has no seeds/plan.yaml (the plan of the returns).
              Point --root at the office's workspace, e.g. huizong validate --root /srv/huizong my-return.xlsx
              or make a workspace here: huizong init \(root)
              """
    }
}

extension Language: ExpressibleByArgument {}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
