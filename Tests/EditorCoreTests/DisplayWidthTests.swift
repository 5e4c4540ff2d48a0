import XCTest

@testable import EditorCore

final class DisplayWidthTests: XCTestCase {
    func testASCIIAndLatin() {
        XCTAssertEqual(DisplayWidth.of("a" as Character), 1)
        XCTAssertEqual(DisplayWidth.of("é" as Character), 1)  // precomposed
        XCTAssertEqual(DisplayWidth.of("Quarterly report"), 16)
    }

    func testCJKIsWide() {
        XCTAssertEqual(DisplayWidth.of("季" as Character), 2)
        XCTAssertEqual(DisplayWidth.of("季度销售报告"), 12)
        XCTAssertEqual(DisplayWidth.of("。" as Character), 2)  // ideographic full stop
        XCTAssertEqual(DisplayWidth.of("한" as Character), 2)  // Hangul syllable
        XCTAssertEqual(DisplayWidth.of("ｱ" as Character), 1)  // halfwidth katakana
        XCTAssertEqual(DisplayWidth.of("Ａ" as Character), 2)  // fullwidth A
        XCTAssertEqual(DisplayWidth.of("𠀀" as Character), 2)  // CJK extension B
    }

    func testCombiningMarksTakeNoColumn() {
        XCTAssertEqual(DisplayWidth.of("\u{301}" as Unicode.Scalar), 0)
        XCTAssertEqual(DisplayWidth.of("e\u{301}" as Character), 1)
        XCTAssertEqual(DisplayWidth.of("e\u{301}\u{323}"), 1)
        XCTAssertEqual(DisplayWidth.of("\u{20DD}" as Unicode.Scalar), 0)  // enclosing circle (Me)
        XCTAssertEqual(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}" as Character), 2)  // Hangul L V T jamo
        XCTAssertEqual(DisplayWidth.of("\u{3099}" as Unicode.Scalar), 0)  // combining kana voiced mark
    }

    func testFormatCharactersTakeNoColumn() {
        XCTAssertEqual(DisplayWidth.of("\u{200D}" as Unicode.Scalar), 0)  // ZWJ
        XCTAssertEqual(DisplayWidth.of("\u{FE0F}" as Unicode.Scalar), 0)  // VS16
        XCTAssertEqual(DisplayWidth.of("\u{200B}" as Unicode.Scalar), 0)  // ZWSP
    }

    func testEmoji() {
        XCTAssertEqual(DisplayWidth.of("😀" as Character), 2)
        XCTAssertEqual(DisplayWidth.of("👍🏽" as Character), 2)  // skin tone modifier
        XCTAssertEqual(DisplayWidth.of("👨‍👩‍👧" as Character), 2)  // ZWJ family
        XCTAssertEqual(DisplayWidth.of("🇨🇳" as Character), 2)  // flag
        XCTAssertEqual(DisplayWidth.of("❤️" as Character), 2)  // text default + VS16
        XCTAssertEqual(DisplayWidth.of("1️⃣" as Character), 2)  // keycap
        XCTAssertEqual(DisplayWidth.of("☺" as Character), 1)  // text presentation
        XCTAssertEqual(DisplayWidth.of("⌚" as Character), 2)
        XCTAssertEqual(DisplayWidth.of("ok 👍"), 5)
    }

    func testPainterNeverSplitsAWideCharacter() {
        var p = Painter(width: 10, height: 1, theme: Theme(colors: false))
        let drawn = p.text("ab季度销售", row: 0, column: 0, limit: 7, style: .plain)
        XCTAssertEqual(drawn, 7)
        XCTAssertEqual(p.buffer.line(0), "ab季度    ")  // 6 columns drawn + 1 pad + 3 untouched   // "销" would straddle column 7: padded instead
        XCTAssertEqual(p.buffer[0, 2].width, 2)
        XCTAssertEqual(p.buffer[0, 3].text, "")  // continuation of 季
        XCTAssertEqual(p.buffer[0, 6].text, " ")
        XCTAssertEqual(p.buffer[0, 6].width, 1)
    }

    func testWideCharacterCutByHorizontalScrollShowsASpace() {
        var p = Painter(width: 6, height: 1, theme: Theme(colors: false))
        p.glyphs(Sanitize.glyphs("季度ab"), skip: 1, row: 0, column: 0, limit: 6, style: .plain)
        XCTAssertEqual(p.buffer.line(0), " 度ab ")
    }

    func testCJKFieldAtTheRightEdgeIsPaddedNotSplit() {
        var r = demoRecord(3)
        r.fields["title"] = .text(String(repeating: "季", count: 60))
        var e = makeEditor(record: r)
        e.press(.home)
        let buffer = e.render()
        // Values start at column 19 and may use up to column 78; 季 pairs fill 19...78 exactly when
        // the count of columns is even; otherwise the last one is padded. Nothing wide starts at 79.
        XCTAssertNotEqual(buffer[2, 79].width, 2)
        for c in 19..<79 where buffer[2, c].width == 2 { XCTAssertLessThan(c + 1, 79) }
        XCTAssertEqual(buffer[2, 79].text, ">")  // clipped mark
    }
}
