PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "records" (
    "id" INTEGER PRIMARY KEY ,
    "title" TEXT NOT NULL,
    "status" TEXT CHECK (status IN ('open','in_progress','done')),
    "owner" TEXT ,
    "priority" INTEGER ,
    "due" TEXT ,
    "body" TEXT ,
    "edit_state" TEXT NOT NULL DEFAULT 'idle' CHECK ("edit_state" IN ('idle','editing')),
    "edit_owner" TEXT,
    "edit_lease_until" TEXT,
    "edit_token" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TEXT
);
INSERT INTO records VALUES(1,'Quarterly report','in_progress','alice',2,'2026-12-15',replace('Collect the numbers from finance.\nDraft the summary for the board.\nAsk Bob to review the charts.','\n',char(10)),'idle',NULL,NULL,0,'2026-12-02 07:53:45.365000');
INSERT INTO records VALUES(2,'Fix login timeout','open','bob',1,'2026-12-01',replace('Users are logged out after 5 minutes.\nThe session TTL should be 30 minutes.\n\nSteps to reproduce:\n1. Log in\n2. Wait 5 minutes\n3. Click anything','\n',char(10)),'idle',NULL,NULL,0,'2026-12-02 07:53:45.365000');
INSERT INTO records VALUES(3,'季度销售报告','open','张伟',3,'2027-01-10',replace('整理第四季度的销售数据。\n与市场部核对客户名单。\n准备董事会演示文稿。','\n',char(10)),'idle',NULL,NULL,0,'2026-12-02 07:53:45.365000');
INSERT INTO records VALUES(4,'Order new laptops','done','carol',4,'2026-11-20',replace('Five laptops for the new team.\nDelivered on 18 November.','\n',char(10)),'idle',NULL,NULL,0,'2026-12-02 07:53:45.365000');
INSERT INTO records VALUES(5,'Update the onboarding guide','open',NULL,3,NULL,replace('Section 1: accounts\nSection 2: tools\nSection 3: who to ask\n\nKeep it short.','\n',char(10)),'idle',NULL,NULL,0,'2026-12-02 07:53:45.366000');
INSERT INTO records VALUES(6,'Plan the offsite','open','dave',5,'2027-02-03','Venue, travel, agenda.','idle',NULL,NULL,0,'2026-12-02 07:53:45.366000');
CREATE TABLE recedit_history (
    id INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_key,
    operation TEXT NOT NULL CHECK (operation IN ('update','delete')),
    updated_at TEXT,
    replaced_at TEXT,
    replaced_by TEXT,
    fields TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX recedit_history_row ON recedit_history (table_name, row_key, replaced_at);
CREATE TRIGGER "recedit_records_update" AFTER UPDATE ON "records"
WHEN ((old."id" IS NOT new."id" OR old."title" IS NOT new."title" OR old."status" IS NOT new."status" OR old."owner" IS NOT new."owner" OR old."priority" IS NOT new."priority" OR old."due" IS NOT new."due" OR old."body" IS NOT new."body") OR (old."updated_at" IS NOT NULL AND old."updated_at" IS NOT new."updated_at") OR ((old."edit_state" IS new."edit_state" AND old."edit_owner" IS new."edit_owner" AND old."edit_lease_until" IS new."edit_lease_until" AND old."edit_token" IS new."edit_token") AND old."updated_at" IS new."updated_at"))
     AND ((old."id" IS NOT new."id" OR old."title" IS NOT new."title" OR old."status" IS NOT new."status" OR old."owner" IS NOT new."owner" OR old."priority" IS NOT new."priority" OR old."due" IS NOT new."due" OR old."body" IS NOT new."body") OR NOT EXISTS (SELECT 1 FROM recedit_history
          WHERE table_name = 'records' AND row_key = new."id" AND replaced_at = new."updated_at"))
BEGIN
    INSERT INTO recedit_history (table_name, row_key, operation, updated_at, replaced_at, fields, recorded_at)
    VALUES ('records', old."id", 'update', old."updated_at",
            CASE WHEN (new."updated_at" IS NOT NULL AND (old."updated_at" IS NULL OR new."updated_at" > old."updated_at")) THEN new."updated_at" ELSE coalesce(max((strftime('%Y-%m-%d %H:%M:%f','now') || '000'), (strftime('%Y-%m-%d %H:%M:%S', ((unixepoch(substr(old."updated_at",1,19)) * 1000000 + CAST(substr(substr(old."updated_at",21) || '000000',1,6) AS INTEGER)) + 1) / 1000000, 'unixepoch') || printf('.%06d', ((unixepoch(substr(old."updated_at",1,19)) * 1000000 + CAST(substr(substr(old."updated_at",21) || '000000',1,6) AS INTEGER)) + 1) % 1000000))), (strftime('%Y-%m-%d %H:%M:%f','now') || '000')) END,
            json_object('id', CASE typeof(old."id") WHEN 'blob' THEN json_object('$blob', hex(old."id")) ELSE old."id" END, 'title', CASE typeof(old."title") WHEN 'blob' THEN json_object('$blob', hex(old."title")) ELSE old."title" END, 'status', CASE typeof(old."status") WHEN 'blob' THEN json_object('$blob', hex(old."status")) ELSE old."status" END, 'owner', CASE typeof(old."owner") WHEN 'blob' THEN json_object('$blob', hex(old."owner")) ELSE old."owner" END, 'priority', CASE typeof(old."priority") WHEN 'blob' THEN json_object('$blob', hex(old."priority")) ELSE old."priority" END, 'due', CASE typeof(old."due") WHEN 'blob' THEN json_object('$blob', hex(old."due")) ELSE old."due" END, 'body', CASE typeof(old."body") WHEN 'blob' THEN json_object('$blob', hex(old."body")) ELSE old."body" END), (strftime('%Y-%m-%d %H:%M:%f','now') || '000'));
    UPDATE "records" SET "updated_at" = (SELECT replaced_at FROM recedit_history WHERE id = last_insert_rowid())
    WHERE "id" = new."id" AND NOT (new."updated_at" IS NOT NULL AND (old."updated_at" IS NULL OR new."updated_at" > old."updated_at"));
END;
CREATE TRIGGER "recedit_records_insert" AFTER INSERT ON "records"
WHEN new."updated_at" IS NULL
BEGIN
    UPDATE "records" SET "updated_at" = (strftime('%Y-%m-%d %H:%M:%f','now') || '000') WHERE "id" = new."id";
END;
CREATE TRIGGER "recedit_records_delete" AFTER DELETE ON "records"
BEGIN
    INSERT INTO recedit_history (table_name, row_key, operation, updated_at, replaced_at, fields, recorded_at)
    VALUES ('records', old."id", 'delete', old."updated_at", NULL, json_object('id', CASE typeof(old."id") WHEN 'blob' THEN json_object('$blob', hex(old."id")) ELSE old."id" END, 'title', CASE typeof(old."title") WHEN 'blob' THEN json_object('$blob', hex(old."title")) ELSE old."title" END, 'status', CASE typeof(old."status") WHEN 'blob' THEN json_object('$blob', hex(old."status")) ELSE old."status" END, 'owner', CASE typeof(old."owner") WHEN 'blob' THEN json_object('$blob', hex(old."owner")) ELSE old."owner" END, 'priority', CASE typeof(old."priority") WHEN 'blob' THEN json_object('$blob', hex(old."priority")) ELSE old."priority" END, 'due', CASE typeof(old."due") WHEN 'blob' THEN json_object('$blob', hex(old."due")) ELSE old."due" END, 'body', CASE typeof(old."body") WHEN 'blob' THEN json_object('$blob', hex(old."body")) ELSE old."body" END), (strftime('%Y-%m-%d %H:%M:%f','now') || '000'));
END;
COMMIT;
