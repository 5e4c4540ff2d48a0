/// The demo table `records` that `recedit init --demo` fills.
public enum DemoData {
    public static let table = "records"

    /// A demo column as data; each store turns it into its own column definition (types, CHECK).
    public struct Column: Sendable {
        public enum DataType: Sendable {
            /// The generated integer primary key.
            case key
            /// One line of text of at most `maxLength` characters.
            case shortText(maxLength: Int)
            /// Text of any length, several lines.
            case longText
            case integer
        }

        public var name: String
        public var type: DataType
        public var notNull: Bool
        /// A `CHECK (name IN (...))`.
        public var allowedValues: [String]?
    }

    /// How one database spells the demo columns: the adapters give the type names and the quoting.
    public struct Dialect: Sendable {
        /// The key column's type and constraint, e.g. `INTEGER PRIMARY KEY`.
        public var key: String
        public var integer: String
        /// Written after the type of a nullable column (`""`, or ` NULL` where the database wants it said).
        public var nullable: String
        public var quoteIdentifier: @Sendable (String) -> String
        public var quoteLiteral: @Sendable (String) -> String

        public init(
            key: String, integer: String, nullable: String = "",
            quoteIdentifier: @escaping @Sendable (String) -> String, quoteLiteral: @escaping @Sendable (String) -> String
        ) {
            self.key = key
            self.integer = integer
            self.nullable = nullable
            self.quoteIdentifier = quoteIdentifier
            self.quoteLiteral = quoteLiteral
        }

        /// The column's definition in a CREATE TABLE.
        public func definition(_ column: Column) -> String {
            let name = quoteIdentifier(column.name)
            let type: String
            switch column.type {
            case .key: return name + " " + key
            case .shortText(let n): type = "VARCHAR(\(n))"
            case .longText: type = "TEXT"
            case .integer: type = integer
            }
            var definition = name + " " + type + (column.notNull ? " NOT NULL" : nullable)
            if let values = column.allowedValues {
                definition += " CHECK (\(name) IN (" + values.map(quoteLiteral).joined(separator: ",") + "))"
            }
            return definition
        }
    }

    /// Data columns in order (the key first).
    public static let columns: [Column] = [
        Column(name: "id", type: .key, notNull: true),
        Column(name: "title", type: .shortText(maxLength: 200), notNull: true),
        Column(name: "status", type: .shortText(maxLength: 20), notNull: false, allowedValues: ["open", "in_progress", "done"]),
        Column(name: "owner", type: .shortText(maxLength: 100), notNull: false),
        Column(name: "priority", type: .integer, notNull: false),
        Column(name: "due", type: .shortText(maxLength: 10), notNull: false),
        Column(name: "body", type: .longText, notNull: false),
    ]

    /// Demo rows: title, status, owner, priority, due, body.
    public static let rows: [[String: Value]] = [
        row(
            "Quarterly report", "in_progress", "alice", 2, "2026-12-15",
            "Collect the numbers from finance.\nDraft the summary for the board.\nAsk Bob to review the charts."),
        row(
            "Fix login timeout", "open", "bob", 1, "2026-12-01",
            "Users are logged out after 5 minutes.\nThe session TTL should be 30 minutes.\n\nSteps to reproduce:\n1. Log in\n2. Wait 5 minutes\n3. Click anything"
        ),
        row(
            "季度销售报告", "open", "张伟", 3, "2027-01-10",
            "整理第四季度的销售数据。\n与市场部核对客户名单。\n准备董事会演示文稿。"),
        row("Order new laptops", "done", "carol", 4, "2026-11-20", "Five laptops for the new team.\nDelivered on 18 November."),
        row(
            "Update the onboarding guide", "open", nil, 3, nil,
            "Section 1: accounts\nSection 2: tools\nSection 3: who to ask\n\nKeep it short."),
        row("Plan the offsite", "open", "dave", 5, "2027-02-03", "Venue, travel, agenda."),
    ]

    private static func row(_ title: String, _ status: String, _ owner: String?, _ priority: Int64, _ due: String?, _ body: String) -> [String: Value] {
        [
            "title": .text(title), "status": .text(status), "owner": owner.map(Value.text) ?? .null,
            "priority": .integer(priority), "due": due.map(Value.text) ?? .null, "body": .text(body),
        ]
    }
}
