using Microsoft.Playwright;
using Xunit;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Microsoft.Playwright (its Node driver ships in the package; no browser is
/// downloaded). Without Chromium the browser tests skip with the reason, except under CI=true, where
/// starting fails. Screenshots go to <c>OMNICHANNEL_SCREENSHOTS</c> (scripts/test.sh puts them with the results).
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string DefaultPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string? Unavailable { get; private set; }

    public string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("OMNICHANNEL_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Directory.GetCurrentDirectory(), "screenshots");

    public async ValueTask InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("OMNICHANNEL_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            Unavailable = $"Chromium is not installed at {path} (scripts/test.sh installs Debian's chromium with apt-get).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"CI=true and {Unavailable}");
            }

            return;
        }

        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    public void SkipIfUnavailable() => Assert.SkipWhen(Unavailable is not null, Unavailable ?? string.Empty);

    /// <summary>
    /// A fresh browser context (its own cookies) at a desktop size, in French by default; with the cookies of a
    /// session saved before (<see cref="SignedIn"/>) when given.
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, string? storageState = null, string locale = "fr-FR")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = locale,
            TimezoneId = "Europe/Paris",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            StorageState = storageState,
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// The sessions signed in so far, by role: a test class reuses them rather than signing in again, which
    /// would meet the portal's limit of sign-ins per address and minute.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> SignedIn { get; } = new();

    /// <summary>
    /// Runs axe-core (Deque's engine, from npm at build time) on the page as it is, against the WCAG 2.1 A and
    /// AA rules the RGAA is built on, and fails on any serious or critical violation, naming each rule and the
    /// elements it found. Evaluated through the browser's debugging protocol, so the page's
    /// Content-Security-Policy is left as it is.
    /// </summary>
    public async Task AssertAccessibleAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.EvaluateAsync(Axe.Value);
        }

        var violations = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }))
                .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | ')}`)
            """);
        var found = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(found.Count == 0, $"{page.Url}: {found.Count} serious or critical accessibility violations:\n{string.Join('\n', found)}");
    }

    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
}
