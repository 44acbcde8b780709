using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Omnichannel.Contracts;
using Omnichannel.Domain.Identity;
using Omnichannel.Ingestion.Adapters;
using Omnichannel.Ingestion.Canonical;
using Xunit;

namespace Omnichannel.Ingestion.Tests;

/// <summary>docs/domain.md §2, who vouches for an identifier: the canonical field, declared-only keys, the adapters' defaults.</summary>
public sealed class AssuranceReadingTests
{
    private readonly InteractionReader _reader = new(new IdentifierNormalizer(), new FakeTimeProvider(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero)));

    private static JsonObject WithIdentifiers(params JsonObject[] identifiers)
    {
        var body = InteractionReaderTests.Valid();
        body["identifiers"] = new JsonArray(identifiers);
        return body;
    }

    private ReadResult Read(JsonNode body, bool declaredOnly = false) =>
        _reader.Read(JsonSerializer.SerializeToElement(body), "cti", declaredOnly: declaredOnly);

    [Fact]
    public void Absent_assurance_means_verified_and_declared_is_read_per_identifier()
    {
        var read = Read(WithIdentifiers(
            new JsonObject { ["type"] = "phone", ["value"] = "06 12 34 56 78", ["assurance"] = "declared" },
            new JsonObject { ["type"] = "taxId", ["value"] = "1234567890123" }));

        Assert.True(read.IsValid, string.Join("; ", read.Errors));
        Assert.Equal([IdentifierAssurance.Declared, IdentifierAssurance.Verified], read.Interaction!.Identifiers.Select(i => i.Assurance));
    }

    [Theory]
    [InlineData("\"trusted\"")]
    [InlineData("1")]
    [InlineData("true")]
    public void An_unknown_assurance_is_refused_naming_the_identifier(string value)
    {
        var body = WithIdentifiers(new JsonObject { ["type"] = "phone", ["value"] = "06 12 34 56 78", ["assurance"] = JsonNode.Parse(value) });

        var read = Read(body);

        var error = Assert.Single(read.Errors);
        Assert.Equal("$.identifiers[0].assurance", error.Path);
        Assert.Contains("verified", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_only_key_posts_declared_identifiers_and_may_not_vouch_for_one()
    {
        var unsaid = Read(WithIdentifiers(new JsonObject { ["type"] = "taxId", ["value"] = "1234567890123" }), declaredOnly: true);
        var vouched = Read(WithIdentifiers(
            new JsonObject { ["type"] = "phone", ["value"] = "06 12 34 56 78", ["assurance"] = "declared" },
            new JsonObject { ["type"] = "taxId", ["value"] = "1234567890123", ["assurance"] = "verified" }), declaredOnly: true);

        Assert.Equal(IdentifierAssurance.Declared, Assert.Single(unsaid.Interaction!.Identifiers).Assurance);
        var error = Assert.Single(vouched.Errors);
        Assert.Equal("$.identifiers[1].assurance", error.Path);
        Assert.Contains("declared identifiers only", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identifier_said_twice_once_verified_is_verified()
    {
        var read = Read(WithIdentifiers(
            new JsonObject { ["type"] = "phone", ["value"] = "06 12 34 56 78", ["assurance"] = "declared" },
            new JsonObject { ["type"] = "phone", ["value"] = "+33612345678" }));

        Assert.Equal(IdentifierAssurance.Verified, Assert.Single(read.Interaction!.Identifiers).Assurance);
    }

    private Interaction Mapped(AdapterResult mapped)
    {
        Assert.Empty(mapped.Errors);
        var read = _reader.Read(JsonSerializer.SerializeToElement(mapped.Canonical), "test");
        Assert.True(read.IsValid, string.Join("; ", read.Errors));
        return read.Interaction!;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static readonly AdapterOptions Options = new() { DefaultCallMotive = "general.question", Email = new MotiveRules { DefaultMotive = "general.question" }, Sms = new MotiveRules { DefaultMotive = "general.question" } };

    [Theory]
    [InlineData("", IdentifierAssurance.Declared, IdentifierAssurance.Declared)]
    [InlineData(", \"ivrAuthenticated\": false", IdentifierAssurance.Declared, IdentifierAssurance.Declared)]
    [InlineData(", \"ivrAuthenticated\": true", IdentifierAssurance.Declared, IdentifierAssurance.Verified)]
    [InlineData(", \"callerVerified\": true, \"ivrAuthenticated\": true", IdentifierAssurance.Verified, IdentifierAssurance.Verified)]
    public void A_call_declares_its_caller_and_typed_tax_number_unless_the_platform_authenticated_them(string flags, IdentifierAssurance caller, IdentifierAssurance taxNumber)
    {
        var call = Mapped(new CallEventAdapter(Options).Map(Json($$"""{ "callId": "C-1", "event": "ended", "at": "2026-03-02T09:12:00+01:00", "caller": "06 12 34 56 78", "ivrTaxNumber": "1234567890123" {{flags}} }""")));

        Assert.Equal(caller, call.Identifiers.Single(i => i.Type == IdentifierType.Phone).Assurance);
        Assert.Equal(taxNumber, call.Identifiers.Single(i => i.Type == IdentifierType.TaxId).Assurance);
    }

    [Fact]
    public void A_call_flag_that_is_not_a_boolean_is_refused_by_its_native_name()
    {
        var mapped = new CallEventAdapter(Options).Map(Json("""{ "callId": "C-1", "event": "ended", "at": "2026-03-02T09:12:00+01:00", "caller": "06 12 34 56 78", "ivrAuthenticated": "yes" }"""));

        Assert.Equal("$.ivrAuthenticated", Assert.Single(mapped.Errors).Path);
    }

    [Fact]
    public void Email_and_sms_senders_are_declared()
    {
        var email = Mapped(new InboundEmailAdapter(Options).Map(Json("""{ "messageId": "<m@x.fr>", "from": "B <b@example.fr>", "to": "sip@impots.example", "receivedAt": "2026-03-02T10:31:00+01:00" }""")));
        var sms = Mapped(new SmsAdapter(Options).Map(Json("""{ "messageId": "S-1", "from": "+33612345678", "to": "38800", "receivedAt": "2026-03-02T18:02:00+01:00" }""")));

        Assert.Equal(IdentifierAssurance.Declared, Assert.Single(email.Identifiers).Assurance);
        Assert.Equal(IdentifierAssurance.Declared, Assert.Single(sms.Identifiers).Assurance);
    }

    [Fact]
    public void The_beacon_vouches_for_the_signed_in_account_and_franceconnect_and_declares_the_cookie()
    {
        var beacon = Mapped(new PortalBeaconAdapter().Map(Json("""{ "eventId": "e-1", "at": "2026-03-02T09:00:00+01:00", "kind": "page-viewed", "accountId": "q1", "franceConnectSub": "fc-1", "cookie": "c1" }""")));

        Assert.Equal(
            [(IdentifierType.FranceConnect, IdentifierAssurance.Verified), (IdentifierType.AccountId, IdentifierAssurance.Verified), (IdentifierType.Cookie, IdentifierAssurance.Declared)],
            beacon.Identifiers.Select(i => (i.Type, i.Assurance)).OrderBy(p => p.Type));
    }
}
