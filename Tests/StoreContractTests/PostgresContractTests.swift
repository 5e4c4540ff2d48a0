import Foundation
import PostgresStore
import RecEditCore
import XCTest

/// The store contract on a real PostgreSQL server (`RECEDIT_TEST_PG`): each test starts from an empty
/// `public` schema in a database of this test process's own.
final class PostgresContractTests: StoreContractTests {
    var url = ""
    var foreign: RawPG?

    override func setUpWithError() throws {
        try super.setUpWithError()
        url = try PGTestServer.database(tag: "contract")
        try PGTestServer.reset(url)
        foreign = nil
    }

    override func tearDownWithError() throws {
        foreign = nil
    }

    override class func tearDown() {
        PGTestServer.dropDatabase(tag: "contract")
        super.tearDown()
    }

    override func makeDatabase() throws -> RecordDatabase {
        try PostgresDatabase(conninfo: url, options: StoreOptions())
    }

    override func foreignExecute(_ sql: String) throws {
        if foreign == nil { foreign = try RawPG(url) }
        try foreign!.exec(sql)
    }

    override var oldReceditTableSQL: String {
        """
        CREATE FUNCTION public.recedit_3e97d08258a731e4_after() RETURNS trigger
            LANGUAGE plpgsql
            AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                INSERT INTO "public".recedit_history (table_name, row_key, operation, updated_at, replaced_at, replaced_by, fields)
                VALUES (TG_TABLE_NAME, OLD."id"::text, 'delete', OLD."updated_at", NULL, nullif(current_setting('recedit.writer', true), ''), (to_jsonb(OLD) - ARRAY['edit_state', 'edit_owner', 'edit_lease_until', 'edit_token', 'updated_at']::text[]));
                PERFORM pg_notify((CASE WHEN octet_length(TG_TABLE_NAME) <= 55 THEN 'recedit_' || TG_TABLE_NAME ELSE 'recedit_' || md5(TG_TABLE_NAME) END), OLD."id"::text);
                RETURN NULL;
            END IF;
            IF TG_OP = 'UPDATE' AND NEW."updated_at" IS DISTINCT FROM OLD."updated_at" THEN
                INSERT INTO "public".recedit_history (table_name, row_key, operation, updated_at, replaced_at, replaced_by, fields)
                VALUES (TG_TABLE_NAME, OLD."id"::text, 'update', OLD."updated_at", NEW."updated_at", nullif(current_setting('recedit.writer', true), ''), (to_jsonb(OLD) - ARRAY['edit_state', 'edit_owner', 'edit_lease_until', 'edit_token', 'updated_at']::text[]));
            END IF;
            PERFORM pg_notify((CASE WHEN octet_length(TG_TABLE_NAME) <= 55 THEN 'recedit_' || TG_TABLE_NAME ELSE 'recedit_' || md5(TG_TABLE_NAME) END), NEW."id"::text);
            RETURN NULL;
        END
        $$;

        CREATE FUNCTION public.recedit_3e97d08258a731e4_before() RETURNS trigger
            LANGUAGE plpgsql
            AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                IF NEW."updated_at" IS NULL THEN
                    NEW."updated_at" := clock_timestamp();
                END IF;
                RETURN NEW;
            END IF;
            -- Only recedit's edit-state columns changed (a claim, heartbeat or release): not a new version.
            IF NEW."updated_at" IS NOT DISTINCT FROM OLD."updated_at" AND (NEW."edit_state", NEW."edit_owner", NEW."edit_lease_until", NEW."edit_token") IS DISTINCT FROM (OLD."edit_state", OLD."edit_owner", OLD."edit_lease_until", OLD."edit_token") THEN
                IF (to_jsonb(NEW) - ARRAY['edit_state', 'edit_owner', 'edit_lease_until', 'edit_token', 'updated_at']::text[]) = (to_jsonb(OLD) - ARRAY['edit_state', 'edit_owner', 'edit_lease_until', 'edit_token', 'updated_at']::text[]) THEN
                    RETURN NEW;
                END IF;
            END IF;
            -- A data change (or an UPDATE that changed nothing): a new version with a strictly greater stamp,
            -- unless the writer already advanced it.
            IF NEW."updated_at" IS NULL OR OLD."updated_at" IS NULL OR NEW."updated_at" <= OLD."updated_at" THEN
                NEW."updated_at" := CASE WHEN OLD."updated_at" IS NULL THEN clock_timestamp()
                                 ELSE greatest(clock_timestamp(), OLD."updated_at" + interval '1 microsecond') END;
            END IF;
            RETURN NEW;
        END
        $$;

        CREATE TABLE public.recedit_history (
            id bigint NOT NULL,
            table_name text NOT NULL,
            row_key text NOT NULL,
            operation text NOT NULL,
            updated_at timestamp with time zone,
            replaced_at timestamp with time zone,
            replaced_by text,
            fields jsonb NOT NULL,
            recorded_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
            CONSTRAINT recedit_history_operation_check CHECK ((operation = ANY (ARRAY['update'::text, 'delete'::text])))
        );

        CREATE SEQUENCE public.recedit_history_id_seq
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;

        ALTER SEQUENCE public.recedit_history_id_seq OWNED BY public.recedit_history.id;

        CREATE TABLE public.records (
            id bigint NOT NULL,
            title text NOT NULL,
            status text,
            owner text,
            priority integer,
            due text,
            body text,
            edit_state text DEFAULT 'idle'::text NOT NULL,
            edit_owner text,
            edit_lease_until timestamp with time zone,
            edit_token bigint DEFAULT 0 NOT NULL,
            updated_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
            CONSTRAINT records_edit_state_check CHECK ((edit_state = ANY (ARRAY['idle'::text, 'editing'::text]))),
            CONSTRAINT records_status_check CHECK ((status = ANY (ARRAY['open'::text, 'in_progress'::text, 'done'::text])))
        );

        CREATE SEQUENCE public.records_id_seq
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;

        ALTER SEQUENCE public.records_id_seq OWNED BY public.records.id;

        ALTER TABLE ONLY public.recedit_history ALTER COLUMN id SET DEFAULT nextval('public.recedit_history_id_seq'::regclass);

        ALTER TABLE ONLY public.records ALTER COLUMN id SET DEFAULT nextval('public.records_id_seq'::regclass);

        ALTER TABLE ONLY public.recedit_history
            ADD CONSTRAINT recedit_history_pkey PRIMARY KEY (id);

        ALTER TABLE ONLY public.records
            ADD CONSTRAINT records_pkey PRIMARY KEY (id);

        CREATE INDEX recedit_history_replaced ON public.recedit_history USING btree (table_name, row_key, replaced_at);

        CREATE INDEX recedit_history_version ON public.recedit_history USING btree (table_name, row_key, updated_at);

        CREATE TRIGGER zz_recedit_after AFTER INSERT OR DELETE OR UPDATE ON public.records FOR EACH ROW EXECUTE FUNCTION public.recedit_3e97d08258a731e4_after();

        CREATE TRIGGER zz_recedit_before BEFORE INSERT OR UPDATE ON public.records FOR EACH ROW EXECUTE FUNCTION public.recedit_3e97d08258a731e4_before();
        """
    }

    /// PostgreSQL's legacy table keeps its stamps in a `timestamp` column (recedit reuses timestamp or timestamptz).
    override var legacyTableSQL: [String] {
        [
            "CREATE TABLE legacy (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, updated_at TIMESTAMP)",
            "INSERT INTO legacy (id, name, qty, updated_at) VALUES (1, 'bolts', 10, '2024-01-02 03:04:05.123456'), (2, 'nuts', 20, NULL)",
        ]
    }

    // (A class whose only tests are inherited is missed by test discovery on Linux: keep one here.)
    func testLocationNeverHoldsThePassword() throws {
        let withPassword = PGTestServer.withPassword("s3cr3t-PW", url)
        let database = try PostgresDatabase(conninfo: withPassword, options: StoreOptions())
        XCTAssertFalse(database.location.contains("s3cr3t-PW"), database.location)
        let store = try { () throws -> RecordStore in
            _ = try database.initialize(demo: false, names: names)
            return try database.openTable("records", key: nil, names: names)
        }()
        XCTAssertFalse(store.location.contains("s3cr3t-PW"), store.location)
    }
}
