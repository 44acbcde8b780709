namespace Omnichannel.Portal.Users;

/// <summary>
/// One person who may sign in with the built-in scheme. The password is kept only as an ASP.NET Core
/// Identity hash (PBKDF2), made with <c>dotnet run --project services/Host -- hash-password</c>.
/// </summary>
public sealed class PortalUser
{
    public string Name { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary><c>advisor</c>, <c>manager</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    /// <summary>For an advisor: their id on the phone platform, so that the calls they answer pop on their screen.</summary>
    public string? AgentId { get; set; }

    /// <summary>For an advisor: the service they work for, whose promises falling due their work list shows first.</summary>
    public string? Service { get; set; }
}
