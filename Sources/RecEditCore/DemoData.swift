/// The demo table `records` that `recedit init --demo` fills.
public enum DemoData {
    public static let table = "records"

    /// Data columns in order (the key first). Both stores create the same columns from this list.
    public static let columns: [(name: String, sqliteType: String, postgresType: String, constraint: String)] = [
        ("id", "INTEGER PRIMARY KEY", "BIGSERIAL PRIMARY KEY", ""),
        ("title", "VARCHAR(200)", "VARCHAR(200)", "NOT NULL"),
        ("status", "VARCHAR(20)", "VARCHAR(20)", "CHECK (status IN ('open','in_progress','done'))"),
        ("owner", "VARCHAR(100)", "VARCHAR(100)", ""),
        ("priority", "INTEGER", "INTEGER", ""),
        ("due", "VARCHAR(10)", "VARCHAR(10)", ""),
        ("body", "TEXT", "TEXT", ""),
    ]

    /// Demo rows: title, status, owner, priority, due, body.
    public static let rows: [[String: Value]] = [
        row("Quarterly report", "in_progress", "alice", 2, "2026-12-15",
            "Collect the numbers from finance.\nDraft the summary for the board.\nAsk Bob to review the charts."),
        row("Fix login timeout", "open", "bob", 1, "2026-12-01",
            "Users are logged out after 5 minutes.\nThe session TTL should be 30 minutes.\n\nSteps to reproduce:\n1. Log in\n2. Wait 5 minutes\n3. Click anything"),
        row("季度销售报告", "open", "张伟", 3, "2027-01-10",
            "整理第四季度的销售数据。\n与市场部核对客户名单。\n准备董事会演示文稿。"),
        row("Order new laptops", "done", "carol", 4, "2026-11-20", "Five laptops for the new team.\nDelivered on 18 November."),
        row("Update the onboarding guide", "open", nil, 3, nil,
            "Section 1: accounts\nSection 2: tools\nSection 3: who to ask\n\nKeep it short."),
        row("Plan the offsite", "open", "dave", 5, "2027-02-03", "Venue, travel, agenda."),
    ]

    private static func row(_ title: String, _ status: String, _ owner: String?, _ priority: Int64, _ due: String?, _ body: String) -> [String: Value] {
        ["title": .text(title), "status": .text(status), "owner": owner.map(Value.text) ?? .null,
         "priority": .integer(priority), "due": due.map(Value.text) ?? .null, "body": .text(body)]
    }
}
