using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Omnichannel.Hosting;
using Omnichannel.Ingestion;

namespace Omnichannel.Host;

/// <summary>
/// The one executable: every module in one process on the embedded default, or the modules named by
/// <c>--roles</c>, the same binary deployed once per role.
/// </summary>
public static class OmnichannelHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var roles = ParseRoles(builder.Configuration["Roles"]);

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks();
        builder.Services.AddOmnichannelBus(builder.Configuration);
        if (roles.HasFlag(Role.Ingestion))
        {
            builder.Services.AddIngestion(builder.Configuration);
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/api/reference", (IWebHostEnvironment environment) =>
            Results.File(environment.WebRootFileProvider.GetFileInfo("api-reference.html").CreateReadStream(), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        if (roles.HasFlag(Role.Ingestion))
        {
            app.MapIngestion();
        }

        return app;
    }

    /// <summary><c>ingestion,journey</c> -> the flags; empty means every role.</summary>
    public static Role ParseRoles(string? roles)
    {
        if (string.IsNullOrWhiteSpace(roles))
        {
            return Role.All;
        }

        var result = Role.None;
        foreach (var name in roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= Enum.TryParse<Role>(name, ignoreCase: true, out var role) && role != Role.None
                ? role
                : throw new ArgumentException($"Unknown role '{name}': use ingestion, journey, metrics, portal or all.", nameof(roles));
        }

        return result;
    }
}
