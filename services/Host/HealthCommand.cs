namespace Omnichannel.Host;

/// <summary>
/// <c>health http://127.0.0.1:8080/health/ready</c>: exits 0 when the host answers healthy. For container
/// health checks, since the runtime image has neither curl nor wget.
/// </summary>
public static class HealthCommand
{
    public static async Task<int> RunAsync(Uri url, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            await output.WriteLineAsync($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"unreachable: {e.Message}");
            return 1;
        }
    }
}
