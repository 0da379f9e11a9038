using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khyber.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditHeadMovesByOne : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_AuditHeads",
                table: "AuditHeads");

            migrationBuilder.RenameTable(
                name: "AuditHeads",
                newName: "AuditChainHeads");

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "AuditChainHeads",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_AuditChainHeads",
                table: "AuditChainHeads",
                column: "Id");

            migrationBuilder.UpdateData(
                table: "AuditChainHeads",
                keyColumn: "Id",
                keyValue: 1,
                column: "PreviousHash",
                value: null);

            // The head moves only by one entry, onto the hash it held: an append built on a head that moved on (or that
            // never came to be, its writer rolled back) fails as a serialization failure, which writers run again.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_head_moves_by_one() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW."Seq" <> OLD."Seq" + 1 OR NEW."PreviousHash" IS DISTINCT FROM OLD."Hash" THEN
                        RAISE EXCEPTION 'The audit chain''s head is at entry %, not at the one entry % was built on.', OLD."Seq", NEW."Seq"
                            USING ERRCODE = '40001';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER audit_head_moves_by_one BEFORE UPDATE ON "AuditChainHeads"
                    FOR EACH ROW EXECUTE FUNCTION audit_head_moves_by_one();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER audit_head_moves_by_one ON "AuditChainHeads";
                DROP FUNCTION audit_head_moves_by_one();
                """);

            migrationBuilder.DropPrimaryKey(
                name: "PK_AuditChainHeads",
                table: "AuditChainHeads");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "AuditChainHeads");

            migrationBuilder.RenameTable(
                name: "AuditChainHeads",
                newName: "AuditHeads");

            migrationBuilder.AddPrimaryKey(
                name: "PK_AuditHeads",
                table: "AuditHeads",
                column: "Id");
        }
    }
}
