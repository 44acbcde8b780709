using Omnichannel.Contracts;

namespace Omnichannel.Domain;

/// <summary>The French name of each channel: the one list the pages, the exports and the dashboards use.</summary>
public static class ChannelLabels
{
    public static string French(Channel channel) => channel switch
    {
        Channel.Web => "Portail",
        Channel.Phone => "Téléphone",
        Channel.Email => "Courriel",
        Channel.Sms => "SMS",
        Channel.Chat => "Messagerie",
        Channel.Counter => "Guichet",
        Channel.Mail => "Courrier",
        _ => channel.ToString(),
    };
}
