using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Omnichannel.Host.Demo;
using Omnichannel.Hosting;
using Omnichannel.Hosting.Http;
using Omnichannel.Ingestion;
using Omnichannel.Journey;
using Omnichannel.Hosting.Security;
using Omnichannel.Hosting.Stores;
using Omnichannel.Hosting.Telemetry;
using Omnichannel.Metrics;
using Omnichannel.Portal;

namespace Omnichannel.Host;

/// <summary>
/// The one executable: every module in one process on the embedded default, or the modules named by
/// <c>--roles</c>, the same binary deployed once per role.
/// </summary>
public static class OmnichannelHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot(args) });
        configure?.Invoke(builder);
        var roles = ParseRoles(builder.Configuration["Roles"]);
        // ASP.NET Core's request lines carry the query string, and a lookup's query holds the identifier
        // an advisor searched for (a phone number, an email): never at a level that reaches the logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        builder.Services.AddProblemDetails();
        // A store or the bus unavailable: 503 with Retry-After, not 500 (an erasure, a referent's decision).
        builder.Services.AddExceptionHandler<OutageHandler>();
        // The HTTP APIs name enum values as DOMAIN.md does ("web", "phone"); the bus keeps their numbers.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi(openApi => openApi.AddOmnichannelSecurity());
        builder.Services.AddHealthChecks();
        builder.Services.AddOmnichannelAuthentication(builder.Configuration, signInPageHere: roles.HasFlag(Role.Portal));
        builder.Services.AddOmnichannelTelemetry(builder.Configuration, builder.Logging, roles.ToString().ToLowerInvariant());
        if (roles.HasFlag(Role.Journey))
        {
            // Before the bus: the store is ready before the first message is consumed.
            builder.Services.AddJourney(builder.Configuration);
        }

        if (roles.HasFlag(Role.Metrics))
        {
            builder.Services.AddMetrics(builder.Configuration);
        }

        if (roles.HasFlag(Role.Portal))
        {
            builder.Services.AddPortal(builder.Configuration);
        }

        builder.Services.AddOmnichannelBus(builder.Configuration, bus =>
        {
            if (roles.HasFlag(Role.Journey))
            {
                bus.AddJourneyConsumers();
            }

            if (roles.HasFlag(Role.Metrics))
            {
                bus.AddMetricsConsumers();
            }

            if (roles.HasFlag(Role.Portal))
            {
                bus.AddPortalConsumers();
            }
        });
        if (roles.HasFlag(Role.Ingestion))
        {
            builder.Services.AddIngestion(builder.Configuration);
        }

        AddDemo(builder, roles);
        var app = builder.Build();
        app.UseOmnichannelEdge();
        // Explicitly after the edge: a request it refuses never reaches routing (nor routing's logs).
        app.UseRouting();
        app.UseExceptionHandler();
        app.UseStatusCodePages(Omnichannel.Hosting.Http.StatusPages.WriteAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        if (roles.HasFlag(Role.Portal))
        {
            app.UsePortal();
        }

        // Channel developers read the API without an account: the document and its page hold no personal data.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        foreach (var (path, file, type) in new[]
        {
            ("/api/reference", "api-reference.html", "text/html; charset=utf-8"),
            ("/api/reference.js", "api-reference.js", "text/javascript; charset=utf-8"),
            ("/api/reference.css", "api-reference.css", "text/css; charset=utf-8"),
        })
        {
            app.MapGet(path, () => Results.Stream(typeof(OmnichannelHost).Assembly.GetManifestResourceStream("reference/" + file)!, type))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        if (roles.HasFlag(Role.Ingestion))
        {
            app.MapIngestion();
        }

        if (roles.HasFlag(Role.Metrics))
        {
            app.MapMetrics();
        }

        if (roles.HasFlag(Role.Portal))
        {
            app.MapPortal();
        }

        return app;
    }

    /// <summary>
    /// The demo month, posted through the ingestion API: on the embedded default's first run (no journey
    /// file yet), or whenever <c>Demo__Run</c> asks. Never on a distributed deployment by itself.
    /// </summary>
    private static void AddDemo(WebApplicationBuilder builder, Role roles)
    {
        var section = builder.Configuration.GetSection(DemoOptions.SectionName);
        builder.Services.AddOptions<DemoOptions>().Bind(section);
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<StartupBanner>(services, roles));
        var demo = section.Get<DemoOptions>() ?? new DemoOptions();
        var embedded = roles == Role.All
            && (builder.Configuration.GetSection(BusOptions.SectionName).Get<BusOptions>()?.Transport ?? BusTransport.InMemory) == BusTransport.InMemory
            && builder.Services.StoreKind(builder.Configuration) == StoreKind.Sqlite
            && (builder.Configuration.GetSection(JourneyOptions.SectionName).Get<JourneyOptions>() ?? new JourneyOptions()) is var journey
            && !File.Exists(journey.SqlitePath);
        if (demo.Run || (demo.OnFirstRun && embedded))
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }
    }

    /// <summary>
    /// Where the settings are: the current folder when it holds appsettings.json (<c>dotnet run</c>, the
    /// container), else the binary's own folder, so that the built host started from anywhere (the
    /// repository root, say) reads its settings instead of starting without API keys or users. An explicit
    /// <c>--contentRoot</c> wins. Relative data paths (<c>data/...</c>) stay under the current folder.
    /// </summary>
    private static string? ContentRoot(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
        || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))
            ? null
            : AppContext.BaseDirectory;

    /// <summary><c>ingestion,journey</c> -> the flags; empty or <c>all</c> means every available role.</summary>
    /// <exception cref="ArgumentException">A role that does not exist.</exception>
    public static Role ParseRoles(string? roles)
    {
        if (string.IsNullOrWhiteSpace(roles))
        {
            return Role.All;
        }

        var result = Role.None;
        foreach (var name in roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<Role>(name, ignoreCase: true, out var role) || role == Role.None)
            {
                throw new ArgumentException($"Unknown role '{name}': use ingestion, journey, metrics, portal or all.", nameof(roles));
            }

            result |= role;
        }

        return result;
    }
}
