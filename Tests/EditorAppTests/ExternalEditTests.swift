import XCTest

@testable import EditorApp

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// $VISUAL run for real through /bin/sh: a failure says which command failed and why.
final class ExternalEditTests: XCTestCase {
    var savedVisual: String?

    override func setUp() { savedVisual = getenv("VISUAL").map { String(cString: $0) } }

    override func tearDown() {
        if let savedVisual { setenv("VISUAL", savedVisual, 1) } else { unsetenv("VISUAL") }
    }

    func run(visual: String, text: String = "draft") throws -> ExternalEdit.Outcome? {
        setenv("VISUAL", visual, 1)
        let edit = try ExternalEdit.start(text: text)
        for _ in 0..<500 {
            if let outcome = edit.poll() { return outcome }
            usleep(10_000)
        }
        edit.terminate()
        XCTFail("the external editor did not finish")
        return nil
    }

    func testAMissingEditorSaysItWasNotFound() throws {
        XCTAssertEqual(
            try run(visual: "recedit-no-such-editor"),
            .failed("could not run 'recedit-no-such-editor': not found (set $VISUAL or $EDITOR)"))
    }

    func testAnEditorThatFailsSaysItsExitStatus() throws {
        XCTAssertEqual(try run(visual: "false"), .failed("'false' exited with status 1; nothing was taken from it"))
    }

    func testAnEditedFileComesBack() throws {
        XCTAssertEqual(try run(visual: "sh -c 'printf \" more\" >>\"$1\"' sh"), .edited("draft more"))
    }

    func testAnEditorEndedBySignalSaysSo() {
        XCTAssertEqual(ExternalEdit.failure(command: "vim", status: 9), "'vim' was ended by signal 9")
        XCTAssertEqual(ExternalEdit.failure(command: "vim", status: 126 << 8), "could not run 'vim': not executable")
        XCTAssertNil(ExternalEdit.failure(command: "vim", status: 0))
    }
}
