using System.Text.Json;
using System.Text.RegularExpressions;
using Omnichannel.Testing;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// infra/compose.yaml cannot run here (no Docker engine): read it, and hold its settings to what the code
/// reads (every setting is in services/Host/appsettings.json) and to what each role needs.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Root = Repository.Root;
    private static readonly YamlMappingNode Services = Load();

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "infra", "compose.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    /// <summary>A mapping with its merge keys (<c>&lt;&lt;: *anchor</c>) resolved, as Compose reads it: its own keys win.</summary>
    private static Dictionary<string, YamlNode> Merged(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (mapping.Children.TryGetValue("<<", out var merge))
        {
            foreach (var source in merge is YamlSequenceNode many ? many.Children : [merge])
            {
                foreach (var (key, value) in Merged((YamlMappingNode)source))
                {
                    result[key] = value;
                }
            }
        }

        foreach (var (key, value) in mapping.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<"))
        {
            result[((YamlScalarNode)key).Value!] = value;
        }

        return result;
    }

    private static IEnumerable<(string Name, Dictionary<string, YamlNode> Service)> AllServices() =>
        Services.Children.Select(s => (((YamlScalarNode)s.Key).Value!, Merged((YamlMappingNode)s.Value)));

    /// <summary>The services that run the host image, with their environment (anchors merged).</summary>
    private static Dictionary<string, Dictionary<string, string>> Roles() =>
        AllServices()
            .Where(s => s.Service.ContainsKey("build"))
            .ToDictionary(s => s.Name, s => Merged((YamlMappingNode)s.Service["environment"]).ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal));

    /// <summary>Every configuration key of appsettings.json, array indices as <c>#</c>: <c>Ingestion:ApiKeys:#:Key</c>.</summary>
    private static HashSet<string> ConfigurationKeys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "services", "Host", "appsettings.json")));
        void Walk(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Walk(property.Value, path.Length == 0 ? property.Name : $"{path}:{property.Name}");
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item, $"{path}:#");
                    }

                    // An empty list of values (none by default) still names its items' key.
                    if (element.GetArrayLength() == 0)
                    {
                        keys.Add($"{path}:#");
                    }

                    break;
                default:
                    keys.Add(path);
                    break;
            }
        }

        Walk(document.RootElement, "");
        return keys;
    }

    [GeneratedRegex(@"__\d+(?=__|$)")]
    private static partial Regex Index();

    [Fact]
    public void Every_variable_the_compose_file_sets_is_a_setting_the_host_reads()
    {
        var known = ConfigurationKeys();
        var unknown = Roles()
            .SelectMany(role => role.Value.Keys.Select(key => (Role: role.Key, Key: key, Path: Index().Replace(key, "__#").Replace("__", ":", StringComparison.Ordinal))))
            .Where(v => !known.Contains(v.Path) && !v.Path.StartsWith("Logging:", StringComparison.Ordinal))
            .Select(v => $"{v.Role}: {v.Key}")
            .ToList();

        Assert.True(unknown.Count == 0, "Not read by the host: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Each_role_has_its_role_the_broker_and_the_stores_it_needs()
    {
        var roles = Roles();

        Assert.Equal(["ingestion", "journey", "metrics", "portal"], roles.Keys.Order(StringComparer.Ordinal));
        foreach (var (service, environment) in roles)
        {
            Assert.Equal(service, environment["Roles"]);
            Assert.Equal("RabbitMq", environment["Bus__Transport"]);
            Assert.Equal("rabbitmq", environment["RabbitMq__Host"]);
        }

        // Issue 18: every store on MongoDB (the journeys, the audit log and the roll-ups follow Journey__Store),
        // no SQLite file on any role, and the roles that write run two replicas.
        foreach (var stored in new[] { "journey", "portal", "metrics" })
        {
            Assert.Equal("MongoDb", roles[stored]["Journey__Store"]);
            Assert.Contains("replicaSet=rs0", roles[stored]["MongoDb__ConnectionString"], StringComparison.Ordinal);
            Assert.DoesNotContain(roles[stored], v => v.Key.EndsWith("SqlitePath", StringComparison.Ordinal) || (v.Key.EndsWith("__Store", StringComparison.Ordinal) && v.Value != "MongoDb"));
        }

        foreach (var replicated in new[] { "journey", "metrics" })
        {
            var deploy = (YamlMappingNode)AllServices().Single(s => s.Name == replicated).Service["deploy"];
            Assert.Equal("2", ((YamlScalarNode)deploy["replicas"]).Value);
        }

        // The journey classifies as it writes, the portal as it reads: the same windows.
        Assert.Equal(
            roles["journey"].Where(v => v.Key.StartsWith("Classification__", StringComparison.Ordinal)).OrderBy(v => v.Key, StringComparer.Ordinal),
            roles["portal"].Where(v => v.Key.StartsWith("Classification__", StringComparison.Ordinal)).OrderBy(v => v.Key, StringComparer.Ordinal));
        Assert.Contains(roles["portal"], v => v.Key.StartsWith("Classification__", StringComparison.Ordinal));

        // A session opened on the portal is read by the metrics API: one key ring.
        Assert.Equal(roles["portal"]["Security__KeysPath"], roles["metrics"]["Security__KeysPath"]);
        Assert.Contains(roles["portal"], v => v.Key.StartsWith("Portal__Users__", StringComparison.Ordinal) && v.Key.EndsWith("__PasswordHash", StringComparison.Ordinal));
        Assert.Contains(roles["ingestion"], v => v.Key.StartsWith("Ingestion__ApiKeys__", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_service_is_health_checked_and_waits_for_what_it_depends_on()
    {
        foreach (var (name, node) in AllServices())
        {
            if (name == "mongo-init")
            {
                continue;
            }

            Assert.True(node.ContainsKey("healthcheck"), $"{name} has no health check");
            if (node.TryGetValue("depends_on", out var dependsOn))
            {
                foreach (var (_, condition) in ((YamlMappingNode)dependsOn).Children)
                {
                    Assert.StartsWith("service_", ((YamlScalarNode)((YamlMappingNode)condition)["condition"]).Value, StringComparison.Ordinal);
                }
            }
        }

        var journey = Merged((YamlMappingNode)Services["journey"]);
        Assert.Contains("health", ((YamlSequenceNode)((YamlMappingNode)journey["healthcheck"])["test"]).Children.Select(c => ((YamlScalarNode)c).Value));
    }

    /// <summary>
    /// Issue 16: behind the gateway the services see the client's address (sign-in throttling) and scheme
    /// (Secure cookies), from the gateway's network only, and the gateway logs no query string or referrer.
    /// </summary>
    [Fact]
    public void The_gateway_forwards_the_client_and_scheme_to_services_that_believe_only_it_and_logs_no_query()
    {
        var nginx = File.ReadAllText(Path.Combine(Root, "infra", "nginx.conf"));
        var blocks = LocationBlock().Matches(nginx).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(blocks);
        // nginx: a location with a proxy_set_header of its own inherits none of the server's.
        var serverLevel = LocationBlock().Replace(nginx, "");
        foreach (var headers in blocks.Select(b => b.Contains("proxy_set_header", StringComparison.Ordinal) ? b : serverLevel))
        {
            Assert.Contains("proxy_set_header X-Forwarded-For $remote_addr;", headers, StringComparison.Ordinal);
            Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", headers, StringComparison.Ordinal);
        }

        var format = Assert.Single(LogFormat().Matches(nginx)).Groups[1].Value;
        foreach (var leak in new[] { "$request ", "$request\"", "$request_uri", "$args", "$query_string", "$http_referer" })
        {
            Assert.DoesNotContain(leak, format, StringComparison.Ordinal);
        }

        Assert.Matches(@"access_log \S+ omnichannel;", nginx);
        var yaml = File.ReadAllText(Path.Combine(Root, "infra", "compose.yaml"));
        var subnet = Regex.Match(yaml, @"subnet: (\S+)").Groups[1].Value;
        Assert.NotEmpty(subnet);
        foreach (var role in new[] { "portal", "metrics" })
        {
            var environment = (YamlMappingNode)AllServices().Single(s => s.Name == role).Service["environment"];
            Assert.Equal(subnet, ((YamlScalarNode)Merged(environment)["Security__ForwardedProxies__0"]).Value);
        }
    }

    [GeneratedRegex(@"location [^{]+\{([^}]*)\}")]
    private static partial Regex LocationBlock();

    [GeneratedRegex(@"log_format omnichannel '([^']*)'")]
    private static partial Regex LogFormat();
}
