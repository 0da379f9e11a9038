using Khyber.Domain.Crossings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Khyber.Storage.Configurations;

internal sealed class CrossingConfiguration : IEntityTypeConfiguration<Crossing>
{
    public void Configure(EntityTypeBuilder<Crossing> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasMany(x => x.Sides).WithOne().HasForeignKey(s => s.CrossingId);
        b.HasMany(x => x.Directions).WithOne().HasForeignKey(d => d.CrossingId);
    }
}

internal sealed class CrossingSideConfiguration : IEntityTypeConfiguration<CrossingSide>
{
    public void Configure(EntityTypeBuilder<CrossingSide> b)
    {
        b.HasKey(x => new { x.CrossingId, x.Side });
        b.Property(x => x.Authority).HasMaxLength(200);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        // Stored as its two times (both null: round the clock).
        b.Ignore(x => x.Hours);
    }
}

internal sealed class CrossingDirectionConfiguration : IEntityTypeConfiguration<CrossingDirection>
{
    public void Configure(EntityTypeBuilder<CrossingDirection> b)
    {
        b.HasKey(x => new { x.CrossingId, x.Direction });
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
