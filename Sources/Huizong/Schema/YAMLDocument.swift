import Foundation
import Yams

/// A parsed YAML file with typed accessors that turn every mismatch into a `SchemaError`
/// carrying the file, the line and the property path.
struct YAMLDocument {
    let path: String
    let root: Node

    init(path: String) throws(SchemaError) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw SchemaError(file: path, line: nil, place: "", problem: .unreadable)
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SchemaError(file: path, line: 1, place: "", problem: .wrongKind(expected: .mapping))
            }
            root = node
        } catch let error as SchemaError {
            throw error
        } catch let error as YamlError {
            throw SchemaError(file: path, line: Self.line(of: error), place: "", problem: .yamlSyntax(Self.problem(of: error)))
        } catch {
            throw SchemaError(file: path, line: nil, place: "", problem: .yamlSyntax(String(describing: error)))
        }
    }

    func error(at place: String, node: Node?, _ problem: SchemaProblem) -> SchemaError {
        SchemaError(file: path, line: node?.mark?.line, place: place, problem: problem)
    }

    func required(_ map: Node, _ key: String, at place: String) throws(SchemaError) -> Node {
        guard let node = map[key] else { throw error(at: join(place, key), node: map, .missing) }
        return node
    }

    func mapping(_ node: Node, at place: String) throws(SchemaError) -> Node {
        guard node.mapping != nil else { throw error(at: place, node: node, .wrongKind(expected: .mapping)) }
        return node
    }

    func sequence(_ node: Node, at place: String) throws(SchemaError) -> [Node] {
        guard let list = node.sequence else { throw error(at: place, node: node, .wrongKind(expected: .list)) }
        return Array(list)
    }

    func text(_ map: Node, _ key: String, at place: String) throws(SchemaError) -> String {
        guard let value = try optionalText(map, key, at: place) else {
            throw error(at: join(place, key), node: map, .missing)
        }
        return value
    }

    func optionalText(_ map: Node, _ key: String, at place: String) throws(SchemaError) -> String? {
        guard let node = map[key] else { return nil }
        guard let scalar = node.scalar, !scalar.string.isEmpty else {
            throw error(at: join(place, key), node: node, .wrongKind(expected: .text))
        }
        return scalar.string
    }

    func texts(_ node: Node, at place: String) throws(SchemaError) -> [String] {
        if let scalar = node.scalar { return [scalar.string] }
        return try sequence(node, at: place).enumerated().map { i, item throws(SchemaError) in
            guard let scalar = item.scalar else {
                throw error(at: "\(place)[\(i)]", node: item, .wrongKind(expected: .text))
            }
            return scalar.string
        }
    }

    func optionalTexts(_ map: Node, _ key: String, at place: String) throws(SchemaError) -> [String]? {
        guard let node = map[key] else { return nil }
        return try texts(node, at: join(place, key))
    }

    func number(_ map: Node, _ key: String, at place: String) throws(SchemaError) -> Double {
        guard let node = map[key] else { throw error(at: join(place, key), node: map, .missing) }
        guard let scalar = node.scalar, let value = Double(scalar.string) else {
            throw error(at: join(place, key), node: node, .wrongKind(expected: .number))
        }
        return value
    }

    func optionalInteger(_ map: Node, _ key: String, at place: String) throws(SchemaError) -> Int? {
        guard let node = map[key] else { return nil }
        guard let scalar = node.scalar, let value = Int(scalar.string), value >= 0 else {
            throw error(at: join(place, key), node: node, .wrongKind(expected: .integer))
        }
        return value
    }

    func yearMonth(_ map: Node, _ key: String, at place: String) throws(SchemaError) -> YearMonth {
        let raw = try text(map, key, at: place)
        guard let value = YearMonth(canonical: raw) else {
            throw error(at: join(place, key), node: map[key], .wrongKind(expected: .yearMonth))
        }
        return value
    }

    func optionalLocalized(_ map: Node, _ key: String, at place: String) throws(SchemaError) -> LocalizedText? {
        guard let node = map[key] else { return nil }
        let inner = join(place, key)
        if let scalar = node.scalar { return LocalizedText(zh: scalar.string, en: scalar.string) }
        let m = try mapping(node, at: inner)
        let zh = try text(m, "zh", at: inner)
        return LocalizedText(zh: zh, en: try optionalText(m, "en", at: inner) ?? zh)
    }

    private func join(_ place: String, _ key: String) -> String {
        place.isEmpty ? key : place + "." + key
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            mark.line
        default:
            nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            problem
        default:
            String(describing: error)
        }
    }
}
