using System.Reflection;
using Omnichannel.Hosting.Sqlite;
using Omnichannel.Journey.Store;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>Issue 17: walls that hold by type, not by habit. Each test fails when a module reaches past its edge.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Portal = typeof(Portal.PortalModule).Assembly;
    private static readonly Assembly Ingestion = typeof(Ingestion.IngestionModule).Assembly;

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every type a type's fields, properties, constructors and methods name (closures and state machines included).</summary>
    private static IEnumerable<Type> Uses(Type type) =>
        type.GetFields(Everything).Select(f => f.FieldType)
            .Concat(type.GetProperties(Everything).Select(p => p.PropertyType))
            .Concat(type.GetConstructors(Everything).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            .Concat(type.GetMethods(Everything).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .SelectMany(t => t.IsGenericType ? t.GetGenericArguments().Append(t) : [t]);

    [Fact]
    public void The_portal_sees_the_journey_store_through_the_reader_port_only()
    {
        var writers = new[] { typeof(IJourneyStore), typeof(SqliteJourneyStore), typeof(ResilientJourneyStore) };

        var offenders = Portal.GetTypes()
            .SelectMany(t => Uses(t).Where(writers.Contains).Select(used => $"{t.FullName} uses {used.Name}"))
            .Distinct()
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
        Assert.Contains(Portal.GetTypes(), t => Uses(t).Contains(typeof(IJourneyReader)));
    }

    [Fact]
    public void Ingestion_touches_no_store()
    {
        var drivers = Ingestion.GetReferencedAssemblies().Select(a => a.Name).Where(n => n is "Microsoft.Data.Sqlite" or "MongoDB.Driver" or "MongoDB.Bson").ToList();
        var storeTypes = Ingestion.GetTypes().SelectMany(t => Uses(t).Where(u => u.Namespace?.StartsWith("Omnichannel.Journey.Store", StringComparison.Ordinal) == true).Select(u => $"{t.FullName} uses {u.Name}")).Distinct().ToList();

        Assert.Empty(drivers);
        Assert.True(storeTypes.Count == 0, string.Join("\n", storeTypes));
    }

    [Fact]
    public void The_metrics_consumer_and_API_use_the_metrics_store_port()
    {
        var metrics = typeof(Metrics.MetricsModule).Assembly;

        var offenders = metrics.GetTypes()
            .Where(t => t != typeof(Metrics.Store.SqliteMetricsStore) && t.DeclaringType != typeof(Metrics.Store.SqliteMetricsStore))
            .SelectMany(t => Uses(t).Where(u => u == typeof(Metrics.Store.SqliteMetricsStore)).Select(_ => t.FullName))
            .Distinct()
            .ToList();

        Assert.True(offenders.Count == 0, "The concrete SQLite store is named by: " + string.Join(", ", offenders));
        Assert.Contains(metrics.GetTypes(), t => Uses(t).Contains(typeof(Metrics.Store.IMetricsStore)));
    }

    private static readonly Assembly Domain = typeof(Domain.Engine.JourneyEngine).Assembly;

    [Fact]
    public void The_domain_references_only_the_contracts_the_phone_library_and_its_hash()
    {
        var allowed = new[] { "Omnichannel.Contracts", "PhoneNumbers", "System.IO.Hashing" };

        var referenced = Domain.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => !(n.StartsWith("System", StringComparison.Ordinal) && n != "System.IO.Hashing") && n != "netstandard" && n != "mscorlib")
            .ToList();

        Assert.All(referenced, name => Assert.Contains(name, allowed));
        Assert.DoesNotContain(Domain.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.", StringComparison.Ordinal) || a.Name!.StartsWith("MassTransit", StringComparison.Ordinal) || a.Name!.StartsWith("MongoDB", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Ingestion")]
    [InlineData("Metrics")]
    public void Ingestion_and_metrics_do_not_reference_the_journey_service(string module)
    {
        var assembly = module == "Ingestion" ? Ingestion : typeof(Metrics.MetricsModule).Assembly;

        Assert.DoesNotContain(assembly.GetReferencedAssemblies(), a => a.Name == "Omnichannel.Journey");
        Assert.Contains(assembly.GetReferencedAssemblies(), a => a.Name == "Omnichannel.Domain");
    }

    /// <summary>
    /// Issue 17 point 5: SQL runs one way. Outside <c>Omnichannel.Hosting.Sqlite</c>, a store builds a
    /// statement with <see cref="SqliteFile.Command"/> or <see cref="PreparedStatement"/>, never through the
    /// connection itself; and every SQLite file's schema is a <see cref="SqliteSchema"/>.
    /// </summary>
    [Fact]
    public void Every_SQLite_store_runs_its_SQL_and_its_schema_through_the_hosting_machinery()
    {
        var sources = new[] { "services", "shared" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var machinery = Path.Combine(Repository.Root, "shared", "Omnichannel.Hosting", "Sqlite");

        var handBuilt = sources.Where(f => !f.StartsWith(machinery, StringComparison.Ordinal) && File.ReadAllText(f).Contains(".CreateCommand(", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repository.Root, f)).ToList();
        // A store holds its file as a field; the commands that open a file once (replay-errors) use the store's schema.
        var stores = sources.Where(f => File.ReadAllText(f).Contains("SqliteFile _file", StringComparison.Ordinal)).ToList();
        var withoutSchema = stores.Where(f => !File.ReadAllText(f).Contains("static readonly SqliteSchema Schema", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repository.Root, f)).ToList();

        Assert.True(handBuilt.Count == 0, "Statements built on the connection: " + string.Join(", ", handBuilt));
        Assert.True(stores.Count >= 5, $"Expected the five SQLite stores, found {stores.Count}");
        Assert.True(withoutSchema.Count == 0, "SQLite files without schema steps: " + string.Join(", ", withoutSchema));
    }
}
