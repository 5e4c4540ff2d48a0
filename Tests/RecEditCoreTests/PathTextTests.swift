import RecEditCore
import XCTest

final class PathTextTests: XCTestCase {
    /// The answers NSString.deletingLastPathComponent gives (which the command line used before), and "" for a
    /// one-character name (where it crashes).
    func testDirectoryIsWhatFoundationGave() {
        let cases: [(String, String)] = [
            ("/a/b", "/a"), ("foo.db", ""), ("/a", "/"), ("a/b/", "a"), ("/", "/"), ("a//b", "a"), ("//a", "/"),
            ("a/b//", "a"), ("./x", "."), ("/a/b/.", "/a/b"), ("/x/", "/"), ("", ""), ("a", ""), ("x/", ""),
            ("/home/ann/.local/share/recedit/recedit.db", "/home/ann/.local/share/recedit"), ("数据/记录.db", "数据"),
        ]
        for (path, directory) in cases {
            XCTAssertEqual(PathText.directory(of: path), directory, path)
        }
    }
}
