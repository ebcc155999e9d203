import ArgumentParser
import Foundation
import Huizong
import HuizongPortal

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

    @Flag(name: .long, help: "汇总后启动网上报送，并建一个镇法治办账户和一个村账户。Then serve the portal, with an office and a village account.")
    var serve = false

    @Option(name: .long, help: "与 --serve 一起：监听地址 HOST:PORT（默认 127.0.0.1:8080）。With --serve: the address to listen on.")
    var listen = "127.0.0.1:8080"

    /// The village whose account the portal demo makes: 东岙村, whose sample return the night read.
    static let demoUnit = "330206110201"

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
        if serve { try servePortal(root) }
    }

    /// Adds the demo's accounts, says how to sign in, and serves the portal until Ctrl-C.
    private func servePortal(_ root: String) throws {
        let office = Passwords.oneTime()
        let village = Passwords.oneTime()
        do {
            let book = try AccountBook(workspace: Workspace(root: root))
            _ = try book.addOffice("office", password: office)
            _ = try book.addUnit(Self.demoUnit, password: village)
        } catch {
            throw ValidationError("无法建立演示账户（\(error)）。Cannot make the demo accounts.")
        }
        print(lang == .zh
              ? "\n网上报送的演示账户：镇法治办 office，密码 \(office)；东岙村 \(Self.demoUnit)，密码 \(village)"
              : "\nDemo accounts of the portal: the office, office, password \(office); 东岙村, \(Self.demoUnit), password \(village)")
        // The night's summary and the accounts before the portal's own line, through a pipe too.
        fflush(nil)
        try ServeCommand.parse(["--root", root, "--lang", lang.rawValue, "--listen", listen]).run()
    }
}
