namespace Omnichannel.Ingestion.Publishing;

/// <summary>The backlog not yet consumed is past its configured bound: nothing more is accepted until it drains (503, Retry-After).</summary>
public sealed class BacklogFullException() : Exception("The backlog of accepted interactions not yet stitched is full.");
