namespace Omnichannel.Contracts;

/// <summary>How the HTTP APIs spell enumerated values: camelCase, as in DOMAIN §1 (<c>taxId</c>, <c>franceConnect</c>, <c>sms</c>).</summary>
public static class WireNames
{
    public static string Of<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
