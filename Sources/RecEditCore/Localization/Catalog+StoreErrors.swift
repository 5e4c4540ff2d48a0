extension Catalog {
    /// `StoreErrorWording` (EditorCore): a `StoreError` as one line for a person, for the CLI and the editor alike.
    /// The database's own message (`{message}`, `{reason}`, `{detail}`) is passed through as the server wrote it.
    static let storeErrors: [(String, CatalogEntry)] = [
        ("store.cannotOpen", CatalogEntry("cannot open database {location}: {reason}", zh: "无法打开数据库 {location}：{reason}")),
        (
            "store.tableMissing",
            CatalogEntry(
                "table '{table}' does not exist in {location}; run 'recedit init' (or 'recedit adopt --table {table}' once it exists)",
                zh: "{location} 中没有表 '{table}'；请运行 'recedit init'（或在该表建好后运行 'recedit adopt --table {table}'）")
        ),
        (
            "store.notAdopted",
            CatalogEntry(
                "table '{table}' is not set up for recedit (missing {missing}); run 'recedit adopt --table {table}'",
                zh: "表 '{table}' 还没有为 recedit 设置好（缺少 {missing}）；请运行 'recedit adopt --table {table}'")
        ),
        (
            "store.columnsInUse",
            CatalogEntry(
                "table '{table}' already has columns named {columns} that recedit would use for its edit state; nothing changed. Give recedit's columns other names in the config ({settings})",
                zh: "表 '{table}' 已有名为 {columns} 的列，而 recedit 要用这些列存放编辑状态；未做任何改动。请在配置中给 recedit 的列另取名字（{settings}）")
        ),
        (
            "store.noSingleColumnKey",
            CatalogEntry(
                "table '{table}' has no single-column primary key; name a unique column with --key COL", zh: "表 '{table}' 没有单列主键；请用 --key COL 指定一个唯一列")
        ),
        (
            "store.unknownColumn",
            CatalogEntry(
                "table '{table}' has no column '{column}'; see 'recedit show <id>' for the columns",
                zh: "表 '{table}' 没有列 '{column}'；可用 'recedit show <id>' 查看有哪些列")
        ),
        ("store.constraint", CatalogEntry("the database refused the change: {message}", zh: "数据库拒绝了这次修改：{message}")),
        (
            "store.timeout",
            CatalogEntry(
                "the database stayed busy: {message}; try again, or raise busyTimeoutMs / lockTimeoutMs in the config",
                zh: "数据库一直忙：{message}；请重试，或在配置中调高 busyTimeoutMs / lockTimeoutMs")
        ),
        ("store.serialization", CatalogEntry("the database could not serialize the write: {message}; try again", zh: "数据库无法串行化这次写入：{message}；请重试")),
        ("store.connectionLost", CatalogEntry("lost the connection to the database: {message}", zh: "与数据库的连接断开了：{message}")),
        ("store.database", CatalogEntry("database error {code}: {message}", zh: "数据库错误 {code}：{message}")),
        ("store.databaseDetail", CatalogEntry("database error {code}: {message} ({detail})", zh: "数据库错误 {code}：{message}（{detail}）")),
    ]
}
