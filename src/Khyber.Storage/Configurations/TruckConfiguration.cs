using Khyber.Domain.Trucks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Khyber.Storage.Configurations;

internal sealed class TruckConfiguration : IEntityTypeConfiguration<Truck>
{
    public void Configure(EntityTypeBuilder<Truck> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.CrossingId).HasMaxLength(64);
        b.Property(x => x.Plate).HasMaxLength(16);
        b.Property(x => x.ActivePlate).HasMaxLength(16);
        // One active registration per vehicle, enforced by the database as well as by the endpoint.
        b.HasIndex(x => x.ActivePlate).IsUnique();
        b.Property(x => x.RegistrationCountry).HasMaxLength(2);
        b.Property(x => x.CarrierId).HasMaxLength(64);
        b.Property(x => x.DriverName).HasMaxLength(200);
        b.Property(x => x.DriverDocumentNumber).HasMaxLength(20);
        b.Property(x => x.DriverPhone).HasMaxLength(16);
        b.Property(x => x.PersonalDataSalt).HasMaxLength(32);
        b.Property(x => x.TrackingCode).HasMaxLength(TrackingCode.Length);
        // The code opens the truck's public page, so no two registrations may share one.
        b.HasIndex(x => x.TrackingCode).IsUnique();
        // A driver's question is answered from the trucks registered with his number.
        b.HasIndex(x => x.DriverPhone);
        b.Property(x => x.CargoDescription).HasMaxLength(500);
        b.Property(x => x.HsCode).HasMaxLength(6);
        b.Property(x => x.ValueUsd).HasPrecision(18, 2);
        b.Property(x => x.WeightKg).HasPrecision(12, 2);
        b.Property(x => x.CalledBy).HasMaxLength(256);
        b.Property(x => x.ExitedBy).HasMaxLength(256);
        b.Property(x => x.EnteredBy).HasMaxLength(256);
        b.Property(x => x.RejectedBy).HasMaxLength(256);
        b.Property(x => x.RejectionReason).HasMaxLength(1000);
        b.Property<long>(KhyberDb.VersionProperty).IsConcurrencyToken();
        b.Ignore(x => x.IsActive);
        b.Ignore(x => x.InQueue);
        b.HasIndex(x => new { x.CrossingId, x.Direction, x.Status });
        // The per-carrier cap counts a carrier's trucks holding places at one crossing under the write lock: answered
        // from the index alone, not by reading each of the carrier's thousands of past registrations.
        b.HasIndex(x => new { x.CarrierId, x.CrossingId, x.Status });
        b.HasIndex(x => x.Status);
        // The retention rule looks for the registrations ended before a day whose driver is not erased yet.
        b.HasIndex(x => new { x.PersonalDataErasedAt, x.EndedAt });
    }
}
