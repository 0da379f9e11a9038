namespace Khyber.Simulation.Engine;

/// <summary>xoshiro256** pseudo-random numbers: one independent stream per replication.</summary>
/// <remarks>
/// A mutable struct kept as a field of its replication, so drawing allocates nothing and no stream
/// is shared between threads. The state is seeded by SplitMix64 from (seed, replication), so the
/// numbers of replication <c>r</c> depend only on the seed and <c>r</c>, never on which thread or in
/// which order the replications run.
/// </remarks>
public struct RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    public RandomStream(ulong seed, ulong stream)
    {
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextULong()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1]: safe to take the logarithm of.</summary>
    public double NextOpenDouble() => ((NextULong() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer on [0, bound).</summary>
    public int NextInt(int bound) => (int)((NextULong() >> 32) * (ulong)bound >> 32);

    public double NextExponential(double mean) => -mean * Math.Log(NextOpenDouble());

    /// <summary>A standard normal variate (Box–Muller; the second variate is dropped to keep the stream stateless).</summary>
    public double NextStandardNormal() =>
        Math.Sqrt(-2.0 * Math.Log(NextOpenDouble())) * Math.Cos(2.0 * Math.PI * NextDouble());

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
