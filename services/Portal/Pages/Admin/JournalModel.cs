using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Omnichannel.Hosting.Http;
using Omnichannel.Hosting.Security;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.Users;

namespace Omnichannel.Portal.Pages.Admin;

/// <summary>
/// The audit log for admins: who opened whose history, when and why; filterable by person, user and period
/// (days of the portal's time zone), a page of <see cref="PageSize"/> at a time, and exported whole as CSV.
/// </summary>
[Authorize(Policy = OmnichannelRoles.Admin)]
public sealed class JournalModel(IAuditLog audit, UserDirectory users, PortalClock clock) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The most rows one export holds: a longer period is exported in parts.</summary>
    public const int MaxExport = 100_000;

    [BindProperty(SupportsGet = true, Name = "personne")]
    public string? Personne { get; set; }

    [BindProperty(SupportsGet = true, Name = "agent")]
    public string? Agent { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")]
    public string? Du { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? Au { get; set; }

    /// <summary>The page number, as <c>numero</c>: Razor Pages keeps <c>page</c> for the page's own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "numero")]
    public int NumeroPage { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>Whether entries older than this page's remain.</summary>
    public bool Suivante { get; private set; }

    /// <summary>Why the filters cannot be applied, in French, field by field; empty when they can.</summary>
    public List<(string Champ, string Message)> Erreurs { get; } = [];

    public string Nom(string login) => users.DisplayName(login);

    /// <summary>The page's link with the same filters, at another page or as CSV.</summary>
    public string Lien(int? page = null, string? handler = null)
    {
        var query = new Dictionary<string, string?> { ["personne"] = Personne, ["agent"] = Agent, ["du"] = Du, ["au"] = Au };
        if (page is > 1)
        {
            query["numero"] = page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (handler is not null)
        {
            query["handler"] = handler;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/journal", query.Where(q => !string.IsNullOrWhiteSpace(q.Value)));
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Query() is not { } query)
        {
            return;
        }

        var read = await audit.ReadAsync(query with { Limit = PageSize + 1, Skip = (NumeroPage - 1) * PageSize }, cancellationToken);
        Suivante = read.Count > PageSize;
        Entries = [.. read.Take(PageSize)];
    }

    /// <summary>The filtered log as CSV for a French spreadsheet (';', UTF-8 with BOM), latest first.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (Query() is not { } query)
        {
            return Page();
        }

        var entries = await audit.ReadAsync(query with { Limit = MaxExport }, cancellationToken);
        var table = new CsvTable(CsvConvention.French).Header(
            ("at", "Quand"), ("name", "Qui"), ("user", "Identifiant de l'agent"), ("personId", "Usager consulté"), ("reason", "Pourquoi"), ("via", "Depuis"));
        foreach (var e in entries)
        {
            table.Row(clock.DateTime(e.At), Nom(e.User), e.User, e.PersonId, AccessReasons.Label(e.Reason), Via(e.Via));
        }

        return File(table.ToBytes(), CsvTable.ContentType, "journal-des-consultations.csv");
    }

    public static string Via(string via) => via switch { "page" => "recherche", "screen-pop" => "appel décroché", "api" => "API", _ => via };

    private AuditQuery? Query()
    {
        DateOnly? Day(string? text, string champ, string nom)
        {
            var (day, refused) = PeriodFields.Read(text, nom);
            if (refused is not null)
            {
                Erreurs.Add((champ, refused));
            }

            return day;
        }

        var from = Day(Du, "du", "de début");
        var to = Day(Au, "au", "de fin");
        if (from is { } f && to is { } t && PeriodFields.Inverted(f, t) is { } inverted)
        {
            Erreurs.Add(("au", inverted));
        }

        if (NumeroPage < 1 || (NumeroPage - 1) * PageSize > Http.AuditEndpoints.MaxOffset)
        {
            Erreurs.Add(("page", $"La page {NumeroPage} n'existe pas : les pages vont de 1 à {Http.AuditEndpoints.MaxOffset / PageSize + 1}. Réduisez la période pour remonter plus loin."));
        }

        if (Erreurs.Count > 0)
        {
            return null;
        }

        return new AuditQuery(Blank(Personne), Blank(Agent))
        {
            From = from is { } start ? clock.StartOf(start) : null,
            Before = to is { } end ? clock.StartOf(end.AddDays(1)) : null,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
