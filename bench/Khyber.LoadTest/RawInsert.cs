using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// The database's own pace for the row a registration writes: a bare <c>INSERT</c> of a copy of one of the server's
/// truck rows (new id, plate and tracking code) through ADO.NET — Npgsql or Microsoft.Data.Sqlite, no EF, no audit, no
/// HTTP — by as many concurrent workers as the registration scenario, one autocommitted statement each. A registration
/// does that insert plus its audit entry, the chain's head, its events and the HTTP around them; the ratio of the two
/// rates says how much of the database's pace the server keeps.
/// </summary>
internal static class RawInsert
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    // Counted across calls: the warm-up and the measured run insert into the same table, so plates must not repeat.
    private static int _number;

    public static async Task<Result> MeasureAsync(string provider, string connection, int concurrency, TimeSpan duration)
    {
        var postgres = provider == "postgres";
        DbConnection Open() => postgres ? new NpgsqlConnection(connection) : new SqliteConnection(connection);
        string Q(string name) => $"\"{name}\"";

        // The row to copy: a registration made by the load test when there is one.
        Dictionary<string, object> row;
        await using (var db = Open())
        {
            await db.OpenAsync();
            await using var select = db.CreateCommand();
            select.CommandText = $"SELECT * FROM {Q("Trucks")} ORDER BY CASE WHEN {Q("Plate")} LIKE 'LT%' THEN 0 ELSE 1 END LIMIT 1";
            await using var reader = await select.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException("No truck to copy: run the register scenario first.");
            }
            row = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? DBNull.Value : reader.GetValue(i));
        }
        var columns = row.Keys.ToList();
        var sql = $"INSERT INTO {Q("Trucks")} ({string.Join(", ", columns.Select(Q))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var run = Environment.ProcessId % 1000;

        return await ClosedLoop.MeasureAsync(concurrency, duration, null, async worker =>
        {
            await using var db = Open();
            await db.OpenAsync();
            while (worker.Running)
            {
                var n = Interlocked.Increment(ref _number);
                await using var insert = db.CreateCommand();
                insert.CommandText = sql;
                for (var i = 0; i < columns.Count; i++)
                {
                    var p = insert.CreateParameter();
                    p.ParameterName = $"p{i}";
                    p.Value = columns[i] switch
                    {
                        "Id" => row["Id"] is Guid ? Guid.NewGuid() : Guid.NewGuid().ToString().ToUpperInvariant(),
                        "Plate" => $"RI{run:D3}{n:D7}",
                        "ActivePlate" => row["ActivePlate"] is DBNull ? DBNull.Value : $"RI{run:D3}{n:D7}",
                        "TrackingCode" => Code(),
                        _ => row[columns[i]],
                    };
                    insert.Parameters.Add(p);
                }
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await insert.ExecuteNonQueryAsync();
                    worker.Ok(started);
                }
                catch (DbException e)
                {
                    var key = e switch
                    {
                        PostgresException pg => $"{pg.SqlState} {pg.ConstraintName ?? pg.MessageText}",
                        SqliteException lite => $"SQLite {lite.SqliteErrorCode}/{lite.SqliteExtendedErrorCode}",
                        _ => e.GetType().Name,
                    };
                    worker.Error(key);
                }
            }
        });
    }

    private static string Code() => string.Create(8, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }
    });
}
