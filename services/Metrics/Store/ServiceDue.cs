namespace Omnichannel.Metrics.Store;

/// <summary>
/// A service's promises about to fall due: acknowledgements still owed and announced deadlines still unmet
/// whose instant is in the window asked ("" for the interactions that named no service).
/// </summary>
public sealed record ServiceDue(string Service, int AcknowledgementsDue, int DeadlinesAtRisk);
