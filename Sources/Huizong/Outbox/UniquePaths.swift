import Foundation

/// Hands out paths in the workspace that no file has: an archived input or an error report never
/// replaces another (PRODUCT §7.1: "a suffix where the name is taken").
struct UniquePaths {
    let workspace: String
    private var taken: Set<String>

    /// - Parameter taken: paths, relative to the workspace, already promised to files.
    init(workspace: String, taken: Set<String> = []) {
        self.workspace = workspace
        self.taken = taken
    }

    /// `folder/name`, or `folder/stem-2.ext`, `-3`, … where that is taken or on disk.
    mutating func claim(folder: String, name: String) -> String {
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[$0...]) } ?? ""
        var candidate = folder + "/" + name
        var n = 2
        while taken.contains(candidate) || FileManager.default.fileExists(atPath: workspace + "/" + candidate) {
            candidate = folder + "/" + stem + "-" + String(n) + ext
            n += 1
        }
        taken.insert(candidate)
        return candidate
    }
}
