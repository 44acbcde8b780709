namespace Omnichannel.Journey;

/// <summary>Character rules shared by the canonical interaction's text fields.</summary>
public static class Text
{
    /// <summary>True when no character is a control character (tabs and new lines included).</summary>
    public static bool IsPrintable(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
