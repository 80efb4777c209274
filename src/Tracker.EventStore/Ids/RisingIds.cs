using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tracker.EventStore;

/// <summary>
/// Version 7 UUIDs (RFC 9562) that rise one after another: the millisecond, then a 42-bit counter seeded at random
/// (section 6.2, method 1), then 32 random bits. One instance per append: within it the counter keeps ids unique,
/// between appends its random seed does. <see cref="Guid.CreateVersion7(DateTimeOffset)"/> leaves everything after
/// the millisecond random, so the events of one append, which share its moment, landed all over the event-id index.
/// </summary>
public sealed class RisingIds
{
    private const long CounterMask = (1L << 42) - 1;
    private readonly long millisecond;
    private long counter;

    public RisingIds(DateTimeOffset moment)
    {
        millisecond = moment.ToUnixTimeMilliseconds();
        // The top bit clear leaves at least 2^41 ids before the counter could wrap.
        Span<byte> seed = stackalloc byte[8];
        RandomNumberGenerator.Fill(seed);
        counter = BinaryPrimitives.ReadInt64BigEndian(seed) & ((1L << 41) - 1);
    }

    public Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        var count = counter++ & CounterMask;
        BinaryPrimitives.WriteInt64BigEndian(bytes, millisecond << 16);
        bytes[6] = (byte)(0x70 | (count >> 38));            // version 7, counter bits 41-38
        bytes[7] = (byte)(count >> 30);                     // counter bits 37-30
        bytes[8] = (byte)(0x80 | ((count >> 24) & 0x3F));   // variant 10, counter bits 29-24
        bytes[9] = (byte)(count >> 16);
        bytes[10] = (byte)(count >> 8);
        bytes[11] = (byte)count;
        // The counter already makes each id unique; the tail needs no system call per id (uniqueness is the seed's job).
        BinaryPrimitives.WriteInt32BigEndian(bytes[12..], Random.Shared.Next(int.MinValue, int.MaxValue));
        return new Guid(bytes, bigEndian: true);
    }
}
