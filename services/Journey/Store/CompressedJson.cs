using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.ObjectPool;
using ZstdSharp;

namespace Omnichannel.Journey.Store;

/// <summary>
/// The SQLite journey store's interaction bodies and reclassifications, kept as Zstandard frames against a fixed
/// dictionary rather than as JSON text: a few hundred bytes of JSON whose names and shapes repeat on every row
/// become about a quarter of that (issue 22: the journey file per interaction, and what is written to disk).
/// A stored value is a blob, <see cref="Format1"/> then the frame; text is JSON as written before schema 11.
/// </summary>
/// <remarks>
/// The dictionary is part of the format: a frame made with it is read with it only, so it never changes; a
/// better one would come with a new format byte, read beside this one. It is plain content (zstd reads any bytes
/// that are not a trained dictionary's as a prefix to match against): sample rows of the shapes this store
/// keeps, made up, with nobody's data in them.
/// </remarks>
internal static class CompressedJson
{
    /// <summary>The first byte of a value compressed against <see cref="Dictionary"/> at level 3.</summary>
    private const byte Format1 = 1;

    private const int Level = 3;

    private static readonly byte[] Dictionary = Encoding.UTF8.GetBytes("""
        {"id":"20260105-000001","source":"portal","channel":1,"type":2,"occurredAt":"2026-01-05T09:12:00+01:00","identifiers":[{"type":6,"value":"ck-3f2a9c"}],"service":"SIP Paris 15"}
        {"personId":"p-0a1b2c3d4e5f60718293a4b5c6d7e8f9","cause":{"source":"portal","id":"20260105-000001"},"changes":[]}
        {"id":"20260105-000002","source":"email-gateway","channel":3,"type":3,"occurredAt":"2026-01-05T10:40:00+01:00","identifiers":[{"type":5,"value":"camille.dupont@example.fr"}],"subject":{"motive":"income-tax.question"},"announcedDeadline":"2026-01-19T10:40:00+01:00","service":"SIP Paris 15"}
        {"personId":"p-0a1b2c3d4e5f60718293a4b5c6d7e8f9","cause":{"source":"email-gateway","id":"20260105-000002"},"changes":[{"new":{"key":{"source":"email-gateway","id":"20260105-000002"},"occurredAt":"2026-01-05T10:40:00+01:00","channel":3,"type":3,"motive":"income-tax.question","service":"SIP Paris 15","crossChannel":false,"announcedDeadline":"2026-01-19T10:40:00+01:00"}}]}
        {"id":"20260105-000003","source":"backoffice","channel":7,"type":4,"occurredAt":"2026-01-05T14:05:00+01:00","identifiers":[{"type":1,"value":"1234567890123"}],"subject":{"motive":"property-tax.payment"},"service":"Centre de contact Nancy"}
        {"personId":"p-1b2c3d4e5f60718293a4b5c6d7e8f90a","cause":{"source":"backoffice","id":"20260105-000003"},"changes":[]}
        {"id":"20260105-000004","source":"cti","channel":2,"type":1,"occurredAt":"2026-01-05T09:19:00+01:00","identifiers":[{"type":4,"value":"\u002B33612345678"},{"type":1,"value":"1234567890123"}],"subject":{"motive":"pas.rate"},"outcome":2,"service":"SIP Paris 15"}
        {"personId":"p-1b2c3d4e5f60718293a4b5c6d7e8f90a","cause":{"source":"cti","id":"20260105-000004"},"changes":[{"new":{"key":{"source":"cti","id":"20260105-000004"},"occurredAt":"2026-01-05T09:19:00+01:00","channel":2,"type":1,"motive":"pas.rate","service":"SIP Paris 15","outcome":2,"kind":1,"crossChannel":false,"demand":{"source":"cti","id":"20260105-000004"},"fcrFailure":1,"fcrFinalAt":"2026-01-12T09:19:00+01:00","acknowledgementDueBy":"2026-01-12T09:19:00+01:00"}}]}
        {"id":"20260110-000005","source":"sms-gateway","channel":4,"type":1,"occurredAt":"2026-01-10T01:19:00+01:00","identifiers":[{"type":4,"value":"\u002B33612345678"}],"subject":{"motive":"pas.rate"},"outcome":1,"service":"SIP Paris 15"}
        {"personId":"p-1b2c3d4e5f60718293a4b5c6d7e8f90a","cause":{"source":"sms-gateway","id":"20260110-000005"},"changes":[{"old":{"key":{"source":"sms-gateway","id":"20260110-000005"},"occurredAt":"2026-01-10T01:19:00+01:00","channel":4,"type":1,"motive":"pas.rate","service":"SIP Paris 15","outcome":1,"kind":1,"crossChannel":false,"demand":{"source":"sms-gateway","id":"20260110-000005"},"fcrFinalAt":"2026-01-17T01:19:00+01:00","acknowledgementDueBy":"2026-01-17T01:19:00+01:00"},"new":{"key":{"source":"sms-gateway","id":"20260110-000005"},"occurredAt":"2026-01-10T01:19:00+01:00","channel":4,"type":1,"motive":"pas.rate","service":"SIP Paris 15","outcome":1,"kind":2,"predecessor":{"source":"cti","id":"20260105-000004"},"predecessorChannel":2,"crossChannel":true,"demand":{"source":"cti","id":"20260105-000004"}}}]}
        """);

    /// <summary>
    /// Contexts shared by every thread, a few kept (each holds about a megabyte of tables built from the
    /// dictionary): one per thread of the pool would grow the process by tens of megabytes under load.
    /// </summary>
    private static readonly ObjectPool<Compressor> Compressors =
        new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 }.Create(new Contexts<Compressor>(NewCompressor));

    private static readonly ObjectPool<Decompressor> Decompressors =
        new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 }.Create(new Contexts<Decompressor>(NewDecompressor));

    /// <summary>The value as JSON, compressed: the blob to store.</summary>
    public static byte[] Pack<T>(T value, JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, type);
        var packed = new byte[1 + Compressor.GetCompressBound(json.Length)];
        packed[0] = Format1;
        var compressor = Compressors.Get();
        try
        {
            var length = compressor.Wrap(json, packed.AsSpan(1));
            return packed[..(1 + length)];
        }
        finally
        {
            Compressors.Return(compressor);
        }
    }

    /// <summary>A stored value read back: a blob this class packed, or JSON text stored before it.</summary>
    public static T Read<T>(object stored, JsonTypeInfo<T> type) => stored switch
    {
        string text => JsonSerializer.Deserialize(text, type)!,
        byte[] packed => JsonSerializer.Deserialize(Unpack(packed), type)!,
        _ => throw new InvalidDataException($"A stored value of type {stored?.GetType().Name ?? "null"} is neither JSON nor a packed blob."),
    };

    /// <summary>The JSON of a stored value, as text (a blob unpacked; text as it is).</summary>
    public static string Text(object stored) => stored switch
    {
        byte[] packed => Encoding.UTF8.GetString(Unpack(packed)),
        _ => Convert.ToString(stored, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static ReadOnlySpan<byte> Unpack(byte[] packed)
    {
        if (packed.Length < 2 || packed[0] != Format1)
        {
            throw new InvalidDataException($"A stored blob of format {(packed.Length == 0 ? "none" : packed[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}: this build reads format {Format1}.");
        }

        var decompressor = Decompressors.Get();
        try
        {
            return decompressor.Unwrap(packed.AsSpan(1)).ToArray();
        }
        finally
        {
            Decompressors.Return(decompressor);
        }
    }

    private static Compressor NewCompressor()
    {
        var compressor = new Compressor(Level);
        compressor.LoadDictionary(Dictionary);
        // The frame keeps its content size (the decompressor sizes its buffer from it), no checksum (SQLite's
        // pages are the unit of integrity here) and no dictionary id (the format byte names the dictionary).
        compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 0);
        compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_dictIDFlag, 0);
        return compressor;
    }

    private sealed class Contexts<T>(Func<T> create) : PooledObjectPolicy<T>
        where T : notnull
    {
        public override T Create() => create();

        public override bool Return(T obj) => true;
    }

    private static Decompressor NewDecompressor()
    {
        var decompressor = new Decompressor();
        decompressor.LoadDictionary(Dictionary);
        return decompressor;
    }
}
