using System.Text.Json;
using Omnichannel.Contracts;
using Omnichannel.Journey.Store;
using Omnichannel.Journey.Tests.Support;
using Xunit;

namespace Omnichannel.Journey.Tests.Store;

/// <summary>Issue 22: the journey file keeps interaction bodies and reclassifications compressed against a fixed dictionary.</summary>
public sealed class CompressedJsonTests
{
    private static readonly Interaction Sample = Journeys.Contact("c1", 0, Channel.Email, "income-tax.question", Ids.Phone("+33611111111")) with { Service = "SIP Lyon 3" };

    [Fact]
    public void A_packed_value_reads_back_equal_and_takes_far_fewer_bytes_than_its_json()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(Sample, StoredJson.Default.Interaction);
        var packed = CompressedJson.Pack(Sample, StoredJson.Default.Interaction);

        Assert.Equal(JsonSerializer.Serialize(Sample, StoredJson.Default.Interaction), JsonSerializer.Serialize(CompressedJson.Read(packed, StoredJson.Default.Interaction), StoredJson.Default.Interaction));
        Assert.Equal(1, packed[0]);
        Assert.True(packed.Length * 2 < json.Length, $"{packed.Length} bytes packed for {json.Length} of JSON");
        Assert.Equal(System.Text.Encoding.UTF8.GetString(json), CompressedJson.Text(packed));
    }

    [Fact]
    public void Json_text_stored_before_is_read_as_it_is()
    {
        var text = JsonSerializer.Serialize(Sample, StoredJson.Default.Interaction);

        Assert.Equal(text, JsonSerializer.Serialize(CompressedJson.Read(text, StoredJson.Default.Interaction), StoredJson.Default.Interaction));
        Assert.Equal(text, CompressedJson.Text(text));
    }

    [Fact]
    public void A_blob_of_a_format_this_build_does_not_know_is_refused_by_name()
    {
        var packed = CompressedJson.Pack(Sample, StoredJson.Default.Interaction);
        packed[0] = 2;

        var error = Assert.Throws<InvalidDataException>(() => CompressedJson.Read(packed, StoredJson.Default.Interaction));
        Assert.Contains("format 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_packed_on_many_threads_at_once_read_back_each_its_own()
    {
        var values = Enumerable.Range(0, 2_000).Select(i => Sample with { Id = $"c{i}", Service = $"SIP {i % 40}" }).ToArray();
        var packed = new byte[values.Length][];
        Parallel.For(0, values.Length, i => packed[i] = CompressedJson.Pack(values[i], StoredJson.Default.Interaction));
        var read = new Interaction[values.Length];
        Parallel.For(0, values.Length, i => read[i] = CompressedJson.Read(packed[i], StoredJson.Default.Interaction));

        Assert.Equal(values.Select(v => v.Id + v.Service), read.Select(r => r.Id + r.Service));
    }
}
