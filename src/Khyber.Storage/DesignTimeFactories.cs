using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Khyber.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without the web host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKhyberDb>
{
    public SqliteKhyberDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteKhyberDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKhyberDb>
{
    public PostgresKhyberDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresKhyberDb>().UseNpgsql("Host=localhost;Database=khyber_design").Options);
}
