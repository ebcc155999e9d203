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

    /// `folder/name`, or `folder/stem (2).ext`, ` (3)`, … where that is taken or on disk.
    mutating func claim(folder: String, name: String) -> String {
        let parts = FileName(name)
        return claim(folder: folder, stem: parts.stem, extensions: [parts.ext]) + parts.ext
    }

    /// Files that belong together (an error report and its workbook): one stem free with every
    /// extension, as `folder/stem` or `folder/stem (2)`, …; all of them are claimed (PRODUCT §14).
    mutating func claim(folder: String, stem: String, extensions: [String]) -> String {
        var candidate = folder + "/" + stem
        var n = 2
        while extensions.contains(where: { isTaken(candidate + $0) }) {
            candidate = folder + "/" + stem + " (" + String(n) + ")"
            n += 1
        }
        for ext in extensions { taken.insert(candidate + ext) }
        return candidate
    }

    private func isTaken(_ path: String) -> Bool {
        taken.contains(path) || FileManager.default.fileExists(atPath: workspace + "/" + path)
    }
}
