using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Khyber.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TruckStatusIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Trucks_Status",
                table: "Trucks",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Trucks_Status",
                table: "Trucks");
        }
    }
}
