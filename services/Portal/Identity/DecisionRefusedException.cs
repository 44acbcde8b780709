namespace Omnichannel.Portal.Identity;

/// <summary>
/// A decision that cannot apply to the people as they are: its message in English for the API's developers,
/// <see cref="French"/> for the referent's page.
/// </summary>
public sealed class DecisionRefusedException : ArgumentException
{
    public DecisionRefusedException(string message, string french)
        : base(message) => French = french;

    public DecisionRefusedException()
    {
        French = "";
    }

    public DecisionRefusedException(string message)
        : base(message) => French = message;

    public DecisionRefusedException(string message, Exception innerException)
        : base(message, innerException) => French = message;

    public string French { get; }
}
