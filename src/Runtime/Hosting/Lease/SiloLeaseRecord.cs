namespace Beddengrid.Runtime;

/// <summary>
/// The lease row of a cluster as the store holds it: which silo owns it, until when, and the ETag that any change
/// to it must quote, so that of two silos writing on the same version only one succeeds.
/// </summary>
/// <param name="Owner">The <see cref="SiloLeaseKeeper.SiloId"/> of the silo that wrote the row last.</param>
/// <param name="ExpiresAt">Wall-clock time after which any silo may take the lease over.</param>
public sealed record SiloLeaseRecord(string Owner, DateTimeOffset ExpiresAt, string ETag)
{
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}
