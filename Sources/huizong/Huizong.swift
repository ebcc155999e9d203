import ArgumentParser

@main
struct HuizongCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "huizong")
}
