using System.Globalization;
using System.Text;

namespace Omnichannel.Domain;

/// <summary>Character rules shared by the canonical interaction's text fields and identifiers.</summary>
public static class Text
{
    /// <summary>Why <see cref="IsPrintable"/> refused a text, for the field's error.</summary>
    public const string NotPrintableReason = "must contain printable characters only: no control character (Unicode Cc: tabs and new lines included) nor invisible format character (Cf: U+200B, U+202E...).";

    /// <summary>
    /// True when no character is a control character (Unicode Cc: tabs and new lines included) or an
    /// invisible format character (Cf: zero-width spaces and joiners, bidirectional overrides, the soft
    /// hyphen). Such a character makes two values that look the same compare different, or one that reads
    /// differently from what it holds.
    /// </summary>
    public static bool IsPrintable(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // By code point: tag characters (U+E0000...) are format characters beyond the 16-bit range.
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }
}
