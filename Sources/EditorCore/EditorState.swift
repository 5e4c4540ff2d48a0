import RecEditCore

// PLACEHOLDER signatures; the editor implementation replaces this file.
public struct EditorState: Sendable {
    public private(set) var schema: Schema
    public private(set) var record: Record
    public private(set) var config: EditorConfig
    public private(set) var width: Int
    public private(set) var height: Int

    /// - Parameter orphanedDraft: a draft left by a process that is gone; the editor offers to recover it.
    public init(schema: Schema, record: Record, config: EditorConfig, width: Int, height: Int, orphanedDraft: Draft? = nil) {
        self.schema = schema
        self.record = record
        self.config = config
        self.width = width
        self.height = height
    }

    /// Effects to run when the editor opens (the claim, unless read-only).
    public mutating func start() -> [EditorEffect] { config.readOnly ? [] : [.claim] }

    public mutating func update(_ message: EditorMessage) -> [EditorEffect] { [] }

    public func render() -> CellBuffer { CellBuffer(width: width, height: height) }

    /// True once the editor has asked to quit and everything it needed is done.
    public var isFinished: Bool { false }
}
