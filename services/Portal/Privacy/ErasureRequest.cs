using System.ComponentModel;
using System.Text.Json;
using Omnichannel.Hosting.Http;

namespace Omnichannel.Portal.Privacy;

/// <summary>The body of an erasure request.</summary>
[Description("A data-protection officer's erasure of a person: the person, why (the reference of the citizen's request, without personal data), and the confirmation.")]
public sealed class ErasureRequest
{
    public const int MaxBytes = 4 * 1024;

    [Description("The person to erase (an opaque id, p-...); everyone merged into them is erased with them.")]
    public required string PersonId { get; init; }

    [Description("Why: the reference of the citizen's request (3 to 500 characters, no personal data); kept with the erasure.")]
    public required string Reason { get; init; }

    [Description("Must be true: the erasure cannot be undone.")]
    public required bool Confirm { get; init; }

    /// <summary>Reads a body; every refusal named by JSON path.</summary>
    public static ((string PersonId, string Reason)? Request, Dictionary<string, string[]> Errors) Read(JsonElement body)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string path, string reason) => (errors.TryGetValue(path, out var list) ? list : errors[path] = []).Add(reason);
        foreach (var (path, why) in JsonText.Find(body, "$"))
        {
            Fail(path, why);
        }

        if (errors.Count == 0 && body.ValueKind != JsonValueKind.Object)
        {
            Fail("$", "must be a JSON object { \"personId\", \"reason\", \"confirm\" }.");
        }

        if (errors.Count > 0)
        {
            return (null, Done(errors));
        }

        foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("personId" or "reason" or "confirm")))
        {
            Fail($"$.{property.Name}", "is not a field of an erasure request.");
        }

        string? Text(string name, int min, int max)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { } text
                || text.Trim().Length < min || text.Length > max || !Domain.Text.IsPrintable(text))
            {
                Fail($"$.{name}", $"is required: {min} to {max} printable characters.");
                return null;
            }

            return text.Trim();
        }

        var personId = Text("personId", 1, 64);
        var reason = Text("reason", 3, 500);
        if (!body.TryGetProperty("confirm", out var confirm) || confirm.ValueKind != JsonValueKind.True)
        {
            Fail("$.confirm", "must be true: an erasure cannot be undone.");
        }

        return errors.Count > 0 ? (null, Done(errors)) : ((personId!, reason!), []);
    }

    private static Dictionary<string, string[]> Done(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
