using Microsoft.Extensions.Options;
using Omnichannel.Hosting.Security;

namespace Omnichannel.Portal;

/// <summary>Refuses at start a user who could never sign in, or who would sign in with no role.</summary>
public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                failures.Add($"Portal:Users:{i}:Name is required.");
            }

            if (!OmnichannelRoles.All.Contains(user.Role))
            {
                failures.Add($"Portal:Users:{i}:Role must be one of {string.Join(", ", OmnichannelRoles.All)}.");
            }

            if (string.IsNullOrWhiteSpace(user.PasswordHash))
            {
                failures.Add($"Portal:Users:{i}:PasswordHash is required (dotnet run --project services/Host -- hash-password).");
            }
        }

        foreach (var duplicate in options.Users.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"Portal:Users: '{duplicate.Key}' is given twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
