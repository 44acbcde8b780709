using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
namespace Omnichannel.Hosting.Http;

/// <summary>
/// The text of a parsed JSON value: every property name and string must be valid Unicode (UTF-8 on the
/// wire, no lone surrogate escaped as <c>\ud800</c>). The parser leaves that to whoever reads a string;
/// this finds each offender by its JSON path, before any reader meets it.
/// </summary>
public static class JsonText
{
    public const string InvalidReason = "is not valid Unicode text (invalid UTF-8, or an escaped lone surrogate).";
    public const string InvalidNameReason = "has a property name that is not valid Unicode text (invalid UTF-8, or an escaped lone surrogate).";

    /// <summary>Every property name or string under <paramref name="value"/> that is not valid text: its JSON path, and why.</summary>
    public static List<(string Path, string Reason)> Find(JsonElement value, string path)
    {
        var errors = new List<(string Path, string Reason)>();
        Walk(value, new Walker(path, errors));
        return errors;
    }

    /// <summary>
    /// The way down to the value in hand, kept as segments: a path is written out only for an error, so
    /// that a valid body (nearly all of them) costs no string per value.
    /// </summary>
    private readonly struct Walker(string root, List<(string Path, string Reason)> errors)
    {
        private readonly List<(JsonProperty? Property, int Index)> _segments = [];

        public void Push(JsonProperty property) => _segments.Add((property, -1));

        public void Push(int index) => _segments.Add((null, index));

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        public void Fail(string reason)
        {
            var path = new System.Text.StringBuilder(root);
            foreach (var (property, index) in _segments)
            {
                _ = property is { } named ? path.Append('.').Append(named.Name) : path.Append('[').Append(index).Append(']');
            }

            errors.Add((path.ToString(), reason));
        }
    }

    private static void Walk(JsonElement value, Walker walker)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (!IsValidString(value))
                {
                    walker.Fail(InvalidReason);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    walker.Push(index++);
                    Walk(item, walker);
                    walker.Pop();
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (!IsValidName(property))
                    {
                        // The name cannot be written out: the path stops at its object.
                        walker.Fail(InvalidNameReason);
                        continue;
                    }

                    walker.Push(property);
                    Walk(property.Value, walker);
                    walker.Pop();
                }

                break;
        }
    }

    private static bool IsValidString(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (!Utf8.IsValid(raw))
        {
            return false;
        }

        return raw.IndexOf((byte)'\\') < 0 || Decodes(() => value.GetString());
    }

    private static bool IsValidName(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (!Utf8.IsValid(raw))
        {
            return false;
        }

        return raw.IndexOf((byte)'\\') < 0 || Decodes(() => property.Name);
    }

    /// <summary>An escaped string: decoding it is the only way to find a lone surrogate.</summary>
    private static bool Decodes(Func<string?> read)
    {
        try
        {
            _ = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
