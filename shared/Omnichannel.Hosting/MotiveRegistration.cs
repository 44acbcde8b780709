using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Omnichannel.Domain.Motives;

namespace Omnichannel.Hosting;

/// <summary>
/// The deployment's motive catalogue (the standard one with <see cref="MotivesOptions"/>), one per process: the
/// pages and the metrics' CSV read the same labels whichever roles a process runs.
/// </summary>
public static class MotiveRegistration
{
    public static IServiceCollection AddMotiveCatalogue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MotivesOptions>().Bind(configuration.GetSection(MotivesOptions.SectionName));
        services.TryAddSingleton(sp => MotiveCatalogue.Standard.With(sp.GetRequiredService<IOptions<MotivesOptions>>().Value.Catalogue
            .Where(m => !string.IsNullOrWhiteSpace(m.Code) && !string.IsNullOrWhiteSpace(m.Label))
            .Select(m => new Motive(m.Code.Trim(), m.Label.Trim(), string.IsNullOrWhiteSpace(m.Family) ? "Autres" : m.Family.Trim()))));
        return services;
    }
}
