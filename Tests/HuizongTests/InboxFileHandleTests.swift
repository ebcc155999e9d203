import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

@Suite struct InboxFileHandleTests {
    /// A file swapped for a link after the listing is refused, never followed.
    @Test func linkIsRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: folder + "/报表.csv", withDestinationPath: "/etc/passwd")
        #expect(throws: ReadProblem.unreadable(reason: "replaced by a link since it was listed")) {
            try InboxFileHandle(folder + "/报表.csv")
        }
    }

    @Test func folderIsRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        #expect(throws: ReadProblem.unreadable(reason: "no longer a regular file")) { try InboxFileHandle(folder) }
    }

    /// Reads go to the open file even after its path is replaced, and the format comes from the name.
    @Test func readsTheFileThatWasOpened() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/报表.csv"
        try TestSupport.write(EnterpriseReturn.csv([EnterpriseReturn.row(0)]), to: path)
        let handle = try InboxFileHandle(path)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/passwd")
        let report = try Workspace(root: TestSupport.repositoryRoot).validator.validate(path: handle.readPath, name: "报表.csv")
        #expect(report.format == "csv")
        #expect(report.issues.isEmpty)
        #expect(report.rowsAccepted == 1)
        #expect(try SHA256.hexDigest(ofFile: handle.readPath) == SHA256.hexDigest(Array(EnterpriseReturn.csv([EnterpriseReturn.row(0)]).utf8)))
    }
}
