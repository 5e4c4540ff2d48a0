extension Catalog {
    /// Words more than one area uses.
    static let common: [(String, CatalogEntry)] = [
        ("common.null", CatalogEntry("NULL", zh: "NULL")),
        ("common.yes", CatalogEntry("yes", zh: "是")),
        ("common.no", CatalogEntry("no", zh: "否")),
        ("help.closeHint", CatalogEntry("Press any key to close", zh: "按任意键关闭")),
    ]
}
