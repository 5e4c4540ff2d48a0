extension Catalog {
    /// The history and review screens and the field hints of the form.
    static let history: [(String, CatalogEntry)] = [
        ("form.hint.choice", CatalogEntry("(Space: {values})", zh: "（空格键：{values}）")),
        ("form.hint.boolean", CatalogEntry("(Space toggles)", zh: "（空格键切换）")),
        ("form.hint.date", CatalogEntry("(+/- a day, t today)", zh: "（+/- 一天，t 今天）")),
        ("form.hint.json", CatalogEntry("(^O pretty-printed)", zh: "（^O 格式化编辑）")),
        ("form.hint.reference", CatalogEntry("(Enter: pick a row)", zh: "（Enter：选择记录）")),
        ("status.choice.refusal", CatalogEntry("{field} takes only {values}; Space or Left/Right choose", zh: "{field} 只接受 {values}；用空格键或 Left/Right 选择")),
        (
            "status.choice.refusal.nullable",
            CatalogEntry("{field} takes only {values} or NULL; Space or Left/Right choose", zh: "{field} 只接受 {values} 或 NULL；用空格键或 Left/Right 选择")
        ),
        ("status.todayUnknown", CatalogEntry("Today is not known yet; type the date", zh: "暂时无法得知今天的日期；请输入日期")),

        ("review.reverted", CatalogEntry("{field} is back to its loaded value", zh: "{field} 已恢复为载入时的值")),
        ("review.noChanges", CatalogEntry("No changes: a save has nothing to write.", zh: "没有修改：保存时没有内容可写入。")),
        ("review.changed.one", CatalogEntry("{n} changed field", zh: "{n} 个字段已修改")),
        ("review.changed.other", CatalogEntry("{n} changed fields", zh: "{n} 个字段已修改")),
        ("review.title", CatalogEntry("Review the save: {row}", zh: "检查保存内容：{row}")),
        ("review.checkedAgainst", CatalogEntry("checked against {version}", zh: "按版本 {version} 检查")),
        ("review.newer", CatalogEntry("; newer version {version} seen: the save will merge", zh: "；已发现较新的版本 {version}：保存时将合并")),
        ("keybar.revertField", CatalogEntry("revert field", zh: "撤销字段修改")),
        ("keybar.field", CatalogEntry("field", zh: "字段")),
        ("keybar.back", CatalogEntry("back", zh: "返回")),

        ("history.rowGone", CatalogEntry("This row no longer exists; its versions are kept in history", zh: "这条记录已不存在；它的各个版本保留在历史中")),
        ("history.ctrlC", CatalogEntry("Ctrl-C does nothing here; Esc or q closes the history", zh: "Ctrl-C 在此无效；按 Esc 或 q 关闭历史")),
        ("history.stillRestoring", CatalogEntry("Still restoring...", zh: "仍在恢复...")),
        ("history.deletedRestoreHint", CatalogEntry("The row was deleted; '{command}' re-creates it", zh: "这条记录已被删除；'{command}' 可重新创建")),
        ("history.isCurrent", CatalogEntry("This is the row now; pick an older version with the arrows", zh: "这是记录的当前内容；用方向键选择较早的版本")),
        ("history.alreadyHolds", CatalogEntry("The row already holds this version", zh: "记录已经是这个版本")),
        ("history.restoring", CatalogEntry("Restoring the version of {time}...", zh: "正在恢复 {time} 的版本...")),
        ("history.restored.version", CatalogEntry("Restored the version from {from}; updated_at {time}", zh: "已恢复 {from} 的版本；updated_at {time}")),
        ("history.restored.fields", CatalogEntry("Restored {fields} from {from}; updated_at {time}", zh: "已从 {from} 恢复 {fields}；updated_at {time}")),
        (
            "history.notRestored.changed",
            CatalogEntry(
                "Not restored: {who} changed the row meanwhile (now {time}); nothing written. Look again and press r",
                zh: "未恢复：{who} 在此期间修改了记录（现为 {time}）；未写入任何内容。请再次查看后按 r")
        ),
        (
            "history.notRestored.locked",
            CatalogEntry("Not restored: {owner} holds this row locked (exclusive mode); nothing written", zh: "未恢复：{owner} 锁定了这条记录（独占模式）；未写入任何内容")
        ),
        ("history.notRestored.deleted", CatalogEntry("Not restored: the row was deleted meanwhile; nothing written", zh: "未恢复：记录在此期间已被删除；未写入任何内容")),
        ("history.title", CatalogEntry("History of {row}", zh: "{row} 的历史")),
        ("history.reading", CatalogEntry("Reading the row's history...", zh: "正在读取记录的历史...")),
        ("history.none", CatalogEntry("No versions of this row are kept", zh: "这条记录没有保留任何版本")),
        ("history.more", CatalogEntry("more: PgDn", zh: "更多：PgDn")),
        (
            "history.keys",
            CatalogEntry("Up/Down pick a version  r restore it  PgUp/PgDn scroll the diff  Esc close", zh: "Up/Down 选择版本  r 恢复  PgUp/PgDn 滚动差异  Esc 关闭")
        ),
        ("history.entry.now", CatalogEntry("the row now", zh: "当前记录")),
        ("history.entry.editedBy", CatalogEntry(" (edited by {owner})", zh: "（由 {owner} 编辑中）")),
        ("history.entry.deleted", CatalogEntry("deleted", zh: "已删除")),
        ("history.entry.deletedBy", CatalogEntry("deleted by {who}", zh: "已被 {who} 删除")),
        ("history.entry.replacedBy", CatalogEntry("replaced by {who}", zh: "已被 {who} 替换")),
        ("history.diff.now", CatalogEntry("The row now", zh: "当前记录")),
        ("history.diff.version", CatalogEntry("The version of {time}", zh: "{time} 的版本")),
        ("history.diff.versionAgainst", CatalogEntry("The version of {time} against the row now", zh: "{time} 的版本与当前记录对比")),
        ("history.diff.same", CatalogEntry("Same values as the row now", zh: "与当前记录的值相同")),
        ("history.diff.unchanged.one", CatalogEntry("({n} line unchanged)", zh: "（{n} 行未修改）")),
        ("history.diff.unchanged.other", CatalogEntry("({n} lines unchanged)", zh: "（{n} 行未修改）")),
    ]
}
