using System.ComponentModel;

namespace Omnichannel.Ingestion.Adapters;

// Documentation only: the adapters read these bodies themselves, naming every failing field.

[Description("A CTI call event from a phone platform. Every event is checked as the contact its call makes.")]
public sealed class CallEventBody
{
    [Description("The platform's call id: the contact's id (1-128 printable characters).")]
    public required string CallId { get; init; }

    [Description("offered, answered, transferred, ended or abandoned.")]
    public required string Event { get; init; }

    [Description("When it happened: ISO-8601 with offset.")]
    public required DateTimeOffset At { get; init; }

    [Description("The caller's number, as the platform gives it. Required without ivrTaxNumber.")]
    public string? Caller { get; init; }

    [Description("The number called.")]
    public string? Called { get; init; }

    [Description("The administrative unit.")]
    public string? Service { get; init; }

    [Description("The 13-digit tax number the caller typed in the IVR, if any. Declared (a claim, never a link) unless ivrAuthenticated.")]
    public string? IvrTaxNumber { get; init; }

    [Description("True when the IVR checked the caller's PIN against ivrTaxNumber: the tax number is then verified and links the call to its taxpayer.")]
    public bool? IvrAuthenticated { get; init; }

    [Description("True when the network vouches for the calling line: the caller's number is then verified. Declared by default (a number can be spoofed).")]
    public bool? CallerVerified { get; init; }

    [Description("The IVR choice: the motive, a lowercase dotted code (the configured default otherwise).")]
    public string? IvrChoice { get; init; }

    [Description("The advisor who took the call; with 'answered', their open page shows the caller's history.")]
    public string? AgentId { get; init; }

    [Description("The advisor's wrap-up code on 'ended': resolved (default), unresolved or transferred.")]
    public string? WrapUp { get; init; }

    [Description("How long the call lasted.")]
    public int? DurationSeconds { get; init; }
}

[Description("An inbound email from the email gateway.")]
public sealed class InboundEmailBody
{
    [Description("The Message-ID: the contact's id.")]
    public required string MessageId { get; init; }

    [Description("The sender, optionally with a display name: Name <address>.")]
    public required string From { get; init; }

    [Description("The receiving mailbox: it picks the motive rules.")]
    public required string To { get; init; }

    [Description("The subject line: its keywords may pick the motive.")]
    public string? Subject { get; init; }

    [Description("The Message-ID it answers.")]
    public string? InReplyTo { get; init; }

    [Description("When it arrived: ISO-8601 with offset.")]
    public required DateTimeOffset ReceivedAt { get; init; }
}

[Description("An inbound SMS from the SMS gateway.")]
public sealed class InboundSmsBody
{
    [Description("The gateway's message id: the contact's id.")]
    public required string MessageId { get; init; }

    [Description("The sender's number.")]
    public required string From { get; init; }

    [Description("The short number it was sent to: it picks the motive rules.")]
    public required string To { get; init; }

    [Description("The message: its keywords may pick the motive. Not stored (only its length).")]
    public string? Text { get; init; }

    [Description("When it arrived: ISO-8601 with offset.")]
    public required DateTimeOffset ReceivedAt { get; init; }
}

[Description("A beacon of the tax portal: a submitted form is a contact about its procedure, a viewed page a visit.")]
public sealed class PortalBeaconBody
{
    [Description("The beacon's id: the interaction's id.")]
    public required string EventId { get; init; }

    [Description("When it happened: ISO-8601 with offset.")]
    public required DateTimeOffset At { get; init; }

    [Description("form-submitted or page-viewed.")]
    public required string Kind { get; init; }

    [Description("The portal account. At least one of accountId, franceConnectSub, cookie.")]
    public string? AccountId { get; init; }

    [Description("The FranceConnect subject.")]
    public string? FranceConnectSub { get; init; }

    [Description("The anonymous cookie.")]
    public string? Cookie { get; init; }

    [Description("The procedure, a lowercase dotted code: the contact's motive; required for a submitted form.")]
    public string? Procedure { get; init; }

    [Description("The step of the procedure.")]
    public string? Step { get; init; }
}
