namespace Omnichannel.Hosting.Security;

/// <summary>
/// The roles of the people who sign in. Each is also the name of the authorization policy that admits it:
/// advisors read people's histories, managers read aggregates only, admins read the audit log.
/// </summary>
public static class OmnichannelRoles
{
    public const string Advisor = "advisor";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Advisor, Manager, Admin];
}
