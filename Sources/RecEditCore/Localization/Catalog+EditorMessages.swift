extension Catalog {
    /// The editor's status line: what saving, claiming, merging and editing say.
    static let editorMessages: [(String, CatalogEntry)] = [
        ("status.readOnly", CatalogEntry("Read-only: {reason}", zh: "只读：{reason}")),
        ("status.readOnly.cannotSave", CatalogEntry("changes cannot be saved", zh: "修改无法保存")),
        ("status.savingBusy", CatalogEntry("Saving... (database busy)", zh: "正在保存...（数据库繁忙）")),
        ("status.reason.readOnlyMode", CatalogEntry("read-only mode", zh: "只读模式")),
        ("status.reason.lockedBy", CatalogEntry("locked by {owner}", zh: "已被 {owner} 锁定")),
        ("status.reason.busy", CatalogEntry("being edited by {owner} (exclusive)", zh: "由 {owner} 编辑中（独占）")),
        ("status.reason.lost", CatalogEntry("claim lost to {owner} (exclusive)", zh: "占用已被 {owner} 夺走（独占）")),
        ("status.reason.claiming", CatalogEntry("waiting for the claim", zh: "正在等待占用")),
        ("status.reason.notClaimed", CatalogEntry("not claimed (exclusive)", zh: "未占用（独占）")),
        ("status.reason.rowNotClaimed", CatalogEntry("the row is not claimed", zh: "这条记录未被占用")),
        ("status.nobody", CatalogEntry("nobody", zh: "无人")),
        ("status.nobodyReleased", CatalogEntry("nobody (released by someone else)", zh: "无人（已被他人释放）")),
        ("status.someone", CatalogEntry("someone", zh: "某人")),
        ("status.someoneElse", CatalogEntry("someone else", zh: "他人")),
        ("status.anotherWriter", CatalogEntry("another writer", zh: "另一位编辑者")),
        ("status.anotherProgram", CatalogEntry("another program", zh: "另一个程序")),
        ("status.cannotSave", CatalogEntry("Cannot save: {reason}", zh: "无法保存：{reason}")),
        ("status.stillSaving", CatalogEntry("Still saving...", zh: "仍在保存...")),
        ("status.stillReadingForDraft", CatalogEntry("Still reading the row to merge the draft with...", zh: "仍在读取记录以合并草稿...")),
        ("status.noChanges", CatalogEntry("No changes to save", zh: "没有需要保存的修改")),
        ("status.saving", CatalogEntry("Saving...", zh: "正在保存...")),
        ("status.notSavedLocked", CatalogEntry("Not saved: {owner} holds this row locked; your edits are kept", zh: "未保存：{owner} 锁定了这条记录；你的修改已保留")),
        (
            "status.notSavedLocked.draft",
            CatalogEntry("Not saved: {owner} holds this row locked; your edits are kept in a draft", zh: "未保存：{owner} 锁定了这条记录；你的修改已保留在草稿中")
        ),
        ("status.saved", CatalogEntry("Saved {time}", zh: "已保存 {time}")),
        ("status.recreated", CatalogEntry("Re-created {time}", zh: "已重新创建 {time}")),
        ("status.rowDeleted", CatalogEntry("The row was deleted; r re-creates it from your values, q quits", zh: "这条记录已被删除；按 r 用你的值重新创建，按 q 退出")),
        ("status.merge.alreadyThere", CatalogEntry("{note}; your changes were already there, nothing to save", zh: "{note}；你的修改已在其中，无需保存")),
        ("status.merge.savingAgain", CatalogEntry("Row changed by {who}: merging and saving again...", zh: "记录已被 {who} 修改：正在合并并重新保存...")),
        ("status.merge.ctrlS", CatalogEntry("{note}; Ctrl-S to save", zh: "{note}；按 Ctrl-S 保存")),
        ("status.merge.nothingOfYours", CatalogEntry("{note}; nothing of yours to save", zh: "{note}；你没有需要保存的修改")),
        ("status.recovered.one", CatalogEntry("Recovered {n} edit from the draft", zh: "已从草稿恢复 {n} 处修改")),
        ("status.recovered.other", CatalogEntry("Recovered {n} edits from the draft", zh: "已从草稿恢复 {n} 处修改")),
        ("status.separator", CatalogEntry("; ", zh: "；")),
        ("status.ctrlSToSave", CatalogEntry("; Ctrl-S to save", zh: "；按 Ctrl-S 保存")),
        (
            "status.conflict.review",
            CatalogEntry("Review the changes from {who}: Ctrl-S saves, Esc goes back to the form", zh: "查看 {who} 的修改：Ctrl-S 保存，Esc 返回表单")
        ),
        (
            "status.conflict.open.one",
            CatalogEntry("{n} conflict with {who}: m mine, t theirs, b base, e edit; Ctrl-S saves", zh: "与 {who} 有 {n} 处冲突：m 我的，t 对方的，b 原值，e 编辑；Ctrl-S 保存")
        ),
        (
            "status.conflict.open.other",
            CatalogEntry("{n} conflicts with {who}: m mine, t theirs, b base, e edit; Ctrl-S saves", zh: "与 {who} 有 {n} 处冲突：m 我的，t 对方的，b 原值，e 编辑；Ctrl-S 保存")
        ),
        ("status.linesMerged", CatalogEntry("{field} (lines merged)", zh: "{field}（已按行合并）")),
        ("status.mergedNoDiff", CatalogEntry("merged with {who}'s version (no field of theirs differs)", zh: "已与 {who} 的版本合并（对方没有不同的字段）")),
        ("status.mergedFrom", CatalogEntry("merged from {what}", zh: "已合并：{what}")),
        ("status.stillConflict.one", CatalogEntry("{n} field is still in conflict: m/t/b or M/T, or e to edit", zh: "仍有 {n} 个字段冲突：按 m/t/b 或 M/T 选择，或按 e 编辑")),
        (
            "status.stillConflict.other",
            CatalogEntry("{n} fields are still in conflict: m/t/b or M/T, or e to edit", zh: "仍有 {n} 个字段冲突：按 m/t/b 或 M/T 选择，或按 e 编辑")
        ),
        ("status.readOnlyCannotSave", CatalogEntry("Read-only mode: cannot save", zh: "只读模式：无法保存")),
        ("status.resolvedNothing", CatalogEntry("Resolved: the row already holds these values, nothing to save", zh: "已解决：记录中已是这些值，无需保存")),
        ("status.conflictsResolved", CatalogEntry("conflicts with {who} resolved", zh: "与 {who} 的冲突已解决")),
        ("status.savingResolution", CatalogEntry("Saving the resolution...", zh: "正在保存冲突解决结果...")),
        (
            "status.resolutionKept",
            CatalogEntry("Resolution kept, not saved yet; Ctrl-S saves against {who}'s version", zh: "已保留解决结果，尚未保存；Ctrl-S 基于 {who} 的版本保存")
        ),
        (
            "status.stillInConflictWith",
            CatalogEntry("Still in conflict with {who}: {fields}; Ctrl-S shows the Conflict screen again", zh: "仍与 {who} 冲突：{fields}；Ctrl-S 重新打开冲突界面")
        ),
        (
            "status.allResolved",
            CatalogEntry("All fields resolved: Ctrl-S saves against {who}'s version, Esc goes back to the form", zh: "所有字段已解决：Ctrl-S 基于 {who} 的版本保存，Esc 返回表单")
        ),
        (
            "status.conflict.stillOpen.one",
            CatalogEntry(
                "{n} conflict with {who} still open: m mine, t theirs, b base, e edit; Ctrl-S saves", zh: "与 {who} 仍有 {n} 处冲突未解决：m 我的，t 对方的，b 原值，e 编辑；Ctrl-S 保存"
            )
        ),
        (
            "status.conflict.stillOpen.other",
            CatalogEntry(
                "{n} conflicts with {who} still open: m mine, t theirs, b base, e edit; Ctrl-S saves",
                zh: "与 {who} 仍有 {n} 处冲突未解决：m 我的，t 对方的，b 原值，e 编辑；Ctrl-S 保存")
        ),
        ("status.recoveringDraft", CatalogEntry("Recovering the draft: reading the row to merge with...", zh: "正在恢复草稿：读取记录以便合并...")),
        ("status.noChangesSinceLoad", CatalogEntry("No changes since you loaded the row", zh: "自你载入以来记录没有变化")),
        ("status.noFieldChangesSinceLoad", CatalogEntry("No field changes since you loaded the row", zh: "自你载入以来没有字段变化")),
        ("status.changedAgain", CatalogEntry("Changed again by {who} at {time}; saving will show it", zh: "{who} 于 {time} 再次修改；保存时会显示")),
        ("status.updatedBy", CatalogEntry("Updated by {who} at {time}: {fields}", zh: "{who} 于 {time} 更新了：{fields}")),
        ("status.changedRemote", CatalogEntry("changed by {who} at {time} \u{2014} Ctrl-R to merge", zh: "{who} 于 {time} 修改了记录 \u{2014} 按 Ctrl-R 合并")),
        ("status.ctrlC", CatalogEntry("Ctrl-C does nothing here; Ctrl-Q quits", zh: "Ctrl-C 在此无效；按 Ctrl-Q 退出")),
        ("status.ctrlC.form", CatalogEntry("Ctrl-C does nothing here; {key} quits", zh: "Ctrl-C 在此无效；按 {key} 退出")),
        (
            "status.notUTF8",
            CatalogEntry(
                "{field} held bytes that are not UTF-8, shown as \\xNN; saving writes the text as you see it", zh: "{field} 含有非 UTF-8 字节，显示为 \\xNN；保存时写入你所看到的文本"
            )
        ),
        ("status.hint.takeOver", CatalogEntry("; {key} takes over when the lease has expired", zh: "；租约过期后按 {key} 接管")),
        ("status.hint.claimAgain", CatalogEntry("; {key} claims the row again", zh: "；按 {key} 重新占用记录")),
        ("status.readOnlyNotClaimed", CatalogEntry("Read-only mode: the row is not claimed", zh: "只读模式：不占用记录")),
        ("status.alreadyHeld", CatalogEntry("You already hold the row", zh: "你已占用这条记录")),
        ("status.claiming", CatalogEntry("Claiming the row...", zh: "正在占用记录...")),
        ("status.claimingTakeOver", CatalogEntry("Claiming the row (an expired lease is taken over)...", zh: "正在占用记录（接管已过期的租约）...")),
        ("status.external.editing", CatalogEntry("Editing {field} in the external editor...", zh: "正在外部编辑器中编辑 {field}...")),
        ("status.external.failed", CatalogEntry("{reason}; {field} is unchanged", zh: "{reason}；{field} 未改变")),
        ("status.external.cancelled", CatalogEntry("External edit cancelled; {field} is unchanged", zh: "已取消外部编辑；{field} 未改变")),
        ("status.external.unchanged", CatalogEntry("{field} is unchanged", zh: "{field} 未改变")),
        ("status.external.updated", CatalogEntry("{field} updated from the external editor", zh: "已从外部编辑器更新 {field}")),
        ("status.tookOver", CatalogEntry("Took over the expired claim of {owner}", zh: "已接管 {owner} 过期的占用")),
        ("status.holdAgain", CatalogEntry("You hold the row again", zh: "你重新占用了这条记录")),
        ("status.ownerDone", CatalogEntry("{owner} is done: you hold the row now", zh: "{owner} 已完成：现在由你占用这条记录")),
        ("status.ownerDone.unlocked", CatalogEntry("{owner} is done: you hold the row now, editing unlocked", zh: "{owner} 已完成：现在由你占用这条记录，已可编辑")),
        ("status.busy.locked", CatalogEntry("{owner} holds this row locked: read-only until they are done (waiting)", zh: "{owner} 锁定了这条记录：在对方完成前只读（等待中）")),
        (
            "status.busy.exclusive",
            CatalogEntry("Read-only until {owner} is done (waiting); Ctrl-T takes over once the lease has expired", zh: "在 {owner} 完成前只读（等待中）；租约过期后按 Ctrl-T 接管")
        ),
        ("status.busy.shared", CatalogEntry("{owner} is editing this row too; saves are checked and merged", zh: "{owner} 也在编辑这条记录；保存时会检查并合并")),
        (
            "status.claimLost.readOnly",
            CatalogEntry("Claim lost to {owner}: the form is read-only; Ctrl-T claims again", zh: "占用已被 {owner} 夺走：表单只读；按 Ctrl-T 重新占用")
        ),
        (
            "status.claimLost.readOnly.draft",
            CatalogEntry(
                "Claim lost to {owner}: the form is read-only; your edits are kept in a draft; Ctrl-T claims again",
                zh: "占用已被 {owner} 夺走：表单只读；你的修改已保留在草稿中；按 Ctrl-T 重新占用")
        ),
        (
            "status.claimLost.shared",
            CatalogEntry("Claim lost to {owner}; you can still edit and save (checked); Ctrl-T claims again", zh: "占用已被 {owner} 夺走；你仍可编辑并保存（会检查）；按 Ctrl-T 重新占用")
        ),
        ("status.failure.notSaved", CatalogEntry(" (not saved; your edits are kept; Ctrl-S retries)", zh: "（未保存；你的修改已保留；按 Ctrl-S 重试）")),
        ("status.connectionLost", CatalogEntry(": connection lost; your edits are kept, will retry", zh: "：连接已断开；你的修改已保留，将自动重试")),
        ("status.connectionLost.draft", CatalogEntry(": connection lost; your edits are kept in a draft, will retry", zh: "：连接已断开；你的修改已保留在草稿中，将自动重试")),
        ("status.connectionLost.saving", CatalogEntry(" (press Ctrl-S again once connected)", zh: "（连接恢复后请再按 Ctrl-S）")),
        ("status.newRow", CatalogEntry("New row: Ctrl-S inserts it", zh: "新记录：按 Ctrl-S 插入")),
        ("form.default", CatalogEntry("default: {expression}", zh: "默认值：{expression}")),
        ("status.inserting", CatalogEntry("Inserting...", zh: "正在插入...")),
        ("status.inserted", CatalogEntry("Inserted {key}; updated_at {time}", zh: "已插入 {key}；updated_at {time}")),
        ("status.null.notNull", CatalogEntry("{field} is NOT NULL: it cannot be set to NULL", zh: "{field} 为 NOT NULL：不能设为 NULL")),
        ("status.null.already", CatalogEntry("{field} is already NULL", zh: "{field} 已经是 NULL")),
        ("status.null.set", CatalogEntry("{field} set to NULL", zh: "{field} 已设为 NULL")),
        ("status.boolean", CatalogEntry("{field} is true or false: Space toggles, t or f sets", zh: "{field} 为 true 或 false：空格键切换，t 或 f 直接设置")),
        (
            "status.boolean.nullable",
            CatalogEntry("{field} is true or false (or NULL): Space toggles, t or f sets", zh: "{field} 为 true 或 false（或 NULL）：空格键切换，t 或 f 直接设置")
        ),
        ("dialog.deleted.by", CatalogEntry("This row was deleted by {who}.", zh: "这条记录已被 {who} 删除。")),
    ]
}
