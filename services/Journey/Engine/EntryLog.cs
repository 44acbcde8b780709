using Omnichannel.Journey.Classification;

namespace Omnichannel.Journey.Engine;

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
        if (_chunks.Count == 0)
        {
            // Small engines (tests, one person's replay) should not pay for a whole chunk.
            _chunks.Add(new JourneyEntry[16]);
        }
        else if (_count == _chunks[^1].Length && _chunks.Count == 1 && _count < ChunkSize)
        {
            var first = _chunks[0];
            Array.Resize(ref first, Math.Min(ChunkSize, first.Length * 4));
            _chunks[0] = first;
        }
        else if ((_count & (ChunkSize - 1)) == 0 && _count > 0)
        {
            _chunks.Add(new JourneyEntry[ChunkSize]);
        }

        _chunks[^1][_count & (ChunkSize - 1)] = entry;
        return _count++;
    }
}
