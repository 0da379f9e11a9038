using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>Who reads the register of agreements and commitments: those who act on them, not carriers or the public.</summary>
public static class CommitmentReaders
{
    public static void Require(Actor actor) =>
        AuthSetup.Require(Permissions.MayReadCommitments(actor), "Agreements and commitments are read by officers, liaisons and administrators.");
}
