import Foundation
import MariaDBStore
import RecEditCore
import XCTest

/// The store contract on a real MariaDB server (`RECEDIT_TEST_MARIADB`): each test starts from an empty
/// database of this test process's own.
final class MariaDBContractTests: StoreContractTests {
    var url = ""
    var foreign: RawMariaDB?

    override func setUpWithError() throws {
        try super.setUpWithError()
        url = try MariaDBTestServer.freshDatabase(tag: "contract")
        foreign = nil
    }

    override func tearDownWithError() throws {
        foreign = nil
    }

    override class func tearDown() {
        MariaDBTestServer.dropDatabase(tag: "contract")
        super.tearDown()
    }

    override func makeDatabase() throws -> RecordDatabase {
        try MariaDBDatabase(url: url, options: StoreOptions())
    }

    override func foreignExecute(_ sql: String) throws {
        if foreign == nil { foreign = try RawMariaDB(url) }
        try foreign!.exec(sql)
    }

    /// MariaDB's legacy table keeps its stamps in a DATETIME(6) column, as Django's auto_now makes it.
    override var legacyTableSQL: [String] {
        [
            "CREATE TABLE legacy (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, updated_at DATETIME(6) NULL)",
            "INSERT INTO legacy (id, name, qty, updated_at) VALUES (1, 'bolts', 10, '2024-01-02 03:04:05.123456'), (2, 'nuts', 20, NULL)",
        ]
    }

    /// The demo table as the recedit before the change log set it up (four triggers, history, no change log).
    override var oldReceditTableSQL: String {
        """
            CREATE TABLE `recedit_history` (
              `id` bigint(20) NOT NULL AUTO_INCREMENT,
              `table_name` varchar(64) NOT NULL,
              `row_key` varchar(255) NOT NULL,
              `operation` varchar(6) NOT NULL CHECK (`operation` in ('update','delete')),
              `updated_at` datetime(6) DEFAULT NULL,
              `replaced_at` datetime(6) DEFAULT NULL,
              `replaced_by` varchar(255) DEFAULT NULL,
              `fields` longtext NOT NULL,
              `recorded_at` datetime(6) NOT NULL DEFAULT utc_timestamp(6),
              PRIMARY KEY (`id`),
              KEY `recedit_history_version` (`table_name`,`row_key`,`updated_at`),
              KEY `recedit_history_replaced` (`table_name`,`row_key`,`replaced_at`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
            CREATE TABLE `records` (
              `id` bigint(20) NOT NULL AUTO_INCREMENT,
              `title` text NOT NULL,
              `status` varchar(32) DEFAULT NULL CHECK (`status` in ('open','in_progress','done')),
              `owner` text DEFAULT NULL,
              `priority` int(11) DEFAULT NULL,
              `due` text DEFAULT NULL,
              `body` text DEFAULT NULL,
              `edit_state` varchar(16) NOT NULL DEFAULT 'idle' COMMENT 'recedit' CHECK (`edit_state` in ('idle','editing','locked')),
              `edit_owner` varchar(255) DEFAULT NULL COMMENT 'recedit',
              `edit_lease_until` datetime(6) DEFAULT NULL COMMENT 'recedit',
              `edit_token` bigint(20) NOT NULL DEFAULT 0 COMMENT 'recedit',
              `updated_at` datetime(6) NOT NULL DEFAULT utc_timestamp(6) COMMENT 'recedit',
              `edit_since` datetime(6) DEFAULT NULL COMMENT 'recedit',
              PRIMARY KEY (`id`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
            CREATE TRIGGER `recedit_a281d6f1b14296ed_ad` AFTER DELETE ON `records` FOR EACH ROW BEGIN
                INSERT INTO recedit_history (table_name, row_key, operation, updated_at, replaced_at, replaced_by, fields)
                VALUES ('records', CAST(OLD.`id` AS CHAR CHARACTER SET utf8mb4), 'delete', OLD.`updated_at`, NULL, @recedit_writer, JSON_OBJECT('id', OLD.`id`, 'title', CAST(OLD.`title` AS CHAR CHARACTER SET utf8mb4), 'status', CAST(OLD.`status` AS CHAR CHARACTER SET utf8mb4), 'owner', CAST(OLD.`owner` AS CHAR CHARACTER SET utf8mb4), 'priority', OLD.`priority`, 'due', CAST(OLD.`due` AS CHAR CHARACTER SET utf8mb4), 'body', CAST(OLD.`body` AS CHAR CHARACTER SET utf8mb4)));
            END;
            CREATE TRIGGER `recedit_a281d6f1b14296ed_au` AFTER UPDATE ON `records` FOR EACH ROW BEGIN
                IF NOT (NEW.`updated_at` <=> OLD.`updated_at`) THEN
                    INSERT INTO recedit_history (table_name, row_key, operation, updated_at, replaced_at, replaced_by, fields)
                    VALUES ('records', CAST(OLD.`id` AS CHAR CHARACTER SET utf8mb4), 'update', OLD.`updated_at`, NEW.`updated_at`, @recedit_writer, JSON_OBJECT('id', OLD.`id`, 'title', CAST(OLD.`title` AS CHAR CHARACTER SET utf8mb4), 'status', CAST(OLD.`status` AS CHAR CHARACTER SET utf8mb4), 'owner', CAST(OLD.`owner` AS CHAR CHARACTER SET utf8mb4), 'priority', OLD.`priority`, 'due', CAST(OLD.`due` AS CHAR CHARACTER SET utf8mb4), 'body', CAST(OLD.`body` AS CHAR CHARACTER SET utf8mb4)));
                END IF;
            END;
            CREATE TRIGGER `recedit_a281d6f1b14296ed_bi` BEFORE INSERT ON `records` FOR EACH ROW BEGIN
                DECLARE recedit_signature VARCHAR(64) DEFAULT 'recedit:0df7a53d04d404f4';
                IF NEW.`updated_at` IS NULL THEN SET NEW.`updated_at` = UTC_TIMESTAMP(6); END IF;
            END;
            CREATE TRIGGER `recedit_a281d6f1b14296ed_bu` BEFORE UPDATE ON `records` FOR EACH ROW BEGIN
                DECLARE recedit_signature VARCHAR(64) DEFAULT 'recedit:0df7a53d04d404f4';
                -- Only recedit's edit-state columns changed (a claim, heartbeat or release): not a new version.
                IF NOT (NEW.`updated_at` <=> OLD.`updated_at` AND NOT (NEW.`edit_state` <=> OLD.`edit_state` AND NEW.`edit_owner` <=> OLD.`edit_owner` AND NEW.`edit_lease_until` <=> OLD.`edit_lease_until` AND NEW.`edit_token` <=> OLD.`edit_token` AND NEW.`edit_since` <=> OLD.`edit_since`) AND NEW.`id` <=> OLD.`id` AND (NEW.`title` <=> OLD.`title` AND (NEW.`title` IS NULL OR BINARY NEW.`title` = BINARY OLD.`title`)) AND (NEW.`status` <=> OLD.`status` AND (NEW.`status` IS NULL OR BINARY NEW.`status` = BINARY OLD.`status`)) AND (NEW.`owner` <=> OLD.`owner` AND (NEW.`owner` IS NULL OR BINARY NEW.`owner` = BINARY OLD.`owner`)) AND NEW.`priority` <=> OLD.`priority` AND (NEW.`due` <=> OLD.`due` AND (NEW.`due` IS NULL OR BINARY NEW.`due` = BINARY OLD.`due`)) AND (NEW.`body` <=> OLD.`body` AND (NEW.`body` IS NULL OR BINARY NEW.`body` = BINARY OLD.`body`))) THEN
                    -- A data change (or an UPDATE that changed nothing): a strictly greater stamp, unless the writer
                    -- already advanced it.
                    IF NEW.`updated_at` IS NULL OR OLD.`updated_at` IS NULL OR NEW.`updated_at` <= OLD.`updated_at` THEN
                        SET NEW.`updated_at` = IF(OLD.`updated_at` IS NULL, UTC_TIMESTAMP(6), GREATEST(UTC_TIMESTAMP(6), OLD.`updated_at` + INTERVAL 1 MICROSECOND));
                    END IF;
                END IF;
            END;
        """
    }

    /// No recedit before this one set up MariaDB tables. What stands in: a table that gained a column after adopt
    /// gets new triggers when opened, so history keeps the new column too.
    override func testATableFromAnOlderReceditIsUpgradedWhenOpened() throws {
        let store = try demoStore()
        try foreignExecute("ALTER TABLE records ADD COLUMN tag VARCHAR(20) NULL")
        try foreignExecute("UPDATE records SET tag = 'red' WHERE id = 1")
        let reopened = try makeDatabase().openTable("records", key: nil, names: names)
        let v0 = try XCTUnwrap(try reopened.load(.integer(1)))
        XCTAssertEqual(v0["tag"], .text("red"))
        _ = try saved(try reopened.save(.integer(1), changes: ["tag": .text("blue")], expected: v0.updatedAt, writer: "a@h:1", fencingToken: nil))
        XCTAssertEqual(try reopened.history(.integer(1)).first?.fields["tag"], .text("red"), "the new column is in history")
        _ = store
    }

    override var refusesNonFiniteReals: Bool { true }

    func testLocationNeverHoldsThePassword() throws {
        let withPassword = url.replacingOccurrences(of: "://root@", with: "://root:s3cr3t-PW@")
        XCTAssertThrowsError(try MariaDBDatabase(url: withPassword, options: StoreOptions())) {
            XCTAssertFalse("\($0)".contains("s3cr3t-PW"), "\($0)")
            XCTAssertTrue("\($0)".contains("***"), "\($0)")
        }
        let database = try MariaDBDatabase(url: url, options: StoreOptions())
        XCTAssertEqual(database.location, url)
    }
}
