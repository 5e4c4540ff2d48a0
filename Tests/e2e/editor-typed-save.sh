#!/usr/bin/env bash
# Typed fields together in a real terminal (issue 13's scenario): one save that sets a field to NULL (Ctrl-N),
# picks a choice from its list (Enter on a CHECK IN column) and a foreign key from the referenced table's rows;
# the database then holds NULL (not ''), the chosen value and the chosen key.
source "$(dirname "$0")/lib/editor-lib.sh"

sqlite3 "$E2E_TMP/t.db" "
CREATE TABLE warehouses (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO warehouses VALUES (1, 'Alice Street'), (2, 'Bakery Lane'), (3, 'Harbour');
CREATE TABLE parcels (id INTEGER PRIMARY KEY, warehouse INTEGER REFERENCES warehouses(id),
                      status VARCHAR(10) NOT NULL CHECK (status IN ('new', 'packed', 'sent')), note VARCHAR(100));
INSERT INTO parcels VALUES (1, 1, 'new', 'fragile');" || fail "cannot create the tables"
rec --table parcels adopt --table parcels >/dev/null || fail "cannot adopt parcels"

start_editor alice alice --table parcels
wait_for alice '^S save'
wait_for_re alice '^>.?warehouse +1  → Alice Street'

# The foreign key from the picker: the third warehouse.
keys alice Enter
wait_for alice 'warehouse → warehouses'
keys alice Down Down Enter
wait_gone alice 'warehouse → warehouses'
wait_for_re alice '^>\*warehouse +3  → Harbour'

# The choice from its list: new -> packed.
keys alice Down
wait_for_re alice '^>.?status +new '
keys alice Enter
keys alice Down Enter
wait_for_re alice '^>\*status +packed '
# NOT NULL: Ctrl-N is refused at the key.
keys alice C-n
wait_for alice "status is NOT NULL"

# NULL, shown as the NULL mark, not as an empty field.
keys alice Down
wait_for_re alice '^>.?note +fragile'
keys alice C-n
wait_for_re alice '^>\*note +∅ NULL'

keys alice C-s
wait_for alice "Saved"
row="$(sqlite3 "$E2E_TMP/t.db" "SELECT warehouse, status, note IS NULL, typeof(note) FROM parcels WHERE id = 1")"
expect_eq "warehouse|status|note is NULL|typeof(note)" "$row" "3|packed|1|null"

keys alice C-q
wait_exit alice 0
pass "NULL, a choice and a foreign key picked and saved in one save"
