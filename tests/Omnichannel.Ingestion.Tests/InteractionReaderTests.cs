using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Omnichannel.Contracts;
using Omnichannel.Ingestion.Canonical;
using Omnichannel.Domain.Identity;
using Xunit;

namespace Omnichannel.Ingestion.Tests;

/// <summary>DOMAIN §1: the canonical interaction, every field's rule, errors named by JSON path.</summary>
public sealed class InteractionReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly InteractionReader _reader = new(new IdentifierNormalizer(), new FakeTimeProvider(Now));

    public static JsonObject Valid() => new()
    {
        ["id"] = "call-42",
        ["channel"] = "phone",
        ["type"] = "contact",
        ["occurredAt"] = "2026-03-02T09:00:00+01:00",
        ["identifiers"] = new JsonArray(
            new JsonObject { ["type"] = "phone", ["value"] = "06 12 34 56 78" },
            new JsonObject { ["type"] = "taxId", ["value"] = "12 34 567 890 123" }),
        ["subject"] = new JsonObject { ["motive"] = "income-tax.correction", ["caseRef"] = "DOS-2026-001" },
        ["outcome"] = "transferred",
        ["announcedDeadline"] = "2026-03-17T18:00:00+01:00",
        ["service"] = "SIP Paris 15",
        ["agentId"] = "agent-7",
        ["attributes"] = new JsonObject { ["durationSeconds"] = 312, ["queue"] = "ir", ["recorded"] = false },
    };

    private ReadResult Read(JsonNode? node) => _reader.Read(JsonSerializer.SerializeToElement(node), "cti");

    [Fact]
    public void A_valid_interaction_is_read_whole_and_normalized()
    {
        var result = Read(Valid());

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var interaction = result.Interaction!;
        Assert.Equal("call-42", interaction.Id);
        Assert.Equal("cti", interaction.Source);
        Assert.Equal(Channel.Phone, interaction.Channel);
        Assert.Equal(InteractionType.Contact, interaction.Type);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1)), interaction.OccurredAt);
        Assert.Equal(["+33612345678", "1234567890123"], interaction.Identifiers.Select(i => i.Value));
        Assert.Equal("DOS-2026-001", interaction.Subject!.CaseRef);
        Assert.Equal(Outcome.Transferred, interaction.Outcome);
        Assert.Equal(312, interaction.Attributes!.Value.GetProperty("durationSeconds").GetInt32());
    }

    [Fact]
    public void Only_the_required_fields_make_a_valid_visit()
    {
        var visit = new JsonObject
        {
            ["id"] = "v1", ["channel"] = "web", ["type"] = "visit", ["occurredAt"] = "2026-03-01T08:00:00Z",
            ["identifiers"] = new JsonArray(new JsonObject { ["type"] = "cookie", ["value"] = "ck-1" }),
        };

        Assert.True(Read(visit).IsValid);
    }

    [Fact]
    public void Old_interactions_are_accepted_and_up_to_24_hours_ahead_too()
    {
        var old = Valid();
        old["occurredAt"] = "2019-01-01T00:00:00Z";
        var soon = Valid();
        soon["occurredAt"] = Now.AddHours(23.9).ToString("O");

        Assert.True(Read(old).IsValid);
        Assert.True(Read(soon).IsValid);
    }

    [Fact]
    public void Repeated_identifiers_after_normalization_count_once()
    {
        var body = Valid();
        body["identifiers"] = new JsonArray(
            new JsonObject { ["type"] = "phone", ["value"] = "06 12 34 56 78" },
            new JsonObject { ["type"] = "phone", ["value"] = "+33612345678" });

        Assert.Single(Read(body).Interaction!.Identifiers);
    }

    /// <summary>Each case: how to break a valid body, the JSON path that must be named, a word of the reason.</summary>
    public static TheoryData<string, Action<JsonObject>, string, string> Invalid() => new()
    {
        { "id missing", b => b.Remove("id"), "$.id", "required" },
        { "id empty", b => b["id"] = "", "$.id", "1 to 128" },
        { "id too long", b => b["id"] = new string('x', 129), "$.id", "1 to 128" },
        { "id a number", b => b["id"] = 42, "$.id", "string" },
        { "id with a control character", b => b["id"] = "a\u0007b", "$.id", "printable" },
        { "channel missing", b => b.Remove("channel"), "$.channel", "required" },
        { "channel unknown", b => b["channel"] = "fax", "$.channel", "'web'" },
        { "channel wrong case", b => b["channel"] = "Phone", "$.channel", "one of" },
        { "type missing", b => b.Remove("type"), "$.type", "required" },
        { "type unknown", b => b["type"] = "complaint", "$.type", "'contact'" },
        { "occurredAt missing", b => b.Remove("occurredAt"), "$.occurredAt", "required" },
        { "occurredAt without offset", b => b["occurredAt"] = "2026-03-02T09:00:00", "$.occurredAt", "offset" },
        { "occurredAt not a date", b => b["occurredAt"] = "yesterday", "$.occurredAt", "ISO-8601" },
        { "occurredAt a number", b => b["occurredAt"] = 1700000000, "$.occurredAt", "ISO-8601" },
        { "occurredAt far in the future", b => b["occurredAt"] = "2026-03-03T12:00:01Z", "$.occurredAt", "24 hours" },
        { "identifiers missing", b => b.Remove("identifiers"), "$.identifiers", "required" },
        { "identifiers empty", b => b["identifiers"] = new JsonArray(), "$.identifiers", "1 to 10" },
        { "identifiers eleven", b => b["identifiers"] = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["type"] = "cookie", ["value"] = $"c{i}" }).ToArray()), "$.identifiers", "1 to 10" },
        { "identifiers an object", b => b["identifiers"] = new JsonObject(), "$.identifiers", "array" },
        { "identifier a string", b => b["identifiers"] = new JsonArray("06 12 34 56 78"), "$.identifiers[0]", "object" },
        { "identifier type unknown", b => b["identifiers"]![0]!["type"] = "passport", "$.identifiers[0].type", "'taxId'" },
        { "identifier value missing", b => b["identifiers"]![0]!.AsObject().Remove("value"), "$.identifiers[0].value", "required" },
        { "identifier value a number", b => b["identifiers"]![0]!["value"] = 612345678, "$.identifiers[0].value", "string" },
        { "invalid phone", b => b["identifiers"]![0]!["value"] = "06 12", "$.identifiers[0].value", "phone" },
        { "invalid email", b => b["identifiers"]![0] = new JsonObject { ["type"] = "email", ["value"] = "a@b@c.fr" }, "$.identifiers[0].value", "@" },
        { "invalid tax number", b => b["identifiers"]![1]!["value"] = "12345", "$.identifiers[1].value", "13 digits" },
        { "two tax numbers", b => b["identifiers"]!.AsArray().Add(new JsonObject { ["type"] = "taxId", ["value"] = "9999999999999" }), "$.identifiers", "at most one" },
        { "identifier with an extra field", b => b["identifiers"]![0]!["verified"] = true, "$.identifiers[0].verified", "not a field" },
        { "subject missing on a contact", b => b.Remove("subject"), "$.subject", "required" },
        { "subject a string", b => b["subject"] = "income-tax", "$.subject", "object" },
        { "motive missing", b => b["subject"]!.AsObject().Remove("motive"), "$.subject.motive", "required" },
        { "motive with capitals", b => b["subject"]!["motive"] = "Income-Tax", "$.subject.motive", "lowercase dotted" },
        { "motive with spaces", b => b["subject"]!["motive"] = "income tax", "$.subject.motive", "lowercase dotted" },
        { "motive too long", b => b["subject"]!["motive"] = new string('a', 101), "$.subject.motive", "1 to 100" },
        { "caseRef too long", b => b["subject"]!["caseRef"] = new string('c', 65), "$.subject.caseRef", "1 to 64" },
        { "outcome unknown", b => b["outcome"] = "solved", "$.outcome", "'resolved'" },
        { "outcome on a notification", b => { b["type"] = "notification"; }, "$.outcome", "only for a contact" },
        { "deadline on a resolution", b => { b["type"] = "resolution"; b.Remove("outcome"); }, "$.announcedDeadline", "contact or a notification" },
        { "deadline not a date", b => b["announcedDeadline"] = "soon", "$.announcedDeadline", "ISO-8601" },
        { "service too long", b => b["service"] = new string('s', 101), "$.service", "1 to 100" },
        { "agentId too long", b => b["agentId"] = new string('a', 65), "$.agentId", "1 to 64" },
        { "attributes an array", b => b["attributes"] = new JsonArray(1, 2), "$.attributes", "flat JSON object" },
        { "attributes nested", b => b["attributes"]!["caller"] = new JsonObject { ["name"] = "x" }, "$.attributes.caller", "flat" },
        { "attributes over 4 KB", b => b["attributes"]!["notes"] = new string('n', 4100), "$.attributes", "4096 bytes" },
        { "source in the body", b => b["source"] = "portal", "$.source", "API key" },
        { "unknown field", b => b["occuredAt"] = "2026-03-02T09:00:00Z", "$.occuredAt", "not a field" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Bad_input_is_refused_naming_the_field_and_why(string because, Action<JsonObject> breakIt, string path, string reason)
    {
        var body = Valid();
        breakIt(body);

        var result = Read(body);

        Assert.False(result.IsValid, because);
        Assert.Null(result.Interaction);
        var error = Assert.Single(result.Errors, e => e.Path == path);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_failing_field_is_named_at_once()
    {
        var body = new JsonObject { ["id"] = "", ["channel"] = "fax", ["identifiers"] = new JsonArray() };

        var paths = Read(body).Errors.Select(e => e.Path).ToHashSet();

        Assert.Superset(new HashSet<string> { "$.id", "$.channel", "$.type", "$.occurredAt", "$.identifiers" }, paths);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_body_that_is_not_an_object_is_refused(string json)
    {
        var result = _reader.Read(JsonDocument.Parse(json).RootElement, "cti");

        Assert.Equal("$", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void Paths_carry_the_batch_position()
    {
        var body = Valid();
        body.Remove("id");

        var result = _reader.Read(JsonSerializer.SerializeToElement(body), "cti", "$[7]");

        Assert.Equal("$[7].id", Assert.Single(result.Errors).Path);
    }

    /// <summary>
    /// Issue 16: text that is not valid Unicode, anywhere in the body (a value, a property name, inside
    /// attributes), is a 400 naming where, never an exception (it was a 500).
    /// </summary>
    [Theory]
    [InlineData("\"id\":\"x\\ud800\"", "$.id")]
    [InlineData("\"id\":\"\\udfff\"", "$.id")]
    [InlineData("\"service\":\"a\\ud800\\u0041\"", "$.service")]
    [InlineData("\"attributes\":{\"note\":\"\\ud83d\"}", "$.attributes.note")]
    [InlineData("\"attributes\":{\"n\\ud800\":1}", "$.attributes")]
    [InlineData("\"subject\":{\"motive\":\"a.b\",\"caseRef\":\"\\udc00x\"}", "$.subject.caseRef")]
    public void Text_with_an_escaped_lone_surrogate_is_refused_naming_where(string member, string path)
    {
        var json = "{\"channel\":\"phone\",\"type\":\"contact\"," + member + "}";

        var result = _reader.Read(JsonDocument.Parse(json).RootElement, "cti", "$");

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains("not valid Unicode", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_in_a_value_or_a_name_is_refused_naming_where()
    {
        byte[] Body(string before, byte[] bad, string after) => [.. System.Text.Encoding.UTF8.GetBytes(before), .. bad, .. System.Text.Encoding.UTF8.GetBytes(after)];

        var inValue = _reader.Read(JsonDocument.Parse(Body("{\"identifiers\":[{\"type\":\"email\",\"value\":\"a", [0xC3, 0x28], "@b.fr\"}]}")).RootElement, "cti", "$[3]");
        var inName = _reader.Read(JsonDocument.Parse(Body("{\"subject\":{\"mo", [0xFF], "tive\":\"a.b\"}}")).RootElement, "cti", "$");

        Assert.Equal("$[3].identifiers[0].value", Assert.Single(inValue.Errors).Path);
        Assert.Equal("$.subject", Assert.Single(inName.Errors).Path);
    }

    [Theory]
    [InlineData("id", "call\u200b-42")]
    [InlineData("agentId", "agent\u202e7")]
    [InlineData("service", "SIP\u0007")]
    public void Ids_and_names_with_control_or_format_characters_are_refused(string field, string raw)
    {
        var body = Valid();
        body[field] = System.Text.RegularExpressions.Regex.Unescape(raw);

        Assert.Contains(Read(body).Errors, e => e.Path == $"$.{field}" && e.Reason.Contains("format character", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("motive", "income-tax\u200b.correction")]
    [InlineData("caseRef", "DOS\u2066-1")]
    public void Motive_and_case_reference_with_control_or_format_characters_are_refused(string field, string raw)
    {
        var body = Valid();
        body["subject"]![field] = System.Text.RegularExpressions.Regex.Unescape(raw);

        Assert.Contains(Read(body).Errors, e => e.Path == $"$.subject.{field}");
    }
}
