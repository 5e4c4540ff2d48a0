import RecEditCore

/// A draft file that could not be read back.
public struct DraftDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "draft: " + message }
}

/// Drafts as JSON. Values keep their exact type: integers are JSON integers, text is a JSON string,
/// NULL is null, reals are `{"real": "<shortest round-trip text>"}` (so 2.0, -0.0, inf and nan survive)
/// blobs `{"blob": "<hex>"}` and text that is not valid UTF-8 `{"text_bytes": "<hex>"}`.
extension Draft {
    public static let formatVersion: Int64 = 1

    public func encoded() -> String {
        let object: JSON = .object([
            ("recedit_draft", .integer(Draft.formatVersion)),
            ("table", .string(table)),
            ("key", Draft.json(key)),
            ("owner", .string(owner)),
            ("focused_column", focusedColumn.map(JSON.string) ?? .null),
            ("cursor", .integer(Int64(cursor))),
            ("edits", Draft.json(edits)),
            ("base", Draft.json(base)),
        ])
        return object.serialized(pretty: true) + "\n"
    }

    public init(json text: String) throws {
        let root: JSON
        do { root = try JSON.parse(text) } catch let e as JSON.ParseError {
            throw DraftDecodingError("not JSON (\(e.description))")
        }
        guard case .integer(let version)? = root["recedit_draft"] else { throw DraftDecodingError("not a recedit draft") }
        guard version == Draft.formatVersion else { throw DraftDecodingError("unknown draft version \(version)") }
        guard case .string(let table)? = root["table"] else { throw DraftDecodingError("missing table") }
        guard case .string(let owner)? = root["owner"] else { throw DraftDecodingError("missing owner") }
        guard let keyJSON = root["key"] else { throw DraftDecodingError("missing key") }
        let key = try Draft.value(keyJSON, field: "key")
        var focused: String?
        switch root["focused_column"] {
        case .string(let s)?: focused = s
        case .null?, nil: focused = nil
        default: throw DraftDecodingError("focused_column is not a string")
        }
        var cursor = 0
        if let c = root["cursor"] {
            guard case .integer(let n) = c, n >= 0, n <= Int64(Int32.max) else { throw DraftDecodingError("cursor is not a count") }
            cursor = Int(n)
        }
        guard let editsJSON = root["edits"] else { throw DraftDecodingError("missing edits") }
        let edits = try Draft.fields(editsJSON, name: "edits")
        guard let baseJSON = root["base"] else { throw DraftDecodingError("missing base") }
        let base = try Draft.record(baseJSON)
        self.init(table: table, key: key, base: base, edits: edits, focusedColumn: focused, cursor: cursor, owner: owner)
    }

    // MARK: Values

    static func json(_ value: Value) -> JSON {
        switch value {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .real(let d): return .object([("real", .string(String(d)))])
        case .text(let s): return .string(s)
        case .blob(let bytes): return .object([("blob", .string(Hex.encode(bytes)))])
        case .textBytes(let bytes): return .object([("text_bytes", .string(Hex.encode(bytes)))])
        }
    }

    static func value(_ json: JSON, field: String) throws -> Value {
        switch json {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .string(let s): return .text(s)
        case .number(let d): return .real(d)
        case .object(let pairs) where pairs.count == 1:
            let (tag, payload) = pairs[0]
            guard case .string(let s) = payload else { break }
            if tag == "real", let d = Double(s) { return .real(d) }
            if tag == "blob", let bytes = Hex.decode(s) { return .blob(bytes) }
            if tag == "text_bytes", let bytes = Hex.decode(s) { return Value.text(bytes: bytes) }
        default: break
        }
        throw DraftDecodingError("\(field): not a value")
    }

    static func json(_ fields: [String: Value]) -> JSON {
        .object(fields.keys.sorted().map { ($0, json(fields[$0]!)) })
    }

    static func fields(_ json: JSON, name: String) throws -> [String: Value] {
        guard case .object(let pairs) = json else { throw DraftDecodingError("\(name) is not an object") }
        var out: [String: Value] = [:]
        for (k, v) in pairs { out[k] = try value(v, field: "\(name).\(k)") }
        return out
    }

    static func json(_ record: Record) -> JSON {
        .object([
            ("key", json(record.key)),
            ("updated_at", .string(record.updatedAt)),
            ("fields", json(record.fields)),
            (
                "edit",
                .object([
                    ("state", .string(record.edit.state.rawValue)),
                    ("owner", record.edit.owner.map(JSON.string) ?? .null),
                    ("lease_until", record.edit.leaseUntil.map(JSON.string) ?? .null),
                    ("token", .integer(record.edit.token)),
                ])
            ),
        ])
    }

    static func record(_ json: JSON) throws -> Record {
        guard let keyJSON = json["key"] else { throw DraftDecodingError("base: missing key") }
        let key = try value(keyJSON, field: "base.key")
        guard case .string(let updatedAt)? = json["updated_at"] else { throw DraftDecodingError("base: missing updated_at") }
        guard let fieldsJSON = json["fields"] else { throw DraftDecodingError("base: missing fields") }
        let fields = try self.fields(fieldsJSON, name: "base.fields")
        var edit = EditInfo()
        if let e = json["edit"] {
            guard case .string(let s)? = e["state"], let state = EditState(rawValue: s) else { throw DraftDecodingError("base.edit: bad state") }
            edit.state = state
            if case .string(let o)? = e["owner"] { edit.owner = o }
            if case .string(let l)? = e["lease_until"] { edit.leaseUntil = l }
            if case .integer(let t)? = e["token"] { edit.token = t }
        }
        return Record(key: key, fields: fields, updatedAt: updatedAt, edit: edit)
    }
}
