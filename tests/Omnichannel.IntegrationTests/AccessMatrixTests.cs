using System.Net;
using System.Text;
using Microsoft.Net.Http.Headers;
using Omnichannel.Hosting.Security;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Portal.Users;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>The embedded default with one API key per channel, believing forwarded headers from loopback (a gateway on this machine).</summary>
public sealed class MatrixHost : EmbeddedHost
{
    public static readonly string[] Channels = ["web", "phone", "email", "sms"];

    public static string KeyOf(string channel) => $"matrix-key-{channel}";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        // Past the indexes of appsettings.json's demo keys, whose channels would merge into these.
        foreach (var (channel, index) in Channels.Select((c, i) => (c, i + 10)))
        {
            settings[$"Ingestion:ApiKeys:{index}:Key"] = KeyOf(channel);
            settings[$"Ingestion:ApiKeys:{index}:Source"] = $"matrix-{channel}";
            settings[$"Ingestion:ApiKeys:{index}:Channels:0"] = channel;
        }

        settings["Security:ForwardedProxies:0"] = "127.0.0.1";
    }
}

/// <summary>
/// Issue 16: every endpoint and page, by who asks: nobody, each role, a session after its sign-out, each
/// channel's API key. One table; every answer also carries the security headers.
/// </summary>
public sealed class AccessMatrixTests(MatrixHost host) : IClassFixture<MatrixHost>
{
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Accepted = HttpStatusCode.Accepted;
    private const HttpStatusCode Found = HttpStatusCode.Redirect;
    private const HttpStatusCode Moved = HttpStatusCode.MovedPermanently;
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;
    private const HttpStatusCode BadRequest = HttpStatusCode.BadRequest;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Who asks, in the order of the table's columns.</summary>
    public static readonly string[] Callers = ["anonymous", "advisor", "manager", "admin", "referent", "dpo", "signed-out", "key-web", "key-phone", "key-email", "key-sms"];

    private static readonly string Phone = """{"id":"matrix-1","channel":"phone","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"phone","value":"0644444444"}],"subject":{"motive":"a.b"}}""";

    /// <summary>method, path, JSON body (or null), then the status for each caller of <see cref="Callers"/>.</summary>
    public static TheoryData<string, string, string?, HttpStatusCode[]> Matrix => new()
    {
        // Anonymous by design: health, sign-in, the API's documentation.
        { "GET", "/health/live", null, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok] },
        { "GET", "/health/ready", null, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok] },
        { "GET", "/connexion", null, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok] },
        { "GET", "/openapi/v1.json", null, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok] },
        { "GET", "/api/reference", null, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok] },
        { "GET", "/favicon.ico", null, [Moved, Moved, Moved, Moved, Moved, Moved, Moved, Moved, Moved, Moved, Moved] },
        { "GET", "/assets/favicon.svg", null, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok] },
        { "GET", "/assets/portal.css", null, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok] },

        // Pages: a browser without the right session goes to sign in, or to the refusal page.
        { "GET", "/", null, [Found, Found, Found, Found, Found, Found, Found, Found, Found, Found, Found] },
        { "GET", "/conseiller", null, [Found, Ok, Found, Found, Found, Found, Found, Found, Found, Found, Found] },
        { "GET", "/conseiller?personne=p-00000000000000000000000000000000&raison=callback", null, [Found, Ok, Found, Found, Found, Found, Found, Found, Found, Found, Found] },
        { "GET", "/conseiller/historique?personne=p-00000000000000000000000000000000&raison=callback", null, [Found, NotFound, Found, Found, Found, Found, Found, Found, Found, Found, Found] },
        { "GET", "/conseiller/echeances?service=SIP", null, [Found, Ok, Found, Found, Found, Found, Found, Found, Found, Found, Found] },
        { "GET", "/pilotage", null, [Found, Found, Ok, Found, Found, Found, Found, Found, Found, Found, Found] },
        { "GET", "/referent", null, [Found, Found, Found, Ok, Ok, Found, Found, Found, Found, Found, Found] },
        { "GET", "/dpo", null, [Found, Found, Found, Ok, Found, Ok, Found, Found, Found, Found, Found] },
        { "GET", "/dpo/export?personne=p-00000000000000000000000000000000", null, [Found, Found, Found, NotFound, Found, NotFound, Found, Found, Found, Found, Found] },
        { "GET", "/admin/journal", null, [Found, Found, Found, Ok, Found, Found, Found, Found, Found, Found, Found] },
        { "GET", "/acces-refuse", null, [Found, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Found, Found, Found, Found, Found] },
        { "GET", "/api/reference.js", null, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok] },

        // The roles' APIs: a status, never a sign-in page.
        { "POST", "/api/v1/people/lookup", """{"type":"phone","value":"0655555555"}""", [Unauthorized, NotFound, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/people/p-00000000000000000000000000000000/journey?reason=callback", null, [Unauthorized, NotFound, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/screen-pops", null, [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "POST", "/api/v1/screen-pops/matrix-call/identity-verified", "{}", [Unauthorized, NotFound, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/metrics/summary?from=2026-03-01&to=2026-03-31", null, [Unauthorized, Forbidden, Ok, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/metrics/timeseries?from=2026-03-01&to=2026-03-31", null, [Unauthorized, Forbidden, Ok, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/metrics/channel-switches?from=2026-03-01&to=2026-03-31", null, [Unauthorized, Forbidden, Ok, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/metrics/motives?from=2026-03-01&to=2026-03-31", null, [Unauthorized, Forbidden, Ok, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/metrics/services?from=2026-03-01&to=2026-03-31", null, [Unauthorized, Forbidden, Ok, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/metrics/due", null, [Unauthorized, Forbidden, Ok, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/identity/conflicts", null, [Unauthorized, Forbidden, Forbidden, Ok, Ok, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "POST", "/api/v1/identity/preview", """{"kind":"merge","personId":"p-00000000000000000000000000000000","otherPersonId":"p-00000000000000000000000000000001"}""", [Unauthorized, Forbidden, Forbidden, NotFound, NotFound, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "POST", "/api/v1/identity/decisions", """{"kind":"merge","personId":"p-00000000000000000000000000000000","otherPersonId":"p-00000000000000000000000000000001","reason":"matrix"}""", [Unauthorized, Forbidden, Forbidden, NotFound, NotFound, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "POST", "/api/v1/data-protection/lookup", """{"type":"phone","value":"0655555555"}""", [Unauthorized, Forbidden, Forbidden, NotFound, Forbidden, NotFound, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/data-protection/people/p-00000000000000000000000000000000/export", null, [Unauthorized, Forbidden, Forbidden, NotFound, Forbidden, NotFound, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "POST", "/api/v1/data-protection/erasures", """{"personId":"p-00000000000000000000000000000000","reason":"matrix","confirm":true}""", [Unauthorized, Forbidden, Forbidden, NotFound, Forbidden, NotFound, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/data-protection/erasures/matrix", null, [Unauthorized, Forbidden, Forbidden, Ok, Forbidden, Ok, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/data-protection/retention", null, [Unauthorized, Forbidden, Forbidden, Ok, Forbidden, Ok, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },
        { "GET", "/api/v1/audit", null, [Unauthorized, Forbidden, Forbidden, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized] },

        // Channel systems: their key, their channel; a session is no key.
        { "POST", "/api/v1/interactions", Phone, [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Forbidden, Accepted, Forbidden, Forbidden] },
        { "POST", "/api/v1/interactions/batch", $"[{Phone}]", [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, BadRequest, Accepted, BadRequest, BadRequest] },
        { "POST", "/api/v1/channels/cti/events", """{"callId":"matrix-call","event":"answered","at":"2026-03-02T09:00:00+01:00","caller":"0644444444","agentId":"agent-9"}""", [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Forbidden, Accepted, Forbidden, Forbidden] },
        { "POST", "/api/v1/channels/cti/events", """{"callId":"matrix-call-2","event":"offered","at":"2026-03-02T09:00:00+01:00","caller":"0644444444"}""", [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Forbidden, Ok, Forbidden, Forbidden] },
        { "POST", "/api/v1/channels/email/inbound", """{"messageId":"<matrix@x.fr>","from":"matrix@example.fr","to":"sip@impots.example","receivedAt":"2026-03-02T09:00:00+01:00"}""", [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Forbidden, Forbidden, Accepted, Forbidden] },
        { "POST", "/api/v1/channels/sms/inbound", """{"messageId":"matrix-sms","from":"+33644444444","to":"38800","receivedAt":"2026-03-02T09:00:00+01:00"}""", [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Forbidden, Forbidden, Forbidden, Accepted] },
        { "POST", "/api/v1/channels/portal/beacon", """{"eventId":"matrix-beacon","at":"2026-03-02T09:00:00+01:00","kind":"page-viewed","cookie":"matrix-cookie"}""", [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Accepted, Forbidden, Forbidden, Forbidden] },
    };

    private static readonly SemaphoreSlim SignedOutGate = new(1, 1);
    private static string? _signedOutCookie;

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_caller_reaches_exactly_what_its_role_or_key_allows(string method, string path, string? body, HttpStatusCode[] expected)
    {
        Assert.Equal(Callers.Length, expected.Length);
        var answered = new List<HttpStatusCode>();
        foreach (var caller in Callers)
        {
            var client = await ClientAsync(caller);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            if (caller.StartsWith("key-", StringComparison.Ordinal))
            {
                request.Headers.Add("X-Api-Key", MatrixHost.KeyOf(caller["key-".Length..]));
            }
            else if (caller == "signed-out")
            {
                request.Headers.Add("Cookie", await SignedOutCookieAsync());
            }

            // Server-sent events never end: the status and headers are enough.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
            answered.Add(response.StatusCode);
            AssertSecurityHeaders(response, path);
        }

        Assert.Equal(
            string.Join(", ", Callers.Zip(expected, (c, s) => $"{c}: {(int)s}")),
            string.Join(", ", Callers.Zip(answered, (c, s) => $"{c}: {(int)s}")));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string path)
    {
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : "";

        var policy = Header(HeaderNames.ContentSecurityPolicy);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotMatch("script-src[^;]*unsafe", policy);
        Assert.Equal("nosniff", Header(HeaderNames.XContentTypeOptions));
        Assert.Equal("DENY", Header(HeaderNames.XFrameOptions));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        if (!path.StartsWith("/assets/", StringComparison.Ordinal))
        {
            Assert.Contains("no-store", Header(HeaderNames.CacheControl), StringComparison.Ordinal);
        }
    }

    private async Task<HttpClient> ClientAsync(string caller) => caller switch
    {
        "advisor" => await host.SessionAsync(OmnichannelRoles.Advisor),
        "manager" => await host.SessionAsync(OmnichannelRoles.Manager),
        "admin" => await host.SessionAsync(OmnichannelRoles.Admin),
        "referent" => await host.SessionAsync(OmnichannelRoles.Referent),
        "dpo" => await host.SessionAsync(OmnichannelRoles.Dpo),
        _ => Anonymous,
    };

    private HttpClient Anonymous => _anonymous ??= new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Address };

    private HttpClient? _anonymous;

    /// <summary>The cookie of an advisor's session, kept from before its sign-out, as a thief who copied it would have it.</summary>
    private async Task<string> SignedOutCookieAsync()
    {
        await SignedOutGate.WaitAsync(Cancel);
        try
        {
            return _signedOutCookie ??= await SignInThenOutAsync(host, Cancel);
        }
        finally
        {
            SignedOutGate.Release();
        }
    }

    /// <returns>The session cookie as a <c>Cookie</c> header, taken before the sign-out.</returns>
    internal static async Task<string> SignInThenOutAsync(EmbeddedHost host, CancellationToken cancellationToken)
    {
        var cookies = new CookieContainer();
        using var client = await host.SignInAsync(OmnichannelRoles.Advisor, cancellationToken, cookies);
        var cookie = cookies.GetCookieHeader(host.Address);
        using (var before = await client.SendAsync(EmbeddedHost.Lookup("phone", "0655555555"), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        var page = await client.GetStringAsync("/conseiller", cancellationToken);
        var token = EmbeddedHost.AntiforgeryTokenOf(page);
        using var signOut = await client.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), cancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        return cookie;
    }


    /// <summary>Issue 16: behind a believed proxy on TLS, the session cookie is Secure; without it, or from a proxy nobody configured, it is not.</summary>
    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    [InlineData(null, false)]
    public async Task The_session_cookie_is_secure_when_the_believed_proxy_says_https(string? scheme, bool secure)
    {
        var setCookie = await SignInSetCookieAsync(host.Address, scheme, "203.0.113.50");

        Assert.Equal(secure, setCookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    internal static async Task<string> SignInSetCookieAsync(Uri address, string? forwardedScheme, string forwardedFor)
    {
        var (status, setCookies) = await PostSignInAsync(address, "conseiller", EmbeddedHost.Password("conseiller"), forwardedFor, forwardedScheme);
        Assert.Equal(HttpStatusCode.Redirect, status);
        return string.Join("\n", setCookies.Where(c => c.StartsWith("omnichannel.session=", StringComparison.Ordinal)));
    }

    /// <summary>The sign-in form posted as a browser behind a proxy would: its answer, and the cookies it set.</summary>
    internal static async Task<(HttpStatusCode Status, IReadOnlyList<string> SetCookies)> PostSignInAsync(Uri address, string name, string password, string forwardedFor, string? forwardedScheme = null)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
        var page = await client.GetStringAsync("/connexion", Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Identifiant"] = name,
                ["MotDePasse"] = password,
                ["__RequestVerificationToken"] = EmbeddedHost.AntiforgeryTokenOf(page),
            }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (forwardedScheme is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedScheme);
        }

        using var response = await client.SendAsync(request, Cancel);
        return (response.StatusCode, response.Headers.TryGetValues(HeaderNames.SetCookie, out var cookies) ? [.. cookies] : []);
    }
}

/// <summary>Issue 16: a host that believes no proxy ignores forwarded headers: nobody picks their scheme or address.</summary>
public sealed class UntrustedProxyTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    [Fact]
    public async Task Forwarded_headers_from_a_proxy_nobody_configured_are_ignored()
    {
        var setCookie = await AccessMatrixTests.SignInSetCookieAsync(host.Address, "https", "203.0.113.51");

        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// Issue 16: password spraying from one address meets a limit before any password is hashed, whatever the
/// names it tries; nobody elsewhere is locked out by it, nor by someone hammering their name.
/// </summary>
public sealed class SignInRateLimitTests(MatrixHost host) : IClassFixture<MatrixHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Many_names_from_one_address_are_refused_past_the_limit_and_other_addresses_still_sign_in()
    {
        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= SignInThrottle.AttemptsPerAddressPerMinute; attempt++)
        {
            answers.Add(await AttemptAsync("198.51.100.7", $"agent-{attempt}", "wrong-password"));
        }

        Assert.All(answers.Take(SignInThrottle.AttemptsPerAddressPerMinute), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
        Assert.Equal(HttpStatusCode.Redirect, await AttemptAsync("198.51.100.8", "conseiller", EmbeddedHost.Password("conseiller")));
    }

    [Fact]
    public async Task A_name_hammered_from_one_address_still_signs_in_from_another()
    {
        for (var attempt = 0; attempt < SignInThrottle.AttemptsPerMinute; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, await AttemptAsync("198.51.100.9", "pilote", "wrong-password"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync("198.51.100.9", "pilote", EmbeddedHost.Password("pilote")));
        Assert.Equal(HttpStatusCode.Redirect, await AttemptAsync("198.51.100.10", "pilote", EmbeddedHost.Password("pilote")));
    }

    private async Task<HttpStatusCode> AttemptAsync(string clientAddress, string name, string password) =>
        (await AccessMatrixTests.PostSignInAsync(host.Address, name, password, clientAddress)).Status;

}
