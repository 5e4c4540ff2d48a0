extension Catalog {
    /// The editor's form: status bar, banners, key bar, dialogs and the messages of the status line.
    static let editor: [(String, CatalogEntry)] = [
        ("form.assignedWhenSaved", CatalogEntry("assigned when saved", zh: "保存时分配")),
        ("form.claim.rowDeleted", CatalogEntry("row deleted", zh: "记录已删除")),
        ("form.claim.readOnly", CatalogEntry("read-only", zh: "只读")),
        ("form.claim.notInserted", CatalogEntry("not inserted yet", zh: "尚未插入")),
        ("form.claim.locked", CatalogEntry("locked", zh: "已锁定")),
        ("form.claim.editing", CatalogEntry("editing", zh: "正在编辑")),
        ("form.claim.claiming", CatalogEntry("claiming...", zh: "正在占用...")),
        ("form.claim.lockedBy", CatalogEntry("locked by {owner}", zh: "被 {owner} 锁定")),
        ("form.claim.sharedWith", CatalogEntry("shared with {owner}", zh: "与 {owner} 共同编辑")),
        ("form.claim.lost", CatalogEntry("claim lost", zh: "占用已失去")),
        ("form.claim.none", CatalogEntry("not claimed", zh: "未占用")),
        ("form.tag.saving", CatalogEntry("[saving]", zh: "[正在保存]")),
        ("form.tag.modified", CatalogEntry("[modified]", zh: "[已修改]")),
        ("form.newRow", CatalogEntry("new row", zh: "新记录")),
        ("form.updatedAt", CatalogEntry("updated {time}", zh: "更新于 {time}")),

        ("keybar.save", CatalogEntry("save", zh: "保存")),
        ("keybar.quit", CatalogEntry("quit", zh: "退出")),
        ("keybar.reload", CatalogEntry("reload", zh: "重新读取")),
        ("keybar.mergeRemote", CatalogEntry("merge remote", zh: "合并远程修改")),
        ("keybar.externalEditor", CatalogEntry("ext. editor", zh: "外部编辑器")),
        ("keybar.takeOver", CatalogEntry("take over", zh: "接管")),
        ("keybar.help", CatalogEntry("help", zh: "帮助")),

        ("banner.readOnly", CatalogEntry("read-only: {reason}", zh: "只读：{reason}")),
        ("banner.readOnly.suffix", CatalogEntry(" - changes cannot be saved", zh: " - 修改无法保存")),
        ("banner.lockedBy", CatalogEntry("locked by {owner}", zh: "已被 {owner} 锁定")),
        ("banner.editedBy", CatalogEntry("being edited by {owner}", zh: "由 {owner} 编辑中")),
        ("banner.since", CatalogEntry(" since {time}", zh: "，自 {time} 起")),
        (
            "banner.busy.long",
            CatalogEntry(
                " - read-only while they hold it (Ctrl-T takes over an expired lease)", zh: " - 对方占用期间只读（租约过期后按 Ctrl-T 接管）")
        ),
        ("banner.busy.short", CatalogEntry(" - read-only (^T: take over)", zh: " - 只读（^T：接管）")),
        ("banner.busy.shortest", CatalogEntry(" - read-only", zh: " - 只读")),
        ("banner.shared.long", CatalogEntry(" - you can still edit; saves are checked and merged", zh: " - 你仍可编辑；保存时会检查并合并")),
        ("banner.shared.short", CatalogEntry(" - saves are checked", zh: " - 保存时会检查")),
        ("banner.claimReleased", CatalogEntry("your claim on this row was released by someone else", zh: "你对这条记录的占用已被他人释放")),
        ("banner.claimReleased.long", CatalogEntry(" - Ctrl-T claims it again", zh: " - 按 Ctrl-T 重新占用")),

        ("dialog.quit.prompt", CatalogEntry("Discard unsaved changes? (y/N)", zh: "放弃未保存的修改？(y/N)")),
        ("dialog.quit.short", CatalogEntry("Discard changes? (y/N)", zh: "放弃修改？(y/N)")),
        ("dialog.quit.shorter", CatalogEntry("Discard? y/N", zh: "放弃？y/N")),

        ("status.checkingRow", CatalogEntry("Checking the row for changes...", zh: "正在检查记录是否有修改...")),
        ("status.quitCancelled", CatalogEntry("Quit cancelled", zh: "已取消退出")),
        (
            "status.tooSmall.long",
            CatalogEntry("recedit: window too small ({size}); needs at least {need}. Ctrl-Q quits", zh: "recedit：窗口太小 ({size})，至少需要 {need}。按 Ctrl-Q 退出")
        ),
        ("status.tooSmall.medium", CatalogEntry("window too small ({size} < {need}); Ctrl-Q quits", zh: "窗口太小 ({size} < {need})；Ctrl-Q 退出")),
        ("status.tooSmall.short", CatalogEntry("too small: {size} < {need}", zh: "太小：{size} < {need}")),
        ("status.tooSmall.shorter", CatalogEntry("too small", zh: "窗口太小")),
        ("status.tooSmall.shortest", CatalogEntry("small", zh: "太小")),
    ]
}
