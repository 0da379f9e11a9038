using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khyber.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxPositionInCommitOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
