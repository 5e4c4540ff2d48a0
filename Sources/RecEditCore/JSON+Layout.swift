/// Re-laying out JSON text without reading it as values: only the whitespace between tokens changes, so numbers
/// (`1.50`, `1e3`), escapes and duplicate keys stay exactly as written (a PostgreSQL `json` column keeps its text).
extension JSON {
    /// `text` on one line (`{"a": 1, "b": [1, 2]}`), or indented by two spaces when `pretty`. Throws the
    /// parser's error (with line and column) when `text` is not JSON.
    public static func relayout(_ text: String, pretty: Bool) throws -> String {
        _ = try parse(text)
        let tokens = jsonTokens(text)
        var out = ""
        var depth = 0
        let newline = { (depth: Int) in "\n" + String(repeating: "  ", count: depth) }
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            switch token {
            case "{", "[":
                let closing = token == "{" ? "}" : "]"
                if i + 1 < tokens.count, tokens[i + 1] == closing {
                    out += token + closing
                    i += 2
                    continue
                }
                depth += 1
                out += token + (pretty ? newline(depth) : "")
            case "}", "]":
                depth -= 1
                out += (pretty ? newline(depth) : "") + token
            case ",":
                out += pretty ? "," + newline(depth) : ", "
            case ":":
                out += ": "
            default:
                out += token
            }
            i += 1
        }
        return out
    }
}

/// The tokens of JSON text already known to parse: strings as written (quotes and escapes), punctuation, and
/// the literals between them (numbers, `true`, `false`, `null`); whitespace dropped.
private func jsonTokens(_ text: String) -> [String] {
    var tokens: [String] = []
    let scalars = Array(text.unicodeScalars)
    var i = 0
    func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" }
    func isPunctuation(_ s: Unicode.Scalar) -> Bool { "{}[],:".unicodeScalars.contains(s) }
    while i < scalars.count {
        let s = scalars[i]
        if isSpace(s) {
            i += 1
        } else if isPunctuation(s) {
            tokens.append(String(s))
            i += 1
        } else if s == "\"" {
            var token = String.UnicodeScalarView()
            token.append(s)
            i += 1
            while i < scalars.count {
                token.append(scalars[i])
                if scalars[i] == "\\", i + 1 < scalars.count {
                    token.append(scalars[i + 1])
                    i += 2
                    continue
                }
                i += 1
                if scalars[i - 1] == "\"" { break }
            }
            tokens.append(String(token))
        } else {
            var token = String.UnicodeScalarView()
            while i < scalars.count, !isSpace(scalars[i]), !isPunctuation(scalars[i]), scalars[i] != "\"" {
                token.append(scalars[i])
                i += 1
            }
            tokens.append(String(token))
        }
    }
    return tokens
}
