using Omnichannel.Domain.Classification;

namespace Omnichannel.Domain.Engine;

/// <summary>
/// Every journey entry the engine holds, appended in arrival order into large chunks that people index
/// into. Chunks are large-object-heap arrays, born in the oldest generation: the collector never copies
/// them, and a person holds a small array of integers instead of a growing array of entries.
/// </summary>
internal sealed class EntryLog
{
    private const int ChunkBits = 13;
    private const int ChunkSize = 1 << ChunkBits;
    private readonly List<JourneyEntry[]> _chunks = [];
    private int _count;

    public ref readonly JourneyEntry this[int index] => ref _chunks[index >> ChunkBits][index & (ChunkSize - 1)];

    public int Add(in JourneyEntry entry)
    {
        var chunk = _count >> ChunkBits;
        var offset = _count & (ChunkSize - 1);
        if (chunk == _chunks.Count)
        {
            // Small engines (tests, one person's replay) should not pay for a whole chunk: the first one grows.
            _chunks.Add(new JourneyEntry[chunk == 0 ? 16 : ChunkSize]);
        }
        else if (offset == _chunks[chunk].Length)
        {
            var first = _chunks[chunk];
            Array.Resize(ref first, Math.Min(ChunkSize, first.Length * 4));
            _chunks[chunk] = first;
        }

        _chunks[chunk][offset] = entry;
        return _count++;
    }

    /// <summary>Forgets every entry, keeping the chunks for the next ones (which fill them from the first).</summary>
    public void Clear()
    {
        for (var i = 0; i < _chunks.Count && i * ChunkSize < _count; i++)
        {
            Array.Clear(_chunks[i], 0, Math.Min(_chunks[i].Length, _count - (i * ChunkSize)));
        }

        _count = 0;
    }
}
