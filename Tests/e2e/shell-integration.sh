#!/usr/bin/env bash
# scripts/install, the man page and the completion scripts, as a user's shell sees them:
# - install into a fresh prefix and uninstall again (exactly the installed files go);
# - the man page renders without a groff warning and names every command and option of the help texts;
# - bash (compgen through the installed script), fish (complete -C) and zsh complete commands, options,
#   tables from the database and row keys; a key made to break a shell is never run, one with a line
#   break is never offered.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
: "${RECEDIT_BIN:?set RECEDIT_BIN to the built recedit}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/recedit-shell.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL [shell-integration]: $*" >&2; exit 1; }
export HOME="$tmp/home" LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME"
unset RECEDIT_DB RECEDIT_CONFIG

# --- install / uninstall -------------------------------------------------------------------------
prefix="$tmp/prefix with space"
mkdir -p "$prefix/share/man/man1"
echo keep >"$prefix/share/man/man1/other.1"
before="$(cd "$prefix" && find . | sort)"
"$root/scripts/install" --prefix "$prefix" --binary "$RECEDIT_BIN" >"$tmp/install.out" || fail "install failed: $(cat "$tmp/install.out")"
for f in bin/recedit share/man/man1/recedit.1 share/bash-completion/completions/recedit \
         share/zsh/site-functions/_recedit share/fish/vendor_completions.d/recedit.fish; do
    [ -f "$prefix/$f" ] || fail "install did not put $f in place"
done
"$prefix/bin/recedit" --version | grep -q '^recedit ' || fail "the installed binary does not run"
"$root/scripts/install" --prefix "$prefix" --uninstall >/dev/null || fail "uninstall failed"
after="$(cd "$prefix" && find . -type f | sort)"
[ "$after" = "./share/man/man1/other.1" ] || fail "uninstall left or removed files: $after"
[ -f "$prefix/share/man/man1/other.1" ] || fail "uninstall removed a file it did not install"
"$root/scripts/install" --prefix "$prefix" --uninstall >/dev/null 2>&1 && fail "a second uninstall claims success"
"$root/scripts/install" --prefix "$prefix" --binary "$RECEDIT_BIN" >/dev/null || fail "reinstall failed"
: "$before"

# --- the man page ----------------------------------------------------------------------------------
man_page="$prefix/share/man/man1/recedit.1"
if command -v groff >/dev/null; then
    warnings="$(groff -ww -mandoc -z "$man_page" 2>&1)"
    [ -z "$warnings" ] || fail "groff warns about the man page: $warnings"
fi
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS CONFIGURATION ENVIRONMENT FILES "EXIT STATUS" EXAMPLES CONCURRENCY "SEE ALSO"; do
    grep -qx "\.SH \"\{0,1\}$section\"\{0,1\}" "$man_page" || fail "the man page has no $section section"
done
source_text="$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man_page")"
commands="$("$RECEDIT_BIN" --help | awk '/^Commands:/ {on=1; next} /^$/ {on=0} on {print $1}')"
[ -n "$commands" ] || fail "could not read the commands from recedit --help"
words="$( { "$RECEDIT_BIN" --help; for c in $commands; do "$RECEDIT_BIN" "$c" --help; done; } | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)"
for c in $commands; do grep -qE "^\.(B|BI|BR|TP)?.*\b$c\b" <<<"$source_text" || fail "the man page does not name the command '$c'"; done
for w in $words; do grep -qF -- "$w" <<<"$source_text" || fail "the man page does not name the option '$w'"; done

# --- completions -----------------------------------------------------------------------------------
cd "$tmp"
export PATH="$prefix/bin:$PATH"
db="sqlite:$tmp/c.db"
recedit --db "$db" init --demo >/dev/null || fail "init failed"
sqlite3 "$tmp/c.db" "CREATE TABLE notes(id TEXT PRIMARY KEY, body TEXT); CREATE TABLE plain(id INTEGER PRIMARY KEY)"
recedit --db "$db" adopt --table notes >/dev/null || fail "adopt failed"
recedit --db "$db" --table notes new 'id=$(touch pwned)' body=x >/dev/null || fail "new with a hostile key failed"
recedit --db "$db" --table notes new "id=line
break" body=y >/dev/null || fail "new with a line break in the key failed"
recedit --db "$db" --table notes new 'id=a b' body=z >/dev/null || fail "new with a space in the key failed"

bash_complete() {  # words... -> one completion a line
    bash --norc --noprofile -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
        _recedit; printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/recedit" "$@"
}
expect_lines() {  # what actual expected
    [ "$2" == "$3" ] || fail "$1: expected [$(tr '\n' '|' <<<"$3")], got [$(tr '\n' '|' <<<"$2")]"
}
bash --norc -c "source '$prefix/share/bash-completion/completions/recedit'; complete -p recedit" | grep -q -- '-F _recedit recedit' \
    || fail "the bash script does not register _recedit"
expect_lines "bash: commands starting with st" "$(bash_complete recedit st)" "status"
expect_lines "bash: list options" "$(bash_complete recedit list --l)" "--limit"
expect_lines "bash: tables" "$(bash_complete recedit --db "$db" --table '')" $'notes\nrecords'
expect_lines "bash: keys of records" "$(bash_complete recedit --db "$db" show '')" $'1\n2\n3\n4\n5\n6'
expect_lines "bash: keys of notes, shell-quoted" "$(bash_complete recedit --db "$db" --table notes open '')" $'\\$\\(touch\\ pwned\\)\na\\ b'
expect_lines "bash: no key after the key" "$(bash_complete recedit --db "$db" show 1 '')" ""
expect_lines "bash: shells" "$(bash_complete recedit completions '')" $'bash\nzsh\nfish'
[ -e "$tmp/pwned" ] && fail "completing a hostile key ran it"

if command -v fish >/dev/null; then
    fish_complete() { fish --no-config -c "source '$prefix/share/fish/vendor_completions.d/recedit.fish'; complete -C '$1'" | cut -f1; }
    expect_lines "fish: tables" "$(fish_complete "recedit --db $db --table ")" $'notes\nrecords'
    expect_lines "fish: keys" "$(fish_complete "recedit --db $db show ")" $'1\n2\n3\n4\n5\n6'
    expect_lines "fish: commands" "$(fish_complete "recedit --db $db sta")" "status"
    expect_lines "fish: set options" "$(fish_complete "recedit set 1 --")" $'--expect\n--help\n--strict'
fi
if command -v zsh >/dev/null; then
    # compadd and _describe only work inside the completion system: stand-ins print what they are given.
    zsh_complete() {
        zsh -f -c '
            autoload -U compinit; compinit -u -d "$HOME/.zcompdump"
            source "$1"; shift
            compadd() { while [[ $1 == -* ]]; do [[ $1 == -- ]] && { shift; break }; shift; done; print -l -- "$@"; }
            _describe() { print -l -- ${(P)2%%:*}; }
            words=("$@"); CURRENT=${#words}; _recedit' _ "$prefix/share/zsh/site-functions/_recedit" "$@"
    }
    expect_lines "zsh: tables" "$(zsh_complete recedit --db "$db" --table '')" $'notes\nrecords'
    expect_lines "zsh: keys" "$(zsh_complete recedit --db "$db" status '')" $'1\n2\n3\n4\n5\n6'
    zsh_complete recedit '' | grep -qx 'merge-file' || fail "zsh: the commands do not include merge-file"
fi
[ -e "$tmp/pwned" ] && fail "completing a hostile key ran it"
echo "PASS [shell-integration]"
