using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Khyber.Storage.Configurations;

internal sealed class CarrierConfiguration : IEntityTypeConfiguration<Carrier>
{
    public void Configure(EntityTypeBuilder<Carrier> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.RegistrationNumber).HasMaxLength(64);
        b.Property(x => x.ContactName).HasMaxLength(200);
        b.Property(x => x.ContactPhone).HasMaxLength(16);
        b.Property(x => x.ContactEmail).HasMaxLength(254);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.HasKey(x => new { x.Owner, x.Key });
        b.Property(x => x.Owner).HasMaxLength(256);
        b.Property(x => x.Key).HasMaxLength(200);
        b.Property(x => x.Endpoint).HasMaxLength(300);
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.Location).HasMaxLength(300);
    }
}

internal sealed class StrandedSnapshotConfiguration : IEntityTypeConfiguration<StrandedSnapshot>
{
    public void Configure(EntityTypeBuilder<StrandedSnapshot> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.CrossingId).HasMaxLength(64);
        b.Property(x => x.ValueAtRiskUsd).HasPrecision(18, 2);
        b.HasIndex(x => new { x.CrossingId, x.Direction, x.At });
    }
}

internal sealed class ForecastRecordConfiguration : IEntityTypeConfiguration<ForecastRecord>
{
    public void Configure(EntityTypeBuilder<ForecastRecord> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.CrossingId).HasMaxLength(64);
        b.Property(x => x.MadeBy).HasMaxLength(256);
        b.Property(x => x.Policy).HasMaxLength(16);
        b.HasIndex(x => new { x.CrossingId, x.MadeAt });
        b.HasIndex(x => x.MadeAt);
    }
}
