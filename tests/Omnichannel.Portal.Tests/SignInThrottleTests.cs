using System.Net;
using Omnichannel.Portal.Users;
using Xunit;

namespace Omnichannel.Portal.Tests;

public sealed class SignInThrottleTests
{
    [Fact]
    public void One_name_from_one_address_gets_ten_attempts_a_minute_and_others_are_not_held_back()
    {
        using var throttle = new SignInThrottle();
        var office = IPAddress.Parse("10.1.2.3");

        for (var i = 0; i < SignInThrottle.AttemptsPerMinute; i++)
        {
            Assert.True(throttle.TryAttempt(office, "camille"));
        }

        Assert.False(throttle.TryAttempt(office, " CAMILLE "));
        Assert.True(throttle.TryAttempt(office, "lea"));
        Assert.True(throttle.TryAttempt(IPAddress.Parse("10.9.9.9"), "camille"));
    }
}
