using Khyber.Domain.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Khyber.Storage.Configurations;

internal sealed class SmsMessageConfiguration : IEntityTypeConfiguration<SmsMessage>
{
    public void Configure(EntityTypeBuilder<SmsMessage> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.EventKey).HasMaxLength(200);
        // One message per event and truck, whichever instance or retry writes it.
        b.HasIndex(x => x.EventKey).IsUnique();
        b.Property(x => x.Phone).HasMaxLength(16);
        b.Property(x => x.Text).HasMaxLength(1000);
        b.Property(x => x.LastError).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => x.TruckId);
    }
}
