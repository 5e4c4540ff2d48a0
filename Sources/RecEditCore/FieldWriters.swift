/// Who wrote each field that changed between two versions of a row, read from the versions in between.
public enum FieldWriters {
    /// For every editable column whose value differs between `base` and `current`: the writer of the last
    /// version that changed it (nil when no recedit process wrote that version: `psql`, a script).
    ///
    /// - Parameters:
    ///   - currentWriter: who wrote `current` (`RecordStore.writer(of:at:)`).
    ///   - history: the row's replaced versions (`RecordStore.history`, any order); the ones between
    ///     `base` and `current` are used. Without them every change is put down to `currentWriter`.
    public static func writers(
        base: Record, current: Record, currentWriter: String?, history: [HistoryEntry],
        schema: Schema
    ) -> [String: String?] {
        let from = Stamp.microseconds(from: base.updatedAt)
        let to = Stamp.microseconds(from: current.updatedAt)
        // The versions after base and before current, oldest first.
        let between = history.filter { entry in
            guard entry.operation == .update, let at = Stamp.microseconds(from: entry.updatedAt), let from, let to else { return false }
            return at > from && at < to
        }.sorted { (Stamp.microseconds(from: $0.updatedAt) ?? 0) < (Stamp.microseconds(from: $1.updatedAt) ?? 0) }
        var chain: [(fields: [String: Value], writer: String?)] = [(base.fields, nil)]
        chain += between.map { ($0.fields, $0.writtenBy) }
        chain.append((current.fields, currentWriter))
        var out: [String: String?] = [:]
        for column in schema.editableColumns.map(\.name) where base[column] != current[column] {
            var writer = currentWriter
            for i in stride(from: chain.count - 1, through: 1, by: -1) where (chain[i].fields[column] ?? .null) != (chain[i - 1].fields[column] ?? .null) {
                writer = chain[i].writer
                break
            }
            out[column] = .some(writer)
        }
        return out
    }

    /// "bob@vm:1: title, status; alice@vm:2: body": columns grouped by writer, in the order given.
    /// `unknown` names a writer recedit does not know.
    public static func describe(
        _ columns: [(column: String, label: String)], writers: [String: String?], fallback: String?,
        unknown: String
    ) -> String {
        var groups: [(writer: String, labels: [String])] = []
        for (column, label) in columns {
            let writer = (writers[column] ?? fallback) ?? unknown
            if let i = groups.firstIndex(where: { $0.writer == writer }) { groups[i].labels.append(label) } else { groups.append((writer, [label])) }
        }
        return groups.map { "\($0.writer): " + $0.labels.joined(separator: ", ") }.joined(separator: "; ")
    }
}
