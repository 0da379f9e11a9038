using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khyber.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditHeadMovesByOne : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The primary key goes with the table as it is renamed: dropping and adding it again would make EF rebuild the
            // table at the end of the migration, without the trigger below.
            migrationBuilder.RenameTable(
                name: "AuditHeads",
                newName: "AuditChainHeads");

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "AuditChainHeads",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.UpdateData(
                table: "AuditChainHeads",
                keyColumn: "Id",
                keyValue: 1,
                column: "PreviousHash",
                value: null);

            // The head moves only by one entry, onto the hash it held (every append reads it under the file's write lock,
            // so this only ever turns away a writer that did not).
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_head_moves_by_one BEFORE UPDATE ON "AuditChainHeads"
                WHEN NEW."Seq" <> OLD."Seq" + 1 OR NEW."PreviousHash" IS NOT OLD."Hash"
                BEGIN
                    SELECT RAISE(ABORT, 'The audit chain''s head moves only by one entry, onto the hash it held.');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER audit_head_moves_by_one;");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "AuditChainHeads");

            migrationBuilder.RenameTable(
                name: "AuditChainHeads",
                newName: "AuditHeads");
        }
    }
}
