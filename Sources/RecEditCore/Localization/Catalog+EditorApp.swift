extension Catalog {
    /// What the editor's event loop and external editor report on the status line.
    static let editorApp: [(String, CatalogEntry)] = [
        ("app.noRow", CatalogEntry("no row with {key} in table '{table}'", zh: "表 '{table}' 中没有 {key} 的记录")),
        ("app.cannotWatch", CatalogEntry("cannot watch for changes: {reason}", zh: "无法监视修改：{reason}")),
        ("app.cannotJournal", CatalogEntry("cannot journal the draft: {reason}", zh: "无法记录草稿：{reason}")),
        ("app.noDatabaseTables", CatalogEntry("no database to list tables of", zh: "没有可列出表的数据库")),
        ("app.noDatabaseOpen", CatalogEntry("no database to open table '{table}' in", zh: "没有可打开表 '{table}' 的数据库")),
        ("app.hookFailed", CatalogEntry("after-save hook: {reason}; the save stands", zh: "保存后钩子：{reason}；保存仍然有效")),
        ("app.databaseBusy", CatalogEntry("database busy: another program held the lock", zh: "数据库繁忙：另一个程序持有锁")),
        ("app.external.couldNotRun", CatalogEntry("could not run '{command}': {reason}", zh: "无法运行 '{command}'：{reason}")),
        ("app.external.finished", CatalogEntry("the external editor already finished", zh: "外部编辑器已经结束")),
        ("app.external.lostTrack", CatalogEntry("lost track of '{command}': {reason}", zh: "无法追踪 '{command}'：{reason}")),
        ("app.external.cannotRead", CatalogEntry("cannot read the text '{command}' saved: {reason}", zh: "无法读取 '{command}' 保存的文本：{reason}")),
        ("app.external.signal", CatalogEntry("'{command}' was ended by signal {signal}", zh: "'{command}' 被信号 {signal} 终止")),
        (
            "app.external.notFound",
            CatalogEntry("could not run '{command}': not found (set $VISUAL or $EDITOR)", zh: "无法运行 '{command}'：找不到程序（请设置 $VISUAL 或 $EDITOR）")
        ),
        ("app.external.notExecutable", CatalogEntry("could not run '{command}': not executable", zh: "无法运行 '{command}'：不可执行")),
        ("app.external.status", CatalogEntry("'{command}' exited with status {code}; nothing was taken from it", zh: "'{command}' 以状态 {code} 退出；未采用其内容")),
    ]
}
