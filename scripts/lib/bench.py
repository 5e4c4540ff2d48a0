#!/usr/bin/env python3
"""The harness behind scripts/bench: runs each benchmark, every anchor in the same invocation (interleaved with
recedit's runs, or measured over the same window), and prints one table: work, recedit, anchor, ratio, target, met.

Whole-process figures are measured here, not with hyperfine: each timed run is one posix_spawn + waitpid (wall
time); peak RSS comes from extra runs under /usr/bin/time -f %M, in the same rounds. Idle cost: CPU time from the sum of
/proc/PID/task/*/schedstat (nanoseconds; /proc/PID/stat counts 10 ms ticks, too coarse for 0.2 ms/s) over
one-second slices, RSS from VmRSS in /proc/PID/status. The other benchmarks (save, merge, browse, editor, watch)
run through their own scripts and programs, whose printed figures are parsed here.

    bench.py run [--quick] [--only NAME[,NAME]] [--write-docs]     (scripts/bench sets the environment)
    bench.py check-docs                                            both doc blocks present, equal, same rows
    bench.py list                                                  the row names and what they measure
"""
import datetime, fcntl, glob, os, platform, pty, re, select, signal, statistics, struct, subprocess, sys, tempfile
import termios, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCS = ["README.md", "docs/BENCHMARKS.md"]
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
MIB = 1024 * 1024

# (group for --only, row title). The order is the table's; check-docs compares the docs' rows with this list.
ROWS = [
    ("show", "`recedit show 1`, wall time"),
    ("show", "`recedit show 1`, peak RSS"),
    ("version", "`recedit --version`, wall time"),
    ("open", "`recedit open 1` to the first painted screen"),
    ("idle", "idle editor, SQLite: CPU"),
    ("idle", "idle editor, SQLite: RSS"),
    ("idle", "idle editor, PostgreSQL: CPU"),
    ("idle", "idle editor, PostgreSQL: RSS"),
    ("sqlite-saves", "SQLite checked saves"),
    ("pg-saves", "PostgreSQL checked saves, 8 clients"),
    ("pg-saves", "PostgreSQL checked saves, 1 client"),
    ("mariadb-saves", "MariaDB checked saves, 8 clients"),
    ("mariadb-saves", "MariaDB checked saves, 1 client"),
    ("merge", "`merge-file`, 100,000 lines, 1 % changed: time"),
    ("merge", "`merge-file`, 100,000 lines, 1 % changed: peak RSS"),
    ("browse", "`recedit browse`, 1M rows (SQLite), to the first painted screen"),
    ("browse", "browser, first page, 1M rows (SQLite): store call"),
    ("browse", "browser, first screen 132x40, 1M rows (SQLite): in-process"),
    ("editor", "editor, 1 MB body: key to screen"),
    ("editor", "editor, 1 MB body: idle CPU"),
    ("watch", "`watch`, SQLite: commit to line"),
    ("watch", "`watch`, PostgreSQL: commit to line"),
]
GROUPS = list(dict.fromkeys(group for group, _ in ROWS))


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- figures -------------------------------------------------------------------------------------------------

class Figure:
    """A median with its spread (min–max of the runs), or a single value; `unit` decides the format."""

    def __init__(self, values, unit, note=""):
        self.values = [v for v in values if v is not None]
        self.unit, self.note = unit, note

    @property
    def median(self):
        return statistics.median(self.values) if self.values else None

    def fmt(self, v):
        if self.unit == "ms":
            return "%.2f" % v if v < 1 else "%.1f" % v
        if self.unit == "ms/s":
            return "%.3f" % v
        if self.unit == "MiB":
            return "%.1f" % v
        if self.unit == "saves/s":
            return "{:,.0f}".format(v)
        return "%.2f" % v

    def __str__(self):
        if not self.values:
            return "—"
        text = "%s %s" % (self.fmt(self.median), self.unit)
        if len(self.values) > 1:
            text += " (%s–%s, n=%d)" % (self.fmt(min(self.values)), self.fmt(max(self.values)), len(self.values))
        return text + (" " + self.note if self.note else "")


class Row:
    def __init__(self, title, recedit, anchor="—", ratio=None, target="—", met=None, ratio_text=None):
        self.title, self.recedit, self.anchor, self.target = title, recedit, anchor, target
        self.ratio, self.met, self.ratio_text = ratio, met, ratio_text

    def cells(self):
        ratio = self.ratio_text or ("—" if self.ratio is None else "%.2f×" % self.ratio)
        met = {True: "yes", False: "**no**", None: "—"}[self.met]
        return [self.title, str(self.recedit), str(self.anchor), ratio, self.target, met]


def failed_row(title, why):
    return Row(title, "failed: " + why, met=False)


# --- whole processes -----------------------------------------------------------------------------------------

def spawn_wait(argv, env=None):
    """Runs argv with output to /dev/null; returns (wall ms, exit status)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env or os.environ, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    wall = (time.perf_counter() - start) * 1000
    os.close(devnull)
    return wall, os.waitstatus_to_exitcode(status)


def peak_rss(argv):
    """Peak RSS in MiB, from /usr/bin/time -f %M. (Not from this process's wait4: glibc's posix_spawn execs from
    a vfork of python, and the kernel carries the python's RSS high-water mark into the child's ru_maxrss.)"""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def interleaved(commands, runs, rss_runs=0):
    """Runs each command once to warm up, then `runs` rounds, the commands alternating within each round (and, in
    the first `rss_runs` rounds, once more each under /usr/bin/time). Returns {name: ([wall ms], [peak MiB])}."""
    results = {name: ([], []) for name in commands}
    for name, argv in commands.items():
        _, code = spawn_wait(argv)
        if code != 0:
            raise RuntimeError("%s exited %d" % (" ".join(argv), code))
    for i in range(runs):
        for name, argv in commands.items():
            results[name][0].append(spawn_wait(argv)[0])
        for name, argv in commands.items():
            if i < rss_runs:
                results[name][1].append(peak_rss(argv))
    return results


def ratio_row(title, mine, anchor, limit, unit="ms", higher_is_better=False, anchor_label=""):
    a, b = Figure(mine, unit), Figure(anchor, unit, anchor_label)
    ratio = a.median / b.median if a.median and b.median else None
    met = None if ratio is None else (ratio >= limit if higher_is_better else ratio <= limit)
    return Row(title, a, b, ratio, ("≥ %.1f×" if higher_is_better else "≤ %.1f×") % limit, met)


# --- the terminal: first paint and idle cost ---------------------------------------------------------------------

class Terminal:
    """A program in a 100x30 pseudo-terminal; its output is read (and thrown away) as it comes."""

    def __init__(self, argv, env):
        self.start = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
            os.execve(argv[0], argv, env)
        self.output, self.last = b"", None

    def read(self, seconds):
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            if not self.pump(left):
                return

    def pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        self.last = time.perf_counter()
        self.output = (self.output + chunk)[-200000:]
        return bool(chunk)

    def painted(self, marker, quiet=0.05, timeout=20):
        """Seconds from the fork to the last byte of the first screen: the marker seen, then `quiet` s of silence."""
        end = time.perf_counter() + timeout
        while marker not in self.output:
            if time.perf_counter() > end or not self.pump(end - time.perf_counter()):
                raise RuntimeError("no %r on the screen: %r" % (marker, self.output[-300:]))
        while self.pump(quiet):
            pass
        return self.last - self.start

    def close(self, keys):
        for key in keys:
            try:
                os.write(self.fd, key)
            except OSError:
                break
            self.read(0.3)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if os.waitpid(self.pid, os.WNOHANG)[0] != 0:
                break
            os.kill(self.pid, sig)
            time.sleep(0.3)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


def cpu_ns(pid):
    """CPU time of every thread of pid, in nanoseconds (schedstat's first field)."""
    total = 0
    for path in glob.glob("/proc/%d/task/*/schedstat" % pid):
        try:
            total += int(open(path).read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total


def rss_mib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def idle_measure(terminals, seconds):
    """All terminals idle over the same window: CPU ms per second in one-second slices, and VmRSS each slice."""
    cpu = {name: [] for name in terminals}
    rss = {name: [] for name in terminals}
    before = {name: cpu_ns(t.pid) for name, t in terminals.items()}
    for _ in range(int(seconds)):
        t0 = time.perf_counter()
        while (left := t0 + 1 - time.perf_counter()) > 0:
            fds = {t.fd: t for t in terminals.values()}
            r, _, _ = select.select(list(fds), [], [], left)
            for fd in r:
                fds[fd].pump(0)
        elapsed = time.perf_counter() - t0
        for name, t in terminals.items():
            now = cpu_ns(t.pid)
            cpu[name].append((now - before[name]) / 1e6 / elapsed)
            before[name] = now
            rss[name].append(rss_mib(t.pid))
    return cpu, rss


# --- the benchmarks -----------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, quick):
        self.quick = quick
        self.recedit = os.environ["BENCH_RECEDIT"]
        self.bench_bin = os.environ["BENCH_RECEDIT_BENCH"]
        self.work = tempfile.mkdtemp(prefix="recedit-bench.")
        self.env = dict(os.environ, HOME=self.work + "/home", XDG_STATE_HOME=self.work + "/state",
                        XDG_CONFIG_HOME=self.work + "/config", LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
        for key in ("NO_COLOR", "RECEDIT_OWNER", "RECEDIT_DB"):
            self.env.pop(key, None)
        os.makedirs(self.env["HOME"])
        self.db = self.work + "/demo.db"
        self.recedit_run([self.recedit, "--db", "sqlite:" + self.db, "init", "--demo"])
        self.sqlite3 = which("sqlite3")
        self.pg_url = None

    def recedit_run(self, argv):
        subprocess.run(argv, env=self.env, check=True, stdout=subprocess.DEVNULL)

    def script(self, argv, extra_env=None):
        log("running " + " ".join(argv))
        result = subprocess.run(argv, cwd=ROOT, env=dict(os.environ, **(extra_env or {})), text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if result.returncode not in (0, 2):  # 2: the scripts' "below their target", the figures are printed
            raise RuntimeError("%s exited %d: %s" % (argv[0], result.returncode, result.stderr.strip()[-400:]))
        return result.stdout

    def pg_database(self):
        if self.pg_url is None:
            base = os.environ["RECEDIT_TEST_PG"]
            name = "recedit_bench_%d" % os.getpid()
            psql = ["psql", base, "-qAt", "-c", "SET client_min_messages = warning"]
            subprocess.run(psql + ["-c", 'DROP DATABASE IF EXISTS "%s"' % name, "-c", 'CREATE DATABASE "%s"' % name],
                           check=True, stdout=subprocess.DEVNULL)
            self.pg_url = base.rsplit("/", 1)[0] + "/" + name
            self.pg_drop = psql + ["-c", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name]
            self.recedit_run([self.recedit, "--db", self.pg_url, "init", "--demo"])
        return self.pg_url

    def cleanup(self):
        if self.pg_url:
            subprocess.run(self.pg_drop, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", self.work])

    # Each group returns its rows.
    def show(self):
        runs = 7 if self.quick else 21
        r = interleaved({"recedit": [self.recedit, "--db", "sqlite:" + self.db, "show", "1"],
                         "sqlite3": [self.sqlite3, self.db, "select * from records where id=1"]}, runs, rss_runs=5)
        anchor = "`sqlite3 DB 'select * from records where id=1'`: "
        time_row = ratio_row(ROWS[0][1], r["recedit"][0], r["sqlite3"][0], 3.0)
        time_row.anchor = anchor + str(time_row.anchor)
        rss, base = Figure(r["recedit"][1], "MiB"), Figure(r["sqlite3"][1], "MiB")
        rss_row = Row(ROWS[1][1], rss, "sqlite3: " + str(base), rss.median / base.median, "≤ 16 MiB", rss.median <= 16)
        return [time_row, rss_row]

    def version(self):
        runs = 7 if self.quick else 21
        r = interleaved({"recedit": [self.recedit, "--version"], "sqlite3": [self.sqlite3, "-version"]}, runs)
        row = ratio_row(ROWS[2][1], r["recedit"][0], r["sqlite3"][0], 3.0)
        row.anchor = "`sqlite3 -version`: " + str(row.anchor)
        return [row]

    def open(self):
        runs = 5 if self.quick else 11
        text = self.work + "/twenty.txt"
        with open(text, "w") as f:
            f.write("".join("line %d of a twenty-line file\n" % i for i in range(1, 21)))
        vim = [which("vim"), "-u", "NONE", text]
        mine = [self.recedit, "--db", "sqlite:" + self.db, "--user", "bench", "open", "1"]
        times = {"recedit": [], "vim": []}
        for i in range(runs + 1):  # the first round warms up
            t = Terminal(mine, self.env)
            paint = t.painted(b"help")
            t.close([b"\x11", b"y"])
            t2 = Terminal(vim, self.env)
            paint_vim = t2.painted(b"20 lines")
            t2.close([b"\x1b:qa!\r"])
            if i:
                times["recedit"].append(paint * 1000)
                times["vim"].append(paint_vim * 1000)
        row = ratio_row(ROWS[3][1], times["recedit"], times["vim"], 1.2)
        row.anchor = "`vim -u NONE` on a 20-line file: " + str(row.anchor)
        return [row]

    def idle(self):
        seconds = 10 if self.quick else 30  # two heartbeats (15 s) or more in the window
        text = self.work + "/twenty.txt"
        with open(text, "w") as f:
            f.write("".join("line %d of a twenty-line file\n" % i for i in range(1, 21)))
        terminals = {}
        try:
            terminals["vim"] = Terminal([which("vim"), "-u", "NONE", text], self.env)
            terminals["vim"].painted(b"20 lines")
            terminals["sqlite"] = Terminal([self.recedit, "--db", "sqlite:" + self.db, "--user", "bench", "open", "1"],
                                           self.env)
            terminals["sqlite"].painted(b"help")
            if os.environ.get("RECEDIT_TEST_PG"):
                terminals["pg"] = Terminal([self.recedit, "--db", self.pg_database(), "--user", "bench", "open", "1"],
                                           self.env)
                terminals["pg"].painted(b"help")
            for t in terminals.values():
                t.read(0.1)
            time.sleep(1.5)  # past start-up work (claim written, first ticks)
            cpu, rss = idle_measure(terminals, seconds)
        finally:
            for name, t in terminals.items():
                t.close([b"\x1b:qa!\r"] if name == "vim" else [b"\x11", b"y"])
        vim_cpu, vim_rss = Figure(cpu["vim"], "ms/s"), Figure(rss["vim"], "MiB")
        rows = []
        for name, label in (("sqlite", "SQLite"), ("pg", "PostgreSQL")):
            cpu_title, rss_title = "idle editor, %s: CPU" % label, "idle editor, %s: RSS" % label
            if name not in terminals:
                rows += [failed_row(cpu_title, "no PostgreSQL"), failed_row(rss_title, "no PostgreSQL")]
                continue
            r = Figure(rss[name], "MiB")
            # A periodic cost (the heartbeat's renewal) lands in one slice of many: the figure is the mean over the
            # whole window, CPU per second, with the slices' range beside it; a median of slices would hide it.
            mean = statistics.mean(cpu[name])
            c = "%.3f ms/s mean (slices %.3f–%.3f, n=%d)" % (mean, min(cpu[name]), max(cpu[name]), len(cpu[name]))
            vim_mean = "%.3f ms/s mean" % statistics.mean(cpu["vim"])
            rows.append(Row(cpu_title, c, "`vim -u NONE` idle: " + vim_mean, None, "≤ 0.2 ms/s", mean <= 0.2,
                            ratio_text="—"))
            rows.append(Row(rss_title, r, "`vim -u NONE` idle: " + str(vim_rss), r.median / vim_rss.median, "≤ 16 MiB", r.median <= 16))
        return rows

    def sqlite_saves(self):
        runs = 3 if self.quick else 7
        store, capi, ratios = [], [], []
        log("running %s 2000 1, %d times" % (self.bench_bin, runs))
        for _ in range(runs):  # one round per invocation; each round runs the C API and then the store
            out = subprocess.run([self.bench_bin, "2000", "1"], cwd=self.work, text=True, check=True,
                                 stdout=subprocess.PIPE).stdout
            s, c = number(out, r"recedit SQLite store:\s*([0-9.]+)"), number(out, r"sqlite3 C API[^:]*:\s*([0-9.]+)")
            store.append(s)
            capi.append(c)
            ratios.append(s / c)
        row = ratio_row(ROWS[8][1], store, capi, 0.9, "saves/s", higher_is_better=True)
        row.anchor = "sqlite3 C API: " + str(row.anchor)
        row.ratio_text = "%.2f× (%.2f–%.2f)" % (statistics.median(ratios), min(ratios), max(ratios))
        row.met = min(ratios) >= 0.9  # the target holds in every run
        row.target = "≥ 0.9× in every run"
        return [row]

    def pg_saves(self):
        out = self.script(["scripts/bench-pg", "1" if self.quick else "3"])
        return [saves_row(out, 8, ROWS[9][1], r"PostgresRecordStore ([0-9.]+)", r"PQexecPrepared ([0-9.]+)",
                          "prepared libpq", 0.9),
                saves_row(out, 1, ROWS[10][1], r"PostgresRecordStore ([0-9.]+)", r"PQexecPrepared ([0-9.]+)",
                          "prepared libpq", None)]

    def mariadb_saves(self):
        out = self.script(["scripts/bench-mariadb", "1" if self.quick else "3"])
        return [saves_row(out, clients, title, r"MariaDBRecordStore ([0-9.]+)", r"Connector/C prepared statements ([0-9.]+)",
                          "Connector/C prepared", 0.8) for clients, title in ((8, ROWS[11][1]), (1, ROWS[12][1]))]

    def merge(self):
        out = self.script(["scripts/bench-merge", "--recedit", self.recedit, "--runs", "3" if self.quick else "9"])
        def runs(name):
            return [float(v) for v in find_line(out, r"^%s\s+median" % re.escape(name)).split("runs:")[1]
                    .strip(" )").split(",")]
        row = ratio_row(ROWS[13][1], runs("recedit merge-file -p"), runs("git merge-file -p"), 0.5)
        row.anchor = "`git merge-file`: " + str(row.anchor)
        if "byte-identical: yes" not in out:
            row.met, row.target = False, row.target + " (outputs differ!)"
        input_mib = number(out, r"three files, ([0-9.]+) MiB")
        mine = number(out, r"recedit merge-file -p\s+peak RSS\s+([0-9.]+)")
        git = number(out, r"git merge-file -p\s+peak RSS\s+([0-9.]+)")
        limit = 2 * input_mib + 8
        rss_row = Row(ROWS[14][1], Figure([mine], "MiB", "(one run)"), "`git merge-file`: " + str(Figure([git], "MiB", "(one run)")), mine / git,
                      "≤ 2 × input + 8 MiB = %.1f MiB" % limit, mine <= limit)
        return [row, rss_row]

    def browse(self):
        tables = os.path.join(tempfile.gettempdir(), "recedit-bench-browse")  # generated once, reused (as before)
        args = [self.bench_bin, "browse", "--runs", "5" if self.quick else "15", "--dir", tables]
        log("running " + " ".join(args))
        out = subprocess.run(args, text=True, check=True, stdout=subprocess.PIPE).stdout
        # Issue 12's target: the whole process, start to the first painted screen of the browser, on the generated
        # 1M-row table against the 10-row one, interleaved.
        runs = 5 if self.quick else 11
        times = {"big": [], "small": []}
        for i in range(runs + 1):  # the first round warms up (and pages the 1M file in)
            for name, rows in (("big", 1000000), ("small", 10)):
                t = Terminal([self.recedit, "--db", "sqlite:%s/browse-%d.sqlite" % (tables, rows), "browse"], self.env)
                paint = t.painted(b"help")
                t.close([b"q"])
                if i:
                    times[name].append(paint * 1000)
        paint_row = ratio_row(ROWS[15][1], times["big"], times["small"], 1.2)
        paint_row.anchor = "the same on a 10-row table: " + str(paint_row.anchor)
        rows = [paint_row]
        # The store call and the in-process first screen: information (they draw 50 and 36 rows against 10).
        for op, title in (("first page", ROWS[16][1]), ("first screen 132x40", ROWS[17][1])):
            # "first page              0.380 (0.370–9.900)           0.110 (0.100–0.200)           3.45"
            line = find_line(out, r"^%s\s" % re.escape(op))
            figures = [Figure([float(low), float(median), float(high)], "ms")
                       for median, low, high in re.findall(r"([0-9.]+) \(([0-9.]+)[–-]([0-9.]+)\)", line)]
            if len(figures) < 2:
                rows.append(failed_row(title, "could not read %r" % line))
                continue
            big, small = figures[0], figures[1]
            ratio = big.median / small.median
            rows.append(Row(title, spread_text(big), "10-row table: " + spread_text(small), ratio, "— (information)",
                            None))
        return rows

    def editor(self):
        out = self.script(["scripts/bench-editor", "--recedit", self.recedit, "--keys", "20" if self.quick else "40",
                           "--idle", "3" if self.quick else "5"])
        line = [l for l in out.splitlines() if re.match(r"^\d+ B\s", l)][-1]  # the biggest body, 1 MB
        idle, median, p90, high = (float(x) for x in re.findall(r"([0-9.]+)(?:%| ms)", line)[:4])
        return [Row(ROWS[18][1], "%.1f ms (p90 %.1f, max %.1f)" % (median, p90, high), "—", None, "< 16 ms", median < 16),
                Row(ROWS[19][1], "%.2f %% of a core" % idle, "—", None, "< 0.5 %", idle < 0.5)]

    def watch(self):
        out = self.script(["scripts/bench-watch", "50" if self.quick else "200"], {"RECEDIT_BIN": self.recedit})
        rows = []
        for prefix, title in (("SQLite", ROWS[20][1]), ("PostgreSQL", ROWS[21][1])):
            line = find_line(out, "^" + prefix)
            median, p99, high = (number(line, r"%s ([0-9.]+) ms" % k) for k in ("median", "p99", "max"))
            idle = number(line, r"CPU ([0-9.]+)%")
            rows.append(Row(title, "%.1f ms (p99 %.1f, max %.1f); idle %.2f %%" % (median, p99, high, idle), "—", None,
                            "— (information)", None))
        return rows


def saves_row(out, clients, title, store_pattern, anchor_pattern, anchor_name, target):
    """A row from the PostgreSQL / MariaDB harness: each run's rates from its `runs N client(s): store …; prepared …`
    line when it prints one, else the medians of its summary line."""
    runs = re.search(r"^runs %d client\(s\): store ([0-9 .]+); prepared ([0-9 .]+)" % clients, out, re.M)
    if runs:
        store, anchor = ([float(v) for v in group.split()] for group in runs.groups())
        note = ""
    else:
        line = find_line(out, r"^%d client\(s\) on one row" % clients)
        store, anchor, note = [number(line, store_pattern)], [number(line, anchor_pattern)], "(median of 3)"
    a, b = Figure(store, "saves/s", note), Figure(anchor, "saves/s", note)
    ratio = a.median / b.median
    return Row(title, a, "%s: %s" % (anchor_name, b), ratio, "≥ %.1f×" % target if target else "— (information)",
               None if target is None else ratio >= target)


def spread_text(figure):
    low, median, high = figure.values
    return "%s ms (%s–%s)" % (figure.fmt(median), figure.fmt(low), figure.fmt(high))


def which(tool):
    for directory in os.environ.get("PATH", "").split(":"):
        path = os.path.join(directory, tool)
        if os.access(path, os.X_OK):
            return path
    raise RuntimeError("'%s' is required" % tool)


def number(text, pattern):
    m = re.search(pattern, text, re.M)
    if not m:
        raise RuntimeError("no %r in: %s" % (pattern, text.strip()[-300:]))
    return float(m.group(1).replace(",", ""))


def find_line(text, pattern):
    for line in text.splitlines():
        if re.search(pattern, line):
            return line
    raise RuntimeError("no line like %r in: %s" % (pattern, text.strip()[-300:]))


# --- the table and the docs ------------------------------------------------------------------------------------

def machine_line(quick):
    cores = os.cpu_count()
    model = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.strip() or "?"
    load = os.getloadavg()[0]
    return "%s, commit %s, %s: %d cores (%s), %s, load average %.1f at the start%s" % (
        datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), commit, platform.node() or "?",
        cores, model, platform.platform(terse=True), load, ", --quick" if quick else "")


def markdown(rows, header):
    lines = ["_`scripts/bench`: %s._" % header, "",
             "| work | recedit | anchor, same run | ratio | target | met |", "| --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row.cells()) + " |")
    return "\n".join(lines)


def plain(rows):
    table = [["work", "recedit", "anchor", "ratio", "target", "met"]] + [row.cells() for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(6)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in table)


def doc_block(path):
    text = open(os.path.join(ROOT, path), encoding="utf-8").read()
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        return text, None
    return text, text[text.index(BEGIN) + len(BEGIN):text.index(END)]


def write_docs(block):
    for path in DOCS:
        text, old = doc_block(path)
        if old is None:
            raise RuntimeError("%s has no %s … %s block; add the two markers where the table goes" % (path, BEGIN, END))
        with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
            f.write(text.replace(BEGIN + old + END, BEGIN + "\n" + block + "\n" + END))
        log("wrote the table into " + path)


def check_docs():
    problems, blocks = [], {}
    for path in DOCS:
        _, block = doc_block(path)
        if block is None:
            problems.append("%s: no single %s … %s block" % (path, BEGIN, END))
        else:
            blocks[path] = block
    if len(blocks) == 2 and blocks[DOCS[0]] != blocks[DOCS[1]]:
        problems.append("the benchmark blocks of %s and %s differ" % tuple(DOCS))
    expected = [title for _, title in ROWS]
    for path, block in blocks.items():
        titles = [line.split("|")[1].strip().replace("\\|", "|") for line in block.splitlines()
                  if line.startswith("| ") and not line.startswith(("| work ", "| ---"))]
        if titles != expected:
            missing = [t for t in expected if t not in titles]
            extra = [t for t in titles if t not in expected]
            if not titles:
                problems.append("%s: the benchmark block holds no table" % path)
            else:
                problems.append("%s: the table's rows are not scripts/bench's (missing %s; unknown %s%s)" % (
                    path, missing or "none", extra or "none", "; order differs" if not missing and not extra else ""))
    for problem in problems:
        print("bench docs: " + problem, file=sys.stderr)
    if problems:
        print("bench docs: run scripts/bench --write-docs (or fix the block by hand) so the docs match the harness",
              file=sys.stderr)
        return 1
    print("bench docs: README.md and docs/BENCHMARKS.md carry the same table, with scripts/bench's %d rows" % len(ROWS))
    return 0


def main(argv):
    command = argv[0] if argv else "run"
    if command == "check-docs":
        return check_docs()
    if command == "list":
        for group in GROUPS:
            print("%-14s %s" % (group, "; ".join(title for g, title in ROWS if g == group)))
        return 0
    quick = "--quick" in argv
    only = set()
    for i, arg in enumerate(argv):
        if arg == "--only":
            only.update(argv[i + 1].split(","))
    groups = [g for g in GROUPS if not only or g in only]
    header = machine_line(quick)
    bench = Bench(quick)
    rows = []
    started = time.perf_counter()
    try:
        for group in groups:
            log("== %s" % group)
            t0 = time.perf_counter()
            try:
                rows += getattr(bench, group.replace("-", "_"))()
            except (RuntimeError, subprocess.CalledProcessError, OSError) as error:
                titles = [title for g, title in ROWS if g == group]
                rows += [failed_row(title, str(error).splitlines()[0][:200]) for title in titles]
            log("   %.0f s" % (time.perf_counter() - t0))
    finally:
        bench.cleanup()
    print(header)
    print(plain(rows))
    print("(%.0f s in all)" % (time.perf_counter() - started), flush=True)
    if "--write-docs" in argv:
        if only:
            raise SystemExit("scripts/bench: --write-docs needs every row; run it without --only")
        write_docs(markdown(rows, header))
    return 0 if all(row.met is not False for row in rows) else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
