#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// PRODUCT §7.1 step 1, on real folders.
@Suite struct InboxListingTests {
    let inbox: String
    /// Outside the inbox: what the links point at, which must never be listed.
    let outside: String
    let settled = Date().addingTimeInterval(-3600)

    init() throws {
        let folder = try TestSupport.temporaryFolder()
        inbox = folder + "/inbox"
        outside = folder + "/outside"
        try TestSupport.write("secret\n", to: outside + "/secret.csv")
    }

    /// Writes a file into the inbox, modified an hour ago unless `modified` says otherwise.
    private func put(_ relativePath: String, _ text: String = "x\n", modified: Date? = nil) throws {
        let path = inbox + "/" + relativePath
        try TestSupport.write(text, to: path)
        try FileManager.default.setAttributes([.modificationDate: modified ?? settled], ofItemAtPath: path)
    }

    /// An inbox with one of every kind of entry the nightly run meets.
    private func makeInbox() throws {
        try put(".gitkeep", "")
        try put(".hidden/inside.csv")
        try put("东岙村/2009-06.csv", "东岙村\n")
        try put("东岙村/补报/2009-07.xml")
        try put("下邵村.csv")
        try put("B.csv")
        try put("a.csv")
        try put("line\nbreak.csv", "newline\n")
        try put("~$报表.xlsx")
        try put("a.tmp")
        try put("东岙村/b.PART")
        try put("fresh.csv", modified: Date())
        let files = FileManager.default
        try files.createSymbolicLink(atPath: inbox + "/link-to-file.csv", withDestinationPath: outside + "/secret.csv")
        try files.createSymbolicLink(atPath: inbox + "/link-to-folder", withDestinationPath: outside)
        #expect(mkfifo(inbox + "/pipe.csv", 0o644) == 0)
    }

    @Test func listsReturnsAndReportsWhatItSkips() throws {
        try makeInbox()
        let listing = InboxListing.list(inbox: inbox, settle: 120, now: Date())
        #expect(listing.files.map(\.relativePath) == [
            "B.csv", "a.csv", "line\nbreak.csv", "下邵村.csv", "东岙村/2009-06.csv", "东岙村/补报/2009-07.xml",
        ])
        #expect(listing.skipped == [
            SkippedEntry(relativePath: "a.tmp", reason: .partialDownload),
            SkippedEntry(relativePath: "fresh.csv", reason: .stillBeingCopied),
            SkippedEntry(relativePath: "link-to-file.csv", reason: .symbolicLink),
            SkippedEntry(relativePath: "link-to-folder", reason: .symbolicLink),
            SkippedEntry(relativePath: "pipe.csv", reason: .notRegularFile),
            SkippedEntry(relativePath: "~$报表.xlsx", reason: .officeLockFile),
            SkippedEntry(relativePath: "东岙村/b.PART", reason: .partialDownload),
        ])
    }

    @Test func filesCarryPathSizeAndTime() throws {
        try makeInbox()
        let listing = InboxListing.list(inbox: inbox, settle: 120, now: Date())
        let nested = try #require(listing.files.first { $0.relativePath == "东岙村/2009-06.csv" })
        #expect(nested.absolutePath == inbox + "/东岙村/2009-06.csv")
        #expect(nested.size == Int64("东岙村\n".utf8.count))
        #expect(abs(nested.modified.timeIntervalSince(settled)) < 1)
        let oddName = try #require(listing.files.first { $0.relativePath == "line\nbreak.csv" })
        #expect(try String(contentsOfFile: oddName.absolutePath, encoding: .utf8) == "newline\n")
    }

    @Test func settleZeroListsFreshFiles() throws {
        try makeInbox()
        let listing = InboxListing.list(inbox: inbox, settle: 0, now: Date())
        #expect(listing.files.contains { $0.relativePath == "fresh.csv" })
        #expect(!listing.skipped.contains { $0.reason == .stillBeingCopied })
    }

    /// Byte order of the UTF-8, whatever order the file system lists in: "B" < "a" < "下" (E4 B8 8B) < "东" (E4 B8 9C).
    @Test func ordersByUTF8Bytes() throws {
        for name in ["东.csv", "a.csv", "下.csv", "B.csv", "a/b.csv", "a-b.csv"] { try put(name) }
        let listing = InboxListing.list(inbox: inbox, settle: 0)
        #expect(listing.files.map(\.relativePath) == ["B.csv", "a-b.csv", "a.csv", "a/b.csv", "下.csv", "东.csv"])
    }

    @Test func pathsStayInsideTheInbox() throws {
        try makeInbox()
        let listing = InboxListing.list(inbox: inbox, settle: 0)
        let paths = listing.files.map(\.relativePath) + listing.skipped.map(\.relativePath)
        #expect(!paths.isEmpty)
        for path in paths {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            #expect(!segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }, "\(path)")
        }
        #expect(listing.files.allSatisfy { $0.absolutePath == inbox + "/" + $0.relativePath })
        #expect(!listing.files.contains { $0.absolutePath.hasPrefix(outside) })
    }

    /// A name that is not UTF-8 cannot be reported or archived faithfully under a Swift string.
    @Test func nameThatIsNotUTF8IsUnreadable() throws {
        try put("ok.csv")
        let name: [CChar] = Array((inbox + "/").utf8CString.dropLast()) + [CChar(bitPattern: 0xFF), 0x78, 0]
        let descriptor = open(name, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(descriptor >= 0)
        close(descriptor)
        let listing = InboxListing.list(inbox: inbox, settle: 0)
        #expect(listing.files.map(\.relativePath) == ["ok.csv"])
        #expect(listing.skipped == [SkippedEntry(relativePath: "\u{FFFD}x", reason: .unreadable)])
    }

    @Test func missingInboxIsEmpty() {
        let listing = InboxListing.list(inbox: inbox + "/nowhere", settle: 0)
        #expect(listing == InboxListing(files: [], skipped: []))
    }

    @Test func inboxThatIsAFileIsUnreadable() throws {
        try TestSupport.write("x", to: inbox)
        #expect(InboxListing.list(inbox: inbox, settle: 0).skipped == [SkippedEntry(relativePath: ".", reason: .unreadable)])
    }

    /// The office may point the inbox itself at a shared folder; only links below it are refused.
    @Test func inboxThatIsALinkIsFollowed() throws {
        try put("a.csv")
        let link = outside + "/inbox-link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: inbox)
        let listing = InboxListing.list(inbox: link, settle: 0)
        #expect(listing.files.map(\.absolutePath) == [link + "/a.csv"])
    }
}
