namespace Khyber.Storage;

/// <summary>
/// Counts the changes to border data this process has committed, so that readers caching a derived view
/// (the public status) know at once when it may be stale.
/// </summary>
public static class StoreChanges
{
    private static long _version;

    public static long Current => Interlocked.Read(ref _version);

    internal static void Committed() => Interlocked.Increment(ref _version);
}
