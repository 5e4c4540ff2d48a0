/// Every command: its usage line, a summary, what it accepts and a longer help text.
struct CommandInfo {
    var name: String
    var usage: String
    var summary: String
    var spec: ArgumentSpec
    var details: String
}

enum CommandTable {
    static let version = "recedit 0.1.0"

    static let commands: [CommandInfo] = [
        CommandInfo(
            name: "open", usage: "open <id> [--read-only]", summary: "edit one row in the terminal form",
            spec: ArgumentSpec(flags: ["--read-only"]),
            details: """
                Claims the row (others see "being edited by you"), shows it as a form and saves with Ctrl-S.
                A save made stale by another writer merges field by field; overlapping edits open the Conflict screen.
                --read-only opens without claiming. Press F1 or Ctrl-G in the editor for all keys.
                """),
        CommandInfo(
            name: "browse", usage: "browse [--table T] [--read-only]", summary: "list the table's rows in the terminal, see who edits which, open one",
            spec: ArgumentSpec(flags: ["--read-only"]),
            details: """
                A full-screen list of the table's rows (also what 'recedit' with no command shows on a terminal): who
                is editing each row, live; / filters as you type, = filters a column by value, s sorts, : goes to a key.
                Enter opens the row in the editor; quitting the editor comes back to the list. F1 lists every key.
                --read-only opens rows without claiming them.
                """),
        CommandInfo(
            name: "list", usage: "list [--limit N] [--after KEY] [--json]", summary: "list rows: key, edit state, updated_at, title",
            spec: ArgumentSpec(flags: ["--json"], options: ["--limit", "--after"]),
            details: """
                Shows at most N rows (default 50) in key order, starting after KEY; it never loads the whole table.
                On a terminal long titles are cut to the window width; into a pipe they are printed whole.
                """),
        CommandInfo(
            name: "show", usage: "show <id> [--json]", summary: "print one row",
            spec: ArgumentSpec(flags: ["--json"]),
            details: """
                --json prints {"table", "key", "fields", "updated_at", "edit_state", "edit_owner", "edit_lease_until", "edit_token",
                "edit_since"}. edit_state is idle, editing or locked; edit_since is when the current claim began.
                Integers and reals are numbers, text is a string, NULL is null, blobs are base64.
                "updated_at" is the exact string to pass to 'recedit set --expect'.
                """),
        CommandInfo(
            name: "new", usage: "new [field=value ...] [--json]", summary: "insert a row and print its key",
            spec: ArgumentSpec(flags: ["--json"]),
            details: "Values are read by column type; field:=null stores NULL."),
        CommandInfo(
            name: "set", usage: "set <id> field=value ... [--expect UPDATED_AT] [--strict]", summary: "a checked save without the editor",
            spec: ArgumentSpec(flags: ["--strict"], options: ["--expect"]),
            details: """
                Values are read by column type (field= is empty text, field:=null is NULL).
                Without --expect the row is read and saved at once, still checked against its updated_at.
                With --expect, a row changed since that version is merged: fields only the other side changed are
                kept (one line each) and yours saved, unless --strict. A field both sides changed is a conflict:
                the report shows base, mine and theirs and the exit code is 3.
                """),
        CommandInfo(
            name: "history", usage: "history <id> [--json]", summary: "list the replaced and deleted versions of a row",
            spec: ArgumentSpec(flags: ["--json"]),
            details: "Every version an UPDATE replaced (by any writer) and every delete, newest first."),
        CommandInfo(
            name: "restore", usage: "restore <id> <updated_at>", summary: "bring back a version from history (a checked save)",
            spec: ArgumentSpec(),
            details: """
                Writes the fields of that version over the current row, checked against the row's current updated_at.
                A deleted row is re-created from that version (refused, exit 3, if a row with its key exists again).
                """),
        CommandInfo(
            name: "claim", usage: "claim <id> [--lock]", summary: "mark a row as being edited by you (exit 5 when busy)",
            spec: ArgumentSpec(flags: ["--json", "--lock"]),
            details: """
                The owner is user@host:PID of the calling shell (or $RECEDIT_OWNER), so 'claim' and a later 'release'
                from the same script match, and two terminals are two owners. A lease that has run out is taken over.
                --lock (the default in exclusive mode) claims the row locked: until you release it or the lease runs
                out, every recedit client refuses writes to it by anyone else, whatever its own lockMode says.
                """),
        CommandInfo(
            name: "release", usage: "release <id> [--force]", summary: "end your claim on a row",
            spec: ArgumentSpec(flags: ["--force"]),
            details: "Releases only your own claim (owner and token must match); --force releases anyone's (exit 5 without it)."),
        CommandInfo(
            name: "status", usage: "status <id> [--json]", summary: "show a row's edit state, owner and lease",
            spec: ArgumentSpec(flags: ["--json"]),
            details:
                "--json prints {\"key\", \"edit_state\", \"edit_owner\", \"edit_lease_until\", \"edit_token\", \"edit_since\", \"updated_at\"}; edit_since is when the claim began."
        ),
        CommandInfo(
            name: "watch", usage: "watch [--since SEQ|STAMP] [--json] [--edit-state] [--exec CMD ...]",
            summary: "print every change to the table by any writer, as it commits",
            spec: ArgumentSpec(flags: ["--json", "--edit-state"], options: ["--since"]),
            details: """
                One line per insert, update (with the changed fields) and delete, by any writer (recedit, database
                shells, applications), read from the change log the triggers keep; --edit-state adds claims and
                releases. A line starts with its change number: 'watch --since N' goes on after change N, so a
                watcher restarted with the last number it printed misses nothing and repeats nothing. --since also
                takes a stamp (changes recorded after it). --json prints {"seq", "table", "key", "op", "fields",
                "updated_at", "writer"} per line. --exec runs CMD (no shell; everything after --exec) once per
                change with RECEDIT_TABLE, RECEDIT_KEY, RECEDIT_OP, RECEDIT_FIELDS, RECEDIT_UPDATED_AT set and the
                JSON on its standard input, before the line is printed. Runs until SIGINT or SIGTERM, or until
                the reader of its output goes away (exit 0); after a server restart it reconnects and resumes.
                """),
        CommandInfo(
            name: "init", usage: "init [--demo]", summary: "create the demo table 'records' with recedit's columns",
            spec: ArgumentSpec(flags: ["--demo"]),
            details: "Idempotent. Creates the database file when it is missing. --demo adds sample rows to an empty table."),
        CommandInfo(
            name: "adopt", usage: "adopt --table T [--key COL]", summary: "add recedit's columns, triggers and history to an existing table",
            spec: ArgumentSpec(options: ["--key"]),
            details: """
                Idempotent. An existing updated_at column is reused. A table without a single-column primary key
                needs --key naming a unique column. A column of the table's own under one of recedit's other names
                (edit_state, edit_owner, edit_lease_until, edit_token, edit_since) is refused, never taken over:
                give recedit's columns other names with "columns" in the config.
                """),
        CommandInfo(
            name: "completions", usage: "completions bash|zsh|fish", summary: "print a completion script for a shell",
            spec: ArgumentSpec(),
            details: """
                Completes commands and options, --table with the tables recedit has set up, and the first 100 row keys
                for the commands that take one (each looked up with a 2-second limit).
                bash: eval "$(recedit completions bash)" in ~/.bashrc; zsh: the output as _recedit on $fpath;
                fish: the output as ~/.config/fish/completions/recedit.fish. scripts/install puts them in place.
                """),
        CommandInfo(
            name: "merge-file", usage: "merge-file [-p] [--diff3] [-L LABEL ...] MINE BASE THEIRS", summary: "three-way merge of files, like git merge-file",
            spec: ArgumentSpec(), details: ""),
    ]

    static func command(named name: String) -> CommandInfo? { commands.first { $0.name == name } }

    static var mainHelp: String {
        let width = commands.map(\.name.count).max() ?? 0
        let list = commands.map { "  " + $0.name.padding(width) + "  " + $0.summary }.joined(separator: "\n")
        return """
            recedit: edit shared database rows without lost updates

            Usage: recedit [--db URL] [--table T] [--user NAME] [--config FILE] COMMAND [ARGS]
            With no COMMAND, on a terminal: the table browser ('recedit browse').

            Commands:
            \(list)

            Options:
              --db URL         sqlite:PATH, postgres://user@host:port/db or mysql://… (default: $RECEDIT_DB, the config file,
                               then ~/.local/share/recedit/recedit.db, created with demo rows on first use)
              --table T        the table to edit (default: records)
              --user NAME      your name in claims and history (default: the config file, then $USER)
              --config FILE    the config file (default: $RECEDIT_CONFIG, ./recedit.json, ~/.config/recedit/config.json)
              -h, --help       this help; 'recedit COMMAND --help' for a command
              --version        the version

            Exit codes: 0 ok, 1 error, 2 usage, 3 conflict, 4 not found, 5 busy.
            """
    }

    static func help(for command: CommandInfo) -> String {
        var text = "Usage: recedit [GLOBAL OPTIONS] \(command.usage)\n\n\(command.summary.prefix(1).uppercased() + command.summary.dropFirst()).\n"
        if !command.details.isEmpty { text += "\n" + command.details + "\n" }
        return text
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
