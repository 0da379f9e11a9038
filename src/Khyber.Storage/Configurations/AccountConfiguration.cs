using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Khyber.Storage.Configurations;

internal sealed class AccountChangeConfiguration : IEntityTypeConfiguration<AccountChange>
{
    public void Configure(EntityTypeBuilder<AccountChange> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.Change).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.By).HasMaxLength(256);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.CrossingId).HasMaxLength(64);
        b.Property(x => x.CarrierId).HasMaxLength(64);
        b.Property(x => x.DisplayName).HasMaxLength(200);
        b.HasIndex(x => new { x.UserName, x.At });
    }
}

internal sealed class CarrierApplicationConfiguration : IEntityTypeConfiguration<CarrierApplication>
{
    public void Configure(EntityTypeBuilder<CarrierApplication> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.CompanyName).HasMaxLength(200);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.RegistrationNumber).HasMaxLength(64);
        b.Property(x => x.ContactName).HasMaxLength(200);
        b.Property(x => x.ContactPhone).HasMaxLength(16);
        b.Property(x => x.ContactEmail).HasMaxLength(254);
        b.Property(x => x.Username).HasMaxLength(64);
        b.Property(x => x.Message).HasMaxLength(2000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.Property(x => x.RejectionReason).HasMaxLength(1000);
        b.Property(x => x.CarrierId).HasMaxLength(64);
        // Two administrators deciding the same application at once: one wins, the other is told.
        b.Property<long>(KhyberDb.VersionProperty).IsConcurrencyToken();
        b.HasIndex(x => new { x.Status, x.SubmittedAt });
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.RefreshTokenHash).HasMaxLength(64);
        b.Property(x => x.RevokedWhy).HasMaxLength(32);
        b.Property(x => x.Client).HasMaxLength(200);
        b.HasIndex(x => x.RefreshTokenHash).IsUnique();
        // The per-request check reads the family's current row.
        b.HasIndex(x => new { x.Family, x.RotatedAt });
        b.HasIndex(x => new { x.UserId, x.RevokedAt });
    }
}
