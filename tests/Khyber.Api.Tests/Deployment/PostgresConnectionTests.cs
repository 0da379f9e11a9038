using Khyber.Api.Infrastructure;
using Npgsql;

namespace Khyber.Api.Tests.Deployment;

/// <summary>
/// The server's PostgreSQL connections keep their prepared statements: it prepares what it runs and does not reset a
/// connection it returns to the pool, unless the operator's connection string says otherwise.
/// </summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void A_connection_string_that_says_nothing_gets_prepared_statements_kept_across_the_pool()
    {
        var connection = new NpgsqlConnectionStringBuilder(StorageSetup.PostgresConnection("Host=db.internal;Database=khyber;Username=khyber;Maximum Pool Size=50"));

        Assert.Equal(64, connection.MaxAutoPrepare);
        Assert.True(connection.NoResetOnClose);
        Assert.Equal("db.internal", connection.Host);
        Assert.Equal("khyber", connection.Database);
        Assert.Equal(50, connection.MaxPoolSize);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;maxautoprepare=0;NORESETONCLOSE=false")]
    public void The_operators_own_settings_win(string given)
    {
        var connection = new NpgsqlConnectionStringBuilder(StorageSetup.PostgresConnection(given));

        Assert.Equal(0, connection.MaxAutoPrepare);
        Assert.False(connection.NoResetOnClose);
    }

    [Fact]
    public void A_sqlite_connection_string_given_for_postgres_is_refused_by_the_settings_name()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => StorageSetup.PostgresConnection("Data Source=/var/lib/khyber/khyber.db"));

        Assert.Contains("ConnectionStrings:Khyber", refused.Message);
        Assert.Contains("not a PostgreSQL connection string", refused.Message);
    }
}
