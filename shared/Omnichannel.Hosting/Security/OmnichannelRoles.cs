namespace Omnichannel.Hosting.Security;

/// <summary>
/// The roles of the people who sign in. Each is also the name of the authorization policy that admits it:
/// advisors read people's histories, managers read aggregates only, admins read the audit log, identity
/// referents decide what stitching cannot (split a person, merge two). The <see cref="Referent"/> policy
/// admits admins too.
/// </summary>
public static class OmnichannelRoles
{
    public const string Advisor = "advisor";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public const string Referent = "referent";

    public static IReadOnlyList<string> All { get; } = [Advisor, Manager, Admin, Referent];
}
