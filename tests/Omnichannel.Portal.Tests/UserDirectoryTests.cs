using System.Security.Claims;
using Microsoft.Extensions.Options;
using Omnichannel.Portal.Users;
using Xunit;

namespace Omnichannel.Portal.Tests;

public sealed class UserDirectoryTests
{
    private static UserDirectory Directory(params PortalUser[] users) => new(Options.Create(new PortalOptions { Users = [.. users] }));

    private static PortalUser User(string name, string role, string password, string? agent = null) =>
        new() { Name = name, DisplayName = name.ToUpperInvariant(), Role = role, PasswordHash = UserDirectory.Hash(password), AgentId = agent };

    [Fact]
    public void The_right_password_signs_in_with_the_role_and_the_agent_id()
    {
        var principal = Directory(User("camille", "advisor", "s3cret", "agent-7")).SignIn(" Camille ", "s3cret");

        Assert.NotNull(principal);
        Assert.Equal("camille", principal.Identity!.Name);
        Assert.True(principal.IsInRole("advisor"));
        Assert.Equal("agent-7", principal.FindFirstValue(UserDirectory.AgentIdClaim));
        Assert.Equal("CAMILLE", principal.FindFirstValue(ClaimTypes.GivenName));
    }

    [Theory]
    [InlineData("camille", "S3cret")]
    [InlineData("camille", "")]
    [InlineData("nobody", "s3cret")]
    public void A_wrong_name_or_password_signs_nobody_in(string name, string password) =>
        Assert.Null(Directory(User("camille", "advisor", "s3cret")).SignIn(name, password));

    [Fact]
    public void A_hash_is_salted_and_never_the_password()
    {
        var first = UserDirectory.Hash("s3cret");

        Assert.NotEqual(first, UserDirectory.Hash("s3cret"));
        Assert.DoesNotContain("s3cret", first, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_who_could_never_sign_in_or_has_no_role_stops_the_start()
    {
        var result = new PortalOptionsValidator().Validate(null, new PortalOptions
        {
            Users = [new PortalUser { Name = "camille", Role = "supervisor" }, new PortalUser { Name = "", Role = "admin", PasswordHash = "x" }, new PortalUser { Name = "Camille", Role = "admin", PasswordHash = "x" }],
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Portal:Users:0:Role", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Portal:Users:0:PasswordHash", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Portal:Users:1:Name", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("given twice", StringComparison.Ordinal));
    }
}
