using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Hosting.Security;
using Omnichannel.Host;
using Omnichannel.Portal.Users;
using Xunit;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>The host on the embedded default (every role, in-memory bus, SQLite files of its own) on a free loopback port.</summary>
public partial class EmbeddedHost : IAsyncLifetime
{
    /// <summary>A channel system allowed on every channel.</summary>
    public const string Key = "embedded-key";

    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-embedded-").FullName;

    /// <summary>One user per role; the advisor answers calls as <c>agent-7</c>.</summary>
    public static IReadOnlyList<(string Name, string DisplayName, string Role, string? AgentId)> Users { get; } =
    [
        ("conseiller", "Camille Martin", OmnichannelRoles.Advisor, "agent-7"),
        ("pilote", "Sophie Bernard", OmnichannelRoles.Manager, null),
        ("admin", "Alex Durand", OmnichannelRoles.Admin, null),
        ("referent", "Dominique Leroy", OmnichannelRoles.Referent, null),
        ("dpo", "Claire Moreau", OmnichannelRoles.Dpo, null),
    ];

    public WebApplication App { get; private set; } = null!;

    /// <summary>The journey store's SQLite file.</summary>
    public string JourneyPath => Path.Combine(_folder, "journeys.db");

    public Uri Address => Http.BaseAddress!;

    public static string Password(string user) => $"test-{user}-password";

    /// <summary>The user of a role's name.</summary>
    public static string UserOf(string role) => Users.Single(u => u.Role == role).Name;

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Journey:SqlitePath"] = Path.Combine(_folder, "journeys.db"),
            ["Metrics:SqlitePath"] = Path.Combine(_folder, "metrics.db"),
            ["Portal:AuditSqlitePath"] = Path.Combine(_folder, "audit.db"),
            ["MessageLog:SqlitePath"] = Path.Combine(_folder, "messages.db"),
            ["Demo:OnFirstRun"] = "false",
            // Most tests count a handful of contacts and read them exactly; DataProtectionTests checks the product's threshold (5).
            ["Metrics:SmallCountThreshold"] = "1",
            ["Ingestion:ApiKeys:0:Key"] = Key,
            ["Ingestion:ApiKeys:0:Source"] = "backoffice",
        };
        foreach (var (channel, index) in new[] { "web", "phone", "email", "sms", "chat", "counter", "mail" }.Select((c, i) => (c, i)))
        {
            settings[$"Ingestion:ApiKeys:0:Channels:{index}"] = channel;
        }

        foreach (var (user, index) in Users.Select((u, i) => (u, i)))
        {
            settings[$"Portal:Users:{index}:Name"] = user.Name;
            settings[$"Portal:Users:{index}:DisplayName"] = user.DisplayName;
            settings[$"Portal:Users:{index}:Role"] = user.Role;
            settings[$"Portal:Users:{index}:PasswordHash"] = UserDirectory.Hash(Password(user.Name));
            settings[$"Portal:Users:{index}:AgentId"] = user.AgentId;
        }

        Configure(settings);
        App = OmnichannelHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            Configure(builder);
        });
        await App.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    /// <summary>A fixture's own services, before the modules'.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    /// <summary>A fixture's own settings, over the embedded default's.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values.Where(s => s.IsValueCreated))
        {
            (await session.Value).Dispose();
        }

        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _sessions = new(StringComparer.Ordinal);

    /// <summary>
    /// One signed-in client per role for the whole fixture (tests share it and do not dispose it): signing
    /// in for every test would meet the sign-in throttle, as a person signing in that often would.
    /// </summary>
    public Task<HttpClient> SessionAsync(string role) =>
        _sessions.GetOrAdd(role, r => new Lazy<Task<HttpClient>>(() => SignInAsync(r, CancellationToken.None))).Value;

    /// <summary>A client signed in through the sign-in page as the user of <paramref name="role"/>, its session in a cookie.</summary>
    /// <param name="role">The role whose user signs in.</param>
    /// <param name="cancellationToken">Cancels the sign-in.</param>
    /// <param name="cookies">Where the session's cookie goes (a new container by default).</param>
    public async Task<HttpClient> SignInAsync(string role, CancellationToken cancellationToken, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Address };
        var page = await client.GetStringAsync("/connexion", cancellationToken);
        var token = AntiforgeryTokenOf(page);
        var user = UserOf(role);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Identifiant"] = user,
            ["MotDePasse"] = Password(user),
            ["__RequestVerificationToken"] = token,
        });
        var response = await client.PostAsync("/connexion", form, cancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>The antiforgery token of a page's first form, to post it as a browser would.</summary>
    public static string AntiforgeryTokenOf(string page) => AntiforgeryToken().Match(page).Groups[1].Value;

    /// <summary>The advisors' lookup: the identifier in a JSON body, never in the URL.</summary>
    public static HttpRequestMessage Lookup(string type, string value) =>
        new(HttpMethod.Post, "/api/v1/people/lookup") { Content = JsonContent.Create(new { type, value }) };

    /// <summary>Posts a CTI call event as the phone platform does.</summary>
    public Task<HttpResponseMessage> PostCallEventAsync(object callEvent, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/channels/cti/events") { Content = JsonContent.Create(callEvent) };
        request.Headers.Add("X-Api-Key", Key);
        return Http.SendAsync(request, cancellationToken);
    }

    /// <summary>Posts canonical interactions one at a time, each accepted (202).</summary>
    public async Task PostAllAsync(IEnumerable<string> bodies, CancellationToken cancellationToken)
    {
        foreach (var body in bodies)
        {
            using var response = await PostAsync(body, cancellationToken);
            Xunit.Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    public Task<HttpResponseMessage> PostAsync(string json, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/interactions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", Key);
        return Http.SendAsync(request, cancellationToken);
    }

    /// <summary>Waits until <paramref name="probe"/> gives something (the bus and the stores work in the background).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException("Not there after 10 s.");
    }
}
