using Omnichannel.Contracts;

namespace Omnichannel.Domain.Identity;

/// <summary>
/// Which identifiers of an interaction place it among people (docs/domain.md §2, assurance): its verified
/// identifiers; without any, its channel address if the citizen declared it (the caller's number, the
/// sender of an email or SMS, the web cookie), which routes the interaction to that address's person and
/// links nothing else; without that either, none (the interaction starts a person of its own). Every other
/// declared identifier informs only: it is a claim when someone else holds it.
/// </summary>
public static class IdentityLinks
{
    /// <summary>The identifier type a channel observes of whoever reaches out, if it observes one.</summary>
    public static IdentifierType? AddressOf(Channel channel) => channel switch
    {
        Channel.Phone or Channel.Sms => IdentifierType.Phone,
        Channel.Email => IdentifierType.Email,
        Channel.Web or Channel.Chat => IdentifierType.Cookie,
        _ => null,
    };

    /// <summary>
    /// Keeps in <paramref name="identifiers"/> (distinct, in priority order) only those that link; the
    /// order of those kept is unchanged.
    /// </summary>
    public static void KeepLinking(List<Identifier> identifiers, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        if (identifiers.Exists(i => !i.IsDeclared))
        {
            identifiers.RemoveAll(i => i.IsDeclared);
            return;
        }

        var address = AddressOf(channel);
        var routing = identifiers.FindIndex(i => i.Type == address);
        if (routing < 0)
        {
            identifiers.Clear();
            return;
        }

        var kept = identifiers[routing];
        identifiers.Clear();
        identifiers.Add(kept);
    }

    /// <summary>The identifiers of an interaction that link, distinct, in priority order.</summary>
    public static List<Identifier> Linking(IReadOnlyList<Identifier> identifiers, Channel channel) => Partition(identifiers, channel).Linking;

    /// <summary>The declared identifiers of an interaction that do not link: what it claims, not where it goes.</summary>
    public static List<Identifier> Informing(IReadOnlyList<Identifier> identifiers, Channel channel) => Partition(identifiers, channel).Informing;

    /// <summary>Both at once, from one pass over the identifiers: those that link and the declared ones that only inform.</summary>
    public static (List<Identifier> Linking, List<Identifier> Informing) Partition(IReadOnlyList<Identifier> identifiers, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var distinct = Distinct(identifiers);
        var linking = new List<Identifier>(distinct);
        KeepLinking(linking, channel);
        return (linking, [.. distinct.Where(i => i.IsDeclared && !linking.Contains(i))]);
    }

    /// <summary>Without repeats (a verified mention wins over a declared one), by priority then value.</summary>
    public static List<Identifier> Distinct(IReadOnlyList<Identifier> identifiers)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var distinct = new List<Identifier>(identifiers.Count);
        foreach (var identifier in identifiers)
        {
            var at = distinct.IndexOf(identifier);
            if (at < 0)
            {
                distinct.Add(identifier);
            }
            else if (!identifier.IsDeclared)
            {
                distinct[at] = identifier;
            }
        }

        distinct.Sort(IdentifierRules.Order);
        return distinct;
    }
}
