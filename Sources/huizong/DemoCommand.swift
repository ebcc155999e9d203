import ArgumentParser
import Foundation
import Huizong

/// `huizong demo`: one night on the shipped sample returns, in a scratch workspace, so that a
/// newcomer sees every output without touching a real inbox or the repository.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "用随附的样例报表演示一次每晚汇总（在临时工作区中进行）。A night on the sample returns, in a scratch workspace."
    )

    @Option(name: .long, help: "含 seeds/ 与 samples/ 的目录（默认为当前目录）。Folder holding seeds/ and samples/.")
    var from: String = FileManager.default.currentDirectoryPath

    @Option(name: .long, help: "演示用工作区（默认新建一个临时目录）。The scratch workspace to create.")
    var workspace: String?

    @Option(name: .long, help: "消息语言：zh（默认）或 en。Message language.")
    var lang: Language = .zh

    func run() throws {
        let manager = FileManager.default
        let root = workspace ?? NSTemporaryDirectory() + "huizong-demo-" + UUID().uuidString.prefix(8)
        do {
            try manager.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
            try manager.copyItem(atPath: from + "/seeds", toPath: root + "/seeds")
            for name in try manager.contentsOfDirectory(atPath: from + "/samples").sorted()
            where ReturnFormat(name: name) != nil && !name.hasPrefix(".") {
                try manager.copyItem(atPath: from + "/samples/" + name, toPath: root + "/inbox/" + name)
            }
        } catch {
            throw ValidationError("无法在 \(root) 建立演示工作区（\(error.localizedDescription)）；请在仓库根目录运行。"
                                  + " Cannot set up the demo workspace; run it from the repository root.")
        }
        print(lang == .zh ? "演示工作区：\(root)（样例报表已放入 inbox/）\n" : "Demo workspace: \(root) (samples copied into inbox/)\n")
        let night = try RunCommand.parse(["--root", root, "--settle", "0", "--lang", lang.rawValue])
        try night.run()
    }
}
