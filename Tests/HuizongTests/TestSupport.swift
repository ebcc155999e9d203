import Foundation
@testable import Huizong

/// Paths and loaders shared by the tests.
enum TestSupport {
    /// The repository root (this file is Tests/HuizongTests/TestSupport.swift).
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var seeds: String { repositoryRoot + "/seeds" }

    static func schema() throws -> PlanSchema {
        try SchemaLoader.load(seeds: seeds)
    }

    /// A scratch folder, removed when the process ends is not needed: the system cleans /tmp.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "huizong-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
