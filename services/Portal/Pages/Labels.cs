using System.Globalization;
using Omnichannel.Contracts;

namespace Omnichannel.Portal.Pages;

/// <summary>The French words and icons the pages show for the domain's values.</summary>
public static class Labels
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Channel(Channel channel) => Domain.ChannelLabels.French(channel);

    /// <summary>A Bootstrap Icons class per channel.</summary>
    public static string Icon(Channel channel) => channel switch
    {
        Contracts.Channel.Web => "bi-globe2",
        Contracts.Channel.Phone => "bi-telephone-fill",
        Contracts.Channel.Email => "bi-envelope-fill",
        Contracts.Channel.Sms => "bi-chat-dots-fill",
        Contracts.Channel.Chat => "bi-chat-left-text-fill",
        Contracts.Channel.Counter => "bi-shop",
        Contracts.Channel.Mail => "bi-mailbox2",
        _ => "bi-question-circle",
    };

    public static string Type(InteractionType type) => type switch
    {
        InteractionType.Contact => "Contact",
        InteractionType.Visit => "Visite",
        InteractionType.Notification => "Message de l'administration",
        InteractionType.Resolution => "Résolution",
        _ => type.ToString(),
    };

    public static string Outcome(Outcome outcome) => outcome switch
    {
        Contracts.Outcome.Resolved => "réglé",
        Contracts.Outcome.Unresolved => "non réglé",
        Contracts.Outcome.Transferred => "transféré",
        Contracts.Outcome.Abandoned => "abandonné (non décroché)",
        _ => outcome.ToString(),
    };

    public static string Fcr(FcrStatus status) => status switch
    {
        FcrStatus.Resolved => "Résolu au premier contact",
        FcrStatus.Failed => "Non résolu au premier contact",
        FcrStatus.Pending => "Résolution au premier contact : en attente",
        _ => status.ToString(),
    };

    public static string Deadline(DeadlineStatus status) => status switch
    {
        DeadlineStatus.Respected => "Délai tenu",
        DeadlineStatus.Missed => "Délai dépassé",
        DeadlineStatus.Pending => "Délai en cours",
        _ => status.ToString(),
    };

    public static string Acknowledgement(AcknowledgementStatus status) => status switch
    {
        AcknowledgementStatus.Acknowledged => "Accusé de réception envoyé",
        AcknowledgementStatus.NotAcknowledged => "Sans accusé de réception dans le délai",
        AcknowledgementStatus.Pending => "Accusé de réception attendu",
        _ => status.ToString(),
    };

    public static string Identifier(IdentifierType type) => type switch
    {
        IdentifierType.TaxId => "Numéro fiscal",
        IdentifierType.FranceConnect => "FranceConnect",
        IdentifierType.AccountId => "Compte du portail",
        IdentifierType.Phone => "Téléphone",
        IdentifierType.Email => "Courriel",
        IdentifierType.Cookie => "Navigateur (cookie)",
        _ => type.ToString(),
    };

    public static string Role(string role) => role switch
    {
        "advisor" => "Conseiller",
        "manager" => "Pilotage",
        "admin" => "Administration",
        "referent" => "Référent identité",
        "dpo" => "Délégué à la protection des données",
        _ => role,
    };
}
