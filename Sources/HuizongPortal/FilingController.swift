import Foundation
import Hummingbird
import Huizong

/// `POST /api/check`, `POST /api/submit` and `GET /api/submissions/{id}/error-report` (PRODUCT §13):
/// the checks of `huizong validate` on an upload, the upload into the inbox, and the error
/// workbook the night made of it; beside them `POST /api/check/error-workbook`, the error workbook
/// of an upload at once.
struct FilingController {
    let portal: Portal

    func addRoutes(to router: Router<PortalContext>) {
        router.post("/api/check", use: check)
        router.post("/api/check/error-workbook", use: errorWorkbook)
        router.post("/api/submit", use: submit)
        router.get("/api/submissions", use: submissions)
        router.get("/api/submissions/:id/error-report", use: errorReport)
    }

    /// The checks alone: nothing is written to the workspace.
    @Sendable func check(_ request: Request, context: PortalContext) async throws -> Response {
        guard let user = context.user else { return Answer.problem(.unauthorized, "") }
        return try await withUpload(request) { upload in
            let report = await validate(upload, for: user)
            return Answer.json(.object(Answer.check(report, portal.language(of: request), schema: portal.workspace.schema)))
        }
    }

    /// The checks, answered as the error workbook the night would write of the upload's rejected
    /// rows, named `<stem>-错误.xlsx`: 422 when it has none (or is rejected whole). Nothing is
    /// written to the workspace.
    @Sendable func errorWorkbook(_ request: Request, context: PortalContext) async throws -> Response {
        guard let user = context.user else { return Answer.problem(.unauthorized, "") }
        let language = portal.language(of: request)
        return try await withUpload(request) { upload in
            let workspace = portal.workspace, authority = authority(of: user), path = upload.path, name = upload.name
            let checked = await portal.checks.run {
                FilingCheck(workspace: workspace).rejectedRows(path: path, name: name, authority: authority, language: language)
            }
            guard !checked.rows.isEmpty, let type = checked.report.returnType.flatMap(workspace.schema.returnType(named:)) else {
                return Answer.problem(.unprocessableContent, portal.say("这个文件没有可改正的被拒行，没有错误工作簿。",
                                                                        "The file has no rejected rows to correct: there is no error workbook."))
            }
            let written = portal.uploads.newPath()
            defer { unlink(written) }
            let rows = checked.rows
            let saved = await Blocking.run { (try? WorkbookWriter.write(ErrorWorkbook.workbook(type, rows: rows), to: written)) != nil }
            guard saved, let bytes = FileManager.default.contents(atPath: written) else {
                return Answer.problem(.internalServerError, portal.say("错误工作簿未能生成，请稍后重试。",
                                                                      "The error workbook could not be made; try again later."))
            }
            return Answer.workbook(bytes, name: ErrorReport.stem(for: name) + ".xlsx")
        }
    }

    /// The checks, then the file into the inbox under a name the server makes, recorded with the
    /// account: 201. Only a unit's account files; a file that is no return by its name is not taken.
    @Sendable func submit(_ request: Request, context: PortalContext) async throws -> Response {
        guard let user = context.user else { return Answer.problem(.unauthorized, "") }
        guard user.account.role == .unit else {
            return Answer.problem(.forbidden, portal.say("只有单位账户可以报送报表。", "Only a unit's account files returns."))
        }
        return try await withUpload(request) { upload in
            let report = await validate(upload, for: user)
            let answer = Answer.check(report, portal.language(of: request), schema: portal.workspace.schema)
            guard ReturnFormat(name: upload.name) != nil, let format = ReturnFormat.of(path: upload.path, named: upload.name) else {
                return Answer.json(.object(answer), status: .unprocessableContent)
            }
            let workspace = portal.workspace, store = portal.store, account = user.account.name, path = upload.path
            let result = await Blocking.run {
                Result { try InboxSubmission(workspace: workspace).submit(path, format: format, account: account, store: store) }
            }
            guard case .success(let submission) = result else {
                return Answer.problem(.internalServerError, portal.say("文件未能放入收件箱，请稍后重试。",
                                                                       "The file could not be put into the inbox; try again later."))
            }
            return Answer.json(.object([("id", .string(submission.id)), ("receivedAt", .string(submission.receivedAt))] + answer),
                               status: .created)
        }
    }

    /// The account's latest submissions, newest first: `status` is the night's (`accepted`,
    /// `partial`, `rejected`, `duplicate`) or `waiting` until a night reads the file.
    @Sendable func submissions(_ request: Request, context: PortalContext) async throws -> Response {
        guard let user = context.user else { return Answer.problem(.unauthorized, "") }
        return Answer.json(.array(try portal.store.submissions(account: user.account.name).map { outcome in
            .object([
                ("id", .string(outcome.submission.id)),
                ("receivedAt", .string(outcome.submission.receivedAt)),
                ("status", .string(outcome.status ?? "waiting")),
                ("errorReport", .bool(outcome.errorReport != nil)),
            ])
        }))
    }

    /// The error workbook of one's own submission, once a night has read it: 404 for anyone
    /// else's, or while there is none.
    @Sendable func errorReport(_ request: Request, context: PortalContext) async throws -> Response {
        let notFound = Answer.problem(.notFound, portal.say("没有这份错误报告。", "No such error report."))
        guard let user = context.user, let id = context.parameters.get("id"),
              let submission = try portal.store.submission(id: id), submission.account == user.account.name,
              let report = try portal.store.errorReport(inboxName: submission.inboxName) else { return notFound }
        // A CSV or XML return's report is a CSV with the workbook beside it: the workbook is what a clerk opens.
        let workbook = (report as NSString).deletingPathExtension + ".xlsx"
        let path = portal.workspace.root + "/" + workbook
        guard let bytes = FileManager.default.contents(atPath: path) else { return notFound }
        return Answer.workbook(bytes, name: (workbook as NSString).lastPathComponent)
    }

    /// What `huizong validate` finds, and the rows the account may not file for.
    private func validate(_ upload: Upload, for user: SignedIn) async -> FileReport {
        let workspace = portal.workspace, authority = authority(of: user)
        let file = (path: upload.path, name: upload.name)
        return await portal.checks.run { FilingCheck(workspace: workspace).validate([file], authority: authority)[0] }
    }

    /// The units a unit's account may file for; nil for the office, which may file for any.
    private func authority(of user: SignedIn) -> FilingAuthority? {
        user.account.role == .unit ? FilingAuthority(account: user.account.name, units: Set(user.account.units)) : nil
    }

    /// Receives the upload, answers `body` with it, and removes its bytes.
    private func withUpload(_ request: Request, _ body: (Upload) async throws -> Response) async throws -> Response {
        let upload: Upload
        do {
            upload = try await Upload.receive(request, limit: portal.workspace.schema.limits.fileBytes, folder: portal.uploads)
        } catch {
            switch error {
            case .tooLarge:
                return Answer.problem(.contentTooLarge, portal.say(
                    "文件超过了方案规定的大小上限（\(portal.workspace.schema.limits.fileBytes / (1 << 20)) MB）。",
                    "The file is larger than the plan allows (\(portal.workspace.schema.limits.fileBytes / (1 << 20)) MB)."))
            case .notAForm:
                return Answer.problem(.badRequest, portal.say("请在表单的 file 字段中上传文件。", "Upload the file in the form field “file”."))
            case .write:
                return Answer.problem(.internalServerError, portal.say("上传的文件未能保存，请稍后重试。", "The upload could not be saved; try again later."))
            }
        }
        defer { unlink(upload.path) }
        return try await body(upload)
    }
}
