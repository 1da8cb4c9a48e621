namespace Logbook.Samples;

/// <summary>
/// The generators' own PRNG (xoshiro256**, seeded through SplitMix64), so a seed gives the same data on every
/// .NET version and machine: no <see cref="Random"/>, and no transcendental math (whose last bit may vary by
/// platform) on the way to a value. <see cref="Derive"/> splits independent streams off a seed, so one part of a
/// dataset (a connection's syncs, say) does not shift when another part changes.
/// </summary>
internal sealed class SampleRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SampleRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>An independent stream for (<paramref name="seed"/>, <paramref name="stream"/>, <paramref name="index"/>).</summary>
    public static SampleRandom Derive(long seed, ulong stream, long index = 0)
    {
        var state = (ulong)seed;
        var a = SplitMix(ref state);
        state = a ^ (stream * 0x9E3779B97F4A7C15UL);
        var b = SplitMix(ref state);
        state = b ^ ((ulong)index * 0xC2B2AE3D27D4EB4FUL);
        return new SampleRandom(SplitMix(ref state));
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A whole number in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 0 ? 0 : (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="maxExclusive"/>), for wide ranges.</summary>
    public long NextInt64(long min, long maxExclusive)
    {
        var range = (ulong)(maxExclusive - min);
        return range == 0 ? min : min + (long)Math.BigMul(NextUInt64(), range, out _);
    }

    /// <summary>A number in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A whole number around <paramref name="mean"/>: uniform in [mean/2, 3·mean/2], at least 1.</summary>
    public long Around(long mean) => Math.Max(1, NextInt64(mean / 2, mean + (mean / 2) + 1));

    /// <summary>A heavy-tailed count: usually small, now and then orders of magnitude larger (at least 1).</summary>
    public long HeavyTail(long typical)
    {
        var value = Around(typical);
        while (value < 100_000_000 && Chance(0.12))
        {
            value *= Next(4, 12);
        }

        return value;
    }

    public void NextBytes(Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i += 8)
        {
            var value = NextUInt64();
            for (var j = i; j < Math.Min(i + 8, bytes.Length); j++)
            {
                bytes[j] = (byte)value;
                value >>= 8;
            }
        }
    }

    /// <summary>The items in a random order (Fisher-Yates), as a new list.</summary>
    public List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
