import CNcursesw
import EditorCore

/// Something the terminal reported.
public enum TerminalEvent: Equatable, Sendable {
    case key(Key)
    /// The terminal now has this many columns and rows.
    case resize(width: Int, height: Int)
}

/// Turns what `get_wch` returns into keys. Pure, so it can be tested without a terminal.
public enum KeyDecoder {
    /// - Parameters:
    ///   - code: the wide character, or the KEY_* code when `isKeyCode` is true.
    ///   - isKeyCode: `get_wch` returned KEY_CODE_YES.
    /// - Returns: the key, or nil for input the editor has no use for (NUL, C1 controls, unknown keys).
    public static func decode(_ code: UInt32, isKeyCode: Bool) -> Key? {
        if isKeyCode { return decodeKeyCode(Int32(bitPattern: code)) }
        switch code {
        case 8, 127: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + code))))
        case 0, 28...31: return nil
        case 0x80...0x9F: return nil  // C1 controls
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            // Line and paragraph separators and other format-only controls are not text to insert.
            if scalar.properties.generalCategory == .control { return nil }
            return .character(Character(scalar))
        }
    }

    static func decodeKeyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_FIND, KEY_A1, KEY_SHOME: return .home
        case KEY_END, KEY_SELECT, KEY_LL, KEY_C3, KEY_SEND: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        default:
            let f0 = recedit_key_f(0)
            if code > f0 && code <= f0 + 63 { return .function(Int(code - f0)) }
            return nil
        }
    }
}
