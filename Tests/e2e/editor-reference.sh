#!/usr/bin/env bash
# A foreign key in a real terminal: parcels.warehouse references warehouses (a table recedit has not adopted). The
# form shows the warehouse's name beside the key; Enter lists the warehouses, `/` filters them as typed, Enter takes
# one; the save writes its key.
source "$(dirname "$0")/lib/editor-lib.sh"

sqlite3 "$E2E_TMP/t.db" "
CREATE TABLE warehouses (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO warehouses VALUES (1, 'Alice Street'), (2, '50% off'), (3, 'Harbour');
CREATE TABLE parcels (id INTEGER PRIMARY KEY, warehouse INTEGER REFERENCES warehouses(id), note TEXT);
INSERT INTO parcels VALUES (1, 2, 'fragile');" || fail "cannot create the tables"
rec --table parcels adopt --table parcels >/dev/null || fail "cannot adopt parcels"

start_editor alice alice --table parcels
wait_for alice '^S save'
# The form opens on the first field, the foreign key.
wait_for_re alice '^>.?warehouse +2  → 50% off  \(Enter: pick a row\)'
keys alice Enter
wait_for alice 'warehouse → warehouses'
wait_for_re alice '\| > 2  50% off'
type_text alice "/har"
wait_for alice '/har_'
wait_gone alice 'Alice Street'
wait_for_re alice '\| > 3  Harbour'
keys alice Enter
wait_gone alice 'warehouse → warehouses'
wait_for_re alice '^>\*warehouse +3  → Harbour'
keys alice C-s
wait_for alice "Saved"

expect_eq "warehouse" "$(rec --table parcels show 1 --json | jq -r '.fields.warehouse')" "3"

keys alice C-q
wait_exit alice 0
pass "foreign key picked and saved"
