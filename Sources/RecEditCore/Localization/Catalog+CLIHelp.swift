extension Catalog {
    /// `recedit --help` and `recedit COMMAND --help`. Command names, options, config keys, JSON names and paths
    /// stay as they are in both languages; lines are wrapped by hand (a Chinese character takes two cells).
    static let cliHelp: [(String, CatalogEntry)] = [
        ("usage.main.title", CatalogEntry("recedit: edit shared database rows without lost updates", zh: "recedit：多人编辑共享的数据库行，不丢失更新")),
        (
            "usage.main.usage",
            CatalogEntry(
                "Usage: recedit [--db URL] [--table T] [--user NAME] [--config FILE] COMMAND [ARGS]",
                zh: "用法：recedit [--db URL] [--table T] [--user NAME] [--config FILE] COMMAND [ARGS]")
        ),
        (
            "usage.main.noCommand",
            CatalogEntry(
                "With no COMMAND, on a terminal: the table browser ('recedit browse').",
                zh: "在终端上不带 COMMAND 运行时：打开表浏览器（'recedit browse'）。")
        ),
        ("usage.main.commands", CatalogEntry("Commands:", zh: "命令：")),
        ("usage.main.options", CatalogEntry("Options:", zh: "选项：")),
        (
            "usage.main.exitCodes",
            CatalogEntry(
                "Exit codes: 0 ok, 1 error, 2 usage, 3 conflict, 4 not found, 5 busy.",
                zh: "退出码：0 成功，1 出错，2 用法错误，3 冲突，4 未找到，5 被占用。")
        ),
        (
            "usage.option.db",
            CatalogEntry(
                """
                sqlite:PATH, postgres://user@host:port/db or mysql://… (default: $RECEDIT_DB, the config file,
                then ~/.local/share/recedit/recedit.db, created with demo rows on first use)
                """,
                zh: """
                    sqlite:PATH、postgres://user@host:port/db 或 mysql://…（默认：$RECEDIT_DB、配置文件，
                    然后是 ~/.local/share/recedit/recedit.db，首次使用时创建并填入示例行）
                    """)
        ),
        ("usage.option.table", CatalogEntry("the table to edit (default: records)", zh: "要编辑的表（默认：records）")),
        (
            "usage.option.user",
            CatalogEntry(
                "your name in claims and history (default: the config file, then $USER)",
                zh: "认领和历史中记下的你的名字（默认：配置文件，然后是 $USER）")
        ),
        (
            "usage.option.config",
            CatalogEntry(
                "the config file (default: $RECEDIT_CONFIG, ./recedit.json, ~/.config/recedit/config.json)",
                zh: "配置文件（默认：$RECEDIT_CONFIG、./recedit.json、~/.config/recedit/config.json）")
        ),
        (
            "usage.option.help",
            CatalogEntry("this help; 'recedit COMMAND --help' for a command", zh: "显示本帮助；单个命令的帮助见 'recedit COMMAND --help'")
        ),
        ("usage.option.version", CatalogEntry("the version", zh: "显示版本")),
        ("usage.command", CatalogEntry("Usage: recedit [GLOBAL OPTIONS] {usage}", zh: "用法：recedit [全局选项] {usage}")),
        ("usage.sentence", CatalogEntry("{text}.", zh: "{text}。")),

        ("usage.open.summary", CatalogEntry("edit one row in the terminal form", zh: "在终端表单中编辑一行")),
        (
            "usage.open.details",
            CatalogEntry(
                """
                Claims the row (others see "being edited by you"), shows it as a form and saves with Ctrl-S.
                A save made stale by another writer merges field by field; overlapping edits open the Conflict screen.
                --read-only opens without claiming. Press F1 or Ctrl-G in the editor for all keys.
                """,
                zh: """
                    认领该行（其他人会看到 "正在被你编辑"），以表单显示，按 Ctrl-S 保存。
                    若保存前该行已被他人改过，则逐字段合并；双方改了同一处时打开冲突界面。
                    --read-only 只读打开，不认领。在编辑器中按 F1 或 Ctrl-G 查看全部按键。
                    """)
        ),
        (
            "usage.browse.summary",
            CatalogEntry(
                "list the table's rows in the terminal, see who edits which, open one",
                zh: "在终端中列出表中的行，查看谁在编辑哪一行，并打开其中一行")
        ),
        (
            "usage.browse.details",
            CatalogEntry(
                """
                A full-screen list of the table's rows (also what 'recedit' with no command shows on a terminal): who
                is editing each row, live; / filters as you type, = filters a column by value, s sorts, : goes to a key.
                Enter opens the row in the editor; quitting the editor comes back to the list. F1 lists every key.
                --read-only opens rows without claiming them.
                """,
                zh: """
                    全屏列出表中的行（在终端上运行不带命令的 'recedit' 也显示它），实时显示谁在编辑哪一行；
                    / 边输入边筛选，= 按某列的值筛选，s 排序，: 跳到某个键。
                    Enter 在编辑器中打开该行；退出编辑器后回到列表。F1 列出全部按键。
                    --read-only 打开行时不认领。
                    """)
        ),
        ("usage.list.summary", CatalogEntry("list rows: key, edit state, updated_at, title", zh: "列出行：键、编辑状态、updated_at、标题")),
        (
            "usage.list.details",
            CatalogEntry(
                """
                Shows at most N rows (default 50) in key order, starting after KEY; it never loads the whole table.
                On a terminal long titles are cut to the window width; into a pipe they are printed whole.
                """,
                zh: """
                    按键的顺序显示至多 N 行（默认 50），从 KEY 之后开始；从不加载整张表。
                    在终端上，过长的标题按窗口宽度截断；输出到管道时完整打印。
                    """)
        ),
        ("usage.show.summary", CatalogEntry("print one row", zh: "打印一行")),
        (
            "usage.show.details",
            CatalogEntry(
                """
                --json prints {"table", "key", "fields", "updated_at", "edit_state", "edit_owner", "edit_lease_until", "edit_token",
                "edit_since"}. edit_state is idle, editing or locked; edit_since is when the current claim began.
                Integers and reals are numbers, text is a string, NULL is null, blobs are base64.
                "updated_at" is the exact string to pass to 'recedit set --expect'.
                """,
                zh: """
                    --json 打印 {"table", "key", "fields", "updated_at", "edit_state", "edit_owner", "edit_lease_until",
                    "edit_token", "edit_since"}。edit_state 为 idle、editing 或 locked；edit_since 是当前认领开始的时间。
                    整数和实数是数字，文本是字符串，NULL 是 null，二进制数据（blob）是 base64。
                    "updated_at" 正是要原样传给 'recedit set --expect' 的字符串。
                    """)
        ),
        ("usage.new.summary", CatalogEntry("insert a row and print its key", zh: "插入一行并打印它的键")),
        ("usage.new.details", CatalogEntry("Values are read by column type; field:=null stores NULL.", zh: "值按列的类型解析；field:=null 存入 NULL。")),
        ("usage.set.summary", CatalogEntry("a checked save without the editor", zh: "不经编辑器、带校验地保存")),
        (
            "usage.set.details",
            CatalogEntry(
                """
                Values are read by column type (field= is empty text, field:=null is NULL).
                Without --expect the row is read and saved at once, still checked against its updated_at.
                With --expect, a row changed since that version is merged: fields only the other side changed are
                kept (one line each) and yours saved, unless --strict. A field both sides changed is a conflict:
                the report shows base, mine and theirs and the exit code is 3.
                """,
                zh: """
                    值按列的类型解析（field= 是空文本，field:=null 是 NULL）。
                    不带 --expect 时立即读取并保存该行，仍按它的 updated_at 校验。
                    带 --expect 时，若该行在那个版本之后被改过，则合并：只有对方改过的字段保留对方的值
                    （每个字段报告一行），你的值照常保存；--strict 时不合并。双方都改过的字段是冲突：
                    报告列出 base、mine 和 theirs，退出码为 3。
                    """)
        ),
        ("usage.history.summary", CatalogEntry("list the replaced and deleted versions of a row", zh: "列出一行被替换和被删除的版本")),
        (
            "usage.history.details",
            CatalogEntry(
                "Every version an UPDATE replaced (by any writer) and every delete, newest first.",
                zh: "（任何写入者的）UPDATE 替换掉的每个版本和每次删除，最新的在前。")
        ),
        ("usage.restore.summary", CatalogEntry("bring back a version from history (a checked save)", zh: "从历史中恢复一个版本（带校验的保存）")),
        (
            "usage.restore.details",
            CatalogEntry(
                """
                Writes the fields of that version over the current row, checked against the row's current updated_at.
                A deleted row is re-created from that version (refused, exit 3, if a row with its key exists again).
                """,
                zh: """
                    用该版本的字段覆盖当前行，按该行当前的 updated_at 校验。
                    已删除的行按该版本重新创建（若同一个键的行已再次存在，则拒绝，退出码 3）。
                    """)
        ),
        ("usage.claim.summary", CatalogEntry("mark a row as being edited by you (exit 5 when busy)", zh: "把一行标记为正由你编辑（被占用时退出码 5）")),
        (
            "usage.claim.details",
            CatalogEntry(
                """
                The owner is user@host:PID of the calling shell (or $RECEDIT_OWNER), so 'claim' and a later 'release'
                from the same script match, and two terminals are two owners. A lease that has run out is taken over.
                --lock (the default in exclusive mode) claims the row locked: until you release it or the lease runs
                out, every recedit client refuses writes to it by anyone else, whatever its own lockMode says.
                """,
                zh: """
                    持有者是调用它的 shell 的 user@host:PID（或 $RECEDIT_OWNER），因此同一脚本中的 'claim'
                    与之后的 'release' 相匹配，而两个终端是两个持有者。租约已到期的认领会被接管。
                    --lock（独占模式下的默认行为）以锁定方式认领该行：在你释放它或租约到期之前，
                    每个 recedit 客户端都拒绝其他人写入该行，无论它自己的 lockMode 如何设置。
                    """)
        ),
        ("usage.release.summary", CatalogEntry("end your claim on a row", zh: "结束你对一行的认领")),
        (
            "usage.release.details",
            CatalogEntry(
                "Releases only your own claim (owner and token must match); --force releases anyone's (exit 5 without it).",
                zh: "只释放你自己的认领（持有者和令牌须一致）；--force 释放任何人的认领（不加它时退出码 5）。")
        ),
        ("usage.status.summary", CatalogEntry("show a row's edit state, owner and lease", zh: "显示一行的编辑状态、持有者和租约")),
        (
            "usage.status.details",
            CatalogEntry(
                """
                --json prints {"key", "edit_state", "edit_owner", "edit_lease_until", "edit_token", "edit_since", "updated_at"}; edit_since is when the claim began.
                """,
                zh: """
                    --json 打印 {"key", "edit_state", "edit_owner", "edit_lease_until", "edit_token", "edit_since",
                    "updated_at"}；edit_since 是认领开始的时间。
                    """)
        ),
        (
            "usage.watch.summary",
            CatalogEntry("print every change to the table by any writer, as it commits", zh: "任何写入者对该表的每项变更，一提交就打印出来")
        ),
        (
            "usage.watch.details",
            CatalogEntry(
                """
                One line per insert, update (with the changed fields) and delete, by any writer (recedit, database
                shells, applications), read from the change log the triggers keep; --edit-state adds claims and
                releases. A line starts with its change number: 'watch --since N' goes on after change N, so a
                watcher restarted with the last number it printed misses nothing and repeats nothing. --since also
                takes a stamp (changes recorded after it). --json prints {"seq", "table", "key", "op", "fields",
                "updated_at", "writer"} per line. --exec runs CMD (no shell; everything after --exec) once per
                change with RECEDIT_TABLE, RECEDIT_KEY, RECEDIT_OP, RECEDIT_FIELDS, RECEDIT_UPDATED_AT set and the
                JSON on its standard input, before the line is printed. Runs until SIGINT or SIGTERM, or until
                the reader of its output goes away (exit 0); after a server restart it reconnects and resumes.
                """,
                zh: """
                    任何写入者（recedit、数据库 shell、应用程序）的每次插入、更新（附带改动的字段）和删除
                    各打印一行，读自触发器维护的变更日志；--edit-state 还打印认领和释放。每行以变更编号开头：
                    'watch --since N' 从变更 N 之后继续，因此用上次打印的最后一个编号重启的监视
                    既不遗漏也不重复。--since 也接受时间戳（其后记录的变更）。--json 每行打印 {"seq", "table",
                    "key", "op", "fields", "updated_at", "writer"}。--exec 对每项变更运行一次 CMD（不经 shell；
                    --exec 之后的全部内容），设置 RECEDIT_TABLE、RECEDIT_KEY、RECEDIT_OP、RECEDIT_FIELDS、
                    RECEDIT_UPDATED_AT，并把 JSON 写到它的标准输入，然后才打印该行。一直运行到 SIGINT
                    或 SIGTERM，或其输出的读取方离开（退出码 0）；服务器重启后会重新连接并继续。
                    """)
        ),
        ("usage.init.summary", CatalogEntry("create the demo table 'records' with recedit's columns", zh: "创建带有 recedit 各列的示例表 'records'")),
        (
            "usage.init.details",
            CatalogEntry(
                "Idempotent. Creates the database file when it is missing. --demo adds sample rows to an empty table.",
                zh: "可重复运行。数据库文件不存在时会创建它。--demo 向空表添加示例行。")
        ),
        (
            "usage.adopt.summary",
            CatalogEntry("add recedit's columns, triggers and history to an existing table", zh: "为已有的表添加 recedit 的列、触发器和历史")
        ),
        (
            "usage.adopt.details",
            CatalogEntry(
                """
                Idempotent. An existing updated_at column is reused. A table without a single-column primary key
                needs --key naming a unique column. A column of the table's own under one of recedit's other names
                (edit_state, edit_owner, edit_lease_until, edit_token, edit_since) is refused, never taken over:
                give recedit's columns other names with "columns" in the config.
                """,
                zh: """
                    可重复运行。已有的 updated_at 列会被沿用。没有单列主键的表需要用 --key 指定一个唯一列。
                    表中自有的列若与 recedit 的其他列同名（edit_state、edit_owner、edit_lease_until、
                    edit_token、edit_since），会被拒绝，绝不接管：请在配置的 "columns" 中给 recedit 的列另取名字。
                    """)
        ),
        ("usage.completions.summary", CatalogEntry("print a completion script for a shell", zh: "打印某个 shell 的补全脚本")),
        (
            "usage.completions.details",
            CatalogEntry(
                """
                Completes commands and options, --table with the tables recedit has set up, and the first 100 row keys
                for the commands that take one (each looked up with a 2-second limit).
                bash: eval "$(recedit completions bash)" in ~/.bashrc; zsh: the output as _recedit on $fpath;
                fish: the output as ~/.config/fish/completions/recedit.fish. scripts/install puts them in place.
                """,
                zh: """
                    补全命令和选项；--table 补全 recedit 已设置好的表；接受行键的命令补全前 100 个行键
                    （每次查询限时 2 秒）。
                    bash：在 ~/.bashrc 中写 eval "$(recedit completions bash)"；zsh：把输出存为 $fpath 中的 _recedit；
                    fish：把输出存为 ~/.config/fish/completions/recedit.fish。scripts/install 会把它们放好。
                    """)
        ),
        ("usage.merge-file.summary", CatalogEntry("three-way merge of files, like git merge-file", zh: "文件的三方合并，与 git merge-file 相同")),
        (
            "usage.mergeFile",
            CatalogEntry(
                """
                usage: recedit merge-file [options] [-L MINE_LABEL [-L BASE_LABEL [-L THEIRS_LABEL]]] MINE BASE THEIRS

                Merges the changes that lead from BASE to THEIRS into MINE, line by line, like
                `git merge-file`. The result replaces MINE unless -p is given. Conflicts are written
                between <<<<<<<, ======= and >>>>>>> markers labelled with the file names (or -L labels).

                    -p, --stdout          write the result to standard output instead of MINE
                    --diff3               also show the base lines of each conflict (after |||||||)
                    --zdiff3              like --diff3, with lines both sides agree on moved out of the conflict
                    --ours                settle conflicts with my lines
                    --theirs              settle conflicts with their lines
                    --union               settle conflicts with my lines followed by theirs
                    --marker-size <n>     use conflict markers of n characters (default 7)
                    -q, --quiet           print no messages
                    -L <label>            label for MINE, then BASE, then THEIRS (repeat up to three times)
                    -h, --help            show this help

                Exit status: the number of conflicts (at most 127), so 0 for a clean merge;
                2 for a usage error; 255 when a file cannot be read, written or is binary.

                """,
                zh: """
                    用法：recedit merge-file [选项] [-L MINE_LABEL [-L BASE_LABEL [-L THEIRS_LABEL]]] MINE BASE THEIRS

                    把从 BASE 到 THEIRS 的改动逐行合并进 MINE，与 `git merge-file` 相同。
                    除非给出 -p，结果会替换 MINE。冲突写在 <<<<<<<、======= 和 >>>>>>> 标记之间，
                    标记上注明文件名（或 -L 给出的标签）。

                        -p, --stdout          把结果写到标准输出，而不是写入 MINE
                        --diff3               同时显示每处冲突的 base 行（在 ||||||| 之后）
                        --zdiff3              同 --diff3，但把双方一致的行移到冲突之外
                        --ours                用我的行解决冲突
                        --theirs              用他们的行解决冲突
                        --union               用我的行加上他们的行解决冲突
                        --marker-size <n>     使用 n 个字符长的冲突标记（默认 7）
                        -q, --quiet           不打印任何消息
                        -L <label>            依次为 MINE、BASE、THEIRS 的标签（最多给三次）
                        -h, --help            显示本帮助

                    退出状态：冲突的个数（至多 127），因此干净的合并为 0；
                    用法错误为 2；文件无法读取、无法写入或是二进制文件时为 255。

                    """)
        ),
    ]
}
