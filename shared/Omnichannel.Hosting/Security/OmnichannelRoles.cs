namespace Omnichannel.Hosting.Security;

/// <summary>
/// The roles of the people who sign in. Each is also the name of the authorization policy that admits it:
/// advisors read people's histories, managers read aggregates only, admins read the audit log, identity
/// referents decide what stitching cannot (split a person, merge two), the data-protection officer answers
/// citizens' requests (access, erasure). The <see cref="Referent"/> and <see cref="Dpo"/> policies admit admins too.
/// </summary>
public static class OmnichannelRoles
{
    public const string Advisor = "advisor";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public const string Referent = "referent";

    /// <summary>The data-protection officer: exports a person's data, erases a person, sees what retention did. The policy admits admins too.</summary>
    public const string Dpo = "dpo";

    public static IReadOnlyList<string> All { get; } = [Advisor, Manager, Admin, Referent, Dpo];
}
