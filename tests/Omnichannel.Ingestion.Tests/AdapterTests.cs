using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Omnichannel.Contracts;
using Omnichannel.Ingestion.Adapters;
using Omnichannel.Ingestion.Canonical;
using Omnichannel.Domain.Identity;
using Xunit;

namespace Omnichannel.Ingestion.Tests;

/// <summary>The per-channel adapters: native formats to canonical interactions, then the canonical rules.</summary>
public sealed class AdapterTests
{
    private static readonly AdapterOptions Options = new()
    {
        DefaultCallMotive = "general.question",
        Email = new MotiveRules
        {
            DefaultMotive = "general.question",
            Routes = { ["sip@impots.example"] = new MotiveRoute { DefaultMotive = "income-tax.question", Keywords = { ["correction"] = "income-tax.correction" } } },
        },
        Sms = new MotiveRules { Routes = { ["38800"] = new MotiveRoute { DefaultMotive = "refund.status", Keywords = { ["rendez-vous"] = "appointment.request" } } } },
    };

    private readonly InteractionReader _reader = new(new IdentifierNormalizer(), new FakeTimeProvider(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero)));

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private Interaction Canonical(AdapterResult mapped)
    {
        Assert.Empty(mapped.Errors);
        var read = _reader.Read(JsonSerializer.SerializeToElement(mapped.Canonical), "test");
        Assert.True(read.IsValid, string.Join("; ", read.Errors));
        return read.Interaction!;
    }

    private static string Call(string kind, string extra = "") =>
        $$"""{ "callId": "CALL-1", "event": "{{kind}}", "at": "2026-03-02T09:12:00+01:00", "caller": "06 12 34 56 78", "ivrTaxNumber": "1234567890123", "ivrChoice": "pas.rate", "agentId": "a7", "service": "SIP Paris 15", "durationSeconds": 312 {{extra}} }""";

    [Theory]
    [InlineData("ended", "", Outcome.Resolved)]
    [InlineData("ended", ", \"wrapUp\": \"unresolved\"", Outcome.Unresolved)]
    [InlineData("transferred", "", Outcome.Transferred)]
    [InlineData("abandoned", "", Outcome.Abandoned)]
    public void A_settled_call_is_one_phone_contact_with_its_outcome_from_how_it_ended(string kind, string extra, Outcome outcome)
    {
        var interaction = Canonical(new CallEventAdapter(Options).Map(Json(Call(kind, extra))));

        Assert.Equal("CALL-1", interaction.Id);
        Assert.Equal(Channel.Phone, interaction.Channel);
        Assert.Equal(InteractionType.Contact, interaction.Type);
        Assert.Equal(outcome, interaction.Outcome);
        Assert.Equal(["+33612345678", "1234567890123"], interaction.Identifiers.Select(i => i.Value));
        Assert.Equal("pas.rate", interaction.Subject!.Motive);
        Assert.Equal("a7", interaction.AgentId);
        Assert.Equal(312, interaction.Attributes!.Value.GetProperty("durationSeconds").GetInt32());
    }

    [Theory]
    [InlineData("offered")]
    [InlineData("answered")]
    public void A_call_in_progress_records_nothing_yet_but_is_checked_as_the_contact_it_will_make(string kind)
    {
        var mapped = new CallEventAdapter(Options).Map(Json(Call(kind)));

        Assert.Empty(mapped.Errors);
        Assert.Contains("in progress", mapped.NothingBecause, StringComparison.Ordinal);
        var interaction = Canonical(mapped);
        Assert.Equal(["+33612345678", "1234567890123"], interaction.Identifiers.Select(i => i.Value));
    }

    [Fact]
    public void An_answered_call_cues_the_screen_of_the_agent_who_took_it()
    {
        var mapped = new CallEventAdapter(Options).Map(Json(Call("answered")));

        Assert.True(mapped.CuesScreenPop);
        Assert.Equal("a7", Canonical(mapped).AgentId);
        Assert.False(new CallEventAdapter(Options).Map(Json(Call("offered"))).CuesScreenPop);
        Assert.False(new CallEventAdapter(Options).Map(Json(Call("answered").Replace("\"agentId\": \"a7\",", "", StringComparison.Ordinal))).CuesScreenPop);
    }

    /// <summary>Issue 16: a canonical rule broken by a native field is named by that field, not by the canonical path.</summary>
    [Theory]
    [InlineData("""{ "callId": "C-1", "event": "offered", "at": "x", "caller": "0612345678" }""", "$.at")]
    [InlineData("""{ "callId": "C-1", "event": "ended", "at": "2026-03-02T09:12:00+01:00", "caller": "+33 6 12" }""", "$.caller")]
    [InlineData("""{ "callId": "C-1", "event": "ended", "at": "2026-03-02T09:12:00+01:00", "caller": "0612345678", "ivrTaxNumber": "12" }""", "$.ivrTaxNumber")]
    [InlineData("""{ "callId": "C-1", "event": "ended", "at": "2026-03-02T09:12:00+01:00", "ivrTaxNumber": "12" }""", "$.ivrTaxNumber")]
    [InlineData("""{ "callId": "C\r\n1", "event": "answered", "at": "2026-03-02T09:12:00+01:00", "caller": "0612345678", "agentId": "a7" }""", "$.callId")]
    [InlineData("""{ "callId": "C-1", "event": "ended", "at": "2026-03-02T09:12:00+01:00", "caller": "0612345678", "ivrChoice": "Pas Bon" }""", "$.ivrChoice")]
    [InlineData("""{ "callId": "C-1", "event": "ended", "at": "2099-03-02T09:12:00+01:00", "caller": "0612345678" }""", "$.at")]
    public void A_canonical_error_of_a_call_event_names_the_native_field(string callEvent, string field)
    {
        var mapped = new CallEventAdapter(Options).Map(Json(callEvent));
        Assert.Empty(mapped.Errors);

        var read = _reader.Read(JsonSerializer.SerializeToElement(mapped.Canonical), "test");

        Assert.False(read.IsValid);
        Assert.Equal([field], mapped.InNativeTerms(read.Errors).Select(e => e.Path).Distinct());
    }

    [Theory]
    [InlineData("sms", """{ "messageId": "S-1", "from": "+33 6 12", "to": "38800", "receivedAt": "2026-03-02T18:02:00+01:00" }""", "$.from")]
    [InlineData("sms", """{ "messageId": "S-1", "from": "+33612345678", "to": "38800", "receivedAt": "2026-03-02" }""", "$.receivedAt")]
    [InlineData("sms", """{ "messageId": "S\u0000", "from": "+33612345678", "to": "38800", "receivedAt": "2026-03-02T18:02:00+01:00" }""", "$.messageId")]
    [InlineData("email", """{ "messageId": "<m@x.fr>", "from": "a@b.fr", "to": "sip@impots.example", "receivedAt": "soon" }""", "$.receivedAt")]
    [InlineData("email", """{ "messageId": "<m@x.fr>", "from": "zw\u200b@b.fr", "to": "sip@impots.example", "receivedAt": "2026-03-02T18:02:00+01:00" }""", "$.from")]
    [InlineData("portal", """{ "eventId": "e-1", "at": "2026-03-02T09:00:00+01:00", "kind": "page-viewed", "cookie": "c\u202e1" }""", "$.cookie")]
    [InlineData("portal", """{ "eventId": "e-1", "at": "2026-03-02T09:00:00", "kind": "page-viewed", "cookie": "c1" }""", "$.at")]
    [InlineData("portal", """{ "eventId": "e-1", "at": "2026-03-02T09:00:00+01:00", "kind": "form-submitted", "accountId": "q1", "procedure": "Not A Code" }""", "$.procedure")]
    public void A_canonical_error_of_a_message_or_beacon_names_the_native_field(string adapter, string native, string field)
    {
        var mapped = adapter switch
        {
            "sms" => new SmsAdapter(Options).Map(Json(native)),
            "email" => new InboundEmailAdapter(Options).Map(Json(native)),
            _ => new PortalBeaconAdapter().Map(Json(native)),
        };
        Assert.Empty(mapped.Errors);

        var read = _reader.Read(JsonSerializer.SerializeToElement(mapped.Canonical), "test");

        Assert.False(read.IsValid);
        Assert.Equal([field], mapped.InNativeTerms(read.Errors).Select(e => e.Path).Distinct());
    }

    [Fact]
    public void A_call_event_without_what_it_needs_names_the_native_fields()
    {
        var mapped = new CallEventAdapter(Options).Map(Json("""{ "event": "hung-up", "at": "2026-03-02T09:12:00+01:00" }"""));

        Assert.Equal(["$.callId", "$.caller", "$.event"], mapped.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Correction de ma déclaration", "income-tax.correction")]
    [InlineData("Question", "income-tax.question")]
    public void An_inbound_email_is_an_email_contact_of_its_sender_with_a_motive_from_the_mailbox(string subject, string motive)
    {
        var email = $$"""{ "messageId": "<m-1@mail.example.fr>", "from": "Brigitte Martin <Brigitte.Martin@Example.fr>", "to": "SIP <sip@impots.example>", "subject": "{{subject}}", "receivedAt": "2026-03-02T10:31:00+01:00" }""";

        var interaction = Canonical(new InboundEmailAdapter(Options).Map(Json(email)));

        Assert.Equal("m-1@mail.example.fr", interaction.Id);
        Assert.Equal(Channel.Email, interaction.Channel);
        Assert.Equal("brigitte.martin@example.fr", Assert.Single(interaction.Identifiers).Value);
        Assert.Equal(motive, interaction.Subject!.Motive);
    }

    [Fact]
    public void An_email_to_an_unknown_mailbox_gets_the_default_motive_and_a_bad_sender_is_refused()
    {
        var unknown = """{ "messageId": "m-2", "from": "a@b.fr", "to": "other@impots.example", "receivedAt": "2026-03-02T10:31:00+01:00" }""";
        var bad = """{ "messageId": "m-3", "from": "not an address", "to": "sip@impots.example", "receivedAt": "2026-03-02T10:31:00+01:00" }""";

        Assert.Equal("general.question", Canonical(new InboundEmailAdapter(Options).Map(Json(unknown))).Subject!.Motive);
        Assert.Equal("$.from", Assert.Single(new InboundEmailAdapter(Options).Map(Json(bad)).Errors).Path);
    }

    [Theory]
    [InlineData("Je voudrais un rendez-vous", "appointment.request")]
    [InlineData("Où en est mon dossier ?", "refund.status")]
    public void An_inbound_sms_is_an_sms_contact_of_its_sender(string text, string motive)
    {
        var sms = $$"""{ "messageId": "SM-1", "from": "06 12 34 56 78", "to": "38800", "text": "{{text}}", "receivedAt": "2026-03-02T18:02:00+01:00" }""";

        var interaction = Canonical(new SmsAdapter(Options).Map(Json(sms)));

        Assert.Equal(Channel.Sms, interaction.Channel);
        Assert.Equal("+33612345678", Assert.Single(interaction.Identifiers).Value);
        Assert.Equal(motive, interaction.Subject!.Motive);
    }

    [Fact]
    public void A_submitted_portal_form_is_a_web_contact_and_a_viewed_page_a_visit()
    {
        var form = """{ "eventId": "e1", "at": "2026-03-02T09:00:00+01:00", "kind": "form-submitted", "accountId": "q1", "franceConnectSub": "fc-1", "cookie": "c1", "procedure": "income-tax.correction", "step": "confirmation" }""";
        var page = """{ "eventId": "e2", "at": "2026-03-02T08:55:00+01:00", "kind": "page-viewed", "cookie": "c1" }""";

        var contact = Canonical(new PortalBeaconAdapter().Map(Json(form)));
        var visit = Canonical(new PortalBeaconAdapter().Map(Json(page)));

        Assert.Equal((Channel.Web, InteractionType.Contact, "income-tax.correction"), (contact.Channel, contact.Type, contact.Subject!.Motive));
        Assert.Equal([IdentifierType.AccountId, IdentifierType.FranceConnect, IdentifierType.Cookie], contact.Identifiers.Select(i => i.Type));
        Assert.Equal(InteractionType.Visit, visit.Type);
    }

    [Fact]
    public void A_beacon_without_identifier_or_a_form_without_procedure_is_refused()
    {
        var anonymous = """{ "eventId": "e3", "at": "2026-03-02T09:00:00+01:00", "kind": "form-submitted" }""";

        var paths = new PortalBeaconAdapter().Map(Json(anonymous)).Errors.Select(e => e.Path).Order();

        Assert.Equal(["$", "$.procedure"], paths);
    }
}
