using Khyber.Domain.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Khyber.Storage.Configurations;

internal sealed class CallRecordConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.CrossingId).HasMaxLength(64);
        b.Property(x => x.CalledBy).HasMaxLength(256);
        // One number per call and direction: the database turns away a second call that took the same one.
        b.HasIndex(x => new { x.CrossingId, x.Direction, x.Number }).IsUnique();
        b.HasIndex(x => new { x.CrossingId, x.Direction, x.QueuedBefore });
        b.HasMany(x => x.Trucks).WithOne().HasForeignKey(x => x.CallId);
    }
}

internal sealed class CalledTruckConfiguration : IEntityTypeConfiguration<CalledTruck>
{
    public void Configure(EntityTypeBuilder<CalledTruck> b)
    {
        b.HasKey(x => new { x.CallId, x.Position });
        b.Property(x => x.Plate).HasMaxLength(16);
        b.Property(x => x.Rule).HasConversion<string>().HasMaxLength(24);
        b.HasIndex(x => x.TruckId);
    }
}
