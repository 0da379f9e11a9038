using Khyber.Domain;
using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Storage;

/// <summary>The one database of a Khyber installation.</summary>
/// <remarks>
/// SQLite and PostgreSQL each get a subclass (<see cref="SqliteKhyberDb"/>, <see cref="PostgresKhyberDb"/>)
/// only so that each keeps its own migrations; the model is the same.
/// </remarks>
public abstract class KhyberDb(DbContextOptions options) : IdentityDbContext<KhyberUser>(options)
{
    /// <summary>Shadow concurrency token on rows that concurrent requests may change.</summary>
    public const string VersionProperty = "Version";

    public DbSet<Crossing> Crossings => Set<Crossing>();

    public DbSet<CrossingSide> CrossingSides => Set<CrossingSide>();

    public DbSet<CrossingDirection> CrossingDirections => Set<CrossingDirection>();

    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<Truck> Trucks => Set<Truck>();

    public DbSet<Carrier> Carriers => Set<Carrier>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<StrandedSnapshot> StrandedSnapshots => Set<StrandedSnapshot>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KhyberDb).Assembly);
        builder.Entity<KhyberUser>(u =>
        {
            u.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
            u.Property(x => x.Side).HasConversion<string>().HasMaxLength(2);
            u.Property(x => x.CrossingId).HasMaxLength(64);
            u.Property(x => x.CarrierId).HasMaxLength(64);
            u.Property(x => x.DisplayName).HasMaxLength(200);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Enums are stored by name: readable in the database and stable when members are added.
        configuration.Properties<Side>().HaveConversion<string>().HaveMaxLength(2);
        configuration.Properties<Direction>().HaveConversion<string>().HaveMaxLength(8);
        configuration.Properties<GateState>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<ReasonCategory>().HaveConversion<string>().HaveMaxLength(32);
        configuration.Properties<CargoCategory>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<TruckStatus>().HaveConversion<string>().HaveMaxLength(16);
        configuration.Properties<NoticeStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Every modified row carrying a version gets the next one; the update matches the version read,
    /// so of two concurrent writers one wins and the other gets a concurrency conflict to retry.
    /// </summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Modified)
            {
                continue;
            }
            var version = entry.Metadata.FindProperty(VersionProperty);
            if (version is not null && version.ClrType == typeof(long))
            {
                var property = entry.Property(VersionProperty);
                property.CurrentValue = (long)property.OriginalValue! + 1;
            }
        }
    }
}

public sealed class SqliteKhyberDb(DbContextOptions<SqliteKhyberDb> options) : KhyberDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        base.ConfigureConventions(configuration);
        // SQLite has no timestamp type; UTC ticks keep times exact, comparable and sortable in SQL.
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configuration.Properties<decimal>().HaveConversion<double>();
    }
}

public sealed class PostgresKhyberDb(DbContextOptions<PostgresKhyberDb> options) : KhyberDb(options);
