import ArgumentParser
import Foundation
import Huizong
import Logging

@main
struct HuizongCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huizong",
        abstract: "汇总：核对各村、各企业报送的报表并汇总。Validates and consolidates the returns of a town's units.",
        subcommands: [RunCommand.self, ValidateCommand.self, ReviewCommand.self, AuditCommand.self, TemplatesCommand.self, DemoCommand.self]
    )

    /// Usage errors exit 2 (PRODUCT §7.4, §8), not ArgumentParser's 64.
    static func main() {
        // Log lines go to stderr, so stdout holds only what a command reports (§8: JSON alone).
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
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

    /// Loads the workspace, or prints the schema problem and exits 2.
    func workspace() throws -> Workspace {
        do {
            return try Workspace(root: root)
        } catch {
            printError(error.message(lang))
            throw ExitCode(ExitStatus.usage)
        }
    }
}

extension Language: ExpressibleByArgument {}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
