import Foundation

/// Runs the built `huizong` executable, as a person or cron would.
public struct BinaryRunner {
    public struct Result {
        public var status: Int32
        /// True when the process was ended by a signal (`status` is then the signal number).
        public var killed = false
        public var stdout: String
        public var stderr: String
    }

    /// The executable sits beside the test bundle in the build folder.
    public static let executable: String = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("huizong").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        return "huizong"
    }()

    public static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        try runProgram(executable, arguments, in: directory, environment: environment)
    }

    /// Runs any program and collects its output; used for third-party tools too.
    /// - Parameter environment: variables added to this process's environment.
    public static func runProgram(_ program: String, _ arguments: [String], in directory: String? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = ReadAll(out.fileHandleForReading)
        let errData = ReadAll(err.fileHandleForReading)
        outData.start()
        errData.start()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: outData.finish(), as: UTF8.self),
                      stderr: String(decoding: errData.finish(), as: UTF8.self))
    }
}

/// Drains a pipe on its own thread so a chatty child never blocks on a full pipe.
private final class ReadAll: @unchecked Sendable {
    private let handle: FileHandle
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    func start() {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}
