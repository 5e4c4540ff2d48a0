import RecEditCore

/// The table browser: a page of the table's rows, who is editing which, moving, filtering and sorting.
/// It lives without an open row, under the row's screens (`AppState.browser`): Enter asks for `.open`, and
/// quitting the row's form comes back here at the same row. It holds one keyset page that fills the screen
/// (never an OFFSET): every move past its edge asks the store for the next page through `.fetchPage`; answers
/// carry the request's generation, so an answer to a request since replaced (typing a filter) is dropped.
public struct BrowserScreen: Sendable {
    let schema: Schema
    /// The database as the status line names it (password masked).
    let location: String
    let owner: String
    let theme: Theme
    /// `--read-only`: rows can be looked at and opened, not deleted or added.
    let readOnly: Bool

    /// The columns shown, in order: the key first, then the data columns not hidden.
    var columns: [String]
    var hidden: [String] = []
    /// The column `s`, `=` and the column keys act on (index into `columns`).
    var currentColumn = 0
    /// The first non-key column drawn (horizontal scroll).
    var firstScrolledColumn = 1

    var rows: [Record] = []
    var hasMoreBefore = false
    var hasMoreAfter = false
    var selected = 0
    /// The position of `rows[0]` among the matching rows, when known (nil after a jump or from the end without an estimate).
    var offset: Int? = 0
    var estimate: Int?

    var search = ""
    var equals: [ColumnEquals] = []
    var sortColumn: String?
    var descending = false

    /// The request of the page shown (asked again to refresh it) and the one on its way.
    var lastRequest: RowPageRequest?
    var inFlight: RowPageRequest?
    var generation = 0
    var purpose: Purpose?
    var prompt: Prompt?
    var showingHelp = false
    var message: (text: String, style: MessageStyle)?
    /// The clock from the last tick (database microseconds since 1970; 0 until the first tick).
    var now: Int64 = 0
    /// Rows another writer changed since they were drawn, and until when they stay marked.
    var changedUntil: [Value: Int64] = [:]
    /// The table changed while a page was on its way (that page may be older than the change).
    var changedWhileFetching = false
    /// The row I just closed: its new version is mine, not someone else's change.
    var ownChange: Value?
    var request: Request?
    var bodyHeight: Int

    static let changeMarkMicroseconds: Int64 = 5_000_000

    enum MessageStyle: Sendable { case info, warning, error }

    /// What an outstanding page request is for.
    enum Purpose: Sendable, Equatable {
        /// Show the page; select the row with `selectKey` if it is there, else the row at `selectIndex` (-1: the last).
        case window(selectKey: Value?, selectIndex: Int, offset: Int?)
        /// `:` step one: the row before `key` in key order, to start the page after it.
        case jumpProbe(Value)
        /// `:` step two: the page from the row before `key`; select `key`.
        case jumpLand(Value)
    }

    /// A one-line question in the message line.
    enum Prompt: Sendable, Equatable {
        /// `/`: the filter as typed (applied as it changes); `before` is restored by Esc.
        case search(String, before: String)
        /// `=`: a value for `column`.
        case equals(column: String, text: String)
        /// `:`: a key value to jump to.
        case jump(String)
    }

    init(schema: Schema, location: String, config: EditorConfig, height: Int) {
        self.schema = schema
        self.location = location
        self.owner = config.owner
        self.theme = Theme(colors: config.colors)
        self.readOnly = config.readOnly
        let key = schema.keyColumn
        columns = [key] + schema.dataColumns.map(\.name).filter { $0 != key }
        bodyHeight = BrowserScreen.bodyHeight(forHeight: height)
    }

    static func bodyHeight(forHeight height: Int) -> Int { max(1, height - 4) }

    /// The first page and the table's size estimate.
    mutating func start() -> [EditorEffect] {
        [.estimateRowCount] + fetch(first: true)
    }

    var selectedKey: Value? { rows.indices.contains(selected) ? rows[selected].key : nil }
    var selectedRow: Record? { rows.indices.contains(selected) ? rows[selected] : nil }

    /// A screen the browser asks `AppState` to open over it (it has no stack of its own).
    enum Request: Sendable, Equatable {
        case history(key: Value)
        /// Delete, checked against the version drawn.
        case delete(row: Record)
        case newRow
    }

    /// Hands over the screen asked for by the last key, if any.
    mutating func takeRequest() -> Request? {
        defer { request = nil }
        return request
    }

    var isFiltered: Bool { !search.isEmpty || !equals.isEmpty }

    // MARK: - Requests

    func request(cursor: RowCursor? = nil, direction: RowPageRequest.Direction = .forward, sortByKey: Bool = false) -> RowPageRequest {
        RowPageRequest(
            search: search.isEmpty ? nil : search, searchColumns: searchColumns, equals: equals,
            sortColumn: sortByKey ? nil : sortColumn, descending: sortByKey ? false : descending, cursor: cursor,
            direction: direction, limit: bodyHeight)
    }

    /// The text columns shown, where `/` looks.
    var searchColumns: [String] { columns.filter { schema.column(named: $0)?.kind == .text } }

    func cursor(of record: Record) -> RowCursor {
        RowCursor(sortValue: sortColumn.map { record[$0] }, key: record.key)
    }

    mutating func send(_ request: RowPageRequest, for purpose: Purpose) -> [EditorEffect] {
        generation += 1
        self.purpose = purpose
        inFlight = request
        return [.fetchPage(request, generation: generation)]
    }

    /// The first page (or the last with `first: false`), selecting its first (last) row.
    mutating func fetch(first: Bool) -> [EditorEffect] {
        first
            ? send(request(), for: .window(selectKey: nil, selectIndex: 0, offset: 0))
            : send(request(direction: .backward), for: .window(selectKey: nil, selectIndex: -1, offset: nil))
    }

    /// The same page again (the table changed, a row was closed, the window resized), keeping the selected row.
    mutating func refetch() -> [EditorEffect] {
        guard var again = lastRequest else { return fetch(first: true) }
        again.limit = bodyHeight
        return send(again, for: .window(selectKey: selectedKey, selectIndex: selected, offset: offset))
    }

    // MARK: - Update

    mutating func update(_ message: EditorMessage) -> [EditorEffect] {
        switch message {
        case .key(let key):
            return handleKey(key)
        case .resize(_, let height):
            let newHeight = BrowserScreen.bodyHeight(forHeight: height)
            guard newHeight != bodyHeight else { return [] }
            bodyHeight = newHeight
            return refetch()
        case .tick(let now):
            self.now = now
            changedUntil = changedUntil.filter { $0.value > now }
            return []
        case .pageFetched(let page, let generation):
            guard generation == self.generation, let purpose, let request = inFlight else { return [] }
            self.purpose = nil
            inFlight = nil
            return arrived(page, request: request, for: purpose)
        case .rowCountEstimated(let estimate):
            self.estimate = estimate
            return []
        case .rowDeleted, .rowUpdated:
            // A screen over the list deleted or restored a row: show the page as it is now.
            return purpose == nil ? refetch() : []
        case .tableChanged:
            guard purpose == nil else {
                changedWhileFetching = true
                return []
            }
            return refetch()
        case .pageFailed(let text, let generation):
            guard generation == self.generation else { return [] }
            purpose = nil
            inFlight = nil
            say(text, .error)
            return []
        case .failure(let text, _):
            say(text, .error)
            return []
        case .notice(let text):
            say(text, .warning)
            return []
        default:
            return []
        }
    }

    mutating func say(_ text: String, _ style: MessageStyle = .info) { message = (text, style) }

    /// Back from the row's editor: the same page again, with the row's new values.
    mutating func rowClosed(key: Value?) -> [EditorEffect] {
        ownChange = key
        message = nil
        return refetch()
    }

    mutating func arrived(_ page: RowPage, request: RowPageRequest, for purpose: Purpose) -> [EditorEffect] {
        switch purpose {
        case .jumpProbe(let key):
            let start = page.rows.first.map { RowCursor(sortValue: nil, key: $0.key) }
            return send(self.request(cursor: start, sortByKey: true), for: .jumpLand(key))
        case .jumpLand(let key):
            show(page, request: request, offset: nil)
            if let index = rows.firstIndex(where: { $0.key == key }) {
                selected = index
            } else {
                selected = 0
                say(localized(isFiltered ? "browser.noSuchKey.filtered" : "browser.noSuchKey", ["key": "\(schema.keyColumn) = \(key.displayText)"]), .warning)
            }
            lastRequest = request
            return []
        case .window(let selectKey, let selectIndex, let offset):
            // A backward page that ran into the start without filling the screen: show the first page instead.
            if request.direction == .backward, request.cursor != nil, !page.hasMore, page.rows.count < request.limit {
                return send(self.request(), for: .window(selectKey: selectKey ?? selectedKey, selectIndex: 0, offset: 0))
            }
            var offset = offset
            if request.direction == .backward, request.cursor == nil {
                offset = page.hasMore ? estimate.map { max(0, $0 - page.rows.count) } : 0
            }
            show(page, request: request, offset: offset)
            lastRequest = request
            if let selectKey, let index = rows.firstIndex(where: { $0.key == selectKey }) {
                selected = index
            } else {
                selected = selectIndex < 0 ? rows.count - 1 : min(selectIndex, rows.count - 1)
            }
            selected = max(0, selected)
            if changedWhileFetching {
                changedWhileFetching = false
                return refetch()
            }
            return []
        }
    }

    mutating func show(_ page: RowPage, request: RowPageRequest, offset: Int?) {
        let before = Dictionary(rows.map { ($0.key, $0.updatedAt) }, uniquingKeysWith: { a, _ in a })
        for row in page.rows {
            if let drawn = before[row.key], drawn != row.updatedAt, row.key != ownChange {
                changedUntil[row.key] = now + BrowserScreen.changeMarkMicroseconds
            }
        }
        ownChange = nil
        rows = page.rows
        switch request.direction {
        case .forward:
            hasMoreAfter = page.hasMore
            hasMoreBefore = request.cursor != nil
        case .backward:
            hasMoreBefore = page.hasMore
            hasMoreAfter = request.cursor != nil
        }
        self.offset = offset
    }
}
